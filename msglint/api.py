"""The Python entry point: the same analysis the CLI runs, as data."""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence, Union

from msglint.analyzer.project import Inventory, analyze
from msglint.analyzer.user_apis import declared_apis
from msglint.config import Config, resolve_config


def analyze_paths(paths: Sequence[Union[str, Path]] = (".",), config: Optional[Config] = None,
                  *, use_prefilter: bool = True) -> Inventory:
    """Discover, extract and resolve every messaging site under ``paths``.

    ``config`` defaults to the configuration found from the first path upwards.
    Raises :class:`msglint.config.ConfigError` for a broken configuration.
    """
    path_list = [Path(p) for p in paths] or [Path(".")]
    if config is None:
        config = resolve_config(path_list, None, isolated=False)
    with declared_apis(config.apis):
        return analyze(path_list, config.root, exclude=config.exclude, extend_exclude=config.extend_exclude,
                       components=config.components, use_prefilter=use_prefilter)
