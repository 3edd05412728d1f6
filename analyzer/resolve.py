"""Project-wide resolution: from per-file facts to finished sites.

Joins what single files cannot know alone: constants imported from other modules, objects
(clients, Celery apps) created in one module and used in another, task names, exchange
declarations, calls of the project's own functions that send, and each file's component.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Mapping, Optional, Sequence, Union

from .calls import ArgInfo, AttrStep, CallInfo, CtorRoot, MethodStep, Origin, ParamRoot, RefRoot, SelfRoot, Tag, TagRoot
from .facts import (ChannelBinding, ClassFacts, DecoratedExport, Draft, Export, ExchangeDeclaration, FactoryExport,
                    FileFacts, Member, OriginExport, Pending, PendingCall, PendingDecorator, PendingObjectCall, Settling,
                    Signature)
from .model import Site
from .registry import Registry
from .settings import DJANGO_SETTINGS, OSLO_CONF, is_settings_module, option_name, settings_rank
from .values import UNKNOWN, Lit, Ref, Renderer, SelfAttr, TaskRef, Value, is_known, substitute
from .effects import bound_args, call_effects, given_by_callers, hook_sites
from .endpoints import served_sites

_ALIAS_HOPS = 8
_REALIZE_DEPTH = 8
Binding = tuple[str, str, str]  # (transport, source channel, target channel)


@dataclass(frozen=True)
class ProjectObject:
    """An instance of a project class while an origin is realised, with its constructor's arguments
    (None when unknown: ``self`` in a method)."""

    cls: str
    init: Optional[Mapping[str, ArgInfo]]


State = Union[Tag, ProjectObject, str]  # str: a project name not yet an object (a module, a function, a class)


class Project:
    """The joined facts of every analysed file."""

    def __init__(self, facts: Iterable[FileFacts], registry: Registry) -> None:
        self.registry = registry
        self.files = sorted(facts, key=lambda f: f.path)
        self.symbols: dict[str, Value] = {}
        self.tasks: dict[str, Value] = {}
        self.exports: dict[str, Export] = {}
        self.aliases: dict[str, str] = {}  # project names that stand for a library API
        self.factory_names: dict[int, str] = {}  # id of a factory export -> the function's qualname
        self.functions: dict[str, Signature] = {}
        self.classes: dict[str, ClassFacts] = {}
        self.members: dict[str, Member] = {}
        self.exchange_types: dict[str, str] = {}
        for facts in self.files:
            prefix = f"{facts.module}." if facts.module else ""
            for name, value in facts.constants.items():
                self.symbols[prefix + name] = value
            self.tasks.update(facts.tasks)
            for name, export in facts.exports.items():
                self.exports[prefix + name] = export
                if type(export) is FactoryExport:
                    self.factory_names[id(export)] = prefix + name
            self.functions.update(facts.functions)
            self.classes.update(facts.classes)
            self.members.update(facts.members)
            self.aliases.update(facts.aliases)
        self.settings_modules = sorted((f.module for f in self.files if is_settings_module(f.module)),
                                       key=settings_rank)
        self._ancestors: dict[str, list[str]] = {}
        self.options = _options(self.files)
        self._constructed: Optional[dict[str, dict[str, ArgInfo]]] = None
        self.renderer = Renderer(self.symbols, self.tasks, fallback=self._settings_value, folds=registry.folds,
                                 ancestors=self.ancestors)
        # an AMQP exchange and a queue bound to it, a Pub/Sub topic and a subscription to it
        self.bindings: set[Binding] = set()
        for facts in self.files:
            for declaration in facts.declarations:
                name = self.renderer.render(declaration.name)
                if name is None:
                    continue
                if type(declaration) is ChannelBinding:
                    queue = self.renderer.render(declaration.queue)
                    if queue is not None:
                        self.bindings.add((declaration.transport or "amqp", name, queue))
                elif type(declaration) is ExchangeDeclaration and declaration.exchange_type:
                    self.exchange_types[name] = declaration.exchange_type

    def constructed(self, cls: str) -> Optional[Mapping[str, ArgInfo]]:
        """``self`` in a method of ``cls``: the library objects the project's constructions of it pass
        (``OrderService(KafkaProducer())`` makes ``self.producer`` a Kafka producer in its methods), for
        each parameter given the same kind of library object at every construction."""
        if self._constructed is None:
            given: dict[str, dict[str, list[Optional[Tag]]]] = {}
            for facts in self.files:
                for call in facts.calls:
                    if not call.args or not call.callee.rpartition(".")[2][:1].isupper():
                        continue  # a construction names a class (``OrderService(...)``) and hands it something
                    made = self.project_class(call.callee)
                    if made is None:
                        continue
                    for name, arg in bound_args(self.functions.get(f"{made}.__init__"), call.args).items():
                        given.setdefault(made, {}).setdefault(name, []).append(arg.tag)
            self._constructed = {}
            for made, params in given.items():
                for name, tags in params.items():
                    if tags[0] is not None and all(tag is not None and tag.kind == tags[0].kind for tag in tags):
                        self._constructed.setdefault(made, {})[name] = ArgInfo(
                            kw=name, star="", value=UNKNOWN, text=name, tag=tags[0])
        return self._constructed.get(cls) or None

    def _settings_value(self, qualname: str) -> Optional[Value]:
        """``django.conf.settings.X``: X as the project's settings modules define it; ``CONF.group.x``: the
        default of the oslo.config option ``x``."""
        if qualname.startswith(OSLO_CONF):
            return self.options.get(option_name(qualname))
        if not qualname.startswith(DJANGO_SETTINGS):
            return None
        name = qualname[len(DJANGO_SETTINGS):]
        for module in self.settings_modules:
            found = self.symbols.get(f"{module}.{name}")
            if found is not None and found != Ref(qualname):
                return found
        return None

    # -- objects other modules make ---------------------------------------------------------------------
    def export(self, qualname: str) -> Optional[Export]:
        """What extraction exported under a project name, following re-exports."""
        for _ in range(_ALIAS_HOPS):
            found = self.exports.get(qualname)
            if found is not None:
                return found
            alias = self.symbols.get(qualname)
            if type(alias) is Ref:
                qualname = alias.name
                continue
            head, _, attr = qualname.rpartition(".")
            alias = self.symbols.get(head) if head else None
            if type(alias) is Ref and attr:  # from pkg import module; module.producer
                qualname = f"{alias.name}.{attr}"
                continue
            return None
        return None

    def alias(self, qualname: str) -> Optional[str]:
        """The library API a project name stands for (``FileFacts.aliases``), following re-exports."""
        for _ in range(_ALIAS_HOPS):
            found = self.aliases.get(qualname)
            if found is not None:
                return found
            alias = self.symbols.get(qualname)
            if type(alias) is not Ref:
                return None
            qualname = alias.name
        return None

    def export_tag(self, qualname: str, depth: int = 0) -> Optional[Tag]:
        """The object a project name holds (``from .app import app``)."""
        found = self.export(qualname)
        if type(found) is Tag:
            return found
        if type(found) is OriginExport:
            return self.realize(found.origin, None, depth + 1)
        if type(found) is DecoratedExport:
            return self._decorated_tag(found.decorator, depth + 1)
        return None

    def _decorated_tag(self, info: CallInfo, depth: int) -> Optional[Tag]:
        """A function decorated by a method of an object another module makes (``@huey.task()`` with
        ``from .app import huey``): the tag the decorator gives it, once that object is known."""
        if depth > _REALIZE_DEPTH or not info.recv_qual:
            return None
        recv = self.export_tag(info.recv_qual, depth)
        if recv is None:
            return None
        return self.registry.decorated_tag(replace(info, recv=recv))

    def realize(self, origin: Optional[Origin], bound: Optional[Mapping[str, ArgInfo]] = None,
                depth: int = 0) -> Optional[Tag]:
        """The tag of an object described by an origin (see ``Objects.origin_of``); ``bound`` holds the
        caller's arguments by parameter name when the origin is a factory function's template."""
        found = self._state(origin, bound, None, depth)
        return found if type(found) is Tag else None

    def _state(self, origin: Optional[Origin], bound: Optional[Mapping[str, ArgInfo]],
               self_object: Optional[ProjectObject], depth: int) -> Optional[State]:
        """What an origin holds: a library object, a project object or a project name. ``self_object`` is
        the object a member's template is realised for (its ``SelfRoot``)."""
        if origin is None or depth > _REALIZE_DEPTH:
            return None
        root = origin.root
        state: Optional[State] = None
        if type(root) is TagRoot:
            state = root.tag
        elif type(root) is RefRoot:
            state = self.export_tag(root.qualname, depth + 1) or root.qualname
        elif type(root) is CtorRoot:
            rule = self.registry.constructor_rule(root.qualname)
            if rule is None:  # a project subclass of a library class (class AsyncMQTTClient(mqtt.Client))
                alias = self.alias(root.qualname)
                rule = self.registry.constructor_rule(alias) if alias is not None else None
            state = rule(None, self._bind_info(root.call, bound, depth, self_object)) if rule is not None else None
        elif type(root) is SelfRoot:
            state = self_object if self_object is not None else ProjectObject(root.cls, self.constructed(root.cls))
        elif type(root) is ParamRoot:
            arg = bound.get(root.name) if bound else None
            if arg is not None:
                state = arg.tag or self._state(arg.origin, None, None, depth + 1)
        for step in origin.steps:
            if state is None:
                return None
            info = self._bind_info(step.call, bound, depth, self_object) if type(step) is MethodStep else None
            state = self._step(state, step, info, depth)
        return state

    def _step(self, state: State, step: Union[MethodStep, AttrStep], info: Optional[CallInfo],
              depth: int) -> Optional[State]:
        registry = self.registry
        method = type(step) is MethodStep
        if type(state) is Tag:
            if method:
                rule = registry.factories.get((state.kind, step.name))
                return rule(state, info) if rule is not None else None
            rule = registry.attributes.get((state.kind, step.name))
            made = rule(state, None) if rule is not None else None
            if made is None:
                rule = registry.attributes.get((state.kind, "*"))
                made = rule(state, step.name) if rule is not None else None
            return made
        if type(state) is ProjectObject:
            return self._member(state, step.name, info if method else None, method, depth)
        qual = f"{state}.{step.name}"
        cls = self.project_class(qual)
        owner = self.project_class(state)
        if method:
            alias = self.alias(qual) if cls is not None else None
            rule = self.registry.constructor_rule(alias) if alias is not None else None
            if rule is not None:  # AsyncMQTTClient(): a project subclass of a library class is the library's
                return rule(None, info)
            if cls is not None:  # Router(client): an instance
                return ProjectObject(cls, _bind(self.functions.get(f"{cls}.__init__"), info))
            if owner is not None:  # InventoryAPI.get_instance(): a class method
                return self._member(ProjectObject(owner, None), step.name, info, True, depth)
            return self.call_factory(qual, info, depth + 1)
        if owner is not None:
            return self._member(ProjectObject(owner, None), step.name, None, False, depth)
        return self.export_tag(qual, depth + 1) or qual

    def _member(self, obj: ProjectObject, name: str, info: Optional[CallInfo], called: bool,
                depth: int) -> Optional[State]:
        """A method's result or an attribute of a project object, from its class's members."""
        member = self.member(obj.cls, name)
        if member is None or (member.kind == "method") != called:
            return None
        if member.kind == "method":
            bound = _bind(self.functions.get(member.function), info)
        else:
            bound = obj.init if member.function.endswith(".__init__") else {}
        found = self._state(member.origin, bound, obj, depth + 1)
        if type(found) is Tag:  # self.TOPIC in a base class's method: the object's class says
            lineage = self.ancestors(obj.cls)
            found = substitute(found, lambda item: SelfAttr(obj.cls, item.name)
                               if type(item) is SelfAttr and item.cls != obj.cls and item.cls in lineage else None)
        return found

    def member(self, cls: str, name: str) -> Optional[Member]:
        """``cls.name`` as the class or its nearest base class defines it."""
        for current in self.ancestors(cls):
            found = self.members.get(f"{current}.{name}")
            if found is not None:
                return found
        return None

    def ancestors(self, cls: str) -> list[str]:
        """A class and its project base classes, nearest first (breadth first, each once)."""
        found = self._ancestors.get(cls)
        if found is None:
            found, todo = [], [cls]
            while todo and len(found) < _ALIAS_HOPS * 2:
                current = todo.pop(0)
                if current in found:
                    continue
                found.append(current)
                declared = self.classes.get(current)
                todo.extend(base for name in (declared.bases if declared is not None else ())
                            for base in [self.project_class(name)] if base is not None)
            self._ancestors[cls] = found
        return found

    def project_class(self, qualname: str) -> Optional[str]:
        """The project class a name reaches through re-exports, if it is one."""
        for _ in range(_ALIAS_HOPS):
            if qualname in self.classes:
                return qualname
            alias = self.symbols.get(qualname)
            if type(alias) is not Ref:
                head, _, attr = qualname.rpartition(".")
                alias = self.symbols.get(head) if head else None
                if type(alias) is not Ref:
                    return None
                qualname = f"{alias.name}.{attr}"
                continue
            qualname = alias.name
        return None

    def call_factory(self, qualname: str, info: Optional[CallInfo], depth: int) -> Optional[Tag]:
        """``rpc.get_client(target)``: the object a project factory function returns for these arguments."""
        found = self.export(qualname)
        if type(found) is not FactoryExport or info is None:
            return None
        target = self.factory_names.get(id(found), qualname)
        return self.realize(found.origin, _bind(self.functions.get(target), info), depth + 1)

    def realize_arg(self, arg: ArgInfo, depth: int = 0) -> ArgInfo:
        if arg.tag is None and arg.origin is not None:
            tag = self.realize(arg.origin, None, depth + 1)
            if tag is not None:
                return replace(arg, tag=tag)
        return arg

    def _bind_info(self, info: CallInfo, bound: Optional[Mapping[str, ArgInfo]], depth: int,
                   self_object: Optional[ProjectObject] = None) -> CallInfo:
        """A call description with the factory's parameters replaced by the caller's arguments, and the
        objects its arguments are made from (``self.target``) typed."""
        args = []
        for arg in info.args:
            given = bound.get(arg.param or "") if bound else None
            if given is not None:
                arg = replace(self.realize_arg(given, depth), kw=arg.kw, star=arg.star)
            elif arg.tag is None and arg.origin is not None:
                found = self._state(arg.origin, bound, self_object, depth + 1)
                if type(found) is Tag:
                    arg = replace(arg, tag=found)
            args.append(arg)
        return replace(info, args=tuple(args))


