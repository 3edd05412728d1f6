"""TOML reading on every supported Python (tomllib from 3.11, tomli before)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib as _toml
else:  # pragma: no cover - exercised on older Pythons only
    import tomli as _toml

TOMLDecodeError = _toml.TOMLDecodeError


def load_toml(path: Path) -> dict[str, Any]:
    """Parsed TOML; ValueError (TOMLDecodeError is one) when it is malformed."""
    with open(path, "rb") as handle:
        return _toml.load(handle)
