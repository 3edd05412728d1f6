"""A warm ``msglint check`` of an unchanged tree answers from the previous run's result.

The findings are a function of the analysed files, the configuration, the options
and msglint's own code, and of nothing else (msglint never runs the code it reads).
So a run keys its result by all of these and keeps it under the cache folder; the
next run with the same key prints it without parsing, resolving or checking
anything. Files count as unchanged when their path, size and modification time
(in nanoseconds) are, as in ruff's and make's caches; any difference, a file added
or removed, an edited configuration, baseline or msglint itself, makes a new key,
and that run rebuilds the graph and the findings from the per-file facts cache.

This module imports nothing of the analyser, so that a warm run stays light.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any, Iterable, Optional

SCHEMA = 1
_FOLDER = "runs"
_KEEP = 8  # results kept: a few option sets (pre-commit, CI, an editor) share one cache
_RACY_NS = 2_000_000_000  # files changed this recently are not trusted by their stat


def code_fingerprint() -> str:
    """msglint's own code: its version and the size and mtime of every module that takes part in a
    check (what Python itself trusts to reuse a module's bytecode)."""
    import importlib.util

    import msglint.version
    from msglint.analyzer import fingerprint

    folders = [os.path.dirname(msglint.version.__file__)]
    for package in ("msglint.analyzer", "msglint.rules"):
        spec = importlib.util.find_spec(package)
        folders.extend(spec.submodule_search_locations or () if spec else ())
    return fingerprint.code_fingerprint(folders, msglint.version.__version__)


def run_key(files: Iterable[Path], root: Path, settings: Any) -> Optional[str]:
    """The key of one run: every file's path, size and mtime, plus ``settings`` (JSON-able: the
    configuration and the options) and the code. None when a file cannot be examined, or was
    modified so recently that a second edit could keep its size and timestamp (git's "racily
    clean" files: file systems keep mtime in ticks of a few milliseconds)."""
    recent = time.time_ns() - _RACY_NS
    digest = hashlib.sha256(f"{SCHEMA}\0{code_fingerprint()}\0".encode())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            return None
        if info.st_mtime_ns > recent:
            return None
        digest.update(b"\0" + os.fsencode(path) + f"\0{info.st_size}\0{info.st_mtime_ns}".encode())
    digest.update(str(root).encode())
    return digest.hexdigest()


def file_digest(path: Optional[Path]) -> Optional[str]:
    """A small input file's content hash (a baseline); None when absent."""
    if path is None:
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def load(folder: Path, key: str) -> Optional[dict]:
    path = folder / _FOLDER / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA or data.get("key") != key:
            raise ValueError("not this run")
        return data
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError):  # corrupt or foreign: never trusted, dropped
        try:
            path.unlink()
        except OSError:
            pass
        return None


def store(folder: Path, key: str, value: dict) -> None:
    """Atomic (write, then rename), so a killed run or a concurrent one never leaves half a file."""
    runs = folder / _FOLDER
    try:
        runs.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by msglint\n*\n", encoding="utf-8")
        temporary = runs / f".{key}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps({"schema": SCHEMA, "key": key, **value}), encoding="utf-8")
        os.replace(temporary, runs / f"{key}.json")
        kept = sorted(runs.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[_KEEP:]:
            old.unlink()
    except OSError:
        pass  # a read-only cache folder costs speed, never results
