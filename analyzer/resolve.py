"""Project-wide resolution: from per-file facts to finished sites.

Joins what single files cannot know alone: constants imported from other
modules, objects (clients, Celery apps) created in one module and used in
another, task names, exchange declarations, and each file's component.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from . import values as V
from .apis import REGISTRY, Tag, match_call, match_decorator
from .model import FileFacts, Site
from .wrappers import expand_wrappers

_ALIAS_HOPS = 8
DJANGO_SETTINGS = "django.conf.settings."


def is_settings_module(module: str) -> bool:
    return any("settings" in part for part in module.split("."))


def _settings_rank(module: str) -> tuple:
    """Look in ``settings`` first, then ``settings.base``/``common``, then the rest (prod, local, ...)."""
    last = module.rsplit(".", 1)[-1]
    order = 0 if last == "settings" else 1 if last in ("base", "common", "defaults", "settings_base") else 2
    return order, module


class Project:
    """The joined facts of every analysed file."""

    def __init__(self, facts: Iterable[FileFacts]) -> None:
        self.files = sorted(facts, key=lambda f: f.path)
        self.symbols: dict[str, V.IR] = {}
        self.tasks: dict[str, V.IR] = {}
        self.exports: dict[str, dict] = {}
        self.factory_names: dict[int, str] = {}  # id of a @factory export -> the function's qualname
        self.functions: dict[str, dict] = {}
        self.exchange_types: dict[str, str] = {}
        for facts in self.files:
            prefix = f"{facts.module}." if facts.module else ""
            for name, ir in facts.constants.items():
                self.symbols[prefix + name] = ir
            self.tasks.update(facts.tasks)
            for name, tag in facts.exports.items():
                if name != "__declarations__":
                    self.exports[prefix + name] = tag
                    if tag.get("kind") == "@factory":
                        self.factory_names[id(tag)] = prefix + name
            self.functions.update(facts.functions)
        self.settings_modules = sorted((f.module for f in self.files if is_settings_module(f.module)),
                                       key=_settings_rank)
        self.renderer = V.Renderer(self.symbols, self.tasks, fallback=self._settings_value)
        # (transport, source, target): an AMQP exchange and a queue bound to it, a Pub/Sub topic and a
        # subscription to it (create_subscription), ...
        self.bindings: set[tuple[str, str, str]] = set()
        for facts in self.files:
            for declaration in facts.exports.get("__declarations__", ()):
                name = self.renderer.render(declaration["name_ir"])
                if name is None:
                    continue
                if declaration["declare"] == "binding":
                    queue = self.renderer.render(declaration.get("queue_ir"))
                    transport = declaration.get("transport")
                    if queue is not None:
                        self.bindings.add((transport or "amqp", name, queue))
                elif declaration.get("exchange_type"):
                    self.exchange_types[name] = declaration["exchange_type"]

    def _settings_value(self, qualname: str) -> Optional[V.IR]:
        """``django.conf.settings.X``: X as the project's settings modules define it."""
        if not qualname.startswith(DJANGO_SETTINGS):
            return None
        name = qualname[len(DJANGO_SETTINGS):]
        for module in self.settings_modules:
            found = self.symbols.get(f"{module}.{name}")
            if found is not None and found != ["ref", qualname]:
                return found
        return None

    def export_tag(self, qualname: str, depth: int = 0) -> Optional[dict]:
        """The object a project name holds, following re-exports (``from .app import app``)."""
        found = self.export(qualname)
        if found is None or found["kind"] == "@factory":
            return None
        if found["kind"] == "@origin":
            return self.realize(found["origin"], None, depth + 1)
        if found["kind"] == "@decorated":
            return self._decorated_tag(found["decorator"], depth + 1)
        return found

    def export(self, qualname: str) -> Optional[dict]:
        """What extraction exported under a project name: an object's tag, an ``@origin`` (made from
        other modules' objects) or a ``@factory`` function, following re-exports."""
        for _ in range(_ALIAS_HOPS):
            tag = self.exports.get(qualname)
            if tag is not None:
                return tag
            alias = self.symbols.get(qualname)
            if alias and alias[0] == "ref":
                qualname = alias[1]
                continue
            head, _, attr = qualname.rpartition(".")
            alias = self.symbols.get(head) if head else None
            if alias and alias[0] == "ref" and attr:  # from pkg import module; module.producer
                qualname = f"{alias[1]}.{attr}"
                continue
            return None
        return None

    def _decorated_tag(self, info: dict, depth: int) -> Optional[dict]:
        """A function decorated by a method of an object another module makes (``@huey.task()`` with
        ``from .app import huey``): the tag the decorator gives it, once that object is known."""
        if depth > _REALIZE_DEPTH or not info.get("recv_qual"):
            return None
        recv = self.export_tag(info["recv_qual"], depth)
        if recv is None:
            return None
        tag = REGISTRY.decorated_tag(dict(info, recv=recv))
        return tag.to_json() if tag is not None else None

    # -- origins: objects made from other modules' objects and factory functions --------------------
    def realize(self, origin: Optional[dict], bound: Optional[dict] = None, depth: int = 0) -> Optional[dict]:
        """The tag of an object described by an origin (see ``Evaluator.origin_of``); ``bound`` holds the
        caller's arguments by parameter name when the origin is a factory function's template."""
        if not origin or depth > _REALIZE_DEPTH:
            return None
        root = origin["root"]
        tag: Optional[dict] = None
        qual: Optional[str] = None
        if "tag" in root:
            tag = root["tag"]
        elif "ref" in root:
            qual = root["ref"]
            tag = self.export_tag(qual, depth + 1)
        elif "ctor" in root:
            rule = REGISTRY.constructor_rule(root["ctor"])
            if rule is None:
                return None
            tag = rule(None, self._bind_info(root["info"], bound, depth)).to_json()
        for step in origin["steps"]:
            name = step.get("method") or step.get("attr")
            info = self._bind_info(step["info"], bound, depth) if step.get("info") else None
            if tag is None:  # still a project name: a module, an object or a factory function in it
                if qual is None:
                    return None
                qual = f"{qual}.{name}"
                tag = self.call_factory(qual, info, depth + 1) if "method" in step else \
                    self.export_tag(qual, depth + 1)
                continue
            base = Tag(tag["kind"], tuple(sorted((k, v) for k, v in tag.items() if k != "kind")))
            if "method" in step:
                rule = REGISTRY.factories.get((base.kind, name))
                made = rule(base, info) if rule is not None else None
            else:
                rule = REGISTRY.attributes.get((base.kind, name))
                made = rule(base, None) if rule is not None else None
                if made is None:
                    rule = REGISTRY.attributes.get((base.kind, "*"))
                    made = rule(base, name) if rule is not None else None
            if made is None:
                return None
            tag, qual = made.to_json(), None
        return tag

    def call_factory(self, qualname: str, info: Optional[dict], depth: int) -> Optional[dict]:
        """``rpc.get_client(target)``: the object a project factory function returns for these arguments."""
        found = self.export(qualname)
        if found is None or found["kind"] != "@factory" or info is None:
            return None
        target = self.factory_names.get(id(found), qualname)
        signature = self.functions.get(target) or {}
        params = signature.get("params") or []
        bound: dict[str, dict] = {}
        index = 0
        for arg in info.get("args") or ():
            if arg["star"]:
                break
            if arg["kw"] is not None:
                bound[arg["kw"]] = arg
            elif index < len(params):
                bound[params[index]] = arg
                index += 1
        return self.realize(found["origin"], bound, depth + 1)

    def realize_arg(self, arg: dict, depth: int = 0) -> dict:
        if arg.get("tag") is None and arg.get("origin"):
            tag = self.realize(arg["origin"], None, depth + 1)
            if tag is not None:
                return dict(arg, tag=tag)
        return arg

    def _bind_info(self, info: dict, bound: Optional[dict], depth: int) -> dict:
        """A call description with the factory's parameters replaced by the caller's arguments."""
        args = []
        for arg in info.get("args") or ():
            given = (bound or {}).get(arg.get("param") or "")
            if given is not None:
                arg = dict(self.realize_arg(given, depth), kw=arg["kw"], star=arg["star"])
            args.append(arg)
        return dict(info, args=args)


