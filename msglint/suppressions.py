"""Inline suppressions, as users know them from ruff and flake8.

- ``# noqa`` or ``# noqa: MSG101, MSG204`` on the finding's line or on the first line of its statement;
- ``# msglint: ignore`` / ``# msglint: ignore[MSG101]``, same places;
- ``# msglint: skip-file`` anywhere in the file: no finding in it.

Only real comments count (the file is tokenized, so a ``noqa`` inside a string is not one).
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Optional

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_IGNORE = re.compile(r"#\s*msglint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_SKIP_FILE = re.compile(r"#\s*msglint:\s*skip-file\b", re.IGNORECASE)


@dataclass
class Suppression:
    line: int
    codes: Optional[frozenset[str]]  # None: every code
    used: set = field(default_factory=set)

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


@dataclass
class FileSuppressions:
    skip_file: bool = False
    by_line: dict[int, list[Suppression]] = field(default_factory=dict)
    statement_start: dict[int, int] = field(default_factory=dict)  # line -> first line of its statement

    def suppressing(self, code: str, line: int) -> Optional[Suppression]:
        for candidate in (line, self.statement_start.get(line, line)):
            for suppression in self.by_line.get(candidate, ()):
                if suppression.covers(code):
                    return suppression
        return None

    def unused(self) -> list[tuple[Suppression, list[str]]]:
        """Suppressions that suppressed nothing (whole), or codes in them that were never needed."""
        out = []
        for suppressions in self.by_line.values():
            for suppression in suppressions:
                if suppression.codes is None:
                    if not suppression.used:
                        out.append((suppression, []))
                else:
                    idle = sorted(suppression.codes - suppression.used)
                    if idle:
                        out.append((suppression, idle))
        return out


def _codes(text: Optional[str]) -> Optional[frozenset[str]]:
    if not text or not text.strip():
        return None
    return frozenset(code.upper() for code in re.split(r"[\s,]+", text.strip()) if code)


def parse(source: str) -> FileSuppressions:
    result = FileSuppressions()
    lowered = source.lower()
    if "noqa" not in lowered and "msglint:" not in lowered:
        return result  # most files: no comment to look for, no need to tokenize
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = []
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        text = token.string
        if _SKIP_FILE.search(text):
            result.skip_file = True
        for pattern in (_NOQA, _IGNORE):
            match = pattern.search(text)
            if match:
                line = token.start[0]
                result.by_line.setdefault(line, []).append(Suppression(line, _codes(match.group("codes"))))
    if result.by_line:
        result.statement_start = _statement_starts(source)
    return result


def _statement_starts(source: str) -> dict[int, int]:
    """Each line of a multi-line statement mapped to the statement's first line."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    starts: dict[int, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.end_lineno and node.end_lineno > node.lineno:
            body_start = min((child.lineno for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)),
                             default=node.end_lineno + 1)
            for line in range(node.lineno + 1, min(node.end_lineno, body_start - 1) + 1):
                starts.setdefault(line, node.lineno)
    # inner statements were visited after outer ones only if walk is breadth-first: prefer the nearest start
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.end_lineno and not any(
                isinstance(c, ast.stmt) for c in ast.iter_child_nodes(node)):
            for line in range(node.lineno + 1, node.end_lineno + 1):
                starts[line] = node.lineno
    return starts
