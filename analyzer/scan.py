"""One pass of libcst over a module: scopes, bindings, calls and decorated defs.

The walk only *collects* (who is bound to what, which calls and decorators
exist, in source order); the :class:`Evaluator` then answers questions about
expressions lazily and flow-insensitively: what object does ``self.producer``
hold, what text does ``TOPIC`` stand for, what is the qualified name of ``P``.
No metadata provider is used: names are resolved from the module's own import
and assignment statements, which keeps parsing the only expensive step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional, Union

import libcst as cst

from . import values as V
from .apis import REGISTRY, Tag

_DEPTH = 12
_HANDLER_MAP_NAME = re.compile(r"(?i)handler|subscriber|listener")
CAMEL_CASE = re.compile(r"^_?[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$")


@dataclass
class ClassInfo:
    name: str
    qualname: str  # module-relative, e.g. "Outer.Inner"
    bases: list[cst.BaseExpression]
    scope: "Scope"  # the scope the class statement sits in
    attrs: dict[str, list[tuple[cst.BaseExpression, "Scope"]]] = field(default_factory=dict)
    annotations: dict[str, tuple[cst.BaseExpression, "Scope"]] = field(default_factory=dict)
    body_attrs: dict[str, cst.BaseExpression] = field(default_factory=dict)
    self_assigning_methods: set = field(default_factory=set)  # methods that assign self.x


@dataclass
class DefInfo:
    node: Union[cst.FunctionDef, cst.ClassDef]
    name: str
    qualname: str  # module-relative
    scope: "Scope"  # enclosing scope
    ordinal: int
    kind: str  # "def" or "class"
    cls: Optional[ClassInfo] = None  # enclosing class for methods, the class itself for "class"
    returns: list[tuple[cst.BaseExpression, "Scope"]] = field(default_factory=list)


class Scope:
    __slots__ = ("kind", "qualname", "parent", "bindings", "cls", "self_name", "definition", "globals")

    def __init__(self, kind: str, qualname: str, parent: Optional["Scope"],
                 cls: Optional[ClassInfo] = None) -> None:
        self.kind = kind
        self.qualname = qualname
        self.parent = parent
        self.bindings: dict[str, list[tuple]] = {}
        self.cls = cls
        self.self_name: Optional[str] = None
        self.definition: Optional[DefInfo] = None
        self.globals: Optional[set] = None  # names a function declares ``global``

    def bind(self, name: str, binding: tuple) -> None:
        self.bindings.setdefault(name, []).append(binding)

    @property
    def function_name(self) -> str:
        scope: Optional[Scope] = self
        while scope is not None and scope.kind == "class":
            scope = scope.parent
        return scope.qualname if scope is not None and scope.qualname else "<module>"


@dataclass
class CallRecord:
    node: cst.Call
    scope: Scope
    ordinal: int
    then: Optional[str] = None  # method called on this call's result, "()" when called


@dataclass
class DecoratorRecord:
    definition: DefInfo
    index: int
    expr: cst.BaseExpression
    call_ordinal: Optional[int] = None  # set when the decorator is itself a call


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
        self._decorator_calls: dict[int, DecoratorRecord] = {}
        self._then: dict[int, str] = {}
        self.imported_roots: set[str] = set()
        self.imported_modules: set[str] = set()
        self.dict_ordinals: dict[int, int] = {}
        self.handler_maps: list[tuple[str, cst.Dict, Scope]] = []  # EVENT_HANDLERS = {Evt: [h]}

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
                self.scope.bind(alias.asname.name.value, ("import", dotted))
            else:
                head = dotted.split(".")[0]
                self.scope.bind(head, ("import", head))

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
            target = f"{base}.{name}" if base else name
            self.scope.bind(local, ("import", target))

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
        if isinstance(target, cst.Name) and scope.kind == "class" and scope.cls is not None:
            scope.cls.annotations[target.value] = (node.annotation.annotation, scope)
        elif self._self_attr(target) is not None and scope.cls is not None:
            scope.cls.annotations[self._self_attr(target)] = (node.annotation.annotation, scope)
        elif isinstance(target, cst.Name) and node.value is None:
            scope.bind(target.value, ("param", node.annotation.annotation, None, scope, None))
        if node.value is not None:
            self._bind_target(target, node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_target(node.target, node.value)

    def visit_Global(self, node: cst.Global) -> None:
        scope = self.scope
        if scope.kind == "function":
            scope.globals = (scope.globals or set()) | {item.name.value for item in node.names}

    def _bind_target(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        scope = self.scope
        if isinstance(target, cst.Name) and scope.globals and target.value in scope.globals:
            # ``global NOTIFIER; NOTIFIER = Notifier(...)`` inside init(): a module-level binding
            self.module_scope.bind(target.value, ("expr", value, scope))
            return
        if isinstance(value, cst.Dict) and isinstance(target, (cst.Name, cst.Attribute)) \
                and _HANDLER_MAP_NAME.search(target.value if isinstance(target, cst.Name) else target.attr.value):
            self.handler_maps.append((dotted_name(target) or "", value, scope))
        if isinstance(target, cst.Name):
            scope.bind(target.value, ("expr", value, scope))
            if scope.kind == "class" and scope.cls is not None:
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
            self.scope.bind(node.asname.name.value, ("with", node.item, self.scope))

    def visit_Return(self, node: cst.Return) -> None:
        scope = self.scope
        if node.value is not None and scope.definition is not None:
            scope.definition.returns.append((node.value, scope))

    # -- definitions ----------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        parent = self.scope
        name = node.name.value
        qualname = f"{parent.qualname}.{name}" if parent.qualname else name
        cls = parent.cls if parent.kind == "class" else None
        info = DefInfo(node, name, qualname, parent, self._def_count, "def", cls)
        self._def_count += 1
        self.defs.append(info)
        parent.bind(name, ("def", qualname, info))
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
            scope.bind(param.name.value, ("param", annotation, param.default, parent, qualname))
        is_static = any(_decorator_name(d.decorator) == "staticmethod" for d in node.decorators)
        if cls is not None and all_params and not is_static:
            scope.self_name = all_params[0].name.value
        elif parent.self_name is not None and parent.kind == "function":
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
        info = DefInfo(node, name, qualname, parent, self._class_count, "class", cls)
        self._class_count += 1
        self.defs.append(info)
        parent.bind(name, ("def", qualname, info))
        self._record_decorators(info)
        scope = Scope("class", qualname, parent, cls)
        scope.definition = info
        self.stack.append(scope)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()

    def _record_decorators(self, info: DefInfo) -> None:
        for index, decorator in enumerate(info.node.decorators):
            record = DecoratorRecord(info, index, decorator.decorator)
            self.decorators.append(record)
            if isinstance(decorator.decorator, cst.Call):
                self._decorator_calls[id(decorator.decorator)] = record

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
        record = self._decorator_calls.get(id(node))
        if record is not None:
            record.call_ordinal = ordinal
            return
        self.calls.append(CallRecord(node, self.scope, ordinal, self._then.pop(id(node), None)))


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


def _decorator_name(expr: cst.BaseExpression) -> Optional[str]:
    if isinstance(expr, cst.Call):
        expr = expr.func
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None


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


_THIN_STATEMENTS = 3  # a wrapper's body: the send and what prepares it


def _ends_with(statement: cst.BaseStatement, call: cst.Call) -> bool:
    """The statement is the call: alone, returned, or awaited."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    value = getattr(statement.body[0], "value", None)
    if isinstance(value, cst.Await):
        value = value.expression
    return value is call and isinstance(statement.body[0], (cst.Expr, cst.Return))


