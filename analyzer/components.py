"""Which component (service) each file belongs to.

A file's component is the nearest enclosing folder below the root that holds a
``pyproject.toml``, ``setup.py``, ``setup.cfg`` or ``Dockerfile``, named after
its project name when one is declared, else after the folder; otherwise the
top-level package (the first folder under the root). ``[tool.msglint.components]``
(name -> globs) overrides both.
"""
from __future__ import annotations

import configparser
import re
from pathlib import Path
from typing import Mapping, Optional, Sequence

from .toml import load_toml

MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "Dockerfile")
_SETUP_NAME = re.compile(r"""\bname\s*=\s*['"]([^'"]+)['"]""")


class Components:
    def __init__(self, root: Path, overrides: Optional[Mapping[str, Sequence[str]]] = None) -> None:
        self.root = root.resolve()
        self.overrides = []
        if overrides:
            import pathspec  # only for configured globs: importing it costs 0.08 s

            self.overrides = [(name, pathspec.GitIgnoreSpec.from_lines(list(globs)))
                              for name, globs in overrides.items()]
        self._folder_names: dict[Path, Optional[str]] = {}
        self._defaults: dict[str, str] = {}

    def component_of(self, relative_path: str) -> str:
        for name, spec in self.overrides:
            if spec.match_file(relative_path):
                return name
        return self._default(relative_path)

    def _default(self, relative_path: str) -> str:
        found = self._defaults.get(relative_path)
        if found is None:
            found = self._defaults[relative_path] = self._nearest(relative_path)
        return found

    def _nearest(self, relative_path: str) -> str:
        parts = relative_path.split("/")
        for depth in range(len(parts) - 1, 0, -1):
            folder = self.root.joinpath(*parts[:depth])
            name = self._project_name(folder)
            if name is not None:
                return name
        if len(parts) > 1:
            return parts[0]
        return self.root.name or "root"

    def _project_name(self, folder: Path) -> Optional[str]:
        if folder in self._folder_names:
            return self._folder_names[folder]
        name: Optional[str] = None
        if any((folder / marker).is_file() for marker in MARKERS):
            name = _declared_name(folder) or folder.name
        self._folder_names[folder] = name
        return name


def _declared_name(folder: Path) -> Optional[str]:
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = load_toml(pyproject)
        except (OSError, ValueError):
            data = {}
        name = (data.get("project") or {}).get("name") or \
            ((data.get("tool") or {}).get("poetry") or {}).get("name")
        if isinstance(name, str) and name:
            return name
    setup_cfg = folder / "setup.cfg"
    if setup_cfg.is_file():
        parser = configparser.ConfigParser()
        try:
            parser.read(setup_cfg, encoding="utf-8")
            name = parser.get("metadata", "name", fallback=None)
        except (configparser.Error, OSError, UnicodeDecodeError):
            name = None
        if name:
            return name
    setup_py = folder / "setup.py"
    if setup_py.is_file():
        try:
            match = _SETUP_NAME.search(setup_py.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            match = None
        if match:
            return match.group(1)
    return None
