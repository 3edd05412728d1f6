"""Line and column numbers for the few nodes that become sites.

libcst's PositionProvider re-generates the whole module (about 2x the parse
cost, design.md); instead we parse once more with :mod:`ast` (about 15x faster
than libcst) and pair nodes by their order in the source: the n-th call that
libcst visits is the n-th call by start position. Each pairing is checked by the
callee's name; on any mismatch we fall back to libcst's provider for that file.
"""
from __future__ import annotations

import ast
import sys
import functools
from typing import Any, Callable, Optional

import libcst as cst

Position = tuple[int, int, int]  # line (1-based), column (0-based), end line


def _mapped(method: Callable[..., Position]) -> Callable[..., Position]:
    """Positions in a sliced source (``analyzer.slicing``) are turned into the file's own lines."""
    @functools.wraps(method)
    def wrapper(self: "Locator", *args: Any, **kwargs: Any) -> Position:
        line, column, end = method(self, *args, **kwargs)
        if self.line_map is None:
            return line, column, end
        return self.line_map[line - 1], column, self.line_map[end - 1]
    return wrapper


class Locator:
    def __init__(self, source: str, module: cst.Module, line_map: Optional[list[int]] = None) -> None:
        self.source = source
        self.module = module
        self.line_map = line_map  # the file's line of each source line, when the source is a slice
        self._calls: Optional[list[ast.Call]] = None
        self._defs: Optional[list[ast.AST]] = None
        self._classes: Optional[list[ast.ClassDef]] = None
        self._dicts: Optional[list[ast.Dict]] = None
        self._lines: Optional[list[str]] = None
        self._fallback: Optional[dict] = None
        self._broken = False

    def _index(self) -> None:
        if self._calls is not None or self._broken:
            return
        try:
            tree = _parse(self.source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            self._broken = True
            return
        calls, defs, classes, dicts = [], [], [], []
        kinds = {ast.Call: calls, ast.Dict: dicts, ast.FunctionDef: defs, ast.AsyncFunctionDef: defs,
                 ast.ClassDef: classes}
        stack: list[ast.AST] = [tree]
        while stack:  # every node, in any order (sorted below); ast.walk is three times slower
            node = stack.pop()
            found = kinds.get(type(node))
            if found is not None:
                found.append(node)
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, list):
                    stack.extend(item for item in value if isinstance(item, ast.AST))
                elif isinstance(value, ast.AST):
                    stack.append(value)
        calls.sort(key=lambda n: (n.lineno, n.col_offset, -(n.end_lineno or 0), -(n.end_col_offset or 0)))
        defs.sort(key=lambda n: (n.lineno, n.col_offset))
        classes.sort(key=lambda n: (n.lineno, n.col_offset))
        dicts.sort(key=lambda n: (n.lineno, n.col_offset, -(n.end_lineno or 0), -(n.end_col_offset or 0)))
        self._calls, self._defs, self._classes, self._dicts = calls, defs, classes, dicts

    @_mapped
    def call(self, ordinal: int, node: cst.Call) -> Position:
        self._index()
        if self._calls is not None and ordinal < len(self._calls):
            found = self._calls[ordinal]
            if _callee_name(found.func) == _cst_callee_name(node.func):
                return found.lineno, self._column(found.lineno, found.col_offset), found.end_lineno or found.lineno
        return self._provider(node)

    @_mapped
    def decorator(self, is_class: bool, ordinal: int, index: int, definition: cst.CSTNode,
                  expr: cst.BaseExpression) -> Position:
        """Where a decorator of the ``ordinal``-th function (or class) starts: at its ``@``."""
        self._index()
        table = self._classes if is_class else self._defs
        if table is not None and ordinal < len(table):
            found = table[ordinal]
            name = definition.name.value  # type: ignore[attr-defined]
            if getattr(found, "name", None) == name and index < len(found.decorator_list):  # type: ignore
                dec = found.decorator_list[index]  # type: ignore[attr-defined]
                # the site starts at the "@", one column before the expression
                return dec.lineno, max(self._column(dec.lineno, dec.col_offset) - 1, 0), dec.end_lineno or dec.lineno
        return self._provider(expr)

    @_mapped
    def definition(self, is_class: bool, ordinal: int, node: cst.CSTNode) -> Position:
        """Where a ``def`` or ``class`` statement's keyword line is (after its decorators)."""
        self._index()
        table = self._classes if is_class else self._defs
        if table is not None and ordinal < len(table) and \
                getattr(table[ordinal], "name", None) == node.name.value:  # type: ignore[attr-defined]
            found = table[ordinal]
            return found.lineno, self._column(found.lineno, found.col_offset), found.end_lineno or found.lineno
        return self._provider(node)

    @_mapped
    def class_attribute(self, ordinal: int, attr: str, value: cst.BaseExpression,
                        element: Optional[int] = None) -> Position:
        """Where the (last) assignment of ``attr`` in the body of the ``ordinal``-th class starts; with
        ``element``, where that element of the assigned list or tuple starts (starred items not counted)."""
        self._index()
        if self._classes is not None and ordinal < len(self._classes):
            found = None
            for stmt in self._classes[ordinal].body:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else \
                    [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
                if any(isinstance(t, ast.Name) and t.id == attr for t in targets):
                    found = stmt
            if found is not None and element is not None:
                items = [e for e in getattr(found.value, "elts", ()) if not isinstance(e, ast.Starred)]
                found = items[element] if element < len(items) else None
            if found is not None:
                return found.lineno, self._column(found.lineno, found.col_offset), found.end_lineno or found.lineno
        if element is not None and isinstance(value, (cst.List, cst.Tuple)):
            items = [e.value for e in value.elements if isinstance(e, cst.Element)]
            if element < len(items):
                return self._provider(items[element])
        return self._provider(value)

    @_mapped
    def dict_key(self, ordinal: int, node: cst.Dict, index: int) -> Position:
        """Where the ``index``-th key of the ``ordinal``-th dict display starts."""
        self._index()
        if self._dicts is not None and ordinal < len(self._dicts):
            found = self._dicts[ordinal]
            if len(found.keys) == len(node.elements) and found.keys[index] is not None:
                key = found.keys[index]
                return key.lineno, self._column(key.lineno, key.col_offset), key.end_lineno or key.lineno
        element = node.elements[index]
        return self._provider(element.key if isinstance(element, cst.DictElement) else element)

    def _column(self, line: int, byte_offset: int) -> int:
        """ast counts columns in UTF-8 bytes; sites count characters (as libcst and editors do)."""
        if self._lines is None:
            from .slicing import source_lines

            self._lines = [line.rstrip("\r\n") for line in source_lines(self.source)]
        if 0 < line <= len(self._lines):
            text = self._lines[line - 1]
            if not text.isascii():
                return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))
        return byte_offset

    def _provider(self, node: cst.CSTNode) -> Position:
        if self._fallback is None:
            from libcst.metadata import MetadataWrapper, PositionProvider

            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._fallback = dict(wrapper.resolve(PositionProvider))
        pos = self._fallback.get(node)
        if pos is None:
            return 1, 0, 1
        return pos.start.line, pos.start.column, pos.end.line


_DEEP_LIMIT = 50_000  # ast builds a long chain (a + b + ... ) by recursion, counted against this limit


def _parse(source: str) -> ast.Module:
    """``ast.parse``, once more with a higher recursion limit for a pathologically deep expression (which
    libcst parsed): the positions of the file's other sites still come from it."""
    try:
        return ast.parse(source)
    except RecursionError:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _DEEP_LIMIT))
        try:
            return ast.parse(source)
        finally:
            sys.setrecursionlimit(limit)


def _callee_name(func: ast.AST) -> Optional[str]:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return type(func).__name__


def _cst_callee_name(func: cst.BaseExpression) -> Optional[str]:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return {cst.Call: "Call", cst.Subscript: "Subscript", cst.Lambda: "Lambda"}.get(type(func), type(func).__name__)
