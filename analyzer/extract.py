"""Per-file extraction: source bytes in, :class:`FileFacts` out.

Pure and deterministic (no global state, no I/O), so it can run in worker
processes and be cached by content hash. Never imports or runs the code it reads.
"""
from __future__ import annotations

import ast
import codecs
import io
import threading
import tokenize
from typing import Any, Optional, Sequence

import libcst as cst

from . import values as V
from .apis import REGISTRY, match_call, match_decorator
from .model import FileFacts
from .positions import Locator
from .walk import walk
from .slicing import slice_source
from .scan import CAMEL_CASE, Collector, DecoratorRecord, Evaluator, last_name, source_text, string_value

MAX_FILE_BYTES = 2_000_000
BUS_METHODS = {"handle", "dispatch", "publish", "send", "fire", "emit", "execute", "post", "append",
               "publish_event", "raise_event", "send_command", "handle_message"}


_NOT_MESSAGE_ANNOTATIONS = {"Any", "Dict", "List", "Mapping", "Optional", "Message", "IncomingMessage",
                            "AbstractIncomingMessage", "StreamMessage", "Request", "Context", "Event", "Msg"}


def _callables(value: cst.BaseExpression) -> bool:
    """A handler map's value: a function, a list of functions, or a lambda."""
    if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
        return bool(value.elements) and all(_callables(e.value) for e in value.elements)
    return isinstance(value, (cst.Name, cst.Attribute, cst.Lambda))


