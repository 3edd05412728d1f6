"""What text an expression stands for, as a symbolic :data:`~analyzer.values.Value`.

A channel name is often a constant of another module, an f-string, an environment variable
with a default or a settings attribute: the value keeps what this module knows and refers
to the rest by name (``Ref``), for the project-wide rendering.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from .names import MAX_DEPTH, Names
from .registry import Registry, ValueArgs
from .scopes import (DefBinding, ExprBinding, ImportBinding, LoopBinding, ParamBinding, Scope, dotted_name, last_name,
                     mentions_name, string_value)
from .values import (HOLE, UNKNOWN, AttrOf, Concat, EnvVar, FirstKnown, Instance, Items, Lit, Pairs, Param, Ref, SelfAttr,
                     Subscript, TaskRef, Unknown, Value, format_braces, format_percent, is_known)

_ENV_FUNCTIONS = ("os.getenv", "os.environ.get", "os.environ.setdefault")


class Values:
    def __init__(self, names: Names, registry: Registry) -> None:
        self.names = names
        self.registry = registry

    def value_of(self, expr: Optional[cst.BaseExpression], scope: Scope, depth: int = 0) -> Value:
        if expr is None or depth > MAX_DEPTH:
            return UNKNOWN
        if isinstance(expr, cst.SimpleString):
            value = string_value(expr)
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            return Lit(value)
        if isinstance(expr, cst.ConcatenatedString):
            return Concat((self.value_of(expr.left, scope, depth + 1), self.value_of(expr.right, scope, depth + 1)))
        if isinstance(expr, cst.FormattedString):
            parts: list[Value] = []
            for part in expr.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(Lit(part.value.replace("{{", "{").replace("}}", "}")))
                elif isinstance(part, cst.FormattedStringExpression):
                    parts.append(self.known_or_hole(part.expression, scope, depth))
            return Concat(tuple(parts))
        if isinstance(expr, cst.Name):
            return self._value_of_name(expr, scope, depth)
        if isinstance(expr, cst.Attribute):
            return self._value_of_attribute(expr, scope, depth)
        if isinstance(expr, cst.Call):
            return self._value_of_call(expr, scope, depth)
        if isinstance(expr, cst.Subscript):
            if len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Index):
                return UNKNOWN
            key = self.value_of(expr.slice[0].slice.value, scope, depth + 1)
            if self.names.qualname(expr.value, scope) == "os.environ":
                return EnvVar(key.text if type(key) is Lit else "?", None)
            return Subscript(self.value_of(expr.value, scope, depth + 1), key)
        if isinstance(expr, cst.BinaryOperation):
            left = self.value_of(expr.left, scope, depth + 1)
            if isinstance(expr.operator, cst.Add):
                if isinstance(expr.left, (cst.Integer, cst.Float)) or isinstance(expr.right, (cst.Integer, cst.Float)):
                    return HOLE  # a number: shard + 1
                right = self.value_of(expr.right, scope, depth + 1)
                return Concat((left if is_known(left) else HOLE, right if is_known(right) else HOLE))
            if isinstance(expr.operator, cst.Modulo) and type(left) is Lit:
                right_node = expr.right
                if isinstance(right_node, cst.Tuple):
                    values = [self.known_or_hole(e.value, scope, depth) for e in right_node.elements]
                else:
                    values = [self.known_or_hole(right_node, scope, depth)]
                return format_percent(left, values)
            return UNKNOWN
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
            return Items(tuple(self.value_of(e.value, scope, depth + 1)
                               for e in expr.elements if isinstance(e, cst.Element)))
        if isinstance(expr, cst.Dict):
            return Pairs(tuple((self.value_of(e.key, scope, depth + 1), self.value_of(e.value, scope, depth + 1))
                               for e in expr.elements if isinstance(e, cst.DictElement)))
        if isinstance(expr, cst.Await):
            return self.value_of(expr.expression, scope, depth + 1)
        if isinstance(expr, cst.BooleanOperation) and isinstance(expr.operator, cst.Or):  # topic or "orders"
            return FirstKnown((self.value_of(expr.left, scope, depth + 1), self.value_of(expr.right, scope, depth + 1)))
        if isinstance(expr, cst.IfExp):  # topic if topic else DEFAULT: the one given, else the default
            first, second = expr.body, expr.orelse
            if _tests_absence(expr.test):  # DEFAULT if topic is None else topic
                first, second = second, first
            return FirstKnown((self.value_of(first, scope, depth + 1), self.value_of(second, scope, depth + 1)))
        return UNKNOWN

    def known_or_hole(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> Value:
        value = self.value_of(expr, scope, depth + 1)
        return value if type(value) is not Unknown else HOLE

    def _value_of_name(self, expr: cst.Name, scope: Scope, depth: int) -> Value:
        bindings = scope.lookup(expr.value)
        if not bindings:
            return UNKNOWN
        binding = bindings[-1]
        if len(bindings) > 1 and type(binding) is ExprBinding and mentions_name(binding.value, expr.value):
            # name = name + f"_shard{i}": the name as it was first given (the plain case)
            binding = bindings[0]
        kind = type(binding)
        if kind is ExprBinding:
            return self.value_of(binding.value, binding.scope, depth + 1)
        if kind is ImportBinding:
            return Ref(binding.target)
        if kind is LoopBinding:  # an item of what the loop walks: unknown, but it may come from a parameter
            return Subscript(self.value_of(binding.iterable, binding.scope, depth + 1), HOLE)
        if kind is DefBinding and not binding.definition.is_class:
            return TaskRef(self.names.module_qual(binding.qualname))
        if kind is ParamBinding:
            default = self.value_of(binding.default, binding.scope, depth + 1) if binding.default is not None else None
            known_default = default if default is not None and is_known(default) else None
            if binding.function is None:
                return known_default or UNKNOWN
            # a function's parameter: its call sites fill it in (analyzer.effects)
            return Param(expr.value, self.names.module_qual(binding.function), known_default)
        return UNKNOWN

    def _value_of_attribute(self, expr: cst.Attribute, scope: Scope, depth: int) -> Value:
        names = self.names
        attr = expr.attr.value
        if attr == "value":  # Enum member value
            return self.value_of(expr.value, scope, depth + 1)
        cls = names.self_class(expr.value, scope)
        if cls is not None:
            assigned, _ = names.class_attr(cls, attr)
            # self.name = self.name + "_shard{n}": the name as first given (by the class, or a base class)
            assigned = [(value, value_scope) for value, value_scope in assigned
                        if not _mentions_attribute(value, attr)]
            if not assigned or all(value_scope.is_class for _, value_scope in assigned):
                # a class attribute (TOPIC = "..."), or one a base class of another module sets: as the
                # object's class defines it, which may be a subclass (rendered project-wide)
                return SelfAttr(names.module_qual(cls.qualname), attr)
            for value, value_scope in reversed(assigned):
                result = self.value_of(value, value_scope, depth + 1)
                if is_known(result):
                    return result
            return UNKNOWN
        qual = names.qualname(expr, scope)
        if qual is None:
            base = self.value_of(expr.value, scope, depth + 1)
            if type(base) is not Instance:  # settings: Settings, a typed parameter: the class's default
                cls = names.instance_class(expr.value, scope, depth + 1)
                base = Instance(cls, ()) if cls and not cls.endswith("()") else base
            return AttrOf(base, attr) if type(base) is Instance else UNKNOWN
        local = names.local_of(qual)
        if local is not None and local.rsplit(".", 1)[0] in names.classes_by_qualname:
            owner = names.classes_by_qualname[local.rsplit(".", 1)[0]]
            value = owner.body_attrs.get(attr)
            if value is not None:
                return self.value_of(value, owner.scope, depth + 1)
        return Ref(qual)

    def _value_of_call(self, call: cst.Call, scope: Scope, depth: int) -> Value:
        func = call.func
        if isinstance(func, cst.Subscript):  # SignalType[int]("x"): the generic class itself
            func = func.value
        registry = self.registry
        qual = self.names.qualname(func, scope)
        args = [a for a in call.args if not a.star]
        positional = [a.value for a in args if a.keyword is None]
        keywords = {a.keyword.value: a.value for a in args if a.keyword is not None}
        name = last_name(func)
        is_env_call = qual in _ENV_FUNCTIONS or (
            # django-environ env("X", default=...), env.str(...); python-decouple config("X", default=...)
            (name in ("env", "config") or (isinstance(func, cst.Attribute) and dotted_name(func.value) == "env"))
            and "default" in keywords)
        if is_env_call and positional:
            variable = self.value_of(positional[0], scope, depth + 1)
            default_node = positional[1] if len(positional) > 1 and qual and qual.startswith("os.") \
                else keywords.get("default")
            default = self.value_of(default_node, scope, depth + 1) if default_node is not None else None
            return EnvVar(variable.text if type(variable) is Lit else "?",
                          default if default is not None and is_known(default) else None)
        if (qual == "builtins.getattr" or (qual is None and name == "getattr")) and len(positional) >= 2:
            attr = self.value_of(positional[1], scope, depth + 1)
            base = self.names.qualname(positional[0], scope, depth + 1)
            options: list[Value] = [Ref(f"{base}.{attr.text}")] if base and type(attr) is Lit else []
            if len(positional) > 2:
                options.append(self.value_of(positional[2], scope, depth + 1))
            return FirstKnown(tuple(options)) if options else UNKNOWN
        if name in ("Field", "field") and (positional or "default" in keywords):  # pydantic / dataclass defaults
            return self.value_of(keywords.get("default", positional[0] if positional else None), scope, depth + 1)
        if qual is not None and name and name[:1].isupper() and not registry.is_library(qual) \
                and registry.entity_name_arg(qual) is None:
            # an instance of a project class (settings objects, config dataclasses): attributes resolve
            # to the class defaults unless the constructor call sets them
            return Instance(qual, tuple((arg.keyword.value if arg.keyword is not None else None,
                                         self.value_of(arg.value, scope, depth + 1)) for arg in args))
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method == "format":
                template = self.value_of(func.value, scope, depth + 1)
                return format_braces(template, [self.known_or_hole(p, scope, depth) for p in positional],
                                     {k: self.known_or_hole(v, scope, depth) for k, v in keywords.items()})
            library_value = registry.value_methods.get(method)
            if library_value is not None:  # topic_path(project, topic), get_queue_url(QueueName=...)
                found = library_value(ValueArgs(positional, keywords, lambda node: self.value_of(node, scope, depth + 1)))
                if found is not None:
                    return found
            if method in ("strip", "lower", "upper") and not positional:
                return UNKNOWN
            if method in ("encode", "decode") and len(positional) <= 1:  # TOPIC.encode(): same text
                return self.value_of(func.value, scope, depth + 1)
        name_arg = registry.entity_name_arg(qual)
        if name_arg is not None:  # Queue("orders", ...) stands for its name
            found_node = name_arg.pos is not None and name_arg.pos < len(positional) and positional[name_arg.pos]
            found_node = found_node or (keywords.get(name_arg.kw) if name_arg.kw else None)
            return self.value_of(found_node, scope, depth + 1) if found_node else UNKNOWN
        if qual in ("str", "builtins.str") and len(positional) == 1:
            return self.value_of(positional[0], scope, depth + 1)
        if qual is not None and "." in qual and not qual.startswith("builtins.") and not registry.is_library(qual):
            return Ref(f"{qual}()")  # what a project function returns, if it names a text (module_facts)
        return UNKNOWN



def _mentions_attribute(node: cst.CSTNode, attr: str) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) is cst.Attribute and current.attr.value == attr:
            return True
        stack.extend(current.children)
    return False


def _tests_absence(test: cst.BaseExpression) -> bool:
    """``x is None``, ``not x``: a test that is true when a value is missing."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return True
    return isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and \
        isinstance(test.comparisons[0].operator, (cst.Is, cst.Equal)) and \
        isinstance(test.comparisons[0].comparator, cst.Name) and test.comparisons[0].comparator.value == "None"
