"""One module per family of messaging libraries; importing them fills the registry.

Every module in this folder is loaded, in name order, so adding a library is
adding a file (see docs/architecture.md, "Adding a library").
"""
import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