def _bind(signature: Optional[Signature], info: Optional[CallInfo]) -> dict[str, ArgInfo]:
    """A call's arguments by the parameter names of the function it calls."""
    params = signature.params if signature is not None else ()
    bound: dict[str, ArgInfo] = {}
    index = 0
    for arg in info.args if info is not None else ():
        if arg.star:
            break
        if arg.kw is not None:
            bound[arg.kw] = arg
        elif index < len(params):
            bound[params[index]] = arg
            index += 1
    return bound


def resolve_sites(facts: Iterable[FileFacts], component_of: Callable[[str], str],
                  registry: Registry) -> tuple[list[Site], list[Binding]]:
    """Finished sites, and the bindings (transport, source, target) declared anywhere in the project."""
    project = Project(facts, registry)
    drafts: list[tuple[FileFacts, Draft]] = []
    typed_calls: set[tuple[str, int, int]] = set()  # calls a pending resolved: typed wins over fingerprint
    for file in project.files:
        for item in file.sites:
            drafts.append((file, item))
        for pending in file.pending:
            for item in _resolve_pending(project, pending):
                drafts.append((file, item))
                typed_calls.add((file.path, pending.line, pending.column))
    # ``add.send_with_options()`` of an actor imported from another module: the fingerprint's needs_task
    # draft and the pending call typed through the module's exports are the same site
    drafts = [(file, item) for file, item in drafts
              if not (item.needs_task and (file.path, item.line, item.column) in typed_calls)]
    # tasks defined through pending decorators (``@app.task`` with an imported app)
    for _, item in drafts:
        task = item.task_def
        if task is not None and task.key not in project.tasks:
            project.tasks[task.key] = task.name
    drafts = [(file, item) for file, item in drafts if _task_known(project, file, item)]
    drafts.extend(call_effects(project.files, drafts, project.symbols))
    drafts.extend(_bus_sends(project))
    drafts.extend(hook_sites(project.files, project.symbols))
    drafts.extend(served_sites(project.files, drafts, project.symbols))
    drafts = given_by_callers(project.files, drafts, project.symbols)
    drafts = _without_unknown_twins(drafts)
    sites: list[Site] = []
    for file, item in drafts:
        sites.extend(_finish(project, file, item, component_of(file.path)))
    sites.sort(key=lambda s: s.sort_key)
    return sites, sorted(project.bindings)


