"""One module per family of messaging libraries, each with a ``register(r: Registry)`` function.

``analyzer.registry.build_registry`` calls every module's ``register`` in name order, so adding a
library is adding a file (see docs/architecture.md, "Adding a library"). A module whose name starts
with ``_`` holds helpers that several library modules share, and registers nothing.
"""
