"""What a module offers the rest of the project: its constants, exported objects, function
signatures and class declarations (``FileFacts.constants``, ``exports``, ``functions``, ``classes``)."""
from __future__ import annotations

from typing import Callable, Optional

import libcst as cst

from .calls import CallInfo, CtorRoot, MethodStep, Origin, ParamRoot, SelfRoot, TagRoot
from .describe import Evaluator
from .facts import ClassFacts, DecoratedExport, Export, FactoryExport, Member, OriginExport, Signature
from .positions import Locator
from .registry import Registry
from .settings import OPTION_TYPES
from .scopes import (ClassInfo, Collector, DefBinding, DefInfo, ExprBinding, ImportBinding, ParamBinding, VALUE_BINDINGS, last_name,
                     source_text)
from .values import Concat, FirstKnown, Lit, Ref, TaskRef, Value, is_known

_TEXT_VALUES = (Lit, Concat)  # what a function may return that names a channel

_DATACLASS_DECORATORS = ("dataclass", "s", "attrs", "define", "mutable", "frozen", "dataclass_json")
_ATTRS_DECORATORS = ("s", "attrs", "define", "mutable", "frozen")
_CONSTRUCTION = ("__init__", "__post_init__", "__new__", "__attrs_post_init__", "__setstate__")


