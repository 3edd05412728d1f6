"""Project wrappers: functions whose parameter flows into a send or consume API.

``def publish(channel, event): r.publish(channel, ...)`` is a wrapper: the
library call inside it has no known channel, but every call of ``publish`` does.
A thin function (a few statements) whose parameters reach the library call's
other arguments is one too (``def publish(method, body): channel.basic_publish(
exchange='', routing_key='main', body=json.dumps(body), ...)``): each of its calls
sends, on the wrapper's channel.
Such calls become sites of their own (``library: project``, ``via`` the chain of
wrappers down to the library call). A caller that passes its own parameter on is
a wrapper too; this repeats to a fixpoint, across modules.
"""
from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any, Iterable, Optional

from .model import FileFacts

_ROUNDS = 6
_HOPS = 8


def module_qual(module: str, local: str) -> str:
    return f"{module}.{local}" if module else local


def param_refs(value: Any, function: str) -> bool:
    """Does an IR (or a draft) mention a parameter of ``function``?"""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            if len(item) >= 3 and item[0] == "param" and item[2] == function:
                return True
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return False


def _substitute(value: Any, function: str, bound: dict[str, Any]) -> Any:
    if isinstance(value, list):
        if len(value) >= 3 and value[0] == "param" and value[2] == function:
            found = bound.get(value[1])
            if found is not None:
                return found
            return value[3] if len(value) > 3 and value[3] is not None else ["unknown"]
        return [_substitute(item, function, bound) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, function, bound) for key, item in value.items()}
    return value


def _bind(signature: Optional[dict[str, Any]], call: dict[str, Any]) -> tuple[dict[str, Any], Optional[str]]:
    """Argument IRs by parameter name, and the message class passed in (if any)."""
    bound: dict[str, Any] = {}
    message = None
    params = signature["params"] if signature else []
    index = 0
    for arg in call["args"]:
        message = message or arg.get("cls")
        if arg["star"]:
            index = len(params)  # *args: positions after it are unknown
            continue
        if arg["kw"] is not None:
            bound[arg["kw"]] = arg["ir"]
        elif index < len(params):
            bound[params[index]] = arg["ir"]
            index += 1
    return bound, message


def _informative(item: dict[str, Any]) -> bool:
    """Keep a wrapper call as a site only if it adds something: a channel part or a message."""
    stack = [item.get("channel_ir"), (item.get("amqp") or {}).get("key_ir")]
    while stack:
        value = stack.pop()
        if isinstance(value, list) and value:
            if value[0] in ("lit", "ref", "task", "env", "dict"):
                return True
            stack.extend(v for v in value if isinstance(v, list))
    return bool(item.get("message"))


def expand_wrappers(files: Iterable[FileFacts], drafts: list[tuple[FileFacts, dict[str, Any]]],
                    symbols: dict[str, Any]) -> list[tuple[FileFacts, dict[str, Any]]]:
    files = list(files)
    signatures: dict[str, dict[str, Any]] = {}
    for facts in files:
        signatures.update(facts.functions)
    templates: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for facts, item in drafts:
        function = module_qual(facts.module, item.get("function") or "<module>")
        constructor = function.rpartition(".")[0] + ".__init__"  # self.topic set from __init__(topic)
        if param_refs([item.get("channel_ir"), item.get("amqp")], function) or \
                param_refs([item.get("channel_ir"), item.get("amqp")], constructor) or item.get("thin_wrapper"):
            templates[function].append(item)
    if not templates:
        return []
    calls = [(facts, call) for facts in files for call in facts.calls]
    done: set[tuple] = set()
    found: list[tuple[FileFacts, dict[str, Any]]] = []
    for _ in range(_ROUNDS):
        grew = False
        for facts, call in calls:
            target, instance = _follow(call["callee"], templates, symbols)
            if target is None:
                continue
            caller = module_qual(facts.module, call["function"])
            bound, message = _bind(signatures.get(target), call)
            constructor = target.rpartition(".")[0] + ".__init__"
            instance = instance or _instance(call.get("recv_ir"), symbols)
            init_bound = {}
            if instance is not None:
                init_bound, _ = _bind(signatures.get(constructor),
                                      {"args": [{"kw": kw, "ir": ir, "star": ""} for kw, ir in instance[2]]})
            for template in list(templates[target]):
                key = (facts.path, call["line"], call["column"], id(template))
                if key in done:
                    continue
                done.add(key)
                item = copy.deepcopy(template)
                for function, values in ((target, bound), (constructor, init_bound)):
                    item["channel_ir"] = _substitute(item["channel_ir"], function, values)
                    if item.get("amqp"):
                        item["amqp"] = _substitute(item["amqp"], function, values)
                item.update({
                    "line": call["line"], "column": call["column"], "end_line": call["end_line"],
                    "function": call["function"], "library": "project", "api": f"{call['text']}()",
                    "via": [target] + list(template.get("via") or []) + [template["api"]]
                    if not template.get("via") else [target] + list(template["via"]),
                    "message": template.get("message") or message, "task_def": None,
                })
                if param_refs([item["channel_ir"], item.get("amqp")], caller):
                    if caller != target:  # the caller passes its own parameter on: its callers are sites
                        templates[caller].append(item)
                        grew = True
                elif _informative(item):
                    found.append((facts, item))
        if not grew:
            break
    return found


def _instance(ir: Any, symbols: dict[str, Any]) -> Optional[list]:
    """The ``["inst", class, args]`` an expression's value reaches, through references."""
    for _ in range(_HOPS):
        if not isinstance(ir, list) or not ir:
            return None
        if ir[0] == "inst":
            return ir
        if ir[0] != "ref":
            return None
        ir = symbols.get(ir[1])
    return None


def _follow(qualname: str, templates: dict[str, Any],
            symbols: dict[str, Any]) -> tuple[Optional[str], Optional[list]]:
    """The wrapper a callee name reaches (through re-exports, module aliases and module-level
    instances of project classes), with the instance when it is a method of one."""
    instance = None
    for _ in range(_HOPS):
        if qualname in templates:
            return qualname, instance
        alias = symbols.get(qualname)
        if isinstance(alias, list) and alias and alias[0] == "ref":
            qualname = alias[1]
            continue
        head, _, attr = qualname.rpartition(".")
        alias = symbols.get(head) if head else None
        if isinstance(alias, list) and alias and alias[0] == "ref":
            qualname = f"{alias[1]}.{attr}"
            continue
        if isinstance(alias, list) and alias and alias[0] == "inst":  # publisher = Publisher("orders")
            instance = alias
            qualname = f"{alias[1]}.{attr}"
            continue
        return None, None
    return None, None
