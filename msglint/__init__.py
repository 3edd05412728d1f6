"""msglint: who sends what to whom, and does the code say what it means?

The public API: :func:`analyze_paths` returns the site inventory of a codebase.
"""
from __future__ import annotations

from msglint.version import __version__

__all__ = ["__version__", "analyze_paths"]


def __getattr__(name: str):  # imported lazily: ``msglint --version`` must not pay for libcst
    if name == "analyze_paths":
        from msglint.api import analyze_paths

        return analyze_paths
    raise AttributeError(name)
