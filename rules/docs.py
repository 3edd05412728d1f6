"""Rule documentation from the rule modules themselves: ``msglint rules``, ``msglint rule``, docs/rules.md."""
from __future__ import annotations

import json
import textwrap
from typing import Sequence

from .base import Rule


def _example_text(example) -> str:
    if isinstance(example, str):
        return textwrap.dedent(example).strip("\n")
    return "\n\n".join(f"# {name}\n{textwrap.dedent(source).strip(chr(10))}" for name, source in example.items())


def render_table(rules: Sequence[type[Rule]]) -> str:
    rows = [(r.code, r.name, r.severity, r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{'code'.ljust(widths[0])}  {'name'.ljust(widths[1])}  {'severity'.ljust(widths[2])}  summary"]
    for row in rows:
        lines.append(f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2].ljust(widths[2])}  {row[3]}")
    return "\n".join(lines) + "\n"


def render_json(rules: Sequence[type[Rule]]) -> str:
    return json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary,
                        "why": r.why, "fix": r.fix} for r in rules], indent=2) + "\n"


def render_rule(rule: type[Rule], heading: str = "#") -> str:
    parts = [f"{heading} {rule.code} {rule.name} ({rule.severity})", "", rule.summary, "",
             f"{heading}# Why it matters", "", rule.why, "", f"{heading}# How to fix it", "", rule.fix, ""]
    if rule.INVALID:
        parts += [f"{heading}# Example (flagged)", "", "```python", _example_text(rule.INVALID[0]), "```", ""]
    if rule.VALID:
        parts += [f"{heading}# Example (fine)", "", "```python", _example_text(rule.VALID[0]), "```", ""]
    return "\n".join(parts)


def render_markdown(rules: Sequence[type[Rule]]) -> str:
    lines = ["# msglint rules", "",
             "Generated from the rule modules in `rules/` by `msglint rules --format markdown`; "
             "a test keeps this file current.", "",
             "| code | name | severity | summary |", "| --- | --- | --- | --- |"]
    lines += [f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity} | {r.summary} |" for r in rules]
    lines.append("")
    for rule in rules:
        lines.append(render_rule(rule, heading="##"))
    return "\n".join(lines)
