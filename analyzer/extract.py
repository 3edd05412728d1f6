"""Per-file extraction: source bytes in, :class:`~analyzer.facts.FileFacts` out.

Pure and deterministic (no global state, no I/O), so it can run in worker processes and be
cached by content hash. Never imports or runs the code it reads.
"""
from __future__ import annotations


from dataclasses import replace
from typing import Optional, Sequence

import libcst as cst

from .calls import CallInfo, PreviousCall, Target
from .buses import find_buses
from .describe import CAMEL_CASE, Evaluator
from .facts import (BusCall, CallArg, Declaration, Draft, Endpoints, FileFacts, Pending, PendingCall, PendingDecorator,
                    PendingObjectCall, ProjectCall)
from .model import Diagnostic
from .module_facts import ModuleFacts
from .names import MESSAGING_WORDS, Names, name_words
from .parse import MAX_FILE_BYTES, decode_source, parse_module, problem, syntax_error
from .positions import Locator, Position
from .registry import BY_NAME, Registry
from .scopes import (CallRecord, Collector, DecoratorRecord, DefBinding, DefInfo, ExprBinding, ImportBinding,
                     ParamBinding, Scope, last_name, mentions_name, source_text, string_value)
from .slicing import slice_source
from .values import Lit, Param, TaskRef, Unknown, Value, handed_on, is_known, refs
from .walk import walk

BUS_METHODS = {"handle", "dispatch", "publish", "send", "fire", "emit", "execute", "post", "append",
               "publish_event", "raise_event", "send_command", "handle_message"}
_NOT_MESSAGE_ANNOTATIONS = {"Any", "Dict", "List", "Mapping", "Optional", "Message", "Request", "Context", "Event"}


def extract_file(path: str, module_name: str, is_package: bool, data: bytes, registry: Registry,
                 slice_words: Optional[Sequence[str]] = None) -> FileFacts:
    """``slice_words``: parse only the definitions these words make relevant (``analyzer.slicing``);
    None parses the whole file."""
    if len(data) > MAX_FILE_BYTES:
        return FileFacts(path, module_name, diagnostics=(problem(path, f"file too large ({len(data)} bytes), skipped"),))
    try:
        source = decode_source(data)
    except ValueError as exc:
        return FileFacts(path, module_name, diagnostics=(problem(path, str(exc)),))
    line_map = None
    dropped: tuple[str, ...] = ()
    module = None
    if slice_words is not None:
        sliced = slice_source(source, slice_words, min_lines=0)
        try:
            module = parse_module(sliced.source)
            source, line_map, dropped = sliced.source, sliced.line_map, tuple(sliced.dropped_words)
        except Exception:  # noqa: BLE001 - whatever went wrong, the whole file says it best (below)
            module = None
    try:
        if module is None:
            module = parse_module(source)
    except cst.ParserSyntaxError as exc:
        return FileFacts(path, module_name, diagnostics=(syntax_error(path, source, exc),))
    except (RecursionError, MemoryError, Exception) as exc:  # libcst can fail in odd ways on odd input
        return FileFacts(path, module_name, diagnostics=(problem(path, f"cannot parse: {type(exc).__name__}"),))
    extraction: Optional[Extraction] = None
    try:
        extraction = Extraction(path, module_name, is_package, module, source, registry, line_map)
        return extraction.run(dropped)
    except RecursionError:
        diagnostic = problem(path, "cannot analyse: nesting too deep")
        keep_sites = True  # what was found before the deep expression stands
    except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the run
        diagnostic = problem(path, f"internal error while analysing ({type(exc).__name__}: {exc}); please report it")
        keep_sites = False  # the sites may be half made; the rest of what was learnt stands
    if extraction is None:
        return FileFacts(path, module_name, diagnostics=(diagnostic,), parsed=True, dropped_words=dropped)
    return extraction.partial(dropped, diagnostic, keep_sites)


