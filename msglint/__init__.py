"""msglint: who sends what to whom, and does the code say what it means?

The public API: :func:`analyze_paths` returns the site inventory of a codebase.
"""
from __future__ import annotations

import os as _os

__version__ = "0.1.0"

# Installed, ``analyzer/``, ``rules/`` and ``reporters/`` sit inside this package
# (setuptools package-dir). In a source checkout they are siblings of this
# folder: let the package find them there too, so ``python -m msglint`` works
# from a clone without installing.
_here = _os.path.dirname(_os.path.abspath(__file__))
if not _os.path.isdir(_os.path.join(_here, "analyzer")):
    _checkout = _os.path.dirname(_here)
    if _os.path.isfile(_os.path.join(_checkout, "analyzer", "__init__.py")):
        __path__.append(_checkout)  # type: ignore[name-defined]

__all__ = ["__version__", "analyze_paths"]


def __getattr__(name: str):  # imported lazily: ``msglint --version`` must not pay for libcst
    if name == "analyze_paths":
        from msglint.api import analyze_paths

        return analyze_paths
    raise AttributeError(name)