_REALIZE_DEPTH = 8


def resolve_sites(facts: Iterable[FileFacts], component_of: Callable[[str], str]) -> tuple[list[Site], list]:
    """Finished sites, and the bindings (transport, source, target) declared anywhere in the project."""
    project = Project(facts)
    drafts: list[tuple[FileFacts, dict[str, Any]]] = []
    typed_calls: set[tuple[str, int, int]] = set()  # calls a pending resolved: typed wins over fingerprint
    for file in project.files:
        for item in file.sites:
            drafts.append((file, item))
        for pending in file.pending:
            for item in _resolve_pending(project, pending):
                drafts.append((file, item))
                typed_calls.add((file.path, pending["line"], pending["column"]))
    # ``add.send_with_options()`` of an actor imported from another module: the fingerprint's needs_task
    # draft and the pending call typed through the module's exports are the same site
    drafts = [(file, item) for file, item in drafts
              if not (item.get("needs_task") and (file.path, item["line"], item["column"]) in typed_calls)]
    drafts.extend(expand_wrappers(project.files, drafts, project.symbols))
    drafts.extend(_bus_sends(project))
    # tasks defined through pending decorators (``@app.task`` with an imported app)
    for _, item in drafts:
        task = item.get("task_def")
        if task and task["qualname"] not in project.tasks:
            project.tasks[task["qualname"]] = task["name_ir"]
    sites: list[Site] = []
    for file, item in drafts:
        sites.extend(_finish(project, file, item, component_of(file.path)))
    sites.sort(key=lambda s: s.sort_key)
    return sites, sorted(project.bindings)


