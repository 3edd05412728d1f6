"""One module per family of messaging libraries, each with a ``register(r: Registry)`` function.

:func:`build_registry` calls every module's ``register`` in name order, so adding a library is adding
a file (see docs/architecture.md, "Adding a library"). A module whose name starts with ``_`` holds
helpers that several library modules share, and registers nothing.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Mapping, Optional

from types import ModuleType

from ..registry import About, Registry
from ..user_apis import register as register_api


def library_modules() -> list[ModuleType]:
    """Every library module, in name order (the ``_`` helper modules left out)."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name[:1] != "_")
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def build_registry(apis: Optional[Mapping[str, Any]] = None) -> Registry:
    """Every library module's APIs (in name order), then the configuration's ``[tool.msglint.apis]``."""
    registry = Registry()
    for module in library_modules():
        module.register(registry)
    for name, entry in (apis or {}).items():
        register_api(registry, name, entry)
    registry.apis = dict(apis or {})
    return registry


def about_table() -> str:
    """The README's table of what is recognised, one row per library module (its ``ABOUT``)."""
    rows = ["| library | produce | consume |", "| --- | --- | --- |"]
    for module in library_modules():
        about: About = module.ABOUT
        rows.append(f"| {about.names} | {about.produce} | {about.consume} |")
    return "\n".join(rows + _ENGINE_ROWS) + "\n"


# what the engine finds in any project, whatever library is below it (analyzer.extract, analyzer.wrappers)
_ENGINE_ROWS = [
    "| in-process buses (by shape) | `bus.handle(PlaceOrder(...))`, `self.events.append(OrderPlaced(...))` "
    "| handler maps `EVENT_HANDLERS = {OrderPlaced: [...]}` |",
    "| your own wrappers | any call of a project function whose parameter reaches one of the above, or of a thin "
    "wrapper (`library: project`, `via` the chain) | |",
]
