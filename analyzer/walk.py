"""A read-only walk over a libcst tree, in source order.

libcst's own ``Module.visit`` rebuilds every node as it goes (it is made for
transforms), which costs about six times a plain walk over the node fields.
This walk calls the same ``visit_<Node>``/``leave_<Node>`` methods of a
visitor, visiting children in source order; the few node types whose dataclass
fields are not in source order are listed in ``_ORDER``. Whitespace, commas,
parentheses and other tokens are skipped: nothing here needs them.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional

import libcst as cst

_SKIP_PREFIXES = ("whitespace", "lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after",
                  "header", "footer", "equal", "dot", "colon", "star_tok", "lbracket", "rbracket",
                  "lbrace", "rbrace", "first_line", "empty_lines", "newline")
# Node types whose fields are not declared in source order.
_ORDER: dict[type, tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "name", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "name", "bases", "keywords", "body"),
    cst.IfExp: ("body", "test", "orelse"),
    cst.Arg: ("keyword", "value"),
    cst.Parameters: ("posonly_params", "params", "star_arg", "kwonly_params", "star_kwarg"),
    cst.ExceptHandler: ("type", "name", "body"),
    cst.ExceptStarHandler: ("type", "name", "body"),
}
_FIELDS: dict[type, tuple[str, ...]] = {}
_DISPATCH: dict[tuple[type, type], tuple[Optional[Callable], Optional[Callable]]] = {}


_NODE_TYPES: set[type] = set()  # types seen that are CST nodes (isinstance on libcst's ABC is slow)
_OTHER_TYPES: set[type] = {str, int, float, bool, type(None)}


def _fields(node_type: type) -> tuple[str, ...]:
    found = _FIELDS.get(node_type)
    if found is None:
        found = _ORDER.get(node_type) or tuple(
            f.name for f in dataclasses.fields(node_type)
            if not f.name.startswith(_SKIP_PREFIXES) and f.type not in ("str", str))
        _FIELDS[node_type] = found
    return found


def _is_node(value_type: type) -> bool:
    if value_type in _NODE_TYPES:
        return True
    if value_type in _OTHER_TYPES:
        return False
    found = issubclass(value_type, cst.CSTNode)
    (_NODE_TYPES if found else _OTHER_TYPES).add(value_type)
    return found


def walk(node: cst.CSTNode, visitor: Any) -> None:
    """Call ``visitor.visit_X(node)`` before and ``visitor.leave_X(node)`` after each node's children."""
    visitor_type = type(visitor)
    stack: list[tuple[cst.CSTNode, bool]] = [(node, False)]
    nodes, dispatch = _NODE_TYPES, _DISPATCH
    while stack:
        current, leaving = stack.pop()
        node_type = type(current)
        handlers = dispatch.get((visitor_type, node_type))
        if handlers is None:
            name = node_type.__name__
            handlers = (getattr(visitor_type, f"visit_{name}", None), getattr(visitor_type, f"leave_{name}", None))
            dispatch[(visitor_type, node_type)] = handlers
        if leaving:
            handlers[1](visitor, current)  # type: ignore[misc]
            continue
        if handlers[0] is not None:
            handlers[0](visitor, current)
        if handlers[1] is not None:
            stack.append((current, True))
        fields = _FIELDS.get(node_type) or _fields(node_type)
        if not fields:
            continue
        children: list[cst.CSTNode] = []
        for name in fields:
            value = getattr(current, name)
            value_type = type(value)
            if value_type in nodes or _is_node(value_type):
                children.append(value)
            elif value_type is list or value_type is tuple:
                children.extend(item for item in value if type(item) in nodes or _is_node(type(item)))
        for child in reversed(children):
            stack.append((child, False))
