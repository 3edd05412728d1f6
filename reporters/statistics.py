"""``msglint check --statistics``: how many findings of each rule, most frequent first.

Like ``ruff --statistics``: one row per code, ``count<TAB>code<TAB>name``, the
count right-aligned; ties are ordered by code. Nothing is printed when there
are no findings (ruff does the same).
"""
from __future__ import annotations

from collections import Counter

import click

from msglint.reporters.findings_base import Report


def render(report: Report) -> str:
    counts = Counter(f.code for f in report.findings)
    if not counts:
        return ""
    names = {rule.code: rule.name for rule in report.rules}
    for finding in report.findings:
        names.setdefault(finding.code, finding.name)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    count_width = max(len(str(count)) for _, count in rows)
    code_width = max(len(code) for code, _ in rows)
    lines = []
    for code, count in rows:
        count_text = f"{count:>{count_width}}"
        code_text = f"{code:<{code_width}}"
        if report.color:
            count_text = click.style(count_text, bold=True)
            code_text = click.style(code_text, fg="red", bold=True)
        lines.append(f"{count_text}\t{code_text}\t{names.get(code, '')}".rstrip())
    return "\n".join(lines) + "\n"