def decode_source(data: bytes) -> str:
    """Decode as Python does (PEP 263 cookie or BOM, else UTF-8); raises ValueError with a reason."""
    if b"\x00" in data:
        raise ValueError("binary file (contains a NUL byte)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise ValueError(f"bad encoding declaration: {exc}") from None
    try:
        codecs.lookup(encoding)
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
        where = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise ValueError(f"cannot decode as {encoding}{where}: {reason}") from None


def _skip_validation(node: cst.CSTNode) -> None:
    pass


# libcst's own check, taken once: a parse restores exactly this, whatever other threads do meanwhile
_VALIDATION = cst.CSTNode.__dict__.get("__post_init__")
_SWITCH = threading.Lock()
_parsing = 0  # parses under way in this process without validation


def parse_module(source: str) -> cst.Module:
    """``libcst.parse_module`` without validating each node the parser builds: its output is valid by
    construction (libcst's own PERF note in ``CSTNode.__post_init__``), and the checks cost about 15%
    of a parse. Validation is back on as soon as no parse of this process runs."""
    global _parsing
    if _VALIDATION is None:  # a libcst that validates elsewhere: parse as it is
        return cst.parse_module(source)
    with _SWITCH:
        _parsing += 1
        cst.CSTNode.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(source)
    finally:
        with _SWITCH:
            _parsing -= 1
            if not _parsing:
                cst.CSTNode.__post_init__ = _VALIDATION  # type: ignore[method-assign]


def extract_file(path: str, module_name: str, is_package: bool, data: bytes,
                 slice_words: Optional[Sequence[str]] = None) -> FileFacts:
    """``slice_words``: parse only the definitions these words make relevant (``analyzer.slicing``);
    None parses the whole file."""
    facts = FileFacts(path=path, module=module_name)
    if len(data) > MAX_FILE_BYTES:
        facts.diagnostics.append({"path": path, "message": f"file too large ({len(data)} bytes), skipped",
                                  "line": 1, "column": 0})
        return facts
    try:
        source = decode_source(data)
    except ValueError as exc:
        facts.diagnostics.append({"path": path, "message": str(exc), "line": 1, "column": 0})
        return facts
    line_map = None
    if slice_words is not None:
        sliced = slice_source(source, slice_words, min_lines=0)
        try:
            module = parse_module(sliced.source)
            source, line_map, facts.dropped_words = sliced.source, sliced.line_map, sliced.dropped_words
        except Exception:  # noqa: BLE001 - whatever went wrong, the whole file says it best (below)
            slice_words = None
    try:
        if slice_words is None:
            module = parse_module(source)
    except cst.ParserSyntaxError as exc:
        facts.diagnostics.append(_syntax_error(path, source, exc))
        return facts
    except (RecursionError, MemoryError, Exception) as exc:  # libcst can fail in odd ways on odd input
        facts.diagnostics.append({"path": path, "message": f"cannot parse: {type(exc).__name__}",
                                  "line": 1, "column": 0})
        return facts
    facts.parsed = True
    try:
        _Extraction(facts, module, source, is_package, line_map).run()
    except RecursionError:
        facts.diagnostics.append({"path": path, "message": "cannot analyse: nesting too deep",
                                  "line": 1, "column": 0})
    except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the run
        facts.sites.clear()
        facts.pending.clear()
        facts.diagnostics.append({"path": path, "message": f"internal error while analysing "
                                  f"({type(exc).__name__}: {exc}); please report it", "line": 1, "column": 0})
    return facts


def _syntax_error(path: str, source: str, exc: cst.ParserSyntaxError) -> dict[str, Any]:
    """Python's own message and line where it has one: users know it from their tools."""
    try:
        compile(source, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as python_error:
        return {"path": path, "message": f"syntax error: {python_error.msg}",
                "line": python_error.lineno or 1, "column": max((python_error.offset or 1) - 1, 0)}
    except (ValueError, RecursionError, MemoryError):
        pass
    return {"path": path, "message": f"syntax error: {exc.message}", "line": exc.raw_line,
            "column": exc.raw_column}


class _Extraction:
    def __init__(self, facts: FileFacts, module: cst.Module, source: str, is_package: bool,
                 line_map: Optional[list[int]] = None) -> None:
        self.facts = facts
        self.module = module
        self.collector = Collector(facts.module, is_package)
        walk(module, self.collector)
        self.ev = Evaluator(self.collector, module)
        self.locator = Locator(source, module, line_map)
        self.site_methods = REGISTRY.site_methods
        self.site_functions = REGISTRY.site_functions
        self.wildcard_kinds = REGISTRY.wildcard_kinds
        self.factory_methods = {method for _, method in REGISTRY.factories}
        self.object_call_kinds = REGISTRY.decorated_kinds and bool(REGISTRY.object_calls)
        self._pending_decorators: dict[int, Optional[dict]] = {}
        self._receivers: Optional[dict] = None
        self._decorators_by_definition: Optional[dict[int, list[DecoratorRecord]]] = None

    def run(self) -> None:
        self.facts.imports = sorted(self.collector.imported_roots)
        self._calls()
        self._handler_maps()
        self._decorators()
        self._class_attributes()
        self._constants()
        self._exports()
        self._functions()
        self._classes()
        self.facts.message_refs = {name: ["ref", qual] for name, qual in sorted(self.ev.message_quals.items())}
        self.facts.imported_modules = sorted(self.collector.imported_modules)

    # -- sites ------------------------------------------------------------------------
    def _calls(self) -> None:
        for record in self.collector.calls:
            func, _, func_scope = self.ev.unwrap_partial(record.node.func, record.scope)
            name = last_name(func)
            if name is None:
                continue
            if isinstance(func, cst.Attribute):
                interesting = name in self.site_methods or name in self.site_functions
            else:
                qual = self.ev.qualname(func, func_scope)
                interesting = (qual or name).rsplit(".", 1)[-1] in self.site_functions
            if not interesting and not self._typed_callee(func, func_scope):
                if self._imported_callee(func, func_scope):
                    self._add_pending("object_call", self._light_call_info(record, func, func_scope),
                                      self.locator.call(record.ordinal, record.node))
                self._project_call(record)
                self._bus_call(record, name)
                continue
            info = self.ev.call_info(record.node, record.scope, then=record.then)
            info["previous"] = self._previous_call(record, func)
            bound = self._bound_decorators(func, record.scope)
            if bound:
                info["bound_decorators"] = bound
            drafts = match_call(info)
            position = None
            thin = None
            for item in drafts:
                if "declare" in item:
                    self._declare(item)
                    continue
                position = position or self.locator.call(record.ordinal, record.node)
                if thin is None:
                    thin = self.ev.thin_wrapper_arguments(record.node, record.scope)
                if thin:
                    item = dict(item, thin_wrapper=True)  # its callers are sites too (analyzer.wrappers)
                self._add_site(item, position)
            weak = all(item.get("needs_task") for item in drafts)  # also true without drafts
            if weak:
                # a fingerprint that needs a task name must not hide an object made in another module,
                # a project wrapper or an in-process bus (``bus.send(OrderPlaced(...))``)
                if self._pending_receiver(info) or self._pending_origin(info, func, func_scope):
                    self._add_pending("call", info, self.locator.call(record.ordinal, record.node))
                self._project_call(record)
                self._bus_call(record, name)

    def _previous_call(self, record, func: cst.BaseExpression) -> Optional[dict[str, Any]]:
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
                return {"method": previous.node.func.attr.value,
                        "args": [source_text(self.module, arg.value) for arg in previous.node.args]}
        return None

    def _class_attributes(self) -> None:
        """``groups = ["chat"]`` in a class deriving from a library class (``Registry.class_attribute``)."""
        if not REGISTRY.class_attributes:
            return
        for definition in self.collector.defs:
            if definition.kind != "class" or definition.cls is None:
                continue
            cls = definition.cls
            tag = self.ev.class_tag(cls)
            for attr, node in cls.body_attrs.items():
                # kind "*": any class, library base or not (arq's ``WorkerSettings.functions``)
                specs = (REGISTRY.class_attributes.get((tag.kind, attr), []) if tag is not None else []) + \
                    REGISTRY.class_attributes.get(("*", attr), [])
                if not specs:
                    continue
                info = {"func": None, "callee": None, "method": None, "name": attr,
                        "recv": tag.to_json() if tag is not None else None,
                        "recv_qual": None, "recv_text": definition.name, "task_qual": None, "then": None,
                        "args": [self.ev.arg_info(cst.Arg(value=node), cls.scope)],
                        "function": definition.qualname,
                        "class": cls.qualname, "module": self.facts.module,
                        "imports": sorted(self.collector.imported_roots),
                        "target": {"name": definition.name, "qualname": definition.qualname, "kind": "class",
                                   "class_attrs": {}}}
                position = None
                for spec_fn in specs:
                    for item in spec_fn(info):
                        if "element" in item:  # one site per element of a list: on the element's line
                            item = dict(item)
                            self._add_site(item, self.locator.class_attribute(
                                definition.ordinal, attr, node, element=item.pop("element")))
                            continue
                        position = position or self.locator.class_attribute(definition.ordinal, attr, node)
                        self._add_site(item, position)

    def _project_call(self, record) -> None:
        """Calls of project functions that take arguments: each may turn out to call a wrapper."""
        node = record.node
        func, bound, func_scope = self.ev.unwrap_partial(node.func, record.scope)
        if not node.args and not bound:
            return
        callee = self.ev.project_callee(func, func_scope)
        if callee is None:
            return
        args = [{"kw": arg.keyword.value if arg.keyword is not None else None, "star": arg.star,
                 "ir": self.ev.value_of(arg.value, arg_scope),
                 "cls": self.ev.message_class(arg.value, arg_scope)}
                for arg, arg_scope in [(a, func_scope) for a in bound] + [(a, record.scope) for a in node.args]]
        recv_ir = self.ev.value_of(func.value, func_scope) if isinstance(func, cst.Attribute) else None
        if not any(a["ir"][0] != "unknown" or a["cls"] for a in args) and \
                not (recv_ir and recv_ir[0] in ("inst", "ref")):
            return
        line, column, end_line = self.locator.call(record.ordinal, node)
        self.facts.calls.append({"callee": callee, "args": args, "line": line, "column": column,
                                 "end_line": end_line, "function": record.scope.function_name,
                                 "self_call": isinstance(func, cst.Attribute),
                                 "recv_ir": recv_ir,
                                 "text": source_text(self.module, node.func)})

    def _bus_call(self, record, method: str) -> None:
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
        cls = self.ev.message_class(positional[0].value, record.scope)
        if cls is None:
            return
        line, column, end_line = self.locator.call(record.ordinal, record.node)
        self.facts.bus_calls.append({"message": cls, "method": method, "receiver": receiver, "line": line,
                                     "column": column, "end_line": end_line,
                                     "function": record.scope.function_name})

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
                    qual = self.ev.qualname(key, scope)
                    if qual:
                        self.ev.message_quals[channel] = qual
                many = isinstance(element.value, (cst.List, cst.Tuple, cst.Set))
                if "command" in lowered:
                    delivery = "point-to-point"
                elif "event" in lowered or many:
                    delivery = "broadcast"
                else:
                    delivery = "point-to-point"
                self.facts.handlers[channel] = delivery
                if ordinal is None:
                    continue
                item = {"role": "consume", "library": "project", "transport": "inproc",
                        "api": f"{name}[{channel}]", "channel_kind": "event_type", "delivery": delivery,
                        "channel_ir": ["lit", channel], "channel_expr": source_text(self.module, key),
                        "reply": False, "message": channel if channel[:1].isupper() else None, "fold": None,
                        "evidence": [f"handler map {name}"], "function": scope.function_name}
                self._add_site(item, self.locator.dict_key(ordinal, node, index))

    def _classes(self) -> None:
        """Each class's declaration facts: bases, declared kind (dataclass, pydantic, ...), immutability."""
        for definition in self.collector.defs:
            if definition.kind != "class" or definition.cls is None:
                continue
            cls, node = definition.cls, definition.node
            bases = [self.ev.qualname(base, cls.scope) or source_text(self.module, base) for base in cls.bases]
            base_names = [b.rsplit(".", 1)[-1] for b in bases]
            features: list[str] = []
            frozen: Optional[bool] = None
            for decorator in node.decorators:
                expr = decorator.decorator
                name = last_name(expr.func if isinstance(expr, cst.Call) else expr)
                if name in ("dataclass", "s", "attrs", "define", "mutable", "frozen", "dataclass_json"):
                    features.append("attrs" if name in ("s", "attrs", "define", "mutable", "frozen") else "dataclass")
                    is_frozen = name == "frozen" or (isinstance(expr, cst.Call) and any(
                        a.keyword is not None and a.keyword.value == "frozen" and
                        isinstance(a.value, cst.Name) and a.value.value == "True" for a in expr.args))
                    frozen = bool(frozen) or is_frozen
            if any(b in ("BaseModel", "BaseSettings", "GenericModel") for b in base_names):
                features.append("pydantic")
                frozen = self._pydantic_frozen(cls)
            if any(b == "NamedTuple" for b in base_names):
                features.append("namedtuple")
                frozen = True
            if any(b == "Record" for b in base_names) and any("faust" in b for b in bases):
                features.append("faust-record")
            setters = self._setters(cls)
            if setters and frozen:
                frozen = False
            position = self.locator.definition("class", definition.ordinal, node)
            self.facts.classes[self.ev.module_qual(cls.qualname)] = {
                "name": cls.name, "bases": bases, "features": features, "frozen": frozen, "setters": setters,
                "line": position[0], "fields": [n for n in cls.annotations][:50],
            }

    def _pydantic_frozen(self, cls) -> bool:
        """``model_config = ConfigDict(frozen=True)`` or ``class Config: frozen = True / allow_mutation = False``."""
        config = cls.body_attrs.get("model_config")
        if isinstance(config, cst.Call):
            return any(a.keyword is not None and a.keyword.value == "frozen" and source_text(self.module, a.value)
                       == "True" for a in config.args)
        inner = self.ev.classes_by_qualname.get(f"{cls.qualname}.Config")
        if inner is not None:
            frozen = inner.body_attrs.get("frozen")
            mutation = inner.body_attrs.get("allow_mutation")
            return (frozen is not None and source_text(self.module, frozen) == "True") or \
                (mutation is not None and source_text(self.module, mutation) == "False")
        return False

    def _setters(self, cls) -> list[str]:
        """Methods that change the object after construction: ``@x.setter`` or ``self.x = ...`` outside init."""
        found = []
        for definition in self.collector.defs:
            if definition.kind != "def" or definition.cls is not cls:
                continue
            if definition.name in ("__init__", "__post_init__", "__new__", "__attrs_post_init__", "__setstate__"):
                continue
            if any(isinstance(d.decorator, cst.Attribute) and d.decorator.attr.value == "setter"
                   for d in definition.node.decorators):
                found.append(definition.name)
            elif definition.name in cls.self_assigning_methods:
                found.append(definition.name)
        return sorted(set(found))

    def _functions(self) -> None:
        """Parameter lists of every function, so call sites can bind arguments to them."""
        for definition in self.collector.defs:
            if definition.kind != "def":
                continue
            params = definition.node.params
            names = [p.name.value for p in list(params.posonly_params) + list(params.params)]
            kwonly = [p.name.value for p in params.kwonly_params]
            method = definition.cls is not None and bool(names) and not any(
                last_name(d.decorator) == "staticmethod" for d in definition.node.decorators)
            self.facts.functions[self.ev.module_qual(definition.qualname)] = {
                "params": names[1:] if method else names, "kwonly": kwonly, "method": method}

    def _typed_callee(self, func: cst.BaseExpression, scope) -> bool:
        """Calls of tagged objects (``self.dispatch(...)``) and any method of an RPC proxy."""
        if REGISTRY.object_calls:
            tag = self.ev.type_of(func, scope)
            if tag is not None and tag.kind in REGISTRY.object_calls:
                return True
        if self.wildcard_kinds and isinstance(func, cst.Attribute):
            tag = self.ev.type_of(func.value, scope)
            return tag is not None and tag.kind in self.wildcard_kinds
        return False

    def _bound_decorators(self, func: cst.BaseExpression, scope) -> Optional[list[dict[str, Any]]]:
        """The decorators of the function the call is in, when the call's receiver is that function's
        first parameter: what the decorator binds it to (Celery's ``self`` in a ``bind=True`` task)."""
        if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
            return None
        definition = scope.definition
        if definition is None or definition.kind != "def" or not isinstance(definition.node, cst.FunctionDef):
            return None
        params = definition.node.params.params
        if not params or params[0].name.value != func.value.value:
            return None
        if self._decorators_by_definition is None:
            self._decorators_by_definition = {}
            for record in self.collector.decorators:
                self._decorators_by_definition.setdefault(id(record.definition), []).append(record)
        infos = [self._decorator_info(record) for record in self._decorators_by_definition.get(id(definition), ())]
        return [info for info in infos if info is not None] or None

    def _decorators(self) -> None:
        for record in self.collector.decorators:
            info = self._decorator_info(record)
            if info is None:
                continue
            drafts = match_decorator(info)
            position = None
            for item in drafts:
                position = position or self._decorator_position(record)
                if item.get("role") == "consume":
                    if not item.get("message"):
                        item = dict(item, message=self._handler_message(record))
                    if record.definition.kind == "def":  # lets rules know the handler's own sends
                        item = dict(item, evidence=list(item.get("evidence") or []) +
                                    [f"handler: {record.definition.qualname}"])
                elif item.get("message") and item["message"] == info["target"].get("returns"):
                    self._return_message(record, register=True)  # the returned class is a message type
                self._add_site(item, position)
            func = record.expr.func if isinstance(record.expr, cst.Call) else record.expr
            if not drafts and (self._pending_receiver(info) or
                               self._pending_origin(info, func, record.definition.scope)):
                info["handler_message"] = self._handler_message(record)  # for a consume site, once matched
                if record.definition.kind == "def":
                    info["handler"] = record.definition.qualname
                self._add_pending("decorator", info, self._decorator_position(record))

    def _decorator_info(self, record: DecoratorRecord) -> Optional[dict[str, Any]]:
        definition = record.definition
        info = self.ev.decorator_info(definition, record.expr)
        if info is not None:
            info["target"]["class_attrs"] = self._class_strings(definition.cls if definition.kind == "def" else None)
            info["target"]["returns"] = self._return_message(record)
        return info

    def _class_strings(self, cls) -> dict[str, Any]:
        """String-valued class attributes of a method's class (nameko's ``name = "orders"``)."""
        if cls is None:
            return {}
        out = {}
        for attr, node in cls.body_attrs.items():
            value = self.ev.value_of(node, cls.scope)
            if V.is_known(value) and value[0] != "task":
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
        if name and CAMEL_CASE.match(name) and name not in _NOT_MESSAGE_ANNOTATIONS:
            qual = self.ev.qualname(annotation, record.definition.scope)
            if qual and not REGISTRY.is_library(qual):
                if register:
                    self.ev.message_quals[name] = qual
                return name
        return None

    def _decorator_position(self, record: DecoratorRecord) -> tuple[int, int, int]:
        definition = record.definition
        return self.locator.decorator(definition.kind, definition.ordinal, record.index, definition.node,
                                      record.expr)

    def _pending_decorator(self, definition) -> Optional[dict[str, Any]]:
        """The info of a decorator that may make ``definition`` an object once its receiver, imported
        from another project module, is known (``@huey.task()`` after ``from .app import huey``)."""
        if not self.object_call_kinds or definition.kind != "def" or not definition.node.decorators:
            return None
        key = id(definition.node)
        if key not in self._pending_decorators:
            found = None
            for decorator in definition.node.decorators:
                info = self.ev.decorator_info(definition, decorator.decorator)
                if info is not None and any(method == info.get("method") for _, method in REGISTRY.decorated_methods) \
                        and self._pending_receiver(info, any_method=True) and self._same_package(info["recv_qual"]):
                    found = info
                    break
            self._pending_decorators[key] = found
        return self._pending_decorators[key]

    def _light_call_info(self, record, func: cst.BaseExpression, scope) -> dict[str, Any]:
        """A compact call description (no arguments): a project calls many imported functions, few of
        which turn out to hold objects, and argument values would make the project read the modules
        they refer to. Object-call specs of decorated objects see the callee, never the arguments."""
        return {"func": self.ev.qualname(func, scope), "callee": None, "name": last_name(func),
                "method": func.attr.value if isinstance(func, cst.Attribute) else None, "recv": None,
                "recv_qual": None, "recv_text": None, "task_qual": None, "args": [], "then": record.then,
                "function": record.scope.function_name, "class": None, "module": self.facts.module,
                "imports": None}

    def _same_package(self, qualname: str) -> bool:
        """Whether ``qualname`` lives in this module's top-level package (a project object, not a
        third-party module such as ``oslo_service.periodic_task``)."""
        return qualname.split(".", 1)[0] == self.facts.module.split(".", 1)[0]

    def _imported_callee(self, func: cst.BaseExpression, scope) -> bool:
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
        bindings = self.ev.lookup(base.value, scope)
        if bindings and bindings[-1][0] == "def" and base is func:
            return self._pending_decorator(bindings[-1][2]) is not None
        if not bindings or bindings[-1][0] != "import":
            return False
        name = last_name(func) or ""
        if name[:1].isupper() or name.startswith("__"):  # classes and dunders are not decorated functions
            return False
        qual = self.ev.qualname(func, scope)
        if not qual or REGISTRY.is_library(qual) or qual.startswith(self.facts.module + "."):
            return False
        return self._same_package(qual)

    def _pending_receiver(self, info: dict[str, Any], any_method: bool = False) -> bool:
        """A method call on an object imported from another (project) module."""
        qual = info.get("recv_qual")
        if info.get("recv") or not qual or REGISTRY.is_library(qual):
            return False
        if not any_method and info.get("method") not in self.site_methods and \
                not any(method == info.get("method") for _, method in REGISTRY.decorator_methods):
            return False
        own = self.facts.module + "."
        return not qual.startswith(own)

    def _pending_origin(self, info: dict[str, Any], func: cst.BaseExpression, scope) -> bool:
        """A site method on an object made from another module's objects or factory functions
        (``cctxt = self.client.prepare()`` with ``self.client = rpc.get_client(target)``): its
        origin is kept and resolved project-wide."""
        if info.get("recv") or not isinstance(func, cst.Attribute):
            return False
        method = info.get("method")
        if method not in self.site_methods and \
                not any(name == method for _, name in REGISTRY.decorator_methods):
            return False
        origin = self.ev.origin_of(func.value, scope)
        if not self.ev.project_rooted(origin):
            return False
        info["recv_origin"] = origin
        return True

    def _add_site(self, item: dict[str, Any], position: tuple[int, int, int]) -> None:
        item = dict(item)
        item["line"], item["column"], item["end_line"] = position
        task = item.get("task_def")
        if task:
            self.facts.tasks[task["qualname"]] = task["name_ir"]
        self.facts.sites.append(item)

    def _add_pending(self, kind: str, info: dict[str, Any], position: tuple[int, int, int]) -> None:
        self.facts.pending.append({"kind": kind, "info": info, "line": position[0], "column": position[1],
                                   "end_line": position[2]})

    def _declare(self, item: dict[str, Any]) -> None:
        self.facts.exports.setdefault("__declarations__", []).append(
            {key: value for key, value in item.items() if key in ("declare", "name_ir", "exchange_type", "queue_ir",
                                                                  "key_ir", "transport")})

    # -- project-wide facts ---------------------------------------------------------------
    def _constants(self) -> None:
        scope = self.collector.module_scope
        constants = self.facts.constants
        for name, bindings in scope.bindings.items():
            binding = bindings[-1]
            if binding[0] == "import":
                constants[name] = ["ref", binding[1]]
            elif binding[0] == "expr":
                value = self.ev.value_of(binding[1], binding[2])
                if V.is_known(value) and value[0] != "task":
                    constants[name] = value
        for cls in self.collector.classes:
            for attr, value_node in cls.body_attrs.items():
                value = self.ev.value_of(value_node, cls.scope)
                if V.is_known(value) and value[0] != "task":
                    constants[f"{cls.qualname}.{attr}"] = value
            if cls.scope.kind == "module":
                constants.setdefault(f"{cls.qualname}.__class__", ["lit", cls.qualname])

    def _exports(self) -> None:
        scope = self.collector.module_scope
        for name, bindings in scope.bindings.items():
            binding = bindings[-1]
            if binding[0] in ("expr", "with"):
                tag = None
                for candidate in reversed(bindings):  # NOTIFIER = None, then set by init()
                    if candidate[0] in ("expr", "with"):
                        tag = self.ev.type_of(candidate[1], candidate[2])
                        if tag is not None:
                            break
                if tag is not None:
                    self.facts.exports[name] = tag.to_json()
                    continue
                origin = self.ev.origin_of(binding[1], binding[2])  # topic = app.topic(...), app imported
                if self.ev.project_rooted(origin) and origin["steps"] and all(
                        step.get("method") in self.factory_methods for step in origin["steps"]):
                    self.facts.exports[name] = {"kind": "@origin", "origin": origin}
            elif binding[0] == "def" and binding[2].kind == "def":
                # a decorated function that holds an object (a huey task), maybe through an imported object
                tag = self.ev.definition_tag(binding[2])
                if tag is not None:
                    self.facts.exports[name] = tag.to_json()
                elif self._pending_decorator(binding[2]) is not None:
                    self.facts.exports[name] = {"kind": "@decorated", "decorator": self._pending_decorator(binding[2])}
                elif binding[2].returns:
                    self._export_factory(name, binding[2])

    def _export_factory(self, name: str, definition) -> None:
        """A module function that returns a library object, maybe built from its parameters
        (``def get_client(target): return messaging.get_rpc_client(TRANSPORT, target)``): other
        modules calling it get the object, typed with their arguments at resolve time."""
        for value, value_scope in definition.returns:
            if value_scope.definition is not definition or not isinstance(value, (cst.Call, cst.Name, cst.Attribute)):
                continue
            origin = self.ev.origin_of(value, value_scope)
            if origin is not None and ("ctor" in origin["root"] or "tag" in origin["root"]):
                self.facts.exports[name] = {"kind": "@factory", "origin": origin}
                return