def _without_unknown_twins(drafts: list[tuple[FileFacts, Draft]]) -> list[tuple[FileFacts, Draft]]:
    """Two ways of finding the same site (an endpoint method its class declares and its server names):
    the one without a channel goes when the other knows it."""
    known = {(file.path, item.line, item.column, item.role, item.transport) for file, item in drafts
             if is_known(item.channel)}
    return [(file, item) for file, item in drafts
            if is_known(item.channel) or (file.path, item.line, item.column, item.role, item.transport) not in known]


def _bus_sends(project: Project) -> list[tuple[FileFacts, Draft]]:
    """Sends on a project's in-process bus: calls with a message class that a handler map names."""
    handled: dict[str, str] = {}
    for file in project.files:
        handled.update(file.handlers)
    out = []
    for file in project.files:
        for call in file.bus_calls:
            delivery = handled.get(call.message)
            if delivery is None:
                continue
            out.append((file, Draft(
                role="produce", library="project", transport="inproc", api=f"{call.receiver}.{call.method}()",
                channel_kind="event_type", delivery=delivery, channel=Lit(call.message), channel_expr=call.message,
                function=call.function, message=call.message,
                evidence=("in-process bus: a handler map names this message",), effect=True,
                line=call.line, column=call.column, end_line=call.end_line)))
    return out


