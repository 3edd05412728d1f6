"""One walk of libcst over a module: scopes, bindings, calls and decorated definitions.

The :class:`Collector` only *collects* (who is bound to what, which calls and decorators exist,
in source order); ``analyzer.names``, ``objects``, ``expressions`` and ``describe`` then answer
questions about expressions lazily and flow-insensitively. No metadata provider is used: names
are resolved from the module's own import and assignment statements, which keeps parsing the
only expensive step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Union

import libcst as cst

_HANDLER_MAP_NAME = re.compile(r"(?i)handler|subscriber|listener")


# -- bindings: what a name is bound to in a scope --------------------------------------------------------
class ImportBinding(NamedTuple):
    target: str  # the dotted name imported


class ExprBinding(NamedTuple):
    value: cst.BaseExpression  # ``name = value``
    scope: "Scope"  # where the value is evaluated


class WithBinding(NamedTuple):
    value: cst.BaseExpression  # ``with value as name``
    scope: "Scope"


class LoopBinding(NamedTuple):
    iterable: cst.BaseExpression  # ``for name in iterable``
    scope: "Scope"


class ParamBinding(NamedTuple):
    annotation: Optional[cst.BaseExpression]
    default: Optional[cst.BaseExpression]
    scope: "Scope"  # where the annotation and default are evaluated (the enclosing scope)
    function: Optional[str]  # the function's module-relative name; None for ``name: T`` without a value


class DefBinding(NamedTuple):
    qualname: str  # module-relative
    definition: "DefInfo"


Binding = Union[ImportBinding, ExprBinding, WithBinding, LoopBinding, ParamBinding, DefBinding]
VALUE_BINDINGS = (ExprBinding, WithBinding)


@dataclass
class ClassInfo:
    name: str
    qualname: str  # module-relative, e.g. "Outer.Inner"
    bases: list[cst.BaseExpression]
    scope: "Scope"  # the scope the class statement sits in
    attrs: dict[str, list[tuple[cst.BaseExpression, "Scope"]]] = field(default_factory=dict)
    annotations: dict[str, tuple[cst.BaseExpression, "Scope"]] = field(default_factory=dict)
    body_attrs: dict[str, cst.BaseExpression] = field(default_factory=dict)
    self_assigning_methods: set[str] = field(default_factory=set)  # methods that assign self.x


@dataclass
class DefInfo:
    node: Union[cst.FunctionDef, cst.ClassDef]
    name: str
    qualname: str  # module-relative
    scope: "Scope"  # enclosing scope
    ordinal: int  # among the module's functions, or among its classes
    is_class: bool
    cls: Optional[ClassInfo] = None  # enclosing class for methods, the class itself for a class
    returns: list[tuple[cst.BaseExpression, "Scope"]] = field(default_factory=list)


class Scope:
    __slots__ = ("is_module", "is_class", "qualname", "parent", "bindings", "cls", "self_name", "definition",
                 "globals")

    def __init__(self, kind: str, qualname: str, parent: Optional["Scope"], cls: Optional[ClassInfo] = None) -> None:
        self.is_module = kind == "module"
        self.is_class = kind == "class"
        self.qualname = qualname
        self.parent = parent
        self.bindings: dict[str, list[Binding]] = {}
        self.cls = cls
        self.self_name: Optional[str] = None
        self.definition: Optional[DefInfo] = None
        self.globals: Optional[set[str]] = None  # names a function declares ``global``

    @property
    def is_function(self) -> bool:
        return not self.is_module and not self.is_class

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def lookup(self, name: str) -> list[Binding]:
        """The bindings of ``name`` seen from here (class bodies are not enclosing scopes of methods)."""
        current: Optional[Scope] = self
        first = True
        while current is not None:
            if not current.is_class or first:
                found = current.bindings.get(name)
                if found:
                    return found
            first = False
            current = current.parent
        return []

    @property
    def function_name(self) -> str:
        scope: Optional[Scope] = self
        while scope is not None and scope.is_class:
            scope = scope.parent
        return scope.qualname if scope is not None and scope.qualname else "<module>"

    def with_arguments(self, given: dict[str, cst.BaseExpression], caller: "Scope") -> "Scope":
        """A copy whose parameters in ``given`` are bound to those argument expressions of ``caller``."""
        overlay = Scope("function", self.qualname, self.parent, self.cls)
        overlay.is_module, overlay.is_class = self.is_module, self.is_class
        overlay.self_name, overlay.definition, overlay.globals = self.self_name, self.definition, self.globals
        overlay.bindings = dict(self.bindings)
        for name, value in given.items():
            bindings = overlay.bindings.get(name)
            if bindings:
                overlay.bindings[name] = [ExprBinding(value, caller) if type(b) is ParamBinding else b
                                          for b in bindings]
        return overlay


@dataclass
class CallRecord:
    node: cst.Call
    scope: Scope
    ordinal: int  # among the module's calls, in libcst's visiting order
    then: Optional[str] = None  # method called on this call's result, "()" when called
    guards: tuple[str, ...] = ()  # names tested by the ``if name:`` blocks it is in (``if trigger_event:``)


@dataclass
class DecoratorRecord:
    definition: DefInfo
    index: int
    expr: cst.BaseExpression


class Collector:
    """Collects scopes, bindings, calls and decorators in one walk (driven by :func:`analyzer.walk.walk`)."""

    def __init__(self, module_name: str, is_package: bool) -> None:
        self.module_name = module_name
        self.is_package = is_package
        self.module_scope = Scope("module", "", None)
        self.stack: list[Scope] = [self.module_scope]
        self.calls: list[CallRecord] = []
        self.decorators: list[DecoratorRecord] = []
        self.defs: list[DefInfo] = []
        self.classes: list[ClassInfo] = []
        self._call_count = 0
        self._def_count = 0
        self._class_count = 0
        self._decorator_calls: set[int] = set()  # ids of decorator expressions that are calls
        self._then: dict[int, str] = {}
        self.imported_roots: set[str] = set()
        self.imported_modules: set[str] = set()
        self.dict_ordinals: dict[int, int] = {}
        self.handler_maps: list[tuple[str, cst.Dict, Scope]] = []  # EVENT_HANDLERS = {Evt: [h]}
        self._guarded_blocks: dict[int, str] = {}  # id of an ``if name:`` body -> name
        self._guards: list[str] = []

    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    # -- imports ----------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            dotted = dotted_name(alias.name)
            if dotted is None:
                continue
            self.imported_roots.add(dotted.split(".")[0])
            self.imported_modules.add(dotted)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.scope.bind(alias.asname.name.value, ImportBinding(dotted))
            else:
                head = dotted.split(".")[0]
                self.scope.bind(head, ImportBinding(head))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        base = self._import_base(node)
        if base is None or isinstance(node.names, cst.ImportStar):
            return
        if base and not node.relative:
            self.imported_roots.add(base.split(".")[0])
        if base:
            self.imported_modules.add(base)
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is None:
                continue
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.scope.bind(local, ImportBinding(f"{base}.{name}" if base else name))

    def _import_base(self, node: cst.ImportFrom) -> Optional[str]:
        module = dotted_name(node.module) if node.module is not None else ""
        if not node.relative:
            return module
        parts = self.module_name.split(".") if self.module_name else []
        if not self.is_package:
            parts = parts[:-1]
        up = len(node.relative) - 1
        if up > len(parts):
            return None
        parts = parts[: len(parts) - up] if up else parts
        if module:
            parts = parts + module.split(".")
        return ".".join(parts)

    # -- assignments --------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        target = node.target
        scope = self.scope
        self_attr = self._self_attr(target)
        if isinstance(target, cst.Name) and scope.is_class and scope.cls is not None:
            scope.cls.annotations[target.value] = (node.annotation.annotation, scope)
        elif self_attr is not None and scope.cls is not None:
            scope.cls.annotations[self_attr] = (node.annotation.annotation, scope)
        elif isinstance(target, cst.Name) and node.value is None:
            scope.bind(target.value, ParamBinding(node.annotation.annotation, None, scope, None))
        if node.value is not None:
            self._bind_target(target, node.value)

    # -- conditions ---------------------------------------------------------------
    def visit_If(self, node: cst.If) -> None:
        if isinstance(node.test, cst.Name):
            self._guarded_blocks[id(node.body)] = node.test.value

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        guard = self._guarded_blocks.get(id(node))
        if guard is not None:
            self._guards.append(guard)

    def leave_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if self._guarded_blocks.pop(id(node), None) is not None:
            self._guards.pop()

    def visit_For(self, node: cst.For) -> None:
        scope = self.scope
        targets = [node.target] if isinstance(node.target, cst.Name) else \
            [e.value for e in node.target.elements if isinstance(e.value, cst.Name)] \
            if isinstance(node.target, (cst.Tuple, cst.List)) else []
        if not scope.is_class:
            for target in targets:
                scope.bind(target.value, LoopBinding(node.iter, scope))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_target(node.target, node.value)

    def visit_Global(self, node: cst.Global) -> None:
        scope = self.scope
        if scope.is_function:
            scope.globals = (scope.globals or set()) | {item.name.value for item in node.names}

    def _bind_target(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        scope = self.scope
        if isinstance(target, cst.Name) and scope.globals and target.value in scope.globals:
            # ``global NOTIFIER; NOTIFIER = Notifier(...)`` inside init(): a module-level binding
            self.module_scope.bind(target.value, ExprBinding(value, scope))
            return
        if isinstance(value, cst.Dict) and isinstance(target, (cst.Name, cst.Attribute)) \
                and _HANDLER_MAP_NAME.search(target.value if isinstance(target, cst.Name) else target.attr.value):
            self.handler_maps.append((dotted_name(target) or "", value, scope))
        if isinstance(target, cst.Name):
            scope.bind(target.value, ExprBinding(value, scope))
            if scope.is_class and scope.cls is not None:
                scope.cls.attrs.setdefault(target.value, []).append((value, scope))
                scope.cls.body_attrs[target.value] = value
            return
        attr = self._self_attr(target)
        if attr is not None and scope.cls is not None:
            scope.cls.attrs.setdefault(attr, []).append((value, scope))
            if scope.definition is not None:
                scope.cls.self_assigning_methods.add(scope.definition.name)
            return
        if isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List)):
            if len(target.elements) == len(value.elements):
                for t, v in zip(target.elements, value.elements):
                    self._bind_target(t.value, v.value)

    def _self_attr(self, target: cst.BaseExpression) -> Optional[str]:
        scope = self.scope
        if (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and scope.self_name is not None
            and target.value.value == scope.self_name
        ):
            return target.attr.value
        return None

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and isinstance(node.asname.name, cst.Name):
            self.scope.bind(node.asname.name.value, WithBinding(node.item, self.scope))

    def visit_Return(self, node: cst.Return) -> None:
        scope = self.scope
        if node.value is not None and scope.definition is not None:
            scope.definition.returns.append((node.value, scope))

    # -- definitions ----------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        parent = self.scope
        name = node.name.value
        qualname = f"{parent.qualname}.{name}" if parent.qualname else name
        cls = parent.cls if parent.is_class else None
        info = DefInfo(node, name, qualname, parent, self._def_count, False, cls)
        self._def_count += 1
        self.defs.append(info)
        parent.bind(name, DefBinding(qualname, info))
        self._record_decorators(info)
        scope = Scope("function", qualname, parent, cls if cls is not None else parent.cls)
        scope.definition = info
        params = node.params
        all_params = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
        for p in (params.star_arg, params.star_kwarg):
            if isinstance(p, cst.Param):
                all_params.append(p)
        for param in all_params:
            annotation = param.annotation.annotation if param.annotation is not None else None
            scope.bind(param.name.value, ParamBinding(annotation, param.default, parent, qualname))
        is_static = any(decorator_name(d.decorator) == "staticmethod" for d in node.decorators)
        if cls is not None and all_params and not is_static:
            scope.self_name = all_params[0].name.value
        elif parent.self_name is not None and parent.is_function:
            scope.self_name = parent.self_name  # closures inside methods
        self.stack.append(scope)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        parent = self.scope
        name = node.name.value
        qualname = f"{parent.qualname}.{name}" if parent.qualname else name
        cls = ClassInfo(name, qualname, [arg.value for arg in node.bases], parent)
        self.classes.append(cls)
        info = DefInfo(node, name, qualname, parent, self._class_count, True, cls)
        self._class_count += 1
        self.defs.append(info)
        parent.bind(name, DefBinding(qualname, info))
        self._record_decorators(info)
        scope = Scope("class", qualname, parent, cls)
        scope.definition = info
        self.stack.append(scope)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()

    def _record_decorators(self, info: DefInfo) -> None:
        for index, decorator in enumerate(info.node.decorators):
            self.decorators.append(DecoratorRecord(info, index, decorator.decorator))
            if isinstance(decorator.decorator, cst.Call):
                self._decorator_calls.add(id(decorator.decorator))

    def visit_Dict(self, node: cst.Dict) -> None:
        self.dict_ordinals[id(node)] = len(self.dict_ordinals)

    # -- calls ----------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        ordinal = self._call_count
        self._call_count += 1
        func = node.func
        value = func.value if isinstance(func, cst.Attribute) else None
        if isinstance(value, cst.Await):  # (await f.kiq()).wait_result()
            value = value.expression
        if isinstance(value, cst.Call):
            self._then[id(value)] = func.attr.value
        elif isinstance(func, cst.Call):
            self._then[id(func)] = "()"
        if id(node) in self._decorator_calls:
            return
        self.calls.append(CallRecord(node, self.scope, ordinal, self._then.pop(id(node), None), tuple(self._guards)))


# -- small readings of nodes ------------------------------------------------------------------------------
def string_value(node: cst.SimpleString) -> Union[str, bytes]:
    """A string literal's value; plain literals without escapes skip libcst's ``ast.literal_eval``
    (a compile per string, a tenth of some files' extraction time)."""
    text = node.value
    if "\\" not in text and text[:1] in "'\"":
        quote = 3 if text[:3] in ('"""', "'''") and len(text) >= 6 else 1
        return text[quote:-quote]
    return node.evaluated_value


def dotted_name(node: Optional[cst.BaseExpression]) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def decorator_name(expr: cst.BaseExpression) -> Optional[str]:
    if isinstance(expr, cst.Call):
        expr = expr.func
    return last_name(expr)


def last_name(expr: cst.BaseExpression) -> Optional[str]:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None


def source_text(module: cst.Module, node: cst.CSTNode) -> str:
    """``module.code_for_node(node)``; names, dotted names, strings and integers are read off the node
    instead of going through libcst's code generator (a quarter of a big file's extraction)."""
    node_type = type(node)
    if node_type is cst.Name or node_type is cst.SimpleString or node_type is cst.Integer:
        if not node.lpar:  # type: ignore[attr-defined]
            return node.value  # type: ignore[attr-defined]
    elif node_type is cst.Attribute and not node.lpar:  # type: ignore[attr-defined]
        dot = node.dot  # type: ignore[attr-defined]
        if getattr(dot.whitespace_before, "value", None) == "" and getattr(dot.whitespace_after, "value", None) == "":
            return source_text(module, node.value) + "." + node.attr.value  # type: ignore[attr-defined]
    return module.code_for_node(node)


def mentions_name(node: cst.CSTNode, name: str) -> bool:
    """Does the name ``name`` occur anywhere in ``node``?"""
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) is cst.Name and current.value == name:
            return True
        stack.extend(current.children)
    return False