def _bus_sends(project: Project) -> list[tuple[FileFacts, dict[str, Any]]]:
    """Sends on a project's in-process bus: calls with a message class that a handler map names."""
    handled: dict[str, str] = {}
    for file in project.files:
        handled.update(file.handlers)
    out = []
    for file in project.files:
        for call in file.bus_calls:
            delivery = handled.get(call["message"])
            if delivery is None:
                continue
            out.append((file, {
                "role": "produce", "library": "project", "transport": "inproc",
                "api": f"{call['receiver']}.{call['method']}()", "channel_kind": "event_type",
                "delivery": delivery, "channel_ir": ["lit", call["message"]], "channel_expr": call["message"],
                "reply": False, "message": call["message"], "fold": None,
                "evidence": ["in-process bus: a handler map names this message"],
                "function": call["function"], "line": call["line"], "column": call["column"],
                "end_line": call["end_line"]}))
    return out


def _resolve_pending(project: Project, pending: dict[str, Any]) -> list[dict[str, Any]]:
    info = dict(pending["info"])
    if pending["kind"] == "object_call":  # add(1, 2) of a function that holds an object (a huey task)
        tag = project.export_tag(info["func"])
        if tag is None:
            return []
        info["callee"] = tag
        return [dict(item, line=pending["line"], column=pending["column"], end_line=pending["end_line"])
                for item in match_call(info) if "declare" not in item]
    origin = info.get("recv_origin")
    tag = project.realize(origin) if origin else project.export_tag(info["recv_qual"])
    if tag is None:
        return []
    info["recv"] = tag
    info["args"] = [project.realize_arg(arg) for arg in info.get("args") or ()]
    drafts = match_decorator(info) if pending["kind"] == "decorator" else match_call(info)
    out = []
    for item in drafts:
        if "declare" in item:
            continue
        item = dict(item)
        if pending["kind"] == "decorator" and item.get("role") == "consume":
            if not item.get("message") and info.get("handler_message"):
                item["message"] = info["handler_message"]
            if info.get("handler"):
                item["evidence"] = list(item.get("evidence") or []) + [f"handler: {info['handler']}"]
        item["line"], item["column"], item["end_line"] = pending["line"], pending["column"], pending["end_line"]
        out.append(item)
    return out


