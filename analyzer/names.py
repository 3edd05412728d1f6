"""What a name in a module refers to: qualified names, ``self`` and its class, class attributes.

``P`` is ``kafka.KafkaProducer`` after ``from kafka import KafkaProducer as P``; ``self.producer``
is an attribute of the method's class (or of a base class in the same module).
"""
from __future__ import annotations

import re

from typing import Any, Callable, Optional

import libcst as cst

from .registry import Registry
from .scopes import (ClassInfo, Collector, DefBinding, DefInfo, ExprBinding, ImportBinding, LoopBinding, ParamBinding, Scope,
                     VALUE_BINDINGS, decorator_name, dotted_name, string_value)

MAX_DEPTH = 12  # how deep the evaluation of one expression may recurse


class Names:
    def __init__(self, collector: Collector, module: cst.Module, registry: Registry) -> None:
        self.collector = collector
        self.module = module
        self.registry = registry
        self.module_name = collector.module_name
        self.classes_by_qualname = {cls.qualname: cls for cls in collector.classes}
        self.methods_by_class = {(d.cls.qualname, d.name): d for d in collector.defs
                                 if not d.is_class and d.cls is not None}
        self.functions_by_qualname = {d.qualname: d for d in collector.defs if not d.is_class}
        self.aliases: dict[str, str] = {}  # module-level names that stand for a library API (see _aliases)
        self._find_aliases()

    def _find_aliases(self) -> None:
        """Module-level classes deriving from a library function or decorator class (``class
        MetricsJob(rq.decorators.job)``) and names bound to a partial of one (``job = partial(MetricsJob,
        connection=c)``): each is used as the library's (by qualified name; keyed by its own)."""
        found = self.aliases  # filled as found: a partial of an aliased class is an alias too
        scope = self.collector.module_scope
        for name, bindings in scope.bindings.items():
            binding = bindings[-1]
            if type(binding) is DefBinding and binding.definition.is_class:
                for base in binding.definition.cls.bases:
                    qual = self.qualname(base, scope)
                    if self.registry.aliasable(qual):
                        found[self.module_qual(name)] = qual
                        break
        for name, bindings in scope.bindings.items():
            binding = bindings[-1]
            if type(binding) is ExprBinding and isinstance(binding.value, cst.Call) and binding.value.args \
                    and self.qualname(binding.value.func, scope) == "functools.partial":
                qual = self.qualname(binding.value.args[0].value, binding.scope)
                if self.registry.aliasable(qual):
                    found[self.module_qual(name)] = qual

    def module_qual(self, local_qualname: str) -> str:
        return f"{self.module_name}.{local_qualname}" if self.module_name else local_qualname

    def local_of(self, qualname: Optional[str]) -> Optional[str]:
        """``pkg.mod.Cls`` -> ``Cls`` when ``qualname`` is in this module."""
        prefix = self.module_name + "." if self.module_name else ""
        return qualname[len(prefix):] if qualname and qualname.startswith(prefix) else None

    def qualname(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, cst.Name):
            bindings = scope.lookup(expr.value)
            if not bindings:
                return None
            binding = bindings[-1]
            kind = type(binding)
            if kind is ImportBinding:
                return binding.target
            if self.aliases and bindings is self.collector.module_scope.bindings.get(expr.value):
                alias = self.aliases.get(self.module_qual(expr.value))
                if alias is not None:  # a subclass or partial of a library API
                    return alias
            if kind is DefBinding:
                return self.module_qual(binding.qualname)
            if kind is ExprBinding and isinstance(binding.value, (cst.Name, cst.Attribute)):
                return self.qualname(binding.value, binding.scope, depth + 1)
            return None
        if isinstance(expr, cst.Attribute):
            base = self.qualname(expr.value, scope, depth + 1)
            return f"{base}.{expr.attr.value}" if base else None
        return None

    def self_class(self, expr: cst.BaseExpression, scope: Scope) -> Optional[ClassInfo]:
        """The class whose method's ``self`` the expression is."""
        if isinstance(expr, cst.Name) and scope.self_name == expr.value and scope.cls is not None:
            bindings = scope.lookup(expr.value)
            if bindings and type(bindings[-1]) is ParamBinding:
                return scope.cls
        return None

    def class_attr(self, cls: ClassInfo, attr: str) -> tuple[list, Optional[tuple]]:
        """Assignments and annotation of ``attr`` on ``cls`` or a same-module base."""
        seen = 0
        todo = [cls]
        while todo and seen < 8:
            current = todo.pop(0)
            seen += 1
            assigned = current.attrs.get(attr, [])
            annotation = current.annotations.get(attr)
            if assigned or annotation:
                return assigned, annotation
            for base in current.bases:
                local = dotted_name(base)
                if local and local in self.classes_by_qualname:
                    todo.append(self.classes_by_qualname[local])
        return [], None

    def defines_method(self, cls: ClassInfo, name: str) -> bool:
        """Does ``cls`` or a same-module base define the method ``name`` (``self.publish`` is then the
        project's own, not a library's of the same name)?"""
        todo, seen = [cls], 0
        while todo and seen < 8:
            current = todo.pop(0)
            seen += 1
            if f"{current.qualname}.{name}" in self.functions_by_qualname:
                return True
            todo.extend(self.classes_by_qualname[local] for base in current.bases
                        for local in [dotted_name(base)] if local and local in self.classes_by_qualname)
        return False

    def self_attribute(self, expr: cst.Attribute, scope: Scope, from_value: Callable[[Any, Scope], Any],
                       from_annotation: Callable[[Any, Scope], Any]) -> Any:
        """``self.x``: the first of its assignments (latest first) that ``from_value`` can read, else
        what ``from_annotation`` reads from its annotation; None when ``expr`` is not on ``self``."""
        cls = self.self_class(expr.value, scope)
        if cls is None:
            return None
        assigned, annotation = self.class_attr(cls, expr.attr.value)
        for value, value_scope in reversed(assigned):
            found = from_value(value, value_scope)
            if found:
                return found
        return from_annotation(annotation[0], annotation[1]) if annotation is not None else None

    def instance_class(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        """The (project) class an expression is an instance of: ``EventBus()``, an annotation, ``self.bus``."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, cst.Call):
            cls = self.self_class(expr.func, scope)
            if cls is not None:  # cls() in a classmethod
                return self.module_qual(cls.qualname)
            qual = self.qualname(expr.func, scope, depth + 1)
            if not qual or self.registry.is_library(qual):
                return None
            if qual.rsplit(".", 1)[-1][:1].isupper():
                return qual
            local = self.local_of(qual)
            definition = self.functions_by_qualname.get(local) if local is not None else None
            if definition is not None:  # a function of this module: what it returns
                return self.returned_class(definition, depth + 1)
            return f"{qual}()"  # what another module's function returns (Signature.returns, project-wide)
        if isinstance(expr, cst.Name):  # for comm in self.comms: an item of what the loop walks
            return self._through_bindings(expr.value, scope, lambda v, sc: self.instance_class(v, sc, depth + 1),
                                          lambda a, sc: self.qualname(a, sc, depth + 1),
                                          lambda i, sc: self.element_class(i, sc, depth + 1))
        if isinstance(expr, cst.Attribute):
            found = self.self_attribute(expr, scope, lambda v, sc: self.instance_class(v, sc, depth + 1),
                                        lambda a, sc: self.qualname(a, sc, depth + 1))
            own = self.self_class(expr.value, scope)
            if found is None and own is None:
                owner = self.instance_class(expr.value, scope, depth + 1)
                if owner is not None and not owner.endswith("()"):
                    return f"{owner}.{expr.attr.value}"  # hass.bus: an attribute of a project object, project-wide
            if found is None and own is not None and own.bases and not any(self.class_attr(own, expr.attr.value)) \
                    and (own.qualname, expr.attr.value) not in self.methods_by_class:
                # self.hass where a base class in another module declares it: project-wide, through the bases
                return self.module_qual(f"{own.qualname}.{expr.attr.value}")
            cls = self.self_class(expr.value, scope) if found is None else None
            method = self.methods_by_class.get((cls.qualname, expr.attr.value)) if cls is not None else None
            if method is not None and any(decorator_name(d.decorator) in ("property", "cached_property")
                                          for d in method.node.decorators):
                return self.returned_class(method, depth + 1)  # self.client, a property
            return found
        return None

    @staticmethod
    def _through_bindings(name: str, scope: Scope, from_value: Callable[[Any, Scope], Any],
                          from_annotation: Callable[[Any, Scope], Any],
                          from_loop: Optional[Callable[[Any, Scope], Any]] = None) -> Any:
        """What the latest binding of ``name`` that says something gives: its value, its annotation, or
        (``from_loop``) the collection a loop variable walks."""
        for binding in reversed(scope.lookup(name)):
            kind = type(binding)
            if kind in VALUE_BINDINGS:
                found = from_value(binding.value, binding.scope)
            elif kind is ParamBinding and binding.annotation is not None:
                found = from_annotation(binding.annotation, binding.scope)
            elif kind is LoopBinding and from_loop is not None:
                found = from_loop(binding.iterable, binding.scope)
            else:
                found = None
            if found:
                return found
        return None

    def element_class(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        """The project class of the items of a collection: ``comms: list[Communicator]``, ``self.comms``
        assigned from such a parameter, ``[MqttComm(), LogComm()]`` (its first item that says)."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
            for element in expr.elements:
                found = self.instance_class(element.value, scope, depth + 1)
                if found:
                    return found
            return None
        if isinstance(expr, cst.Name):
            return self._through_bindings(expr.value, scope, lambda v, sc: self.element_class(v, sc, depth + 1),
                                          lambda a, sc: self.annotated_class(a, sc, depth + 1))
        if isinstance(expr, cst.Attribute):
            return self.self_attribute(expr, scope, lambda v, sc: self.element_class(v, sc, depth + 1),
                                       lambda a, sc: self.annotated_class(a, sc, depth + 1))
        return None

    def returned_class(self, definition: DefInfo, depth: int = 0) -> Optional[str]:
        """The project class a function returns an instance of (its first return that says)."""
        for value, value_scope in definition.returns:
            found = self.instance_class(value, value_scope, depth + 1)
            if found:
                return found
        annotation = definition.node.returns if isinstance(definition.node, cst.FunctionDef) else None
        return self.annotated_class(annotation.annotation, definition.scope) if annotation is not None else None

    def annotated_class(self, annotation: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        """The first project class an annotation names: ``Client``, ``Optional[Client]``,
        ``Union[SimpleClient, TornadoClient]``, ``"Client"``, ``Client | None``."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(annotation, cst.SimpleString):
            text = string_value(annotation)
            try:
                annotation = cst.parse_expression(text) if isinstance(text, str) else annotation
            except Exception:  # noqa: BLE001 - an annotation that is not an expression says nothing
                return None
        if isinstance(annotation, cst.Subscript):
            for element in annotation.slice:
                if isinstance(element.slice, cst.Index):
                    found = self.annotated_class(element.slice.value, scope, depth + 1)
                    if found:
                        return found
            return None
        if isinstance(annotation, cst.BinaryOperation):
            return self.annotated_class(annotation.left, scope, depth + 1) or \
                self.annotated_class(annotation.right, scope, depth + 1)
        qual = self.qualname(annotation, scope, depth + 1)
        if not qual or self.registry.is_library(qual) or not qual.rsplit(".", 1)[-1][:1].isupper():
            return None
        return qual

    def local_class(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[ClassInfo]:
        """The class of this module that ``expr`` names (``Catalog``) or is an instance of (``Catalog()``)."""
        if not self.classes_by_qualname:
            return None
        qual = self.qualname(expr, scope, depth + 1) or self.instance_class(expr, scope, depth + 1)
        local = self.local_of(qual)
        return self.classes_by_qualname.get(local) if local is not None else None

    def project_callee(self, func: cst.BaseExpression, scope: Scope) -> Optional[str]:
        """The module-qualified name of the project function or method a call reaches, if any."""
        if isinstance(func, cst.Attribute):
            cls = self.self_class(func.value, scope)
            if cls is not None:
                return self.module_qual(f"{cls.qualname}.{func.attr.value}")
            value = func.value
            if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "super" \
                    and scope.cls is not None and scope.cls.bases:  # super().__init__(...): the first base's
                base = self.qualname(scope.cls.bases[0], scope.cls.scope)
                return f"{base}.{func.attr.value}" if base and not self.registry.is_library(base) else None
            owner = self.instance_class(func.value, scope)
            if owner is not None:
                return f"{owner}.{func.attr.value}"
        qual = self.qualname(func, scope)
        if qual is None or self.registry.is_library(qual):
            return None
        return qual

    def definition_of(self, name: cst.Name, scope: Scope) -> Optional[DefInfo]:
        """The function or class of this module a plain name is bound to (its latest binding)."""
        bindings = scope.lookup(name.value)
        return bindings[-1].definition if bindings and type(bindings[-1]) is DefBinding else None


# receivers named like a messaging object: an untyped ``self._event_bus.fire(...)`` may be the project's bus
MESSAGING_WORDS = frozenset(("bus", "event", "events", "broker", "publisher", "producer", "consumer", "dispatcher",
                             "emitter", "notifier", "messenger", "pubsub", "signal", "signals", "mediator",
                             "sender", "hub"))
# ... and names that say a function sends or receives (``send_event``, ``notify_about_usage``, ``publish``)
MESSAGING_VERBS = frozenset((
    "send", "sends", "sent", "publish", "publishes", "emit", "emits", "fire", "fires", "notify", "notifies",
    "notification", "notifications", "dispatch", "dispatcher", "broadcast", "enqueue", "queue", "post",
    "trigger", "signal", "signals", "announce", "cast", "produce", "producer", "push", "submit", "schedule",
    "delay", "event", "events", "message", "messages", "msg", "task", "tasks", "job", "jobs", "subscribe",
    "listen", "listener", "consume", "consumer", "handle", "handler", "bus", "broker", "publisher", "rpc",
    "mqtt", "kafka", "amqp", "webhook", "webhooks", "hook", "hooks", "callback", "callbacks"))
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def name_words(name: str) -> set[str]:
    """``_event_bus`` and ``EventBus`` -> {"event", "bus"}."""
    return {word.lower() for word in _WORD.findall(name)}