def _names_a_value(statement: cst.BaseStatement) -> bool:
    """``name = value`` (or annotated): a local the wrapper's call uses, nothing changed elsewhere."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if isinstance(small, cst.Assign):
        return all(isinstance(target.target, cst.Name) for target in small.targets)
    return isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.value is not None


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


class Evaluator:
    """Answers what an expression holds: a qualified name, an object tag, a text."""

    def __init__(self, collector: Collector, module: cst.Module) -> None:
        self.c = collector
        self.module = module
        self.module_name = collector.module_name
        self.classes_by_qualname = {cls.qualname: cls for cls in collector.classes}
        self._constructed: dict[tuple[str, str], Optional[Tag]] = {}
        self._types: dict[tuple[int, int], Optional[Tag]] = {}
        self.message_quals: dict[str, str] = {}  # message class name -> qualified name, as seen in payloads
        self.methods_by_class = {(d.cls.qualname, d.name): d for d in collector.defs
                                 if d.kind == "def" and d.cls is not None}
        self._setup_index: Optional[dict] = None
        self._call_scopes: dict[tuple[int, int], Scope] = {}
        self._origins: dict[tuple[int, int], Optional[dict]] = {}

    # -- names ------------------------------------------------------------------------
    def lookup(self, name: str, scope: Scope) -> list[tuple]:
        current: Optional[Scope] = scope
        first = True
        while current is not None:
            if current.kind != "class" or first:
                found = current.bindings.get(name)
                if found:
                    return found
            first = False
            current = current.parent
        return []

    def thin_wrapper_arguments(self, call: cst.Call, scope: Scope) -> bool:
        """Is ``call`` the whole work of a thin wrapper, a function whose last statement is this call
        (or returns or awaits it), whose other statements only name values for it (``properties =
        BasicProperties(method)``), and whose parameters (not ``self``) reach its arguments? Its callers
        then send through it. A method that also changes state (``self.items[sku] = price``) is not."""
        definition = scope.definition
        if scope.kind != "function" or definition is None or not isinstance(definition.node, cst.FunctionDef):
            return False
        body = definition.node.body
        statements = list(body.body) if isinstance(body, cst.IndentedBlock) else [body]
        if statements and _is_docstring(statements[0]):
            statements = statements[1:]
        if not statements or len(statements) > _THIN_STATEMENTS or not _ends_with(statements[-1], call):
            return False
        if not all(_names_a_value(statement) for statement in statements[:-1]):
            return False
        stack: list[tuple[cst.CSTNode, int]] = [(arg.value, 0) for arg in call.args]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, cst.Name):
                bindings = scope.bindings.get(node.value)
                if not bindings or node.value in ("self", "cls"):
                    continue
                binding = bindings[-1]
                if binding[0] == "param":
                    return True
                if binding[0] == "expr" and depth < _THIN_STATEMENTS:
                    stack.append((binding[1], depth + 1))
            else:
                stack.extend((child, depth) for child in node.children)
        return False

    def module_qual(self, local_qualname: str) -> str:
        return f"{self.module_name}.{local_qualname}" if self.module_name else local_qualname

    def qualname(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        if depth > _DEPTH:
            return None
        if isinstance(expr, cst.Name):
            bindings = self.lookup(expr.value, scope)
            if not bindings:
                return None
            binding = bindings[-1]
            if binding[0] == "import":
                return binding[1]
            if binding[0] == "def":
                return self.module_qual(binding[1])
            if binding[0] == "expr" and isinstance(binding[1], (cst.Name, cst.Attribute)):
                return self.qualname(binding[1], binding[2], depth + 1)
            return None
        if isinstance(expr, cst.Attribute):
            base = self.qualname(expr.value, scope, depth + 1)
            return f"{base}.{expr.attr.value}" if base else None
        return None

    def self_class(self, expr: cst.BaseExpression, scope: Scope) -> Optional[ClassInfo]:
        if isinstance(expr, cst.Name) and scope.self_name == expr.value and scope.cls is not None:
            bindings = self.lookup(expr.value, scope)
            if bindings and bindings[-1][0] == "param":
                return scope.cls
        return None

    def class_attr(self, cls: ClassInfo, attr: str, depth: int = 0) -> tuple[list, Optional[tuple]]:
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

    # -- object tags ----------------------------------------------------------------
    def type_of(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[Tag]:
        if depth > _DEPTH:
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
            cls = self.self_class(expr, scope)
            if cls is not None:  # self inside a subclass of a library class
                return self.class_tag(cls, depth + 1)
            bindings = self.lookup(expr.value, scope)
            for binding in reversed(bindings):
                tag = self._type_of_binding(binding, depth)
                if tag is not None:
                    return self.with_setup(tag, expr, scope)
            if bindings and bindings[-1][0] == "param" and bindings[-1][1] is None:
                tag = self._constructed_param_type(expr.value, bindings[-1][4], depth)
                if tag is not None:
                    return self.with_setup(tag, expr, scope)
            return None
        if isinstance(expr, cst.Attribute):
            if self.self_class(expr.value, scope) is not None:
                found = self.self_attribute(expr, scope, lambda v, sc: self.type_of(v, sc, depth + 1),
                                            lambda a, sc: self.type_of_annotation(a, sc, depth + 1))
                if found is not None:
                    return self.with_setup(found, expr, scope)
                # not set by the project class: an attribute of a library base class (self.channel_layer)
            base = self.type_of(expr.value, scope, depth + 1)
            if base is not None:
                rule = REGISTRY.attributes.get((base.kind, expr.attr.value))
                if rule is not None:
                    return rule(base, None)
                rule = REGISTRY.attributes.get((base.kind, "*"))
                if rule is not None:
                    return rule(base, expr.attr.value)
            owner = self.local_class(expr.value, scope, depth + 1)
            if owner is not None:  # Catalog.item_delisted, catalog.item_delisted (class attribute)
                assigned, _ = self.class_attr(owner, expr.attr.value)
                for value, value_scope in reversed(assigned):
                    tag = self.type_of(value, value_scope, depth + 1)
                    if tag is not None:
                        return tag
            qual = self.qualname(expr, scope, depth + 1)
            return REGISTRY.object_tag(qual) if qual else None
        if isinstance(expr, cst.Subscript):  # cluster_rpc["service-name"]
            base = self.type_of(expr.value, scope, depth + 1)
            rule = REGISTRY.attributes.get((base.kind, "*")) if base is not None else None
            if rule is not None and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
                key = self.value_of(expr.slice[0].slice.value, scope, depth + 1)
                if key[0] == "lit":
                    return rule(base, key[1])
            return None
        return None

    # -- setup calls: sock.bind(address) configures the object sock holds ----------------------------
    def _receiver_key(self, expr: cst.BaseExpression, scope: Scope) -> Optional[tuple]:
        if isinstance(expr, cst.Name):
            current: Optional[Scope] = scope
            first = True
            while current is not None:
                if (current.kind != "class" or first) and expr.value in current.bindings:
                    return ("name", id(current), expr.value)
                first = False
                current = current.parent
            return None
        if isinstance(expr, cst.Attribute):
            cls = self.self_class(expr.value, scope)
            if cls is not None:
                return ("self", cls.qualname, expr.attr.value)
        return None

    def _setup_calls(self) -> dict:
        if self._setup_index is None:
            self._setup_index = {}
            methods = REGISTRY.setup_methods
            for record in self.c.calls:
                func = record.node.func
                if isinstance(func, cst.Attribute) and func.attr.value in methods:
                    key = self._receiver_key(func.value, record.scope)
                    if key is not None:
                        self._setup_index.setdefault(key, []).append(record)
        return self._setup_index

    def with_setup(self, tag: Tag, expr: cst.BaseExpression, scope: Scope) -> Tag:
        """The tag with what setup calls on the same variable add (first call wins)."""
        if not REGISTRY.setups or not any(kind == tag.kind for kind, _ in REGISTRY.setups):
            return tag
        key = self._receiver_key(expr, scope)
        if key is None:
            return tag
        attrs = dict(tag.attrs)
        for record in self._setup_calls().get(key, ()):
            rule = REGISTRY.setups.get((tag.kind, record.node.func.attr.value))
            if rule is None:
                continue
            info = {"method": record.node.func.attr.value, "then": None,
                    "args": [self.arg_info(arg, record.scope) for arg in record.node.args]}
            for name, value in rule(tag, info).items():
                if value is not None:
                    attrs.setdefault(name, value)
        return Tag(tag.kind, tuple(sorted(attrs.items())))

    def local_class(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[ClassInfo]:
        """The class of this module that ``expr`` names (``Catalog``) or is an instance of (``Catalog()``)."""
        if not self.classes_by_qualname:
            return None
        qual = self.qualname(expr, scope, depth + 1) or self.instance_class(expr, scope, depth + 1)
        prefix = self.module_name + "." if self.module_name else ""
        if qual and qual.startswith(prefix):
            return self.classes_by_qualname.get(qual[len(prefix):])
        return None

    def class_tag(self, cls: ClassInfo, depth: int = 0) -> Optional[Tag]:
        """The tag of a library class a project class derives from (same module, transitively)."""
        seen = 0
        todo = [cls]
        while todo and seen < 8 and depth <= _DEPTH:
            current = todo.pop(0)
            seen += 1
            for base in current.bases:
                qual = self.qualname(base, current.scope, depth + 1)
                rule = REGISTRY.constructor_rule(qual)
                if rule is not None:
                    return rule(None, None)
                local = dotted_name(base)
                if local and local in self.classes_by_qualname:
                    todo.append(self.classes_by_qualname[local])
        return None

    def _type_of_binding(self, binding: tuple, depth: int) -> Optional[Tag]:
        kind = binding[0]
        if kind in ("expr", "with"):
            return self.type_of(binding[1], binding[2], depth + 1)
        if kind == "param":
            if binding[1] is not None:
                return self.type_of_annotation(binding[1], binding[3], depth + 1)
            return None
        if kind == "import":
            return REGISTRY.object_tag(binding[1])
        if kind == "def":
            return self.definition_tag(binding[2], depth + 1)
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
        definition = self.methods_by_class.get((class_name, "__init__"))
        params = [param.name.value for param in definition.node.params.params] \
            if definition is not None and isinstance(definition.node, cst.FunctionDef) else []
        if name not in params[1:]:
            return None
        position = params.index(name) - 1  # after self
        found: Optional[Tag] = None
        for record in self.c.calls:
            func = record.node.func
            if not isinstance(func, cst.Name) or func.value != class_name:
                continue
            bindings = self.lookup(class_name, record.scope)
            if not bindings or bindings[-1][0] != "def" or bindings[-1][2].qualname != class_name:
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
        if definition.kind != "def" or not REGISTRY.decorated_kinds or depth > _DEPTH:
            return None
        node = definition.node
        key = (id(node), -1)
        if key in self._types:
            return self._types[key]
        self._types[key] = None
        tag = None
        for decorator in node.decorators:
            info = self.decorator_info(definition, decorator.decorator, depth + 1)
            if info is not None:
                tag = REGISTRY.decorated_tag(info)
                if tag is not None:
                    break
        self._types[key] = tag
        return tag

    def decorator_info(self, definition: DefInfo, expr: cst.BaseExpression, depth: int = 0) -> Optional[dict]:
        """A decorator described like a call (``called``: written with parentheses) plus its ``target``."""
        func = expr.func if isinstance(expr, cst.Call) else expr
        if last_name(func) is None:
            return None
        info = self.callee_info(func, definition.scope, depth)
        if isinstance(expr, cst.Call):
            info["args"] = [self.arg_info(arg, definition.scope, depth) for arg in expr.args]
        info["called"] = isinstance(expr, cst.Call)
        info["then"] = None
        info["target"] = {"name": definition.name, "qualname": definition.qualname, "kind": definition.kind,
                          "class_attrs": {}}
        return info

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
        qual = self.qualname(annotation, scope, depth + 1)
        if qual is None:
            return None
        return REGISTRY.annotation_tag(qual)

    def _type_of_call(self, call: cst.Call, scope: Scope, depth: int) -> Optional[Tag]:
        func = call.func
        if isinstance(func, cst.Attribute):
            base = self.type_of(func.value, scope, depth + 1)
            if base is not None:
                rule = REGISTRY.factories.get((base.kind, func.attr.value))
                if rule is not None:
                    return rule(base, self.call_info(call, scope, depth + 1))
                return None
        qual = self.qualname(func, scope, depth + 1)
        if qual is not None:
            rule = REGISTRY.constructor_rule(qual)
            if rule is not None:
                return rule(None, self.call_info(call, scope, depth + 1))
        factory: Optional[DefInfo] = None
        if isinstance(func, cst.Name):  # a factory function of this module
            for binding in reversed(self.lookup(func.value, scope)):
                if binding[0] == "def" and binding[2].kind == "class":  # Player(), class Player(EventEmitter)
                    return self.class_tag(binding[2].cls, depth + 1)
                if binding[0] == "def" and binding[2].kind == "def":
                    factory = binding[2]
                    break
        elif isinstance(func, cst.Attribute):  # self._create_producer()
            cls = self.self_class(func.value, scope)
            if cls is not None:
                factory = self.methods_by_class.get((cls.qualname, func.attr.value))
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
        overlay = Scope(factory_scope.kind, factory_scope.qualname, factory_scope.parent, factory_scope.cls)
        overlay.self_name = factory_scope.self_name
        overlay.definition = factory_scope.definition
        overlay.globals = factory_scope.globals
        overlay.bindings = dict(factory_scope.bindings)
        for name, value in given.items():
            bindings = overlay.bindings.get(name)
            if bindings:
                overlay.bindings[name] = [("expr", value, caller) if b[0] == "param" else b for b in bindings]
        self._call_scopes[key] = overlay
        return overlay

    # -- origins: objects typed only once other modules are known -------------------------------
    def origin_of(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[dict]:
        """How an object is made, when that involves another project module: ``{"root": ..., "steps":
        [...]}`` with root ``{"ref": qualname}`` (an imported project name), ``{"tag": {...}}`` (a library
        object typed here) or ``{"ctor": qualname, "info": call}`` (a library constructor call), and
        steps ``{"method": m, "info": call}`` / ``{"attr": a}``. Resolved project-wide
        (``analyzer.resolve``): ``rpc.get_client(target).prepare(server=h)``, ``app.topic("orders")``
        on an imported ``app``."""
        if depth > _DEPTH:
            return None
        key = (id(expr), id(scope))
        if key in self._origins:
            return self._origins[key]
        self._origins[key] = None  # guards against cycles such as x = x.prepare()
        found = self._origin_of(expr, scope, depth)
        self._origins[key] = found
        return found

    def _origin_of(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> Optional[dict]:
        if isinstance(expr, cst.Await):
            return self.origin_of(expr.expression, scope, depth + 1)
        if isinstance(expr, cst.Name):
            if self.self_class(expr, scope) is not None:
                return None
            bindings = self.lookup(expr.value, scope)
            if not bindings:
                return None
            binding = bindings[-1]
            if binding[0] == "import":
                if REGISTRY.is_library(binding[1]):
                    tag = REGISTRY.object_tag(binding[1])
                    return {"root": {"tag": tag.to_json()}, "steps": []} if tag is not None else None
                return {"root": {"ref": binding[1]}, "steps": []}
            if binding[0] in ("expr", "with"):
                for candidate in reversed(bindings):
                    if candidate[0] in ("expr", "with"):
                        found = self.origin_of(candidate[1], candidate[2], depth + 1)
                        if found is not None:
                            return found
                return None
            return None
        if isinstance(expr, cst.Attribute):
            if self.self_class(expr.value, scope) is not None:
                found = self.self_attribute(expr, scope, lambda v, sc: self.origin_of(v, sc, depth + 1),
                                            lambda a, sc: None)
                return found
            base = self.origin_of(expr.value, scope, depth + 1)
            if base is not None:
                return {"root": base["root"], "steps": base["steps"] + [{"attr": expr.attr.value}]}
            return None
        if isinstance(expr, cst.Call):
            func = expr.func
            qual = self.qualname(func, scope, depth + 1)
            if qual is not None and REGISTRY.constructor_rule(qual) is not None:
                return {"root": {"ctor": qual, "info": self.call_info(expr, scope, depth + 1)}, "steps": []}
            if isinstance(func, cst.Attribute):
                base = self.origin_of(func.value, scope, depth + 1)
                if base is None:
                    tag = self.type_of(func.value, scope, depth + 1)
                    base = {"root": {"tag": tag.to_json()}, "steps": []} if tag is not None else None
                if base is not None:
                    step = {"method": func.attr.value, "info": self.call_info(expr, scope, depth + 1)}
                    return {"root": base["root"], "steps": base["steps"] + [step]}
                return None
            if qual is None:
                return None
            bindings = self.lookup(func.value, scope) if isinstance(func, cst.Name) else []
            if bindings and bindings[-1][0] == "import" and "." in qual and not REGISTRY.is_library(qual):
                head, _, name = qual.rpartition(".")  # from .rpc import get_client; get_client(target)
                return {"root": {"ref": head}, "steps": [{"method": name,
                                                          "info": self.call_info(expr, scope, depth + 1)}]}
            return None
        return None

    @staticmethod
    def project_rooted(origin: Optional[dict]) -> bool:
        return bool(origin) and "ref" in origin["root"]

    def instance_class(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        """The (project) class an expression is an instance of: ``EventBus()``, an annotation, ``self.bus``."""
        if depth > _DEPTH:
            return None
        if isinstance(expr, cst.Call):
            qual = self.qualname(expr.func, scope, depth + 1)
            name = qual.rsplit(".", 1)[-1] if qual else None
            return qual if name and name[:1].isupper() and not REGISTRY.is_library(qual) else None
        if isinstance(expr, cst.Name):
            for binding in reversed(self.lookup(expr.value, scope)):
                if binding[0] in ("expr", "with"):
                    found = self.instance_class(binding[1], binding[2], depth + 1)
                elif binding[0] == "param" and binding[1] is not None:
                    found = self.qualname(binding[1], binding[3], depth + 1)
                else:
                    found = None
                if found:
                    return found
            return None
        if isinstance(expr, cst.Attribute):
            return self.self_attribute(expr, scope, lambda v, sc: self.instance_class(v, sc, depth + 1),
                                       lambda a, sc: self.qualname(a, sc, depth + 1))
        return None

    def self_attribute(self, expr: cst.Attribute, scope: Scope, from_value: Any, from_annotation: Any) -> Any:
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

    def project_callee(self, func: cst.BaseExpression, scope: Scope) -> Optional[str]:
        """The module-qualified name of the project function or method a call reaches, if any."""
        if isinstance(func, cst.Attribute):
            cls = self.self_class(func.value, scope)
            if cls is not None:
                return self.module_qual(f"{cls.qualname}.{func.attr.value}")
            owner = self.instance_class(func.value, scope)
            if owner is not None:
                return f"{owner}.{func.attr.value}"
        qual = self.qualname(func, scope)
        if qual is None or REGISTRY.is_library(qual):
            return None
        return qual

    # -- values -------------------------------------------------------------------------
    def value_of(self, expr: Optional[cst.BaseExpression], scope: Scope, depth: int = 0) -> V.IR:
        if expr is None or depth > _DEPTH:
            return V.UNKNOWN
        if isinstance(expr, cst.SimpleString):
            value = string_value(expr)
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            return V.lit(value)
        if isinstance(expr, cst.ConcatenatedString):
            return ["cat", [self.value_of(expr.left, scope, depth + 1), self.value_of(expr.right, scope, depth + 1)]]
        if isinstance(expr, cst.FormattedString):
            parts: list = []
            for part in expr.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(V.lit(part.value.replace("{{", "{").replace("}}", "}")))
                elif isinstance(part, cst.FormattedStringExpression):
                    value = self.value_of(part.expression, scope, depth + 1)
                    parts.append(value if V.is_known(value) else ["hole"])
            return ["cat", parts]
        if isinstance(expr, cst.Name):
            return self._value_of_name(expr, scope, depth)
        if isinstance(expr, cst.Attribute):
            return self._value_of_attribute(expr, scope, depth)
        if isinstance(expr, cst.Call):
            return self._value_of_call(expr, scope, depth)
        if isinstance(expr, cst.Subscript):
            if len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Index):
                return V.UNKNOWN
            key = self.value_of(expr.slice[0].slice.value, scope, depth + 1)
            if self.qualname(expr.value, scope) == "os.environ":
                return ["env", key[1] if key[0] == "lit" else "?", None]
            return ["sub", self.value_of(expr.value, scope, depth + 1), key]
        if isinstance(expr, cst.BinaryOperation):
            left = self.value_of(expr.left, scope, depth + 1)
            if isinstance(expr.operator, cst.Add):
                right = self.value_of(expr.right, scope, depth + 1)
                return ["cat", [left if V.is_known(left) else ["hole"], right if V.is_known(right) else ["hole"]]]
            if isinstance(expr.operator, cst.Modulo) and left[0] == "lit":
                right_node = expr.right
                items = right_node.elements if isinstance(right_node, cst.Tuple) else None
                if items is not None:
                    vals = [self._known_or_hole(e.value, scope, depth) for e in items]
                else:
                    vals = [self._known_or_hole(right_node, scope, depth)]
                return V.format_percent(left, vals)
            return V.UNKNOWN
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
            return ["list", [self.value_of(e.value, scope, depth + 1)
                             for e in expr.elements if isinstance(e, cst.Element)]]
        if isinstance(expr, cst.Dict):
            return ["dict", [[self.value_of(e.key, scope, depth + 1), self.value_of(e.value, scope, depth + 1)]
                             for e in expr.elements if isinstance(e, cst.DictElement)]]
        if isinstance(expr, cst.Await):
            return self.value_of(expr.expression, scope, depth + 1)
        return V.UNKNOWN

    def _known_or_hole(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> V.IR:
        value = self.value_of(expr, scope, depth + 1)
        return value if V.is_known(value) else ["hole"]

    def _value_of_name(self, expr: cst.Name, scope: Scope, depth: int) -> V.IR:
        bindings = self.lookup(expr.value, scope)
        if not bindings:
            return V.UNKNOWN
        binding = bindings[-1]
        kind = binding[0]
        if kind == "expr":
            return self.value_of(binding[1], binding[2], depth + 1)
        if kind == "import":
            return ["ref", binding[1]]
        if kind == "def" and binding[2].kind == "def":
            return ["task", self.module_qual(binding[1])]
        if kind == "param":
            default = self.value_of(binding[2], binding[3], depth + 1) if binding[2] is not None else None
            known_default = default if default is not None and V.is_known(default) else None
            if binding[4] is None:
                return known_default or V.UNKNOWN
            # a wrapper's parameter: its call sites fill it in (analyzer.wrappers)
            return ["param", expr.value, self.module_qual(binding[4]), known_default]
        return V.UNKNOWN

    def _value_of_attribute(self, expr: cst.Attribute, scope: Scope, depth: int) -> V.IR:
        attr = expr.attr.value
        if attr == "value":  # Enum member value
            return self.value_of(expr.value, scope, depth + 1)
        cls = self.self_class(expr.value, scope)
        if cls is not None:
            assigned, _ = self.class_attr(cls, attr)
            for value, value_scope in reversed(assigned):
                result = self.value_of(value, value_scope, depth + 1)
                if V.is_known(result):
                    return result
            return V.UNKNOWN
        qual = self.qualname(expr, scope)
        if qual is None:
            base = self.value_of(expr.value, scope, depth + 1)
            return ["attr", base, attr] if base[0] == "inst" else V.UNKNOWN
        local_prefix = self.module_name + "." if self.module_name else ""
        local = qual[len(local_prefix):] if qual.startswith(local_prefix) else None
        if local is not None and local.rsplit(".", 1)[0] in self.classes_by_qualname:
            cls = self.classes_by_qualname[local.rsplit(".", 1)[0]]
            value = cls.body_attrs.get(attr)
            if value is not None:
                return self.value_of(value, cls.scope, depth + 1)
        return ["ref", qual]

    def _value_of_call(self, call: cst.Call, scope: Scope, depth: int) -> V.IR:
        func = call.func
        qual = self.qualname(func, scope)
        args = [a for a in call.args if not a.star]
        positional = [a.value for a in args if a.keyword is None]
        keywords = {a.keyword.value: a.value for a in args if a.keyword is not None}
        name = last_name(func)
        is_env_call = qual in ("os.getenv", "os.environ.get", "os.environ.setdefault") or (
            # django-environ env("X", default=...), env.str(...); python-decouple config("X", default=...)
            (name in ("env", "config") or (isinstance(func, cst.Attribute) and dotted_name(func.value) == "env"))
            and "default" in keywords)
        if is_env_call and positional:
            variable = self.value_of(positional[0], scope, depth + 1)
            default_node = positional[1] if len(positional) > 1 and qual and qual.startswith("os.") \
                else keywords.get("default")
            default = self.value_of(default_node, scope, depth + 1) if default_node is not None else None
            return ["env", variable[1] if variable[0] == "lit" else "?",
                    default if default and V.is_known(default) else None]
        if (qual == "builtins.getattr" or (qual is None and name == "getattr")) and len(positional) >= 2:
            attr = self.value_of(positional[1], scope, depth + 1)
            base = self.qualname(positional[0], scope, depth + 1)
            options = [["ref", f"{base}.{attr[1]}"]] if base and attr[0] == "lit" else []
            if len(positional) > 2:
                options.append(self.value_of(positional[2], scope, depth + 1))
            return ["alt", options] if options else V.UNKNOWN
        if name in ("Field", "field") and (positional or "default" in keywords):  # pydantic / dataclass defaults
            return self.value_of(keywords.get("default", positional[0] if positional else None), scope, depth + 1)
        if qual is not None and name and name[:1].isupper() and not REGISTRY.is_library(qual) \
                and REGISTRY.entity_name_arg(qual) is None:
            # an instance of a project class (settings objects, config dataclasses): attributes resolve
            # to the class defaults unless the constructor call sets them
            return ["inst", qual, [[arg.keyword.value if arg.keyword is not None else None,
                                    self.value_of(arg.value, scope, depth + 1)] for arg in args]]
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method == "format":
                template = self.value_of(func.value, scope, depth + 1)
                return V.format_braces(
                    template,
                    [self._known_or_hole(p, scope, depth) for p in positional],
                    {k: self._known_or_hole(v, scope, depth) for k, v in keywords.items()},
                )
            if method in ("get_queue_url", "create_queue") and "QueueName" in keywords:
                return ["dict", [[V.lit("QueueUrl"), self.value_of(keywords["QueueName"], scope, depth + 1)]]]
            if method == "create_topic" and "Name" in keywords:
                return ["dict", [[V.lit("TopicArn"), self.value_of(keywords["Name"], scope, depth + 1)]]]
            if method in ("topic_path", "subscription_path") and len(positional) >= 2:
                return self.value_of(positional[1], scope, depth + 1)
            if method in ("strip", "lower", "upper") and not positional:
                return V.UNKNOWN
            if method in ("encode", "decode") and len(positional) <= 1:  # TOPIC.encode(): same text
                return self.value_of(func.value, scope, depth + 1)
        name_arg = REGISTRY.entity_name_arg(qual)
        if name_arg is not None:  # Queue("orders", ...) stands for its name
            found = name_arg.pos is not None and name_arg.pos < len(positional) and positional[name_arg.pos]
            found = found or (keywords.get(name_arg.kw) if name_arg.kw else None)
            return self.value_of(found, scope, depth + 1) if found else V.UNKNOWN
        if qual in ("str", "builtins.str") and len(positional) == 1:
            return self.value_of(positional[0], scope, depth + 1)
        return V.UNKNOWN

    # -- call descriptions ---------------------------------------------------------
    def call_info(self, call: cst.Call, scope: Scope, depth: int = 0, then: Optional[str] = None) -> dict[str, Any]:
        """A JSON-able description of a call that API specs can read."""
        func, bound, func_scope = self.unwrap_partial(call.func, scope)
        info = self.callee_info(func, func_scope, depth)
        info["args"] = [self.arg_info(arg, func_scope, depth) for arg in bound] + \
            [self.arg_info(arg, scope, depth) for arg in call.args]
        info["then"] = then
        return info

    def unwrap_partial(self, func: cst.BaseExpression, scope: Scope) -> tuple[cst.BaseExpression, list, Scope]:
        """``send_order = partial(producer.send, "orders")``: calling it calls ``producer.send("orders", ...)``."""
        bound: list = []
        for _ in range(4):
            if isinstance(func, cst.Call) and func.args and func.args[0].keyword is None \
                    and self.qualname(func.func, scope) in _SYNC_BRIDGES:
                func = func.args[0].value  # async_to_sync(layer.group_send)(group, message)
                continue
            if not isinstance(func, cst.Name):
                break
            bindings = self.lookup(func.value, scope)
            if not bindings or bindings[-1][0] != "expr" or not isinstance(bindings[-1][1], cst.Call):
                break
            partial_call, partial_scope = bindings[-1][1], bindings[-1][2]
            if self.qualname(partial_call.func, partial_scope) != "functools.partial" or not partial_call.args:
                break
            func, scope = partial_call.args[0].value, partial_scope
            bound = list(partial_call.args[1:]) + bound
        return func, bound, scope

    def callee_info(self, func: cst.BaseExpression, scope: Scope, depth: int = 0) -> dict[str, Any]:
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        recv = recv_qual = recv_text = task_qual = None
        if isinstance(func, cst.Attribute):
            tag = self.type_of(func.value, scope, depth + 1)
            recv = tag.to_json() if tag is not None else None
            recv_qual = self.qualname(func.value, scope, depth + 1)
            recv_text = source_text(self.module, func.value)
            task_qual = self.task_qualname(func.value, scope, depth + 1)
        callee = self.type_of(func, scope, depth + 1) if REGISTRY.object_calls else None
        recv_binding = None  # how an untyped receiver name is bound: "param" (a callback's argument), ...
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            bindings = self.lookup(func.value.value, scope)
            recv_binding = bindings[-1][0] if bindings else None
        return {
            "func": self.qualname(func, scope, depth + 1),
            "callee": callee.to_json() if callee is not None else None,
            "method": method,
            "name": last_name(func),
            "recv": recv,
            "recv_qual": recv_qual,
            "recv_text": recv_text,
            "recv_binding": recv_binding,
            "task_qual": task_qual,
            "args": [],
            "function": scope.function_name,
            "class": scope.cls.qualname if scope.cls is not None else None,
            "module": self.module_name,
            "imports": sorted(self.c.imported_roots),
        }

    def task_qualname(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        """The function behind ``add``, ``add.s(1)``, ``add.si().set(queue=...)`` or ``sig = add.s()``."""
        for _ in range(6):
            if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
                    and expr.func.attr.value in _SIGNATURE_METHODS:
                expr = expr.func.value
                continue
            if isinstance(expr, cst.Name):
                bindings = self.lookup(expr.value, scope)
                if bindings and bindings[-1][0] == "expr" and isinstance(bindings[-1][1], cst.Call):
                    expr, scope = bindings[-1][1], bindings[-1][2]
                    continue
            break
        if isinstance(expr, (cst.Name, cst.Attribute)):
            return self.qualname(expr, scope, depth + 1)
        return None

    def signature_members(self, expr: cst.BaseExpression, scope: Scope) -> list:
        """Task names of canvas members: ``a.s()``, ``[a.s(), b.si()]``, ``signature("x")``."""
        if isinstance(expr, (cst.List, cst.Tuple)):
            members: list = []
            for element in expr.elements:
                members.extend(self.signature_members(element.value, scope))
            return members
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
                and expr.func.attr.value in _SIGNATURE_METHODS:
            qual = self.task_qualname(expr, scope)
            return [["task", qual]] if qual else [V.UNKNOWN]
        if isinstance(expr, cst.Call):
            tag = self.type_of(expr, scope)
            if tag is not None and tag.kind == "celery.signature":
                return [tag.get("name", V.UNKNOWN)]
        return []

    def arg_info(self, arg: cst.Arg, scope: Scope, depth: int = 0) -> dict[str, Any]:
        value = arg.value
        tag = self.type_of(value, scope, depth + 1)
        extra: dict[str, Any] = {}
        if isinstance(value, cst.Name):
            bindings = self.lookup(value.value, scope)
            if bindings and bindings[-1][0] == "param" and bindings[-1][4] is not None:
                extra["param"] = value.value  # a factory's parameter, bound at its call sites
        if tag is None and isinstance(value, (cst.Name, cst.Attribute, cst.Call)):
            origin = self.origin_of(value, scope, depth + 1)
            if self.project_rooted(origin):
                extra["origin"] = origin
        return {**extra,
            "kw": arg.keyword.value if arg.keyword is not None else None,
            "star": arg.star,
            "ir": self.value_of(value, scope, depth + 1),
            "tag": tag.to_json() if tag is not None else None,
            "text": source_text(self.module, value),
            "qual": self.qualname(value, scope, depth + 1),
            "cls": self.message_class(value, scope, depth + 1),
            "callable": isinstance(value, (cst.Name, cst.Attribute, cst.Lambda)),
            "sigs": self.signature_members(value, scope),
        }

    def message_class(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        """The class a payload is built from: ``OrderPlaced(...)`` and its serialisations."""
        if depth > _DEPTH:
            return None
        if isinstance(expr, cst.Name):
            bindings = self.lookup(expr.value, scope)
            if bindings and bindings[-1][0] == "expr":
                return self.message_class(bindings[-1][1], bindings[-1][2], depth + 1)
            return None
        if not isinstance(expr, cst.Call):
            return None
        func = expr.func
        name = last_name(func)
        if name and CAMEL_CASE.match(name):
            qual = self.qualname(func, scope)
            if qual is not None and REGISTRY.constructor_rule(qual) is not None:
                return None
            if name in _ENVELOPES:
                inner = expr.args[0].value if expr.args and expr.args[0].keyword is None else None
                for arg in expr.args:
                    if arg.keyword is not None and arg.keyword.value in ("body", "data", "value"):
                        inner = arg.value
                return self.message_class(inner, scope, depth + 1) if inner is not None else None
            if name in _NOT_MESSAGES:
                return None
            if qual is not None:
                self.message_quals[name] = qual
            return name
        # .json(), .model_dump_json(), asdict(x), json.dumps(x), x.SerializeToString()
        if isinstance(func, cst.Attribute) and isinstance(func.value, (cst.Call, cst.Name)):
            if func.attr.value in _SERIALISERS:
                found = self.message_class(func.value, scope, depth + 1)
                if found is not None:
                    return found
        if name in _SERIALISING_FUNCS and expr.args:
            return self.message_class(expr.args[0].value, scope, depth + 1)
        return None


# wrappers whose result is called with the wrapped callable's own arguments
_SYNC_BRIDGES = {"asgiref.sync.async_to_sync", "asgiref.sync.sync_to_async", "channels.db.database_sync_to_async"}
_SIGNATURE_METHODS = {"s", "si", "signature", "subtask", "set", "clone", "on_error",
                      "message", "message_with_options"}  # dramatiq: group([a.message(1), b.message(2)])
_SERIALISERS = {"json", "dict", "model_dump", "model_dump_json", "SerializeToString", "to_json",
                "to_dict", "dumps", "encode", "serialize"}
_SERIALISING_FUNCS = {"asdict", "dumps", "astuple", "encode", "json_dumps", "serialize", "to_json"}
_ENVELOPES = {"Message", "ServiceBusMessage", "EventData", "CloudEvent", "EventGridEvent", "PubsubMessage"}
_NOT_MESSAGES = {"Decimal", "UUID", "Path", "Exception", "ValueError", "TypeError", "KeyError",
                 "RuntimeError", "BasicProperties", "Properties", "ProducerRecord", "MessageAttributeValue"}