def _resolve_pending(project: Project, pending: Pending) -> list[Draft]:
    registry = project.registry
    info = pending.call
    if type(pending) is PendingObjectCall:  # add(1, 2) of a function that holds an object (a huey task)
        tag = project.export_tag(info.func) if info.func else None
        if tag is None:
            return []
        found = registry.match_call(replace(info, callee=tag))
        return [replace(item, line=pending.line, column=pending.column, end_line=pending.end_line, effect=True)
                for item in found if type(item) is Draft]
    if type(pending) is PendingDecorator and pending.by_name:  # @job("default") with job = partial(rq's job)
        alias = project.alias(info.func) if info.func else None
        if alias is None:
            return []
        info = replace(info, func=alias, name=alias.rsplit(".", 1)[-1])
    else:
        origin = pending.recv_origin
        tag = project.realize(origin) if origin is not None else project.export_tag(info.recv_qual)
        if tag is None:
            return []
        info = replace(info, recv=tag)
    info = replace(info, args=tuple(project.realize_arg(arg) for arg in info.args))
    decorator = type(pending) is PendingDecorator
    found = registry.match_decorator(info) if decorator else registry.match_call(info)
    out = []
    for item in found:
        if type(item) is not Draft:
            continue
        if decorator and item.role == "consume":
            if not item.message and pending.handler_message:
                item = replace(item, message=pending.handler_message)
            if pending.handler:
                item = replace(item, evidence=item.evidence + (f"handler: {pending.handler}",))
        out.append(replace(item, line=pending.line, column=pending.column, end_line=pending.end_line,
                           effect=not decorator))
    return out


