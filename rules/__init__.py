"""The rule catalogue: one module per rule (see docs/rules.md)."""
