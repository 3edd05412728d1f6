"""Configuration: ``[tool.msglint]`` in pyproject.toml, or msglint.toml / .msglint.toml.

Found from the first path upwards, like ruff. Every key is validated: an
unknown key or a value of the wrong type is a :class:`ConfigError` naming the
file, the key and what was expected (the CLI turns it into exit code 2).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from msglint.analyzer.toml import load_toml

CONFIG_FILES = (".msglint.toml", "msglint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration problem the user must fix; the message says where and what."""


@dataclass
class Config:
    path: Optional[Path] = None
    root: Path = field(default_factory=Path.cwd)
    select: Optional[list[str]] = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: Optional[list[str]] = None
    extend_exclude: list[str] = field(default_factory=list)
    components: dict[str, list[str]] = field(default_factory=dict)
    apis: dict[str, Any] = field(default_factory=dict)
    naming: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    cache_dir: Optional[str] = None


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _str_list_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and _str_list(v) for k, v in value.items())


# key -> (attribute, check, what is expected)
_KEYS: dict[str, tuple[str, Any, str]] = {
    "select": ("select", _str_list, "a list of rule codes or prefixes"),
    "ignore": ("ignore", _str_list, "a list of rule codes or prefixes"),
    "extend-select": ("extend_select", _str_list, "a list of rule codes or prefixes"),
    "per-file-ignores": ("per_file_ignores", _str_list_map, "a table of glob = [rule codes]"),
    "exclude": ("exclude", _str_list, "a list of glob patterns"),
    "extend-exclude": ("extend_exclude", _str_list, "a list of glob patterns"),
    "components": ("components", _str_list_map, "a table of component name = [glob patterns]"),
    "apis": ("apis", lambda v: isinstance(v, dict), "a table of dotted API names"),
    "naming": ("naming", _str_list_map, "a table of word lists (verbs, nouns, event-suffixes, command-suffixes)"),
    "severity": ("severity", lambda v: isinstance(v, dict) and all(
        isinstance(x, str) and x in ("error", "warning", "info") for x in v.values()),
        "a table of rule code = \"error\" | \"warning\" | \"info\""),
    "cache-dir": ("cache_dir", lambda v: isinstance(v, str), "a folder path (string)"),
}


def find_config(start: Path) -> Optional[Path]:
    """The nearest config file from ``start`` upwards (pyproject.toml only with [tool.msglint])."""
    folder = start.absolute()
    if not folder.is_dir():
        folder = folder.parent
    for candidate_dir in [folder, *folder.parents]:
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                data = load_toml(candidate)
            except (OSError, ValueError):
                continue  # an unrelated broken pyproject is not ours to report
            if "msglint" in (data.get("tool") or {}):
                return candidate
    return None


def load_config(path: Path) -> Config:
    try:
        data = load_toml(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = (data.get("tool") or {}).get("msglint")
        prefix = "tool.msglint."
        if table is None:
            raise ConfigError(f"{path}: no [tool.msglint] table")
    else:
        table = data.get("tool", {}).get("msglint", data) if "tool" in data else data
        prefix = ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{prefix.rstrip('.') or 'msglint'}] must be a table")
    config = Config(path=path, root=path.parent.absolute())
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{path}: unknown key '{prefix}{key}' (known keys: {known})")
        attribute, check, expected = _KEYS[key]
        if not check(value):
            raise ConfigError(f"{path}: '{prefix}{key}' must be {expected}, got {type(value).__name__}")
        setattr(config, attribute, value)
    for name, entry in config.apis.items():
        from msglint.analyzer.user_apis import validate  # only then: it loads every library's API table

        problems = validate(name, entry)
        if problems:
            raise ConfigError(f"{path}: {problems[0]}")
    if config.naming:
        from msglint.analyzer.naming import NamingConfig

        try:
            NamingConfig.from_table(config.naming)
        except (ValueError, ConfigError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
    return config


def resolve_config(paths: list[Path], config_file: Optional[Path], isolated: bool) -> Config:
    """The configuration in force and the project root for a run on ``paths``."""
    if isolated:
        return Config(root=_default_root(paths))
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: no such configuration file")
        return load_config(config_file)
    found = find_config(paths[0] if paths else Path.cwd())
    if found is not None:
        return load_config(found)
    return Config(root=_default_root(paths))


def _default_root(paths: list[Path]) -> Path:
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0].absolute()
    return Path.cwd().absolute()


def cache_dir(config: Config) -> Path:
    """Where the facts cache and cached run results live."""
    return config.root / (config.cache_dir or ".msglint_cache")
