"""The Python entry point: the same analysis the CLI runs, as data."""
from __future__ import annotations

from pathlib import Path
import json
from typing import Callable, Optional, Sequence, Union

from msglint.version import __version__
from msglint.analyzer.pipeline import Inventory, analyze
from msglint.analyzer.libraries import build_registry
from msglint.config import Config, resolve_config


def naming_config(config: Config):
    """``[tool.msglint.naming]`` as the name grammar takes it (None when not configured)."""
    if not config.naming:
        return None
    from msglint.analyzer.naming import NamingConfig

    return NamingConfig.from_table(config.naming)


def build_message_graph(inventory: Inventory):
    """The flow and coupling graphs of an analysed codebase (see ``msglint.analyzer.graph``)."""
    from msglint.analyzer.graph import build_graph

    return build_graph(inventory.sites, inventory.message_types, inventory.facts, inventory.bindings)


def analyze_paths(paths: Sequence[Union[str, Path]] = (".",), config: Optional[Config] = None,
                  *, use_prefilter: bool = True, jobs: int = 1, cache: bool = False,
                  progress: Optional[Callable[[int, int], None]] = None, found=None,
                  idle: Optional[Callable[[], None]] = None) -> Inventory:
    """Discover, extract and resolve every messaging site under ``paths``.

    ``config`` defaults to the configuration found from the first path upwards.
    ``jobs`` worker processes extract files in parallel; ``cache`` keeps per-file
    facts in ``.msglint_cache/`` (or the configured ``cache-dir``) between runs.
    Raises :class:`msglint.config.ConfigError` for a broken configuration.
    """
    path_list = [Path(p) for p in paths] or [Path(".")]
    if config is None:
        config = resolve_config(path_list, None, isolated=False)
    return analyze(path_list, config.root, exclude=config.exclude, extend_exclude=config.extend_exclude,
                   components=config.components, use_prefilter=use_prefilter, naming=naming_config(config),
                   jobs=jobs, cache_dir=cache_dir(config) if cache else None,
                   cache_salt=f"{__version__}|{json.dumps(config.apis, sort_keys=True)}", progress=progress,
                   found=found, idle=idle, registry=build_registry(config.apis))


from msglint.config import cache_dir  # noqa: E402,F401 - part of the public API
