"""Which files to analyse: paths given, minus ignored and excluded ones.

Honours ``.gitignore`` files at every level (matched with pathspec, the same
gitwildmatch rules git uses), the usual vendored/virtualenv/build folders, and
the configuration's ``exclude``/``extend-exclude``. Symlinked folders are
followed once; a link back into a folder already visited is skipped, so a loop
never hangs the walk. The order is sorted and so deterministic.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "virtualenv", "site-packages", "build", "dist",
    "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".msglint_cache", ".eggs", "*.egg-info",
)
_DEFAULT_NAMES = frozenset(name for name in DEFAULT_EXCLUDES if "*" not in name)
_DEFAULT_GLOBS = tuple(name for name in DEFAULT_EXCLUDES if "*" in name)


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def _spec(patterns: Iterable[str]) -> Any:
    import pathspec  # only where there are patterns to match: importing it costs a warm run 0.07 s

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


def _default_excluded(name: str) -> bool:
    return name in _DEFAULT_NAMES or any(fnmatch.fnmatchcase(name, glob) for glob in _DEFAULT_GLOBS)


def discover(paths: Iterable[Path], root: Path, exclude: Optional[Iterable[str]] = None,
             extend_exclude: Iterable[str] = (), respect_gitignore: bool = True) -> Discovery:
    """Python files under ``paths``; excluded patterns are relative to ``root``."""
    user_patterns = list(exclude or ()) + list(extend_exclude)
    excluded = _spec(user_patterns) if user_patterns else None
    result = Discovery()
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    found: list[tuple[str, Path]] = []  # (path relative to the root, path)
    root_absolute = Path(os.path.abspath(root))
    root = root.resolve()

    def rel(path: Path) -> str:
        try:
            return path.absolute().relative_to(root).as_posix()
        except ValueError:
            try:
                return path.resolve().relative_to(root).as_posix()
            except (ValueError, OSError):
                return path.as_posix()

    def user_excluded(relative: str, name: str, is_dir: bool) -> bool:
        if excluded is None:
            return False
        suffix = "/" if is_dir else ""
        return excluded.match_file(relative + suffix) or (is_dir and excluded.match_file(name + suffix))

    def ignored_by_git(path: str, is_dir: bool, stack: list[tuple[str, Any]]) -> bool:
        for directory, spec in stack:
            if path.startswith(directory + os.sep):
                relative = path[len(directory) + 1:].replace(os.sep, "/")
                if spec.match_file(relative + ("/" if is_dir else "")):
                    return True
        return False

    def gitignore_stack_for(directory: Path, top: Path) -> list[tuple[str, Any]]:
        stack = []
        chain = [directory] + list(directory.parents)
        for folder in reversed(chain):
            if folder != top and top not in folder.parents:
                continue
            spec = _read_gitignore(str(folder), result) if respect_gitignore else None
            if spec is not None:
                stack.append((str(folder), spec))
        return stack

    def add_file(path: Path, real: str, relative: str) -> None:
        if real not in seen_files:
            seen_files.add(real)
            found.append((relative, path))

    def walk(directory: str, relative_dir: str, stack: list[tuple[str, Any]]) -> None:
        """``relative_dir``: the folder relative to the root (or its full path) with a trailing slash."""
        try:
            real = os.path.realpath(directory)
        except OSError as exc:
            result.problems.append((Path(directory).as_posix(), f"cannot resolve: {exc.strerror or exc}"))
            return
        if real in seen_dirs:
            return
        seen_dirs.add(real)
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            result.problems.append((Path(directory).as_posix(), f"cannot read folder: {exc.strerror or exc}"))
            return
        local = _read_gitignore(directory, result) if respect_gitignore else None
        if local is not None:
            stack = stack + [(directory, local)]
        for entry in entries:
            name = entry.name
            relative = relative_dir + name
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir:
                if _default_excluded(name) or user_excluded(relative, name, True):
                    continue
                if (stack and ignored_by_git(entry.path, True, stack)) or os.path.isfile(
                        os.path.join(entry.path, "pyvenv.cfg")):
                    continue
                walk(entry.path, relative + "/", stack)
            elif is_file and name.endswith(".py"):
                if user_excluded(relative, name, False) or (stack and ignored_by_git(entry.path, False, stack)):
                    continue
                file_real = os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real, name)
                add_file(Path(entry.path), file_real, relative)

    for given in paths:
        if not given.exists() and not given.is_symlink():
            result.problems.append((given.as_posix(), "no such file or folder"))
        elif given.is_dir():
            # walked by its absolute path (as given: a folder reached through a link keeps its name),
            # else by its real path when only that is inside the root; .gitignore files above apply
            for start, top in ((Path(os.path.abspath(given)), root_absolute), (given.resolve(), root)):
                if start == top or top in start.parents:  # paths relative to the root by text
                    relative_dir = "" if start == top else start.relative_to(top).as_posix() + "/"
                    walk(str(start), relative_dir, gitignore_stack_for(start.parent, top) if start != top else [])
                    break
            else:  # outside the root: files are named by their full path
                start = Path(os.path.abspath(given))
                walk(str(start), start.as_posix().rstrip("/") + "/", [])
        elif given.is_file():
            # a file named explicitly is analysed even if excluded, as ruff does
            add_file(given, str(given.resolve()), rel(given))
        else:
            result.problems.append((given.as_posix(), "not a regular file or folder"))
    found.sort(key=lambda item: item[0])
    result.files = [path for _, path in found]
    return result


def relative_path(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        try:  # reached through a link: compare real paths
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return path.as_posix()


def _read_gitignore(folder: str, result: Discovery) -> Optional[Any]:
    path = os.path.join(folder, ".gitignore")
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return _spec(handle.read().splitlines())
    except OSError as exc:
        result.problems.append((Path(path).as_posix(), f"cannot read: {exc.strerror or exc}"))
        return None


class ModuleNames:
    """Dotted module names from the file system: packages are folders with ``__init__.py``, and the
    folders without one inside a package."""

    def __init__(self) -> None:
        self._package: dict[str, bool] = {}
        self._names: dict[str, tuple[str, bool]] = {}

    def _is_package(self, folder: str) -> bool:
        found = self._package.get(folder)
        if found is None:
            found = os.path.isfile(os.path.join(folder, "__init__.py"))
            self._package[folder] = found
        return found

    def of(self, path: Path) -> tuple[str, bool]:
        key = str(path)
        found = self._names.get(key)
        if found is not None:
            return found
        folder, name = os.path.split(os.path.abspath(key))
        is_package = name == "__init__.py"
        parts = [] if is_package else [os.path.splitext(name)[0]]
        while True:
            parent, name = os.path.split(folder)
            # a folder without __init__.py inside a package is a namespace package of it
            # (pkg/blog/celery_tasks/tasks.py is pkg.blog.celery_tasks.tasks)
            if parent == folder or not (self._is_package(folder) or (
                    name.isidentifier() and self._is_package(parent))):
                break
            parts.append(name)
            folder = parent
        found = self._names[key] = (".".join(reversed(parts)), is_package)
        return found


def is_test_path(path: str) -> bool:
    """A test module (``tests/``, ``test_*.py``, ``*_test.py``, ``conftest.py``): it exercises the code,
    it does not configure it."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return any(part in ("test", "tests") for part in parts[:-1]) or name.startswith("test_") \
        or name.endswith("_test.py") or name == "conftest.py"
