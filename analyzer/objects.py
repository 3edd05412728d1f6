"""Which messaging object an expression holds, as a :class:`~analyzer.calls.Tag`.

Follows constructors, factory methods (``BlockingConnection().channel()``), factory functions
and methods of the same module, annotations and ``self.x``, setup calls (``sock.bind(address)``),
decorators that make objects (``@huey.task()``), and an ``__init__`` parameter without
annotation by what the module passes for it where it builds the class. An object made from
another project module's objects is described by its :class:`~analyzer.calls.Origin` instead,
typed at resolve time.
"""
from __future__ import annotations

from typing import Optional, Protocol

import libcst as cst

from .calls import AttrStep, CallInfo, CtorRoot, MethodStep, Origin, ParamRoot, RefRoot, SelfRoot, Tag, TagRoot
from .expressions import Values
from .names import MAX_DEPTH, Names
from .registry import Registry
from .scopes import (Binding, CallRecord, ClassInfo, DefBinding, DefInfo, ImportBinding, ParamBinding, Scope,
                     VALUE_BINDINGS, dotted_name, string_value)
from .values import Lit, Value


class Describes(Protocol):
    """What reading objects asks of the call descriptions (``analyzer.describe``), which ask it back: a
    factory's settings come from its call, a decorator's object from the decorator."""

    def call_info(self, call: cst.Call, scope: Scope, depth: int = 0, then: Optional[str] = None) -> CallInfo: ...

    def decorator_info(self, definition: DefInfo, expr: cst.BaseExpression, depth: int = 0,
                       class_attrs: Optional[dict[str, Value]] = None,
                       returns: Optional[str] = None) -> Optional[CallInfo]: ...

    def setup_info(self, record: CallRecord) -> CallInfo: ...


