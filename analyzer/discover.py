"""Which files to analyse: paths given, minus ignored and excluded ones.

Honours ``.gitignore`` files at every level (matched with pathspec, the same
gitwildmatch rules git uses), the usual vendored/virtualenv/build folders, and
the configuration's ``exclude``/``extend-exclude``. Symlinked folders are
followed once; a link back into a folder already visited is skipped, so a loop
never hangs the walk. The order is sorted and so deterministic.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import pathspec

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "virtualenv", "site-packages", "build", "dist",
    "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".msglint_cache", ".eggs", "*.egg-info",
)


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def _spec(patterns: Iterable[str]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


def _is_virtualenv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file()


def discover(paths: Iterable[Path], root: Path, exclude: Optional[Iterable[str]] = None,
             extend_exclude: Iterable[str] = (), respect_gitignore: bool = True) -> Discovery:
    """Python files under ``paths``; excluded patterns are relative to ``root``."""
    base = list(DEFAULT_EXCLUDES) if exclude is None else list(exclude) + list(DEFAULT_EXCLUDES)
    excluded = _spec(base + list(extend_exclude))
    result = Discovery()
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    root = root.resolve()

    def rel(path: Path) -> str:
        try:
            return path.absolute().relative_to(root).as_posix()
        except ValueError:
            try:
                return path.resolve().relative_to(root).as_posix()
            except (ValueError, OSError):
                return path.as_posix()

    def ignored_by_git(path: Path, is_dir: bool, stack: list[tuple[Path, pathspec.PathSpec]]) -> bool:
        for directory, spec in stack:
            try:
                relative = path.relative_to(directory).as_posix()
            except ValueError:
                continue
            if spec.match_file(relative + ("/" if is_dir else "")):
                return True
        return False

    def gitignore_stack_for(directory: Path) -> list[tuple[Path, pathspec.PathSpec]]:
        stack = []
        chain = [directory] + list(directory.parents)
        for folder in reversed(chain):
            if folder != root and root not in folder.parents:
                continue
            spec = _read_gitignore(folder, result) if respect_gitignore else None
            if spec is not None:
                stack.append((folder, spec))
        return stack

    def add_file(path: Path) -> None:
        key = str(path.resolve())
        if key not in seen_files:
            seen_files.add(key)
            result.files.append(path)

    def walk(directory: Path, stack: list[tuple[Path, pathspec.PathSpec]]) -> None:
        try:
            real = str(directory.resolve())
        except OSError as exc:
            result.problems.append((directory.as_posix(), f"cannot resolve: {exc.strerror or exc}"))
            return
        if real in seen_dirs:
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            result.problems.append((directory.as_posix(), f"cannot read folder: {exc.strerror or exc}"))
            return
        local = _read_gitignore(directory, result) if respect_gitignore else None
        if local is not None:
            stack = stack + [(directory, local)]
        for entry in entries:
            path = Path(entry.path)
            relative = rel(path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                continue
            if is_dir:
                if excluded.match_file(relative + "/") or excluded.match_file(entry.name + "/"):
                    continue
                if ignored_by_git(path, True, stack) or _is_virtualenv(path):
                    continue
                walk(path, stack)
            elif is_file and entry.name.endswith(".py"):
                if excluded.match_file(relative) or ignored_by_git(path, False, stack):
                    continue
                add_file(path)

    for given in paths:
        if not given.exists() and not given.is_symlink():
            result.problems.append((given.as_posix(), "no such file or folder"))
        elif given.is_dir():
            walk(given, gitignore_stack_for(given.resolve().parent) if given.resolve() != root else [])
        elif given.is_file():
            add_file(given)  # a file named explicitly is analysed even if excluded, as ruff does
        else:
            result.problems.append((given.as_posix(), "not a regular file or folder"))
    result.files.sort(key=lambda p: rel(p))
    return result


def _read_gitignore(folder: Path, result: Discovery) -> Optional[pathspec.PathSpec]:
    path = folder / ".gitignore"
    if not path.is_file():
        return None
    try:
        return _spec(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError as exc:
        result.problems.append((path.as_posix(), f"cannot read: {exc.strerror or exc}"))
        return None
