"""Call descriptions: a libcst call or decorator as the :class:`~analyzer.calls.CallInfo` library specs read.

Also the readings of a call that only the project-wide view completes: the message class a
payload is built from (``OrderPlaced(...)``, through serialisers and the library's envelopes), and
the tasks a canvas holds.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Optional

import libcst as cst

from .calls import ArgInfo, CallInfo, Target
from .expressions import Values
from .names import MAX_DEPTH, Names
from .objects import Objects
from .registry import Registry
from .scopes import (CallRecord, DefBinding, DefInfo, ExprBinding, ImportBinding, LoopBinding, ParamBinding, Scope,
                     WithBinding, last_name, source_text)
from .values import UNKNOWN, TaskRef, Value

CAMEL_CASE = re.compile(r"^_?[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$")
_BINDING_NAMES = {ImportBinding: "import", ExprBinding: "expr", WithBinding: "with", ParamBinding: "param",
                  DefBinding: "def", LoopBinding: "loop"}
_SERIALISERS = {"json", "dict", "model_dump", "model_dump_json", "SerializeToString", "to_json",
                "to_dict", "dumps", "encode", "serialize"}
_SERIALISING_FUNCS = {"asdict", "dumps", "astuple", "encode", "json_dumps", "serialize", "to_json"}
_PAYLOAD_KEYWORDS = ("body", "data", "value")  # of an envelope class
_NOT_MESSAGES = {"Decimal", "UUID", "Path", "Exception", "ValueError", "TypeError", "KeyError", "RuntimeError"}


class Describer:
    def __init__(self, names: Names, values: Values, objects: Objects, registry: Registry) -> None:
        self.names = names
        self.values = values
        self.objects = objects
        self.registry = registry
        self.module = names.module
        self.imports = tuple(sorted(names.collector.imported_roots))
        self.message_quals: dict[str, str] = {}  # message class name -> qualified name, as seen in payloads
        self.not_messages = _NOT_MESSAGES | registry.not_messages

    # -- calls -----------------------------------------------------------------------
    def call_info(self, call: cst.Call, scope: Scope, depth: int = 0, then: Optional[str] = None) -> CallInfo:
        func, bound, func_scope = self.unwrap_partial(call.func, scope)
        info = self.callee_info(func, func_scope, depth)  # first: the evaluations' memos guard cycles in order
        args = tuple([self.arg_info(arg, func_scope, depth) for arg in bound] +
                     [self.arg_info(arg, scope, depth) for arg in call.args])
        return replace(info, args=args, then=then)

    def unwrap_partial(self, func: cst.BaseExpression, scope: Scope) -> tuple[cst.BaseExpression, list, Scope]:
        """``send_order = partial(producer.send, "orders")``: calling it calls ``producer.send("orders", ...)``;
        ``async_to_sync(layer.group_send)(group, message)`` calls ``layer.group_send``."""
        bound: list = []
        for _ in range(4):
            if isinstance(func, cst.Call) and func.args and func.args[0].keyword is None \
                    and self.names.qualname(func.func, scope) in self.registry.sync_bridges:
                func = func.args[0].value
                continue
            if not isinstance(func, cst.Name):
                break
            bindings = scope.lookup(func.value)
            if not bindings or type(bindings[-1]) is not ExprBinding or not isinstance(bindings[-1].value, cst.Call):
                break
            partial_call, partial_scope = bindings[-1].value, bindings[-1].scope
            if self.names.qualname(partial_call.func, partial_scope) != "functools.partial" or not partial_call.args:
                break
            func, scope = partial_call.args[0].value, partial_scope
            bound = list(partial_call.args[1:]) + bound
        return func, bound, scope

    def callee_info(self, func: cst.BaseExpression, scope: Scope, depth: int = 0) -> CallInfo:
        names, objects = self.names, self.objects
        recv = recv_qual = recv_text = task_qual = recv_binding = None
        method = None
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            recv = objects.type_of(func.value, scope, depth + 1)
            recv_qual = names.qualname(func.value, scope, depth + 1)
            recv_text = source_text(self.module, func.value)
            task_qual = self.task_qualname(func.value, scope, depth + 1)
            if isinstance(func.value, cst.Name):  # how an untyped receiver name is bound
                bindings = scope.lookup(func.value.value)
                recv_binding = _BINDING_NAMES[type(bindings[-1])] if bindings else None
        callee = objects.type_of(func, scope, depth + 1) if self.registry.object_calls else None
        return CallInfo(func=names.qualname(func, scope, depth + 1), name=last_name(func), method=method,
                        callee=callee, recv=recv, recv_qual=recv_qual, recv_text=recv_text,
                        recv_binding=recv_binding, task_qual=task_qual, function=scope.function_name,
                        in_class=scope.cls.qualname if scope.cls is not None else None,
                        module=names.module_name, imports=self.imports)

    def decorator_info(self, definition: DefInfo, expr: cst.BaseExpression, depth: int = 0,
                       class_attrs: Optional[dict[str, Value]] = None,
                       returns: Optional[str] = None) -> Optional[CallInfo]:
        """A decorator described like a call (``called``: written with parentheses), with its ``target``."""
        func = expr.func if isinstance(expr, cst.Call) else expr
        if last_name(func) is None:
            return None
        info = self.callee_info(func, definition.scope, depth)
        args = tuple(self.arg_info(arg, definition.scope, depth) for arg in expr.args) \
            if isinstance(expr, cst.Call) else ()
        target = Target(definition.name, definition.qualname, definition.is_class, class_attrs or {}, returns)
        return replace(info, args=args, called=isinstance(expr, cst.Call), target=target)

    def setup_info(self, record: CallRecord) -> CallInfo:
        """A setup call (``sock.bind(address)``): its method and arguments only."""
        method = record.node.func.attr.value
        return CallInfo(func=None, name=method, method=method,
                        args=tuple(self.arg_info(arg, record.scope) for arg in record.node.args))

    def light_info(self, record: CallRecord, func: cst.BaseExpression, scope: Scope) -> CallInfo:
        """A compact description (no arguments): a project calls many imported functions, few of which
        turn out to hold objects, and argument values would make the project read the modules they refer
        to. Object-call specs of decorated objects see the callee, never the arguments."""
        return CallInfo(func=self.names.qualname(func, scope), name=last_name(func),
                        method=func.attr.value if isinstance(func, cst.Attribute) else None, then=record.then,
                        function=record.scope.function_name, module=self.names.module_name)

    def task_qualname(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        """The function behind ``add``, ``add.s(1)``, ``add.si().set(queue=...)`` or ``sig = add.s()``."""
        methods = self.registry.signature_methods
        for _ in range(6):
            if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in methods:
                expr = expr.func.value
                continue
            if isinstance(expr, cst.Name):
                bindings = scope.lookup(expr.value)
                if bindings and type(bindings[-1]) is ExprBinding and isinstance(bindings[-1].value, cst.Call):
                    expr, scope = bindings[-1].value, bindings[-1].scope
                    continue
            break
        if isinstance(expr, (cst.Name, cst.Attribute)):
            return self.names.qualname(expr, scope, depth + 1)
        return None

    def signature_members(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> list[Value]:
        """Task names of canvas members: ``a.s()``, ``[a.s(), b.si()]``, ``signature("x")``, a list
        comprehension of them, and a variable holding any of these (``header = [...]; chord(header)``)."""
        if depth > MAX_DEPTH:
            return []
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
            members: list[Value] = []
            for element in expr.elements:
                members.extend(self.signature_members(element.value, scope, depth + 1))
            return members
        if isinstance(expr, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            return self.signature_members(expr.elt, scope, depth + 1)
        if isinstance(expr, cst.Name):
            bindings = scope.lookup(expr.value)
            if bindings and type(bindings[-1]) is ExprBinding:
                return self.signature_members(bindings[-1].value, bindings[-1].scope, depth + 1)
            return []
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
                and expr.func.attr.value in self.registry.signature_methods:
            qual = self.task_qualname(expr, scope)
            return [TaskRef(qual) if qual else UNKNOWN]
        if isinstance(expr, cst.Call):
            tag = self.objects.type_of(expr, scope)
            if tag is not None and tag.kind in self.registry.signature_kinds:
                return [tag.get("name", UNKNOWN)]
        return []

    def arg_info(self, arg: cst.Arg, scope: Scope, depth: int = 0) -> ArgInfo:
        names, objects = self.names, self.objects
        value = arg.value
        tag = objects.type_of(value, scope, depth + 1)
        param = origin = None
        if isinstance(value, cst.Name):
            bindings = scope.lookup(value.value)
            if bindings and type(bindings[-1]) is ParamBinding and bindings[-1].function is not None:
                param = value.value  # a factory's parameter, bound at its call sites
        if tag is None and isinstance(value, (cst.Name, cst.Attribute, cst.Call)):
            found = objects.origin_of(value, scope, depth + 1)
            if found is not None and found.project_rooted:
                origin = found
        return ArgInfo(kw=arg.keyword.value if arg.keyword is not None else None, star=arg.star,
                       value=self.values.value_of(value, scope, depth + 1), text=source_text(self.module, value),
                       tag=tag, qual=names.qualname(value, scope, depth + 1),
                       message=self.message_class(value, scope, depth + 1),
                       callable=isinstance(value, (cst.Name, cst.Attribute, cst.Lambda)),
                       signatures=tuple(self.signature_members(value, scope)), param=param, origin=origin)

    # -- messages ----------------------------------------------------------------------
    def message_class(self, expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> Optional[str]:
        """The class a payload is built from: ``OrderPlaced(...)`` and its serialisations."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, cst.Name):
            bindings = scope.lookup(expr.value)
            if bindings and type(bindings[-1]) is ExprBinding:
                return self.message_class(bindings[-1].value, bindings[-1].scope, depth + 1)
            return None
        if not isinstance(expr, cst.Call):
            return None
        func = expr.func
        name = last_name(func)
        if name and CAMEL_CASE.match(name):
            qual = self.names.qualname(func, scope)
            if qual is not None and self.registry.constructor_rule(qual) is not None:
                return None
            if name in self.registry.envelopes:
                inner = expr.args[0].value if expr.args and expr.args[0].keyword is None else None
                for arg in expr.args:
                    if arg.keyword is not None and arg.keyword.value in _PAYLOAD_KEYWORDS:
                        inner = arg.value
                return self.message_class(inner, scope, depth + 1) if inner is not None else None
            if name in self.not_messages:
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


class Evaluator:
    """The four readings of one module, wired together: names, values, objects and call descriptions."""

    def __init__(self, collector: Any, module: cst.Module, registry: Registry) -> None:
        self.names = Names(collector, module, registry)
        self.values = Values(self.names, registry)
        self.objects = Objects(self.names, self.values, registry)
        self.calls = Describer(self.names, self.values, self.objects, registry)
        self.objects.describer = self.calls
