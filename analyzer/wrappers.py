"""Project wrappers: functions whose parameter flows into a send or consume API.

``def publish(channel, event): r.publish(channel, ...)`` is a wrapper: the library call inside it
has no known channel, but every call of ``publish`` does. A thin function (a few statements)
whose parameters reach the library call's other arguments is one too (``def publish(method, body):
channel.basic_publish(exchange='', routing_key='main', body=json.dumps(body), ...)``): each of its
calls sends, on the wrapper's channel. Such calls become sites of their own (``library: project``,
``via`` the chain of wrappers down to the library call). A caller that passes its own parameter on
is a wrapper too; this repeats to a fixpoint, across modules.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Iterable, Mapping, Optional

from .facts import CallArg, Draft, FileFacts, ProjectCall, Signature
from .values import UNKNOWN, EnvVar, Instance, Lit, Pairs, Param, Ref, TaskRef, Value, records, substitute

_ROUNDS = 6
_HOPS = 8
_INFORMATIVE = (Lit, Ref, TaskRef, EnvVar, Pairs)  # a channel part a wrapper call can add


def module_qual(module: str, local: str) -> str:
    return f"{module}.{local}" if module else local


def mentions_param(value: object, function: str) -> bool:
    """Does a value (or a draft's channel and route) mention a parameter of ``function``?"""
    return any(type(item) is Param and item.function == function for item in records(value))


def draft_mentions_param(item: Draft, function: str) -> bool:
    return mentions_param((item.channel, item.route), function)


def _fill(value: object, function: str, bound: Mapping[str, Value]) -> object:
    """``value`` with the parameters of ``function`` replaced by the values bound to them (else their
    default, else unknown)."""
    def fill(item: object) -> Optional[object]:
        if type(item) is Param and item.function == function:
            found = bound.get(item.name)
            if found is not None:
                return found
            return item.default if item.default is not None else UNKNOWN
        return None
    return substitute(value, fill)


def _bind(signature: Optional[Signature], args: Iterable[CallArg]) -> tuple[dict[str, Value], Optional[str]]:
    """Argument values by parameter name, and the message class passed in (if any)."""
    bound: dict[str, Value] = {}
    message = None
    params = signature.params if signature else ()
    index = 0
    for arg in args:
        message = message or arg.message
        if arg.star:
            index = len(params)  # *args: positions after it are unknown
            continue
        if arg.kw is not None:
            bound[arg.kw] = arg.value
        elif index < len(params):
            bound[params[index]] = arg.value
            index += 1
    return bound, message


def _informative(item: Draft) -> bool:
    """Keep a wrapper call as a site only if it adds something: a channel part or a message."""
    if any(type(value) in _INFORMATIVE for value in records((item.channel, item.route))):
        return True
    return bool(item.message)


def expand_wrappers(files: Iterable[FileFacts], drafts: list[tuple[FileFacts, Draft]],
                    symbols: Mapping[str, Value]) -> list[tuple[FileFacts, Draft]]:
    files = list(files)
    signatures: dict[str, Signature] = {}
    for facts in files:
        signatures.update(facts.functions)
    templates: dict[str, list[Draft]] = defaultdict(list)
    for facts, item in drafts:
        function = module_qual(facts.module, item.function or "<module>")
        constructor = function.rpartition(".")[0] + ".__init__"  # self.topic set from __init__(topic)
        if draft_mentions_param(item, function) or draft_mentions_param(item, constructor) or item.thin_wrapper:
            templates[function].append(item)
    if not templates:
        return []
    calls = [(facts, call) for facts in files for call in facts.calls]
    done: set[tuple] = set()
    found: list[tuple[FileFacts, Draft]] = []
    for _ in range(_ROUNDS):
        grew = False
        for facts, call in calls:
            target, instance = _follow(call.callee, templates, symbols)
            if target is None:
                continue
            caller = module_qual(facts.module, call.function)
            bound, message = _bind(signatures.get(target), call.args)
            constructor = target.rpartition(".")[0] + ".__init__"
            instance = instance or _instance(call.receiver, symbols)
            init_bound: dict[str, Value] = {}
            if instance is not None:
                init_bound, _ = _bind(signatures.get(constructor),
                                      [CallArg(kw, "", value, None) for kw, value in instance.args])
            for template in list(templates[target]):
                key = (facts.path, call.line, call.column, id(template))
                if key in done:
                    continue
                done.add(key)
                item = _called(template, call, target, (target, bound), (constructor, init_bound), message=message)
                if draft_mentions_param(item, caller):
                    if caller != target:  # the caller passes its own parameter on: its callers are sites
                        templates[caller].append(item)
                        grew = True
                elif _informative(item):
                    found.append((facts, item))
        if not grew:
            break
    return found


def _called(template: Draft, call: ProjectCall, target: str, *bindings: tuple[str, Mapping[str, Value]],
            message: Optional[str] = None) -> Draft:
    """The site a call of a wrapper makes: the wrapper's site with the call's arguments filled in."""
    channel, route = template.channel, template.route
    for function, values in bindings:
        channel = _fill(channel, function, values)
        if route is not None:
            route = _fill(route, function, values)
    via = (target,) + template.via + (template.api,) if not template.via else (target,) + template.via
    return replace(template, channel=channel, route=route, line=call.line, column=call.column,
                   end_line=call.end_line, function=call.function, library="project", api=f"{call.text}()",
                   via=via, message=template.message or message, task_def=None)


def _instance(value: Optional[Value], symbols: Mapping[str, Value]) -> Optional[Instance]:
    """The ``Instance`` an expression's value reaches, through references."""
    for _ in range(_HOPS):
        if type(value) is Instance:
            return value
        if type(value) is not Ref:
            return None
        value = symbols.get(value.name)
    return None


def _follow(qualname: str, templates: Mapping[str, list], symbols: Mapping[str, Value]
            ) -> tuple[Optional[str], Optional[Instance]]:
    """The wrapper a callee name reaches (through re-exports, module aliases and module-level
    instances of project classes), with the instance when it is a method of one."""
    instance = None
    for _ in range(_HOPS):
        if qualname in templates:
            return qualname, instance
        alias = symbols.get(qualname)
        if type(alias) is Ref:
            qualname = alias.name
            continue
        head, _, attr = qualname.rpartition(".")
        alias = symbols.get(head) if head else None
        if type(alias) is Ref:
            qualname = f"{alias.name}.{attr}"
            continue
        if type(alias) is Instance:  # publisher = Publisher("orders")
            instance = alias
            qualname = f"{alias.cls}.{attr}"
            continue
        return None, None
    return None, None
