"""``msglint check --output-format concise``: one line per finding, then a summary line.

``path:line:col: CODE message``, with a 1-based column like ruff and most
editors (``Finding.column`` is 0-based, so this prints ``column + 1``). The
summary line (``Found N findings (...).`` / ``All checks passed!``) is the only
line that does not start with ``path:``; ``--quiet`` drops it.
"""
from __future__ import annotations

from msglint.reporters.findings_base import Report
from msglint.reporters.findings_full import _styler, header, summary_line


def render(report: Report) -> str:
    style = _styler(report.color)
    lines = [f"{header(finding, style)} {_one_line(finding.message)}" for finding in report.findings]
    lines.append(style(summary_line(report.findings), bold=True))
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """A message never breaks the one-line-per-finding shape (grep, editors' error parsers)."""
    return " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text