class ModuleFacts:
    def __init__(self, ev: Evaluator, collector: Collector, module: cst.Module, registry: Registry,
                 pending_decorator: Callable[[DefInfo], Optional[CallInfo]]) -> None:
        self.ev = ev
        self.collector = collector
        self.module = module
        self.registry = registry
        self.pending_decorator = pending_decorator  # a decorator on an imported object, if the function has one

    def constants(self) -> dict[str, Value]:
        """Module-level names with a known value (imports as references), and class attributes."""
        values = self.ev.values
        constants: dict[str, Value] = {}
        for name, bindings in self.collector.module_scope.bindings.items():
            binding = bindings[-1]
            if type(binding) is ImportBinding:
                constants[name] = Ref(binding.target)
            elif type(binding) is ExprBinding:
                value = values.value_of(binding.value, binding.scope)
                if is_known(value) and type(value) is not TaskRef:
                    constants[name] = value
        for cls in self.collector.classes:
            for attr, value_node in cls.body_attrs.items():
                value = values.value_of(value_node, cls.scope)
                if is_known(value) and type(value) is not TaskRef:
                    constants[f"{cls.qualname}.{attr}"] = value
            if cls.scope.is_module:
                constants.setdefault(f"{cls.qualname}.__class__", Lit(cls.qualname))
        for definition in self.collector.defs:  # what a module function returns: ``queue_name(port)``
            if definition.is_class or definition.cls is not None or not definition.scope.is_module:
                continue
            returned = [values.value_of(value, value_scope) for value, value_scope in definition.returns
                        if value_scope.definition is definition]
            texts = tuple(value for value in returned if type(value) in _TEXT_VALUES)
            if texts:  # the first one the function returns: its plain case comes first, as a rule
                constants[f"{definition.qualname}()"] = texts[0] if len(texts) == 1 else FirstKnown(texts)
        return constants

    def options(self) -> dict[str, Value]:
        """oslo.config options the module declares with a default (``cfg.StrOpt("topic", default="x")``)."""
        found: dict[str, Value] = {}
        for record in self.collector.calls:
            node = record.node
            if self.ev.names.qualname(node.func, record.scope) not in OPTION_TYPES:
                continue
            args = [arg for arg in node.args if not arg.star]
            name = next((arg.value for arg in args if arg.keyword is None or arg.keyword.value == "name"), None)
            default = next((arg.value for arg in args if arg.keyword is not None and arg.keyword.value == "default"),
                           None)
            if name is None or default is None:
                continue
            key = self.ev.values.value_of(name, record.scope)
            value = self.ev.values.value_of(default, record.scope)
            if type(key) is Lit and is_known(value):
                found[key.text] = value
        return found

    def class_setters(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Decorator factories that set an attribute of what they decorate from their own parameter
        (``def assign_queue(name): def decorate(cls): cls.queue_name = name``): factory -> (attribute,
        parameter). A class so decorated has that attribute, as a class body would give it."""
        found: dict[str, list[tuple[str, str]]] = {}
        for definition in self.collector.defs:
            node = definition.node
            if definition.is_class or not isinstance(node.body, cst.IndentedBlock):
                continue
            own = {param.name.value for param in node.params.params}
            for statement in node.body.body:
                if not isinstance(statement, cst.SimpleStatementLine):
                    continue
                for small in statement.body:
                    if not (isinstance(small, cst.Assign) and len(small.targets) == 1
                            and isinstance(small.targets[0].target, cst.Attribute)
                            and isinstance(small.targets[0].target.value, cst.Name)
                            and small.targets[0].target.value.value in own and isinstance(small.value, cst.Name)):
                        continue
                    bindings = definition.scope.lookup(small.value.value)
                    binding = bindings[-1] if bindings else None
                    if type(binding) is ParamBinding and binding.function is not None \
                            and binding.function != definition.qualname:  # a parameter of the factory
                        found.setdefault(self.ev.names.module_qual(binding.function), []).append(
                            (small.targets[0].target.attr.value, small.value.value))
        return {function: tuple(pairs) for function, pairs in found.items()}

    def exports(self) -> dict[str, Export]:
        """Module-level names that hold messaging objects, or objects other modules complete."""
        objects = self.ev.objects
        factory_methods = {method for _, method in self.registry.factories}
        exports: dict[str, Export] = {}
        for name, bindings in self.collector.module_scope.bindings.items():
            binding = bindings[-1]
            if type(binding) in VALUE_BINDINGS:
                tag = None
                for candidate in reversed(bindings):  # NOTIFIER = None, then set by init()
                    if type(candidate) in VALUE_BINDINGS:
                        tag = objects.type_of(candidate.value, candidate.scope)
                        if tag is not None:
                            break
                if tag is not None:
                    exports[name] = tag
                    continue
                origin = objects.origin_of(binding.value, binding.scope)  # topic = app.topic(...), app imported
                if origin is not None and origin.project_rooted and origin.steps and all(
                        type(step) is MethodStep and step.name in factory_methods for step in origin.steps):
                    exports[name] = OriginExport(origin)
            elif type(binding) is DefBinding and not binding.definition.is_class:
                # a decorated function that holds an object (a huey task), maybe through an imported object
                definition = binding.definition
                tag = objects.definition_tag(definition)
                decorator = self.pending_decorator(definition) if tag is None else None
                if tag is not None:
                    exports[name] = tag
                elif decorator is not None:
                    exports[name] = DecoratedExport(decorator)
                elif definition.returns:
                    factory = self._factory(definition)
                    if factory is not None:
                        exports[name] = factory
        return exports

    def _factory(self, definition: DefInfo) -> Optional[FactoryExport]:
        """A module function that returns a library object, maybe built from its parameters
        (``def get_client(target): return messaging.get_rpc_client(TRANSPORT, target)``): other
        modules calling it get the object, typed with their arguments at resolve time."""
        for value, value_scope in definition.returns:
            if value_scope.definition is not definition or not isinstance(value, (cst.Call, cst.Name, cst.Attribute)):
                continue
            origin = self.ev.objects.origin_of(value, value_scope)
            if origin is not None and type(origin.root) in (CtorRoot, TagRoot):
                return FactoryExport(origin)
        return None

    def members(self) -> dict[str, Member]:
        """What each class's methods return and its attributes hold, where that may be a messaging object
        another module completes: a proxy's ``self.client`` from a factory, a property returning a router,
        a method returning ``self.client.prepare(...)`` (templates, realised in ``analyzer.resolve``)."""
        names = self.ev.names
        found: dict[str, Member] = {}
        for definition in self.collector.defs:
            cls = definition.cls
            if definition.is_class or cls is None or definition.name == "__init__":
                continue
            decorators = {last_name(d.decorator) for d in definition.node.decorators}
            kind = "property" if decorators & {"property", "cached_property"} else "method"
            for value, value_scope in definition.returns:
                if value_scope.definition is not definition:
                    continue
                origin = self._template(value, value_scope)
                if origin is not None:
                    found[names.module_qual(definition.qualname)] = Member(
                        kind, origin, names.module_qual(definition.qualname))
                    break
        for cls in self.collector.classes:
            for attr, assigned in cls.attrs.items():
                for value, value_scope in reversed(assigned):
                    method = value_scope.definition
                    origin = self._template(value, value_scope)
                    if origin is None or (type(origin.root) is ParamRoot and (
                            method is None or method.name != "__init__")):
                        continue
                    function = names.module_qual(method.qualname) if method is not None else ""
                    found[names.module_qual(f"{cls.qualname}.{attr}")] = Member("attribute", origin, function)
                    break
        return found

    def _template(self, value: cst.BaseExpression, scope) -> Optional[Origin]:
        """A member's value as an origin, if it may be a messaging object: a library object, or one made
        from ``self``, another module's name or a parameter through calls and attributes."""
        if not isinstance(value, (cst.Call, cst.Name, cst.Attribute)):
            return None
        objects = self.ev.objects
        origin = objects.origin_of(value, scope)  # first: it keeps what self and the parameters hold
        if origin is not None and (type(origin.root) in (CtorRoot, TagRoot, SelfRoot) or origin.steps or (
                type(origin.root) is ParamRoot and scope.definition is not None and scope.definition.name == "__init__")):
            return origin
        tag = objects.type_of(value, scope)
        return Origin(TagRoot(tag)) if tag is not None else None

    def functions(self, locator: Locator) -> dict[str, Signature]:
        """Parameter lists of every function, so call sites can bind arguments to them."""
        found: dict[str, Signature] = {}
        for definition in self.collector.defs:
            if definition.is_class:
                continue
            params = definition.node.params
            names = [p.name.value for p in list(params.posonly_params) + list(params.params)]
            kwonly = tuple(p.name.value for p in params.kwonly_params)
            method = definition.cls is not None and bool(names) and not any(
                last_name(d.decorator) == "staticmethod" for d in definition.node.decorators)
            found[self.ev.names.module_qual(definition.qualname)] = Signature(
                tuple(names[1:] if method else names), kwonly, method,
                self.ev.names.returned_class(definition) if definition.returns else None,
                locator.definition(False, definition.ordinal, definition.node)[0],
                method and _abstract(definition.node))
        return found

    def classes(self, locator: Locator) -> dict[str, ClassFacts]:
        """Each class's declaration facts: bases, declared kind (dataclass, pydantic, ...), immutability."""
        found: dict[str, ClassFacts] = {}
        for definition in self.collector.defs:
            if not definition.is_class or definition.cls is None:
                continue
            cls, node = definition.cls, definition.node
            bases = [self.ev.names.qualname(base, cls.scope) or source_text(self.module, base)
                     for base in (b.value if isinstance(b, cst.Subscript) else b for b in cls.bases)]  # Base[T]
            base_names = [b.rsplit(".", 1)[-1] for b in bases]
            features: list[str] = []
            frozen: Optional[bool] = None
            for decorator in node.decorators:
                expr = decorator.decorator
                name = last_name(expr.func if isinstance(expr, cst.Call) else expr)
                if name in _DATACLASS_DECORATORS:
                    features.append("attrs" if name in _ATTRS_DECORATORS else "dataclass")
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
            for name, (root, feature) in self.registry.message_bases.items():  # faust.Record
                if name in base_names and any(root in b for b in bases):
                    features.append(feature)
            setters = self._setters(cls)
            if setters and frozen:
                frozen = False
            line = locator.definition(True, definition.ordinal, node)[0]
            found[self.ev.names.module_qual(cls.qualname)] = ClassFacts(
                name=cls.name, bases=tuple(bases), features=tuple(features), frozen=frozen, setters=tuple(setters),
                line=line, fields=tuple(list(cls.annotations)[:50]), attributes=self._attribute_classes(cls))
        return found

    def _attribute_classes(self, cls: ClassInfo) -> tuple[tuple[str, str], ...]:
        """``self.bus = EventBus(self)``: the project class each attribute holds, so that ``hass.bus.fire()``
        in another module reaches ``EventBus.fire``."""
        names = self.ev.names
        found = []
        for attr, assigned in cls.attrs.items():
            for value, value_scope in reversed(assigned):
                made = names.instance_class(value, value_scope) if isinstance(value, cst.Call) else None
                if made is not None and not made.endswith("()"):
                    found.append((attr, made))
                    break
        known = {attr for attr, _ in found}
        for attr, (annotation, scope) in cls.annotations.items():  # client: MQTT (a dataclass field, self.x: T)
            if attr not in known:
                made = names.annotated_class(annotation, scope)
                if made is not None:
                    found.append((attr, made))
        return tuple(sorted(found))

    def _pydantic_frozen(self, cls: ClassInfo) -> bool:
        """``model_config = ConfigDict(frozen=True)`` or ``class Config: frozen = True / allow_mutation = False``."""
        config = cls.body_attrs.get("model_config")
        if isinstance(config, cst.Call):
            return any(a.keyword is not None and a.keyword.value == "frozen" and source_text(self.module, a.value)
                       == "True" for a in config.args)
        inner = self.ev.names.classes_by_qualname.get(f"{cls.qualname}.Config")
        if inner is not None:
            frozen = inner.body_attrs.get("frozen")
            mutation = inner.body_attrs.get("allow_mutation")
            return (frozen is not None and source_text(self.module, frozen) == "True") or \
                (mutation is not None and source_text(self.module, mutation) == "False")
        return False

    def _setters(self, cls: ClassInfo) -> list[str]:
        """Methods that change the object after construction: ``@x.setter`` or ``self.x = ...`` outside init."""
        found = []
        for definition in self.collector.defs:
            if definition.is_class or definition.cls is not cls or definition.name in _CONSTRUCTION:
                continue
            if any(isinstance(d.decorator, cst.Attribute) and d.decorator.attr.value == "setter"
                   for d in definition.node.decorators):
                found.append(definition.name)
            elif definition.name in cls.self_assigning_methods:
                found.append(definition.name)
        return sorted(set(found))


def _abstract(node: cst.FunctionDef) -> bool:
    """Is a method only a promise its subclasses keep: ``@abstractmethod``, or a body that is a docstring,
    ``pass``, ``...`` or ``raise NotImplementedError``?"""
    if any(last_name(d.decorator) == "abstractmethod" for d in node.decorators):
        return True
    statements = node.body.body if isinstance(node.body, cst.IndentedBlock) else (node.body,)
    for statement in statements:
        smalls = statement.body if isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)) \
            else (statement,)
        for line in smalls:
            if isinstance(line, cst.Pass) or (isinstance(line, cst.Expr) and isinstance(
                    line.value, (cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis))):
                continue
            if isinstance(line, cst.Raise) and line.exc is not None and last_name(
                    line.exc.func if isinstance(line.exc, cst.Call) else line.exc) == "NotImplementedError":
                continue
            return False
    return True
