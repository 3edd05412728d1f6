"""From a file's bytes to a libcst module, or to a diagnostic that says why not.

Decoding follows Python's own rules (PEP 263 cookie or BOM, else UTF-8), and a syntax error is
reported with Python's message and position where Python has one: users know it from their tools.
"""
from __future__ import annotations

import ast
import codecs
import io
import threading
import tokenize

import libcst as cst

from .model import Diagnostic

MAX_FILE_BYTES = 2_000_000


def decode_source(data: bytes) -> str:
    """Decode as Python does; raises ValueError with a reason."""
    if b"\x00" in data:
        raise ValueError("binary file (contains a NUL byte)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise ValueError(f"bad encoding declaration: {exc}") from None
    try:
        codecs.lookup(encoding)
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
        where = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise ValueError(f"cannot decode as {encoding}{where}: {reason}") from None


def _skip_validation(node: cst.CSTNode) -> None:
    pass


# libcst's own check, taken once: a parse restores exactly this, whatever other threads do meanwhile
_VALIDATION = cst.CSTNode.__dict__.get("__post_init__")
_SWITCH = threading.Lock()
_parsing = 0  # parses under way in this process without validation


def parse_module(source: str) -> cst.Module:
    """``libcst.parse_module`` without validating each node the parser builds: its output is valid by
    construction (libcst's own PERF note in ``CSTNode.__post_init__``), and the checks cost about 15%
    of a parse. Validation is back on as soon as no parse of this process runs."""
    global _parsing
    if _VALIDATION is None:  # a libcst that validates elsewhere: parse as it is
        return cst.parse_module(source)
    with _SWITCH:
        _parsing += 1
        cst.CSTNode.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(source)
    finally:
        with _SWITCH:
            _parsing -= 1
            if not _parsing:
                cst.CSTNode.__post_init__ = _VALIDATION  # type: ignore[method-assign]


def problem(path: str, message: str, line: int = 1, column: int = 0) -> Diagnostic:
    return Diagnostic(path=path, message=message, line=line, column=column)


def syntax_error(path: str, source: str, exc: cst.ParserSyntaxError) -> Diagnostic:
    """Python's own message and line where it has one."""
    try:
        compile(source, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as python_error:
        return problem(path, f"syntax error: {python_error.msg}", python_error.lineno or 1,
                       max((python_error.offset or 1) - 1, 0))
    except (ValueError, RecursionError, MemoryError):
        pass
    return problem(path, f"syntax error: {exc.message}", exc.raw_line, exc.raw_column)
