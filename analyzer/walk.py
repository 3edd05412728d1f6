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


def _fields(node_type: type) -> tuple[str, ...]:
    found = _FIELDS.get(node_type)
    if found is None:
        found = _ORDER.get(node_type) or tuple(
            f.name for f in dataclasses.fields(node_type) if not f.name.startswith(_SKIP_PREFIXES))
        _FIELDS[node_type] = found
    return found


def walk(node: cst.CSTNode, visitor: Any) -> None:
    """Call ``visitor.visit_X(node)`` before and ``visitor.leave_X(node)`` after each node's children."""
    visitor_type = type(visitor)
    stack: list[tuple[cst.CSTNode, bool]] = [(node, False)]
    while stack:
        current, leaving = stack.pop()
        node_type = type(current)
        key = (visitor_type, node_type)
        handlers = _DISPATCH.get(key)
        if handlers is None:
            name = node_type.__name__
            handlers = (getattr(visitor_type, f"visit_{name}", None), getattr(visitor_type, f"leave_{name}", None))
            _DISPATCH[key] = handlers
        if leaving:
            handlers[1](visitor, current)  # type: ignore[misc]
            continue
        if handlers[0] is not None:
            handlers[0](visitor, current)
        if handlers[1] is not None:
            stack.append((current, True))
        children: list[cst.CSTNode] = []
        for name in _fields(node_type):
            value = getattr(current, name)
            if isinstance(value, cst.CSTNode):
                children.append(value)
            elif isinstance(value, (list, tuple)):
                children.extend(item for item in value if isinstance(item, cst.CSTNode))
        stack.extend((child, False) for child in reversed(children))
