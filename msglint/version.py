"""msglint's version, on its own: every layer may read it without importing the package's front door."""
__version__ = "0.1.0"