def _finish(project: Project, file: FileFacts, item: dict[str, Any], component: str) -> list[Site]:
    render = project.renderer
    channel_ir = item["channel_ir"]
    needs_task = item.get("needs_task")
    if needs_task:
        # ``x.delay()`` is a Celery send only if x is a task we know, or the file uses Celery;
        # "strict" (other task libraries' fingerprints): only a task we know
        known = channel_ir[0] == "task" and channel_ir[1] in project.tasks
        if not known and (needs_task == "strict" or "celery" not in file.imports):
            return []
    kind = item["channel_kind"]
    delivery = item["delivery"]
    channel_expr = item.get("channel_expr")
    evidence = list(item.get("evidence") or ())
    amqp = item.get("amqp")
    if amqp is not None:
        exchange = render.render(channel_ir) if channel_ir[0] != "unknown" else None
        exchange_text = _exact_text(render, channel_ir)
        if exchange_text == "":
            kind, delivery = "queue", "point-to-point"
            channel_ir, channel_expr = amqp["key_ir"], amqp["key_text"]
            evidence.append("default exchange: the routing key names a queue")
        else:
            exchange_type = amqp.get("exchange_type") or project.exchange_types.get(exchange or "")
            if exchange_type:
                delivery = {"fanout": "broadcast", "topic": "broadcast", "headers": "broadcast"}.get(
                    exchange_type, "point-to-point")
                evidence.append(f"exchange type: {exchange_type}")
            if amqp.get("key_text"):
                key = render.render(amqp["key_ir"])
                evidence.append(f"routing key: {key if key is not None else amqp['key_text']}")
    for label, ir in (item.get("evidence_irs") or {}).items():
        text = render.render(ir)
        if text is not None:
            evidence.append(f"{label}: {text}")
    fold = item.get("fold")
    by_prefix = item.get("by_prefix")  # STOMP /queue/x, /topic/x: decided once the name is rendered
    if by_prefix and channel_ir[0] != "unknown":
        text = render.render(channel_ir)
        for prefix, prefix_kind, prefix_delivery in by_prefix:
            if text is not None and text.startswith(prefix) and len(text) > len(prefix):
                kind, delivery, fold = prefix_kind, prefix_delivery, None
                channel_ir = ["lit", text[len(prefix):]]
                evidence.append(f"destination prefix {prefix}")
                break
    items = _expand(render, channel_ir)
    sites = []
    for entry in items:
        channel = render.render(["fold", fold, entry] if fold else entry)
        sites.append(Site(
            path=file.path, line=item["line"], column=item["column"], end_line=item["end_line"],
            role=item["role"], library=item["library"], api=item["api"], transport=item["transport"],
            channel=channel, channel_expr=channel_expr, channel_kind=kind, delivery=delivery,
            message=item.get("message"), reply=bool(item.get("reply")), component=component,
            function=item.get("function") or "<module>", via=tuple(item.get("via") or ()),
            evidence=tuple(evidence),
        ))
    return sites


def _exact_text(render: V.Renderer, ir: V.IR) -> Optional[str]:
    value = render.lookup(ir)
    if value and value[0] == "lit":
        return value[1]
    return render.render(ir)


def _expand(render: V.Renderer, ir: V.IR) -> list[V.IR]:
    value = render.lookup(ir)
    if value and value[0] == "list":
        out: list[V.IR] = []
        for item in value[1]:
            out.extend(_expand(render, item))
        return out or [V.UNKNOWN]
    return [ir]
