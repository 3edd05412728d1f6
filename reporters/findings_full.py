"""``msglint check --output-format full``: each finding with its source line and a caret.

Columns are printed 1-based, like ruff and most editors (``Finding.column`` is
0-based, so the header shows ``column + 1``); lines are 1-based as stored.

::

    orders/publish.py:12:5: MSG202 [warning] Command 'PlaceOrder' published to a fanout exchange
       |
    12 |     channel.basic_publish(exchange="orders", body=body)
       |     ^ MSG202
       |
       = related: billing/consumer.py:40: consumed by billing
       = help: A command published to a broadcast channel. Send it to the one queue ...

    Found 1 finding (0 errors, 1 warning, 0 info).

Only the header line of a finding starts with ``path:``; everything else
(further lines of a multi-line message too) is indented or starts with a line
number, so ``--quiet`` can keep just the headers.
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

import click

from msglint.reporters.findings_base import Report
from msglint.rules.base import Finding

SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


def render(report: Report) -> str:
    style = _styler(report.color)
    blocks = [_render_finding(finding, report, style) for finding in report.findings]
    text = "\n\n".join(blocks)
    if text:
        text += "\n\n"
    return text + style(summary_line(report.findings), bold=True) + "\n"


def summary_line(findings) -> str:
    """``Found N findings (E errors, W warnings, I info).`` or ``All checks passed!``."""
    if not findings:
        return "All checks passed!"
    counts = Counter(f.severity for f in findings)
    total = len(findings)
    return (f"Found {total} finding{'' if total == 1 else 's'} "
            f"({_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
            f"{counts['info']} info).")


def header(finding: Finding, style=None) -> str:
    """``path:line:col: CODE`` with a 1-based column (shared with the concise format)."""
    style = style or _styler(False)
    return (style(finding.path, bold=True) + f":{finding.line}:{finding.column + 1}: "
            + style(finding.code, fg=SEVERITY_COLORS.get(finding.severity), bold=True))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _styler(color: bool):
    def style(text: str, **kwargs) -> str:
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        return click.style(text, **kwargs) if color and kwargs else text
    return style


def _render_finding(finding: Finding, report: Report, style) -> str:
    tint = SEVERITY_COLORS.get(finding.severity)
    first, *more = finding.message.splitlines() or [""]
    lines = [f"{header(finding, style)} [{style(finding.severity, fg=tint)}] {first}"]
    lines += [f"    {line}" for line in more]  # a multi-line message stays under its header
    source = _source_line(report, finding)
    gutter_width = len(str(finding.line))
    bar = style("|", fg="blue", bold=True)
    pad = " " * gutter_width
    if source is not None:
        lines.append(f"{pad} {bar}")
        lines.append(style(str(finding.line), fg="blue", bold=True) + f" {bar} {source}".rstrip())
        lines.append(f"{pad} {bar} {_caret_prefix(source, finding.column)}"
                     + style("^" * _caret_width(finding) + " " + finding.code, fg=tint, bold=True))
        lines.append(f"{pad} {bar}")
    notes = [f"related: {r.path}:{r.line}: {r.message}" for r in finding.related]
    if finding.help:
        notes.append(f"help: {finding.help}")
    for note in notes:
        lines.append(f"{pad} {style('=', fg='blue', bold=True)} {note}")
    return "\n".join(lines)


def _source_line(report: Report, finding: Finding) -> Optional[str]:
    if report.read_line is None:
        return None
    try:
        text = report.read_line(finding.path, finding.line)
    except (OSError, UnicodeError):
        return None
    if text is None:
        return None
    return text.rstrip("\r\n")


def _caret_prefix(source: str, column: int) -> str:
    """Blanks up to the column, keeping tabs so the caret lines up under the same indentation."""
    prefix = source[:max(column, 0)]
    return "".join(ch if ch == "\t" else " " for ch in prefix) + " " * max(column - len(source), 0)


def _caret_width(finding: Finding) -> int:
    if finding.end_line == finding.line and finding.end_column > finding.column:
        return finding.end_column - finding.column
    return 1
