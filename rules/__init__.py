"""The rule catalogue: one module per rule (``msgNNN_<name>.py``), found automatically.

See docs/rules.md (generated from the rule modules by ``msglint rules --format markdown``).
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .base import Context, Finding, Related, Rule, SEVERITIES  # noqa: F401


@lru_cache(maxsize=None)
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class, sorted by code (MSG001 first)."""
    found: list[type[Rule]] = []
    for module_info in pkgutil.iter_modules(__path__):
        if not module_info.name.startswith("msg"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and value.code:
                found.append(value)
    return tuple(sorted(found, key=lambda rule: rule.code))


def rule_codes() -> list[str]:
    """Every rule's code, read from the module names (``msg101_...`` is MSG101) without importing
    them: validating ``--select`` must not cost the import of every rule and the graph library."""
    return sorted(f"MSG{info.name[3:6]}" for info in pkgutil.iter_modules(__path__)
                  if info.name.startswith("msg") and info.name[3:6].isdigit())


def rule_by_code(code: str) -> type[Rule]:
    for rule in all_rules():
        if rule.code == code.upper() or rule.name == code.lower():
            return rule
    raise KeyError(code)
