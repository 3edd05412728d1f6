"""MSG001 parse-error: a file msglint could not read or parse."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class ParseError(Rule):
    code = "MSG001"
    name = "parse-error"
    severity = "error"
    summary = "A Python file could not be read or parsed, so its messaging sites are unknown."
    why = ("A file that cannot be parsed is a blind spot: whatever it sends or consumes is missing from the "
           "inventory, the coupling graph and every other rule.")
    fix = "Fix the syntax error or the encoding, or exclude the file in [tool.msglint] exclude."
    VALID = ["import kafka\n"]
    INVALID = ["from kafka import KafkaProducer\ndef broken(:\n    pass\n"]

    def check(self, context: Context) -> Iterator[Finding]:
        for diagnostic in context.diagnostics:
            yield self.finding(f"cannot analyse this file: {diagnostic.message}", path=diagnostic.path,
                               line=diagnostic.line, column=diagnostic.column,
                               subject=diagnostic.message.split(":", 1)[0])