def pending_sites(facts: Sequence[FileFacts], registry: Registry) -> dict[str, list[Draft]]:
    """The sites the pending calls make with these facts alone, by path: the rounds read the callers of
    the functions they are in (``analyzer.rounds``)."""
    project = Project(facts, registry)
    found: dict[str, list[Draft]] = {}
    for file in project.files:
        for pending in file.pending:
            if type(pending) is PendingCall:
                found.setdefault(file.path, []).extend(_resolve_pending(project, pending))
    return found


def _task_known(project: Project, file: FileFacts, item: Draft) -> bool:
    """A draft that ``needs_task`` is a site only for a task the project defines (``x.delay()`` is a Celery
    send only if x is a task we know), or in a file that imports the library it names (Celery)."""
    if not item.needs_task:
        return True
    known = type(item.channel) is TaskRef and project.renderer.task_key(item.channel.function) is not None
    return known or (item.unless_imported is not None and item.unless_imported in file.imports)


def _finish(project: Project, file: FileFacts, item: Draft, component: str) -> list[Site]:
    render = project.renderer
    site = Settling(item.channel, item.channel_expr, item.channel_kind, item.delivery, item.fold, list(item.evidence))
    if item.route is not None:
        item.route.settle(site, project)
    for label, value in item.evidence_values:
        text = render.render(value)
        if text is not None:
            site.evidence.append(f"{label}: {text}")
    evidence = tuple(site.evidence)
    return [Site(path=file.path, line=item.line, column=item.column, end_line=item.end_line, role=item.role,
                 library=item.library, api=item.api, transport=item.transport,
                 channel=render.render(entry, site.fold), channel_expr=site.channel_expr,
                 channel_kind=site.channel_kind, delivery=site.delivery, message=item.message,
                 reply=bool(item.reply), component=component, function=item.function or "<module>", via=item.via,
                 evidence=evidence)
            for entry in render.expand(site.channel)]



def _options(files: list[FileFacts]) -> dict[str, Value]:
    """oslo.config option defaults by name; a name declared with different defaults is left out."""
    found: dict[str, Value] = {}
    clashing: set[str] = set()
    for facts in files:
        for name, default in facts.options.items():
            if found.setdefault(name, default) != default:
                clashing.add(name)
    return {name: value for name, value in found.items() if name not in clashing}