class Extraction:
    """The sites, pending calls and project facts of one parsed module."""

    def __init__(self, path: str, module_name: str, is_package: bool, module: cst.Module, source: str,
                 registry: Registry, line_map: Optional[list[int]] = None) -> None:
        self.path = path
        self.module_name = module_name
        self.module = module
        self.registry = registry
        self.collector = Collector(module_name, is_package)
        walk(module, self.collector)
        self.ev = Evaluator(self.collector, module, registry)
        self.names, self.objects, self.calls = self.ev.names, self.ev.objects, self.ev.calls
        self.source = source
        self.locator = Locator(source, module, line_map)
        self.site_methods = registry.site_methods
        self.site_functions = registry.site_functions
        self.wildcard_kinds = registry.wildcard_kinds
        self.decorator_method_names = {method for _, method in registry.decorator_methods}
        self.object_call_kinds = registry.decorated_kinds and bool(registry.object_calls)
        self.not_message_annotations = _NOT_MESSAGE_ANNOTATIONS | registry.not_message_annotations
        self._pending_decorators: dict[int, Optional[CallInfo]] = {}
        self._receivers: Optional[dict] = None
        self._decorators_by_definition: Optional[dict[int, list[DecoratorRecord]]] = None
        # what is found
        self.sites: list[Draft] = []
        self.pending: list[Pending] = []
        self.project_calls: list[ProjectCall] = []
        self.bus_calls: list[BusCall] = []
        self.declarations: list[Declaration] = []
        self.tasks: dict[str, Value] = {}
        self.handlers: dict[str, str] = {}

    def partial(self, dropped_words: tuple[str, ...], diagnostic: Diagnostic, keep_sites: bool) -> FileFacts:
        """What was found before the analysis of the file failed, with the diagnostic saying so."""
        return FileFacts(
            self.path, self.module_name, sites=tuple(self.sites) if keep_sites else (),
            pending=tuple(self.pending) if keep_sites else (), declarations=tuple(self.declarations),
            tasks=self.tasks, imports=tuple(sorted(self.collector.imported_roots)), calls=tuple(self.project_calls),
            handlers=self.handlers, bus_calls=tuple(self.bus_calls), diagnostics=(diagnostic,), parsed=True,
            dropped_words=dropped_words)

    def run(self, dropped_words: tuple[str, ...] = ()) -> FileFacts:
        self._calls()
        self._handler_maps()
        self._decorators()
        self._class_attributes()
        self._endpoints()
        module_facts = ModuleFacts(self.ev, self.collector, self.module, self.registry, self._pending_decorator)
        constants = module_facts.constants()
        exports = module_facts.exports()
        functions = module_facts.functions(self.locator)
        bus_effects, hooks = find_buses(self.collector, self.names, self.source)
        classes = module_facts.classes(self.locator)
        members = module_facts.members()
        message_refs = dict(sorted(self.calls.message_quals.items()))
        referred = dict.fromkeys(refs((self.sites, self.pending)))
        referred.update(dict.fromkeys(message_refs.values()))
        return FileFacts(
            path=self.path, module=self.module_name, sites=tuple(self.sites), pending=tuple(self.pending),
            constants=constants, exports=exports, declarations=tuple(self.declarations), tasks=self.tasks,
            imports=tuple(sorted(self.collector.imported_roots)), functions=functions,
            calls=tuple(self.project_calls), handlers=self.handlers, bus_calls=tuple(self.bus_calls),
            classes=classes, message_refs=message_refs, aliases=self.names.aliases, effects=tuple(bus_effects),
            hooks=tuple(hooks), members=members, endpoints=tuple(self._endpoint_lists()),
            options=module_facts.options(), class_setters=module_facts.class_setters(),
            imported_modules=tuple(sorted(self.collector.imported_modules)),
            parsed=True, dropped_words=dropped_words, refs=tuple(referred))

    # -- calls ---------------------------------------------------------------------------
    def _calls(self) -> None:
        for record in self.collector.calls:
            if self._method_by_name(record):
                continue
            if isinstance(record.node.func, cst.Call):  # shared_task(bind=True)(inner)
                self._applied_decorator(record)
            func, _, func_scope = self.calls.unwrap_partial(record.node.func, record.scope)
            name = last_name(func)
            if name is None:
                continue
            if isinstance(func, cst.Attribute):
                interesting = name in self.site_methods or name in self.site_functions
                own = self.names.self_class(func.value, func_scope) if interesting else None
                if own is not None and self.names.defines_method(own, name):
                    interesting = False  # self.publish() of a class that defines publish: the project's
            else:
                qual = self.names.qualname(func, func_scope)
                interesting = (qual or name).rsplit(".", 1)[-1] in self.site_functions
            if not interesting and not self._typed_callee(func, func_scope):
                if self._imported_callee(func, func_scope):
                    self.pending.append(PendingObjectCall(self.calls.light_info(record, func, func_scope),
                                                          *self.locator.call(record.ordinal, record.node)))
                self._project_call(record)
                self._bus_call(record, name)
                continue
            info = self.calls.call_info(record.node, record.scope, then=record.then)
            previous = self._previous_call(record, func)
            bound = self._bound_decorators(func, record.scope)
            if previous is not None or bound:
                info = replace(info, previous=previous, bound_decorators=bound)
            found = self.registry.match_call(info)
            values = [arg.value for arg in info.args]
            position = None
            for item in found:
                if type(item) is not Draft:
                    self.declarations.append(item)
                    continue
                position = position or self.locator.call(record.ordinal, record.node)
                # its function's callers send it too, and consume what they hand on (values.handed_on)
                self._add_site(replace(item, effect=item.role != "consume" or handed_on(values, item.channel),
                                       guard=self._guard(record)), position)
            if all(type(item) is Draft and item.needs_task for item in found):  # also true when none
                # a fingerprint that needs a task name must not hide an object made in another module,
                # a project wrapper or an in-process bus (``bus.send(OrderPlaced(...))``)
                receiver = self._pending_receiver(info)
                origin = None if receiver else self._pending_origin(info, func, func_scope)
                if receiver or origin is not None:
                    self.pending.append(PendingCall(info, *self.locator.call(record.ordinal, record.node), origin))
                self._project_call(record)
                self._bus_call(record, name)

    def _method_by_name(self, record: CallRecord) -> bool:
        """``getattr(notifier, priority)(ctxt, event, payload)``, also through a variable (``notify =
        getattr(...)``): a method of a library object chosen at run time. The library says what any of its
        methods called so would be (``BY_NAME``); True when it made a site."""
        func, scope = record.node.func, record.scope
        if isinstance(func, cst.Name):
            bindings = scope.lookup(func.value)
            if not bindings or type(bindings[-1]) is not ExprBinding:
                return False
            func = bindings[-1].value
        if not (isinstance(func, cst.Call) and isinstance(func.func, cst.Name) and func.func.value == "getattr"
                and len(func.args) >= 2):
            return False
        call = cst.Call(func=cst.Attribute(value=func.args[0].value, attr=cst.Name(BY_NAME)), args=record.node.args)
        info = self.calls.call_info(call, scope)
        if info.recv is None:  # an object another module makes (rpc.get_versioned_notifier()): resolved later
            receiver = self._pending_receiver(info)
            origin = None if receiver else self._pending_origin(info, call.func, scope)
            if receiver or origin is not None:
                self.pending.append(PendingCall(info, *self.locator.call(record.ordinal, record.node), origin))
                return True
            return False
        found = [item for item in self.registry.match_call(info) if type(item) is Draft]
        position = self.locator.call(record.ordinal, record.node) if found else None
        for item in found:
            self._add_site(replace(item, effect=True, guard=self._guard(record)), position)
        return bool(found)

    def _applied_decorator(self, record: CallRecord) -> None:
        """A library decorator applied by a call (``shared_task(bind=True)(inner)``, ``app.task(fn)`` is a
        plain call already): a site like the decorator's, on the function handed to it. In a decorator
        factory the function is a parameter, or a wrapper made with ``@wraps(func)``: the task is named
        after that parameter, which the factory's callers fill in (``@non_concurrent_task``)."""
        node, scope = record.node, record.scope
        given = [arg for arg in node.args if arg.keyword is None and not arg.star]
        if len(given) != 1 or not isinstance(given[0].value, cst.Name):
            return
        bindings = scope.lookup(given[0].value.value)
        binding = bindings[-1] if bindings else None
        values = self.ev.values
        if type(binding) is DefBinding and not binding.definition.is_class:
            definition = binding.definition
            target = Target(definition.name, definition.qualname, False, {})
            wrapped = next((values.value_of(d.decorator.args[0].value, definition.scope)
                            for d in definition.node.decorators if isinstance(d.decorator, cst.Call)
                            and last_name(d.decorator.func) == "wraps" and d.decorator.args), None)
        elif type(binding) is ParamBinding and binding.function is not None:
            target = Target(given[0].value.value, f"{binding.function}.{given[0].value.value}", False, {})
            wrapped = values.value_of(given[0].value, scope)
        else:
            return
        decorator = node.func
        func = decorator.func if isinstance(decorator, cst.Call) else decorator
        if last_name(func) is None:
            return
        if self.registry.match_call(self.calls.call_info(node.func, scope, then="()")):
            return  # the library knows this form as a call (blinker's connect_via(sender)(handler))
        info = replace(self.calls.callee_info(func, scope), called=True, target=target,
                       args=tuple(self.calls.arg_info(arg, scope) for arg in decorator.args))
        position = None
        for item in self.registry.match_decorator(info):
            if type(item) is not Draft:
                continue
            if wrapped is not None and type(wrapped) is not Unknown:  # named after the wrapped function
                item = replace(item, channel=wrapped, channel_expr=None, task_def=None)
            position = position or self.locator.call(record.ordinal, node)
            self._add_site(replace(item, effect=True), position)

    def _previous_call(self, record: CallRecord, func: cst.BaseExpression) -> Optional[PreviousCall]:
        """The call before this one on the same receiver text in the same scope: ZMQ's
        ``send(topic, zmq.SNDMORE)`` makes the next ``send`` a frame of the same message."""
        if not isinstance(func, cst.Attribute):
            return None
        if self._receivers is None:
            self._receivers = {}
            for other in self.collector.calls:
                if isinstance(other.node.func, cst.Attribute):
                    key = (id(other.scope), source_text(self.module, other.node.func.value))
                    self._receivers.setdefault(key, []).append(other)
        same = self._receivers.get((id(record.scope), source_text(self.module, func.value)), [])
        for index, other in enumerate(same):
            if other is record and index > 0:
                previous = same[index - 1]
                return PreviousCall(previous.node.func.attr.value,
                                    tuple(source_text(self.module, arg.value) for arg in previous.node.args))
        return None

    def _project_call(self, record: CallRecord) -> None:
        """Calls of project functions: each may turn out to send (``analyzer.effects``)."""
        node = record.node
        func, bound, func_scope = self.calls.unwrap_partial(node.func, record.scope)
        callee = self.names.project_callee(func, func_scope)
        duck = _duck_callee(func, self.names, func_scope) if isinstance(func, cst.Attribute) \
            and self.ev.objects.type_of(func.value, func_scope) is None else None  # not a library object either
        callee = callee or duck
        if callee is None:
            return
        values, describer, objects = self.ev.values, self.calls, self.ev.objects
        args = tuple(CallArg(arg.keyword.value if arg.keyword is not None else None, arg.star,
                             values.value_of(arg.value, arg_scope), describer.message_class(arg.value, arg_scope),
                             objects.type_of(arg.value, arg_scope)
                             if isinstance(arg.value, (cst.Call, cst.Name, cst.Attribute)) else None)
                     for arg, arg_scope in [(a, func_scope) for a in bound] + [(a, record.scope) for a in node.args])
        receiver = values.value_of(func.value, func_scope) if isinstance(func, cst.Attribute) else None
        line, column, end_line = self.locator.call(record.ordinal, node)
        self.project_calls.append(ProjectCall(callee, args, line, column, end_line, record.scope.function_name,
                                              receiver, source_text(self.module, node.func), self._guard(record),
                                              duck=duck if duck != callee else None))

    def _guard(self, record: CallRecord) -> Optional[Param]:
        """The parameter a call is made under (``def save(self, trigger_event=False): ... if trigger_event:``),
        when it defaults to false: calls of the function that do not give it do not make the call."""
        for name in reversed(record.guards):
            bindings = record.scope.lookup(name)
            binding = bindings[0] if bindings else None
            # is_error = kwargs.get("isError", is_error): still the parameter, as given
            rebound = all(type(other) is ExprBinding and mentions_name(other.value, name) for other in bindings[1:])
            if type(binding) is ParamBinding and binding.function is not None and binding.default is not None \
                    and _falsy(binding.default) and rebound:
                return Param(name, self.names.module_qual(binding.function), None)
        return None

    def _bus_call(self, record: CallRecord, method: str) -> None:
        """``bus.handle(cmd)``, ``self.events.append(Evt(...))``: kept if a handler map names the class."""
        func = record.node.func
        if method not in BUS_METHODS or not isinstance(func, cst.Attribute):
            return
        positional = [arg for arg in record.node.args if arg.keyword is None and not arg.star]
        if not positional:
            return
        receiver = source_text(self.module, func.value)
        if method == "append" and not receiver.rstrip("_ ").lower().endswith("events"):
            return
        cls = self.calls.message_class(positional[0].value, record.scope)
        if cls is None:
            return
        line, column, end_line = self.locator.call(record.ordinal, record.node)
        self.bus_calls.append(BusCall(cls, method, receiver, line, column, end_line, record.scope.function_name))

    def _typed_callee(self, func: cst.BaseExpression, scope: Scope) -> bool:
        """Calls of tagged objects (``self.dispatch(...)``) and any method of an RPC proxy."""
        if self.registry.object_calls:
            tag = self.objects.type_of(func, scope)
            if tag is not None and tag.kind in self.registry.object_calls:
                return True
        if self.wildcard_kinds and isinstance(func, cst.Attribute):
            tag = self.objects.type_of(func.value, scope)
            return tag is not None and tag.kind in self.wildcard_kinds
        return False

    def _bound_decorators(self, func: cst.BaseExpression, scope: Scope) -> tuple[CallInfo, ...]:
        """The decorators of the function the call is in, when the call's receiver is that function's
        first parameter: what the decorator binds it to (Celery's ``self`` in a ``bind=True`` task)."""
        if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
            return ()
        definition = scope.definition
        if definition is None or definition.is_class or not isinstance(definition.node, cst.FunctionDef):
            return ()
        params = definition.node.params.params
        if not params or params[0].name.value != func.value.value:
            return ()
        if self._decorators_by_definition is None:
            self._decorators_by_definition = {}
            for record in self.collector.decorators:
                self._decorators_by_definition.setdefault(id(record.definition), []).append(record)
        infos = [self._decorator_info(record) for record in self._decorators_by_definition.get(id(definition), ())]
        return tuple(info for info in infos if info is not None)

    # -- decorators ----------------------------------------------------------------------
    def _decorators(self) -> None:
        for record in self.collector.decorators:
            info = self._decorator_info(record)
            if info is None:
                continue
            found = self.registry.match_decorator(info)
            position = None
            for item in found:
                if type(item) is not Draft:
                    self.declarations.append(item)
                    continue
                position = position or self._decorator_position(record)
                if item.role == "consume":
                    if not item.message:
                        item = replace(item, message=self._handler_message(record))
                    if not record.definition.is_class:  # lets rules know the handler's own sends
                        item = replace(item, evidence=item.evidence + (f"handler: {record.definition.qualname}",))
                elif item.message and item.message == info.target.returns:
                    self._return_message(record, register=True)  # the returned class is a message type
                self._add_site(item, position)
            func = record.expr.func if isinstance(record.expr, cst.Call) else record.expr
            if not found:
                self._project_decorator(record, func)
            receiver = not found and self._pending_receiver(info)
            origin = None if found or receiver else self._pending_origin(info, func, record.definition.scope)
            by_name = not found and not receiver and origin is None and self._imported_project_name(info)
            if receiver or origin is not None or by_name:
                handler = None if record.definition.is_class else record.definition.qualname
                self.pending.append(PendingDecorator(info, *self._decorator_position(record), origin,
                                                     self._handler_message(record), handler, by_name))

    def _project_decorator(self, record: DecoratorRecord, func: cst.BaseExpression) -> None:
        """A decorator of the project's own (``@notify("order.create")``, ``@audited``) is a call of it: if
        what it wraps the function in sends, the decorated function is a site (``analyzer.effects``)."""
        scope = record.definition.scope
        callee = self.names.project_callee(func, scope)
        if callee is None:
            return
        values = self.ev.values
        if isinstance(record.expr, cst.Call):
            args = tuple(CallArg(arg.keyword.value if arg.keyword is not None else None, arg.star,
                                 values.value_of(arg.value, scope), None) for arg in record.expr.args)
        else:  # @audited: called with the function itself
            args = (CallArg(None, "", TaskRef(self.names.module_qual(record.definition.qualname)), None),)
        receiver = values.value_of(func.value, scope) if isinstance(func, cst.Attribute) else None
        line, column, end_line = self._decorator_position(record)
        self.project_calls.append(ProjectCall(callee, args, line, column, end_line, scope.function_name,
                                              receiver, "@" + source_text(self.module, func),
                                              decorates=self.names.module_qual(record.definition.qualname)))

    def _decorator_info(self, record: DecoratorRecord) -> Optional[CallInfo]:
        definition = record.definition
        return self.calls.decorator_info(definition, record.expr,
                                         class_attrs=self._class_strings(None if definition.is_class else definition.cls),
                                         returns=self._return_message(record))

    def _class_strings(self, cls) -> dict[str, Value]:
        """String-valued class attributes of a method's class (nameko's ``name = "orders"``)."""
        if cls is None:
            return {}
        out = {}
        for attr, node in cls.body_attrs.items():
            value = self.ev.values.value_of(node, cls.scope)
            if is_known(value) and type(value) is not TaskRef:
                out[attr] = value
        return out

    def _handler_message(self, record: DecoratorRecord) -> Optional[str]:
        """The message class a decorated handler declares: the annotation of its first parameter."""
        node = record.definition.node
        if not isinstance(node, cst.FunctionDef):
            return None
        params = list(node.params.posonly_params) + list(node.params.params)
        if record.definition.cls is not None and params and params[0].name.value in ("self", "cls"):
            params = params[1:]
        if not params or params[0].annotation is None:
            return None
        return self._message_annotation(params[0].annotation.annotation, record)

    def _return_message(self, record: DecoratorRecord, register: bool = False) -> Optional[str]:
        """The message class a handler returns (``-> OrderShipped``): what ``@publisher`` sends."""
        node = record.definition.node
        if not isinstance(node, cst.FunctionDef) or node.returns is None:
            return None
        return self._message_annotation(node.returns.annotation, record, register)

    def _message_annotation(self, annotation: cst.BaseExpression, record: DecoratorRecord,
                            register: bool = True) -> Optional[str]:
        name = last_name(annotation)
        if name and CAMEL_CASE.match(name) and name not in self.not_message_annotations:
            qual = self.names.qualname(annotation, record.definition.scope)
            if qual and not self.registry.is_library(qual):
                if register:
                    self.calls.message_quals[name] = qual
                return name
        return None

    def _decorator_position(self, record: DecoratorRecord) -> Position:
        definition = record.definition
        return self.locator.decorator(definition.is_class, definition.ordinal, record.index, definition.node,
                                      record.expr)

    # -- class attributes and handler maps ---------------------------------------------------
    def _endpoint_lists(self) -> list[Endpoints]:
        """Calls given a list of objects (``endpoints=[self, BaseAPI()]``), maybe through a variable."""
        found = []
        for record in self.collector.calls:
            for arg in record.node.args:
                value, scope = arg.value, record.scope
                if isinstance(value, cst.Name):
                    bindings = scope.lookup(value.value)
                    if not bindings or type(bindings[-1]) is not ExprBinding:
                        continue
                    value, scope = bindings[-1].value, bindings[-1].scope
                elif isinstance(value, cst.Attribute):  # self.endpoints = [Endpoints()] in another method
                    found_list = self.names.self_attribute(
                        value, scope, lambda v, sc: (v, sc) if isinstance(v, (cst.List, cst.Tuple)) else None,
                        lambda a, sc: None)
                    if not found_list:
                        continue
                    value, scope = found_list
                if not isinstance(value, (cst.List, cst.Tuple)):
                    continue
                classes, bases = [], []
                for element in value.elements:
                    cls = self.names.self_class(element.value, scope)
                    if cls is not None:
                        bases.append(self.names.module_qual(cls.qualname))
                    elif isinstance(element.value, cst.Call):
                        made = self.names.instance_class(element.value, scope)
                        if made is not None and not made.endswith("()"):
                            classes.append(made)
                if classes or bases:
                    line, column, _ = self.locator.call(record.ordinal, record.node)
                    found.append(Endpoints(line, column, tuple(classes), tuple(bases)))
        return found

    def _endpoints(self) -> None:
        """Classes that declare what they serve (``Registry.endpoint_attribute``): a site per public method."""
        by_attr = self.registry.endpoint_attributes
        for cls in self.collector.classes:
            for attr in by_attr.keys() & cls.body_attrs.keys():
                tag = self.objects.type_of(cls.body_attrs[attr], cls.scope)
                specs = [spec for kind, spec in by_attr[attr] if tag is not None and tag.kind == kind]
                if not specs:
                    continue
                for method in self.collector.defs:
                    if method.is_class or method.cls is not cls or method.name.startswith("_"):
                        continue
                    info = CallInfo(func=None, name=method.name, method=method.name, recv=tag,
                                    recv_text=cls.name, function=method.qualname, in_class=cls.qualname,
                                    module=self.module_name)
                    line = self.locator.definition(False, method.ordinal, method.node)[0]
                    for spec_fn in specs:
                        for item in spec_fn(info):
                            self._add_site(replace(item, function=method.qualname), (line, 0, line))

    def _class_attributes(self) -> None:
        """``groups = ["chat"]`` in a class deriving from a library class (``Registry.class_attribute``)."""
        specs_by_attr = self.registry.class_attributes
        if not specs_by_attr:
            return
        imports = tuple(sorted(self.collector.imported_roots))
        for definition in self.collector.defs:
            if not definition.is_class or definition.cls is None:
                continue
            cls = definition.cls
            tag = self.objects.class_tag(cls)
            for attr, node in cls.body_attrs.items():
                # kind "*": any class, library base or not (arq's ``WorkerSettings.functions``)
                specs = (specs_by_attr.get((tag.kind, attr), []) if tag is not None else []) + \
                    specs_by_attr.get(("*", attr), [])
                if not specs:
                    continue
                info = CallInfo(func=None, name=attr, recv=tag, recv_text=definition.name,
                                args=(self.calls.arg_info(cst.Arg(value=node), cls.scope),),
                                function=definition.qualname, in_class=cls.qualname, module=self.module_name,
                                imports=imports, target=Target(definition.name, definition.qualname, True, {}))
                position = None
                for spec_fn in specs:
                    for item in spec_fn(info):
                        if item.element is not None:  # one site per element of a list: on the element's line
                            self._add_site(replace(item, element=None), self.locator.class_attribute(
                                definition.ordinal, attr, node, element=item.element))
                            continue
                        position = position or self.locator.class_attribute(definition.ordinal, attr, node)
                        self._add_site(item, position)

    def _handler_maps(self) -> None:
        """``EVENT_HANDLERS = {OrderPlaced: [notify, ship]}``: an in-process bus's subscriptions."""
        for name, node, scope in self.collector.handler_maps:
            ordinal = self.collector.dict_ordinals.get(id(node))
            lowered = name.lower()
            if "exception" in lowered or "error" in lowered:
                continue
            named_messages = any(word in lowered for word in ("event", "command", "message", "topic", "signal"))
            for index, element in enumerate(node.elements):
                if not isinstance(element, cst.DictElement) or not _callables(element.value):
                    continue
                key = element.key
                if isinstance(key, cst.SimpleString) and isinstance(string_value(key), str):
                    if not named_messages:  # {"json": to_json} is a dispatch table, not a bus
                        continue
                    channel = string_value(key)
                else:
                    channel = last_name(key)  # a message class: CamelCase, not a CONSTANT nor an exception
                    if channel is None or not CAMEL_CASE.match(channel) or channel.endswith(("Error", "Exception")):
                        continue
                    qual = self.names.qualname(key, scope)
                    if qual:
                        self.calls.message_quals[channel] = qual
                many = isinstance(element.value, (cst.List, cst.Tuple, cst.Set))
                if "command" in lowered:
                    delivery = "point-to-point"
                elif "event" in lowered or many:
                    delivery = "broadcast"
                else:
                    delivery = "point-to-point"
                self.handlers[channel] = delivery
                if ordinal is None:
                    continue
                # one consumer per handler: {Allocated: [publish_allocated, add_to_read_model]} is two
                handlers = [item.value for item in element.value.elements] if many else [element.value]
                position = self.locator.dict_key(ordinal, node, index)
                for handler in handlers:
                    api = f"{name}[{channel}]" + (f" -> {source_text(self.module, handler)}" if many else "")
                    item = Draft(role="consume", library="project", transport="inproc", api=api,
                                 channel_kind="event_type", delivery=delivery, channel=Lit(channel),
                                 channel_expr=source_text(self.module, key), function=scope.function_name,
                                 message=channel if channel[:1].isupper() else None,
                                 evidence=(f"handler map {name}", f"handler: {source_text(self.module, handler)}"))
                    self._add_site(item, position)

    # -- objects other modules make --------------------------------------------------------
    def _pending_decorator(self, definition: DefInfo) -> Optional[CallInfo]:
        """The info of a decorator that may make ``definition`` an object once its receiver, imported
        from another project module, is known (``@huey.task()`` after ``from .app import huey``)."""
        if not self.object_call_kinds or definition.is_class or not definition.node.decorators:
            return None
        key = id(definition.node)
        if key not in self._pending_decorators:
            found = None
            decorated_methods = {method for _, method in self.registry.decorated_methods}
            for decorator in definition.node.decorators:
                info = self.calls.decorator_info(definition, decorator.decorator)
                if info is not None and info.method in decorated_methods \
                        and self._pending_receiver(info, any_method=True) and self._same_package(info.recv_qual):
                    found = info
                    break
            self._pending_decorators[key] = found
        return self._pending_decorators[key]

    def _same_package(self, qualname: str) -> bool:
        """Whether ``qualname`` lives in this module's top-level package (a project object, not a
        third-party module such as ``oslo_service.periodic_task``)."""
        return qualname.split(".", 1)[0] == self.module_name.split(".", 1)[0]

    def _imported_callee(self, func: cst.BaseExpression, scope: Scope) -> bool:
        """``add(1, 2)`` / ``tasks.add(1, 2)`` of a function imported from another project module (or of
        this module, decorated by an imported object), when decorated functions can hold objects that are
        sites when called (huey tasks): kept as pending, matched once the project's exports are known."""
        if not self.object_call_kinds:
            return False
        base = func
        while isinstance(base, cst.Attribute):
            base = base.value
        if not isinstance(base, cst.Name):
            return False
        bindings = scope.lookup(base.value)
        if bindings and type(bindings[-1]) is DefBinding and base is func:
            return self._pending_decorator(bindings[-1].definition) is not None
        if not bindings or type(bindings[-1]) is not ImportBinding:
            return False
        name = last_name(func) or ""
        if name[:1].isupper() or name.startswith("__"):  # classes and dunders are not decorated functions
            return False
        qual = self.names.qualname(func, scope)
        if not qual or self.registry.is_library(qual) or qual.startswith(self.module_name + "."):
            return False
        return self._same_package(qual)

    def _imported_project_name(self, info: CallInfo) -> bool:
        """A decorator that is a name imported from another module of this package (``@job("default")``
        after ``from app.worker import job``): it may stand for a library API there (``FileFacts.aliases``)."""
        func = info.func
        return info.method is None and bool(func) and not self.registry.is_library(func) \
            and not func.startswith(self.module_name + ".") and self._same_package(func)

    def _pending_receiver(self, info: CallInfo, any_method: bool = False) -> bool:
        """A method call on an object imported from another (project) module."""
        qual = info.recv_qual
        if info.recv is not None or not qual or self.registry.is_library(qual):
            return False
        if not any_method and info.method not in self.site_methods and info.method not in self.decorator_method_names:
            return False
        return not qual.startswith(self.module_name + ".")

    def _pending_origin(self, info: CallInfo, func: cst.BaseExpression, scope: Scope):
        """How the receiver of a site method is made from another module's objects or factory functions
        (``cctxt = self.client.prepare()`` with ``self.client = rpc.get_client(target)``): resolved
        project-wide. None when it is not."""
        if info.recv is not None or not isinstance(func, cst.Attribute):
            return None
        if info.method not in self.site_methods and info.method not in self.decorator_method_names:
            return None
        origin = self.objects.origin_of(func.value, scope)
        return origin if origin is not None and origin.project_rooted else None

    def _add_site(self, item: Draft, position: Position) -> None:
        line, column, end_line = position
        if item.task_def is not None:
            self.tasks[item.task_def.key] = item.task_def.name
        self.sites.append(replace(item, line=line, column=column, end_line=end_line))