class Objects:
    def __init__(self, names: Names, values: Values, registry: Registry) -> None:
        self.names = names
        self.values = values
        self.registry = registry
        self.describer: Describes  # set by the Evaluator (the two ask each other)
        self._types: dict[tuple[int, int], Optional[Tag]] = {}
        self._constructed: dict[tuple[str, str], Optional[Tag]] = {}
        self._setup_index: Optional[dict] = None
        self._call_scopes: dict[tuple[int, int], Scope] = {}
        self._origins: dict[tuple[int, int], Optional[Origin]] = {}

    # -- object tags ----------------------------------------------------------------
    def type_of(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[Tag]:
        if depth > MAX_DEPTH:
            return None
        key = (id(expr), id(scope))
        if key in self._types:
            return self._types[key]
        self._types[key] = None  # guards against cycles such as x = x.channel()
        tag = self._type_of(expr, scope, depth)
        self._types[key] = tag
        return tag

    def _type_of(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> Optional[Tag]:
        if isinstance(expr, cst.BooleanOperation):  # client or redis.Redis()
            return self.type_of(expr.left, scope, depth + 1) or self.type_of(expr.right, scope, depth + 1)
        if isinstance(expr, cst.IfExp):
            return self.type_of(expr.body, scope, depth + 1) or self.type_of(expr.orelse, scope, depth + 1)
        if isinstance(expr, cst.Await):
            return self.type_of(expr.expression, scope, depth + 1)
        if isinstance(expr, cst.Call):
            return self._type_of_call(expr, scope, depth)
        if isinstance(expr, cst.Name):
            return self._type_of_name(expr, scope, depth)
        if isinstance(expr, cst.Attribute):
            return self._type_of_attribute(expr, scope, depth)
        if isinstance(expr, cst.Subscript):  # cluster_rpc["service-name"]
            base = self.type_of(expr.value, scope, depth + 1)
            rule = self.registry.attributes.get((base.kind, "*")) if base is not None else None
            if rule is not None and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
                key = self.values.value_of(expr.slice[0].slice.value, scope, depth + 1)
                if type(key) is Lit:
                    return rule(base, key.text)
            return None
        return None

    def _type_of_name(self, expr: cst.Name, scope: Scope, depth: int) -> Optional[Tag]:
        cls = self.names.self_class(expr, scope)
        if cls is not None:  # self inside a subclass of a library class
            return self.class_tag(cls, depth + 1)
        bindings = scope.lookup(expr.value)
        for binding in reversed(bindings):
            tag = self._type_of_binding(binding, depth)
            if tag is not None:
                return self.with_setup(tag, expr, scope)
        if bindings and type(bindings[-1]) is ParamBinding and bindings[-1].annotation is None:
            tag = self._constructed_param_type(expr.value, bindings[-1].function, depth)
            if tag is not None:
                return self.with_setup(tag, expr, scope)
        return None

    def _type_of_attribute(self, expr: cst.Attribute, scope: Scope, depth: int) -> Optional[Tag]:
        names, registry = self.names, self.registry
        if names.self_class(expr.value, scope) is not None:
            found = names.self_attribute(expr, scope, lambda v, sc: self.type_of(v, sc, depth + 1),
                                         lambda a, sc: self.type_of_annotation(a, sc, depth + 1))
            if found is not None:
                return self.with_setup(found, expr, scope)
            # not set by the project class: an attribute of a library base class (self.channel_layer)
        base = self.type_of(expr.value, scope, depth + 1)
        if base is not None:
            rule = registry.attributes.get((base.kind, expr.attr.value))
            if rule is not None:
                return rule(base, None)
            rule = registry.attributes.get((base.kind, "*"))
            if rule is not None:
                return rule(base, expr.attr.value)
        owner = names.local_class(expr.value, scope, depth + 1)
        if owner is not None:  # Catalog.item_delisted, catalog.item_delisted (class attribute)
            assigned, _ = names.class_attr(owner, expr.attr.value)
            for value, value_scope in reversed(assigned):
                tag = self.type_of(value, value_scope, depth + 1)
                if tag is not None:
                    return tag
        qual = names.qualname(expr, scope, depth + 1)
        return registry.object_tag(qual) if qual else None

    def _type_of_binding(self, binding: Binding, depth: int) -> Optional[Tag]:
        kind = type(binding)
        if kind in VALUE_BINDINGS:
            return self.type_of(binding.value, binding.scope, depth + 1)
        if kind is ParamBinding:
            if binding.annotation is not None:
                return self.type_of_annotation(binding.annotation, binding.scope, depth + 1)
            return None
        if kind is ImportBinding:
            return self.registry.object_tag(binding.target)
        if kind is DefBinding:
            return self.definition_tag(binding.definition, depth + 1)
        return None

    # -- setup calls: sock.bind(address) configures the object sock holds ----------------------------
    def _receiver_key(self, expr: cst.BaseExpression, scope: Scope) -> Optional[tuple]:
        if isinstance(expr, cst.Name):
            current: Optional[Scope] = scope
            first = True
            while current is not None:
                if (not current.is_class or first) and expr.value in current.bindings:
                    return ("name", id(current), expr.value)
                first = False
                current = current.parent
            return None
        if isinstance(expr, cst.Attribute):
            cls = self.names.self_class(expr.value, scope)
            if cls is not None:
                return ("self", cls.qualname, expr.attr.value)
        return None

    def _setup_calls(self) -> dict:
        if self._setup_index is None:
            self._setup_index = {}
            methods = self.registry.setup_methods
            for record in self.names.collector.calls:
                func = record.node.func
                if isinstance(func, cst.Attribute) and func.attr.value in methods:
                    key = self._receiver_key(func.value, record.scope)
                    if key is not None:
                        self._setup_index.setdefault(key, []).append(record)
        return self._setup_index

    def with_setup(self, tag: Tag, expr: cst.BaseExpression, scope: Scope) -> Tag:
        """The tag with what setup calls on the same variable add (first call wins)."""
        setups = self.registry.setups
        if not setups or not any(kind == tag.kind for kind, _ in setups):
            return tag
        key = self._receiver_key(expr, scope)
        if key is None:
            return tag
        attrs = dict(tag.attrs)
        for record in self._setup_calls().get(key, ()):
            rule = setups.get((tag.kind, record.node.func.attr.value))
            if rule is None:
                continue
            info = self.describer.setup_info(record)
            for name, value in rule(tag, info).items():
                if value is not None:
                    attrs.setdefault(name, value)
        return Tag(tag.kind, tuple(sorted(attrs.items())))

    def class_tag(self, cls: ClassInfo, depth: int = 0) -> Optional[Tag]:
        """The tag of a library class a project class derives from (same module, transitively)."""
        seen = 0
        todo = [cls]
        while todo and seen < 8 and depth <= MAX_DEPTH:
            current = todo.pop(0)
            seen += 1
            for base in current.bases:
                qual = self.names.qualname(base, current.scope, depth + 1)
                rule = self.registry.constructor_rule(qual)
                if rule is not None:
                    return rule(None, None)
                local = dotted_name(base)
                if local and local in self.names.classes_by_qualname:
                    todo.append(self.names.classes_by_qualname[local])
        return None

    def _constructed_param_type(self, name: str, function: Optional[str], depth: int) -> Optional[Tag]:
        """An ``__init__`` parameter without annotation, typed by what this module passes for it where
        it builds the class (``KafkaEventProducer(Producer(settings))``): one kind of library object,
        the same at every construction here."""
        if not function or not function.endswith(".__init__") or function.count(".") != 1:
            return None  # a module-level class's constructor
        key = (function, name)
        if key in self._constructed:
            return self._constructed[key]
        self._constructed[key] = None  # guards against recursion
        class_name = function.split(".")[0]
        definition = self.names.methods_by_class.get((class_name, "__init__"))
        params = [param.name.value for param in definition.node.params.params] \
            if definition is not None and isinstance(definition.node, cst.FunctionDef) else []
        if name not in params[1:]:
            return None
        position = params.index(name) - 1  # after self
        found: Optional[Tag] = None
        for record in self.names.collector.calls:
            func = record.node.func
            if not isinstance(func, cst.Name) or func.value != class_name:
                continue
            built = self.names.definition_of(func, record.scope)
            if built is None or built.qualname != class_name:
                continue
            keyword = [arg for arg in record.node.args if arg.keyword is not None and arg.keyword.value == name]
            positional = [arg for arg in record.node.args if arg.keyword is None and not arg.star]
            arg = keyword[0] if keyword else positional[position] if position < len(positional) else None
            tag = self.type_of(arg.value, record.scope, depth + 1) if arg is not None else None
            if tag is None or (found is not None and found.kind != tag.kind):
                return None
            found = tag
        self._constructed[key] = found
        return found

    def definition_tag(self, definition: DefInfo, depth: int = 0) -> Optional[Tag]:
        """The object a decorated function holds (``@huey.task()``: a task), see ``Registry.decorated_method``."""
        if definition.is_class or not self.registry.decorated_kinds or depth > MAX_DEPTH:
            return None
        node = definition.node
        key = (id(node), -1)
        if key in self._types:
            return self._types[key]
        self._types[key] = None
        tag = None
        for decorator in node.decorators:
            info = self.describer.decorator_info(definition, decorator.decorator, depth + 1)
            if info is not None:
                tag = self.registry.decorated_tag(info)
                if tag is not None:
                    break
        self._types[key] = tag
        return tag

    def type_of_annotation(self, annotation: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[Tag]:
        if isinstance(annotation, cst.SimpleString):
            text = string_value(annotation)
            if isinstance(text, str):
                try:
                    annotation = cst.parse_expression(text)
                except Exception:
                    return None
        if isinstance(annotation, cst.Subscript):  # Optional[X], "X | None"
            for element in annotation.slice:
                if isinstance(element.slice, cst.Index):
                    tag = self.type_of_annotation(element.slice.value, scope, depth + 1)
                    if tag is not None:
                        return tag
            return None
        if isinstance(annotation, cst.BinaryOperation):
            return self.type_of_annotation(annotation.left, scope, depth + 1) or \
                self.type_of_annotation(annotation.right, scope, depth + 1)
        qual = self.names.qualname(annotation, scope, depth + 1)
        if qual is None:
            return None
        return self.registry.annotation_tag(qual)

    def _type_of_call(self, call: cst.Call, scope: Scope, depth: int) -> Optional[Tag]:
        func = call.func
        registry = self.registry
        if isinstance(func, cst.Attribute):
            base = self.type_of(func.value, scope, depth + 1)
            if base is not None:
                rule = registry.factories.get((base.kind, func.attr.value))
                if rule is not None:
                    return rule(base, self.describer.call_info(call, scope, depth + 1))
                return None
        qual = self.names.qualname(func, scope, depth + 1)
        if qual is not None:
            rule = registry.constructor_rule(qual)
            if rule is not None:
                return rule(None, self.describer.call_info(call, scope, depth + 1))
        factory: Optional[DefInfo] = None
        if isinstance(func, cst.Name):  # a factory function of this module
            for binding in reversed(scope.lookup(func.value)):
                if type(binding) is DefBinding and binding.definition.is_class:  # Player(), class Player(EventEmitter)
                    return self.class_tag(binding.definition.cls, depth + 1)
                if type(binding) is DefBinding:
                    factory = binding.definition
                    break
        elif isinstance(func, cst.Attribute):  # self._create_producer()
            cls = self.names.self_class(func.value, scope)
            if cls is not None:
                factory = self.names.methods_by_class.get((cls.qualname, func.attr.value))
        if factory is not None:
            for value, value_scope in factory.returns:
                if call.args and value_scope.definition is factory:  # get_client(Target(topic="x"))
                    value_scope = self.call_scope(factory, value_scope, call, scope)
                tag = self.type_of(value, value_scope, depth + 2)
                if tag is not None:
                    return tag
        return None

    def call_scope(self, factory: DefInfo, factory_scope: Scope, call: cst.Call, caller: Scope) -> Scope:
        """The factory's scope with its parameters bound to this call's arguments, so the object it
        returns is typed with them (``def get_client(target): return get_rpc_client(T, target)``)."""
        key = (id(call), id(factory_scope))
        found = self._call_scopes.get(key)
        if found is not None:
            return found
        params = factory.node.params
        names = [p.name.value for p in list(params.posonly_params) + list(params.params)]
        if factory.cls is not None and names and factory_scope.self_name == names[0]:
            names = names[1:]
        given: dict[str, cst.BaseExpression] = {}
        index = 0
        for arg in call.args:
            if arg.star:
                break
            if arg.keyword is not None:
                given[arg.keyword.value] = arg.value
            elif index < len(names):
                given[names[index]] = arg.value
                index += 1
        overlay = factory_scope.with_arguments(given, caller)
        self._call_scopes[key] = overlay
        return overlay

    # -- origins: objects typed only once other modules are known -------------------------------
    def origin_of(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[Origin]:
        """How an object is made, when that involves another project module: from an imported project
        name (``RefRoot``), a library object typed here (``TagRoot``) or a library constructor call
        (``CtorRoot``), then method calls and attributes. Resolved project-wide (``analyzer.resolve``):
        ``rpc.get_client(target).prepare(server=h)``, ``app.topic("orders")`` on an imported ``app``."""
        if depth > MAX_DEPTH:
            return None
        key = (id(expr), id(scope))
        if key in self._origins:
            return self._origins[key]
        self._origins[key] = None  # guards against cycles such as x = x.prepare()
        found = self._origin_of(expr, scope, depth)
        self._origins[key] = found
        return found

    def _origin_of(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> Optional[Origin]:
        names, registry = self.names, self.registry
        if isinstance(expr, cst.Await):
            return self.origin_of(expr.expression, scope, depth + 1)
        if isinstance(expr, cst.Name):
            cls = names.self_class(expr, scope)
            if cls is not None:  # self: the object the method is called on, typed project-wide
                tag = self.class_tag(cls, depth + 1)
                return Origin(TagRoot(tag)) if tag is not None else Origin(SelfRoot(names.module_qual(cls.qualname)))
            bindings = scope.lookup(expr.value)
            if not bindings:
                return None
            binding = bindings[-1]
            if type(binding) is ImportBinding:
                if registry.is_library(binding.target):
                    tag = registry.object_tag(binding.target)
                    return Origin(TagRoot(tag)) if tag is not None else None
                return Origin(RefRoot(binding.target))
            if type(binding) in VALUE_BINDINGS:
                for candidate in reversed(bindings):
                    if type(candidate) in VALUE_BINDINGS:
                        found = self.origin_of(candidate.value, candidate.scope, depth + 1)
                        if found is not None:
                            return found
            if type(binding) is DefBinding and binding.definition.is_class and binding.definition.scope.is_module:
                return Origin(RefRoot(names.module_qual(binding.definition.qualname)))  # a class of this module
            if type(binding) is ParamBinding and binding.function is not None:
                return Origin(ParamRoot(expr.value))  # bound where the function's template is used
            return None
        if isinstance(expr, cst.Attribute):
            cls = names.self_class(expr.value, scope)
            if cls is not None:
                assigned, _ = names.class_attr(cls, expr.attr.value)
                if assigned:
                    found = names.self_attribute(expr, scope, lambda v, sc: self.origin_of(v, sc, depth + 1) or (
                        Origin(TagRoot(tag)) if (tag := self.type_of(v, sc, depth + 1)) is not None else None),
                        lambda a, sc: None)
                    if found is None or type(found.root) is not ParamRoot:
                        return found
                    # made from a constructor's parameter: the member, with the object's own arguments
                # set by a base class of another module, or a property: the class's members, project-wide
                owner = self.origin_of(expr.value, scope, depth + 1)
                return owner.then(AttrStep(expr.attr.value)) if owner is not None else None
            base = self.origin_of(expr.value, scope, depth + 1)
            return base.then(AttrStep(expr.attr.value)) if base is not None else None
        if isinstance(expr, cst.Call):
            return self._origin_of_call(expr, scope, depth)
        return None

    def _origin_of_call(self, expr: cst.Call, scope: Scope, depth: int) -> Optional[Origin]:
        names, registry = self.names, self.registry
        func = expr.func
        qual = names.qualname(func, scope, depth + 1)
        if qual is not None and registry.constructor_rule(qual) is not None:
            return Origin(CtorRoot(qual, self.describer.call_info(expr, scope, depth + 1)))
        if isinstance(func, cst.Attribute):
            tag = self.type_of(func.value, scope, depth + 1)
            base = Origin(TagRoot(tag)) if tag is not None else self.origin_of(func.value, scope, depth + 1)
            if base is not None:
                return base.then(MethodStep(func.attr.value, self.describer.call_info(expr, scope, depth + 1)))
            return None
        cls = names.self_class(func, scope)
        if cls is not None:  # cls() in a classmethod
            return Origin(SelfRoot(names.module_qual(cls.qualname)))
        if isinstance(func, cst.Name):  # Router(client): a class of this module, built
            for binding in reversed(scope.lookup(func.value)):
                if type(binding) is DefBinding and binding.definition.is_class and self.class_tag(
                        binding.definition.cls, depth + 1) is None:
                    return Origin(RefRoot(names.module_name), (
                        MethodStep(binding.definition.qualname, self.describer.call_info(expr, scope, depth + 1)),))
                break
        if qual is None:
            return None
        bindings = scope.lookup(func.value) if isinstance(func, cst.Name) else []
        if bindings and type(bindings[-1]) is ImportBinding and "." in qual and not registry.is_library(qual):
            head, _, name = qual.rpartition(".")  # from .rpc import get_client; get_client(target)
            return Origin(RefRoot(head), (MethodStep(name, self.describer.call_info(expr, scope, depth + 1)),))
        return None
