"""One module per family of messaging libraries, each with a ``register(r: Registry)`` function.

:func:`build_registry` calls every module's ``register`` in name order, so adding a library is adding
a file (see docs/architecture.md, "Adding a library"). A module whose name starts with ``_`` holds
helpers that several library modules share, and registers nothing.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Mapping, Optional

from ..registry import Registry
from ..user_apis import register as register_api


def build_registry(apis: Optional[Mapping[str, Any]] = None) -> Registry:
    """Every library module's APIs (in name order), then the configuration's ``[tool.msglint.apis]``."""
    registry = Registry()
    for name in sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name[:1] != "_"):
        importlib.import_module(f"{__name__}.{name}").register(registry)
    for name, entry in (apis or {}).items():
        register_api(registry, name, entry)
    registry.apis = dict(apis or {})
    return registry