def _falsy(node: cst.BaseExpression) -> bool:
    return (isinstance(node, cst.Name) and node.value in ("False", "None")) or \
        (isinstance(node, cst.Integer) and node.value == "0")


def _callables(value: cst.BaseExpression) -> bool:
    """A handler map's value: a function, a list of functions, or a lambda."""
    if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
        return bool(value.elements) and all(_callables(e.value) for e in value.elements)
    return isinstance(value, (cst.Name, cst.Attribute, cst.Lambda))






def _duck_callee(func: cst.BaseExpression, names: Names, scope: Scope) -> Optional[str]:
    """``self._event_bus.fire``, whose receiver no code types (a framework injects it): ``?_event_bus.fire``,
    for ``analyzer.effects`` to match with the project's one class whose name shares a word with it."""
    if not isinstance(func, cst.Attribute) or func.attr.value.startswith("__"):
        return None
    receiver = func.value
    if isinstance(receiver, cst.Name):
        name = receiver.value
    elif isinstance(receiver, cst.Attribute):
        name = receiver.attr.value
    else:
        return None
    if not MESSAGING_WORDS & name_words(name) or names.qualname(receiver, scope) is not None \
            or not _injected(receiver, names, scope):
        return None
    return f"?{name}.{func.attr.value}"


def _injected(receiver: cst.BaseExpression, names: Names, scope: Scope) -> bool:
    """Is the receiver something handed in from outside: an unannotated parameter (or an attribute of
    one), or an attribute of ``self`` the class sets only to None or to a parameter? A local variable
    made by a call is the call's, not an injected object."""
    base = receiver
    while isinstance(base, cst.Attribute):
        base = base.value
    if not isinstance(base, cst.Name):
        return False
    cls = names.self_class(base, scope)
    if cls is not None and isinstance(receiver, cst.Attribute) and receiver.value is base:
        assigned, annotation = names.class_attr(cls, receiver.attr.value)
        return annotation is None and all(
            (isinstance(value, cst.Name) and (value.value == "None" or any(
                type(b) is ParamBinding for b in value_scope.lookup(value.value)))) for value, value_scope in assigned)
    bindings = scope.lookup(base.value)
    return bool(bindings) and type(bindings[-1]) is ParamBinding and bindings[-1].annotation is None \
        and cls is None
