"""``msglint check --output-format github``: GitHub Actions workflow annotations.

One workflow command per finding::

    ::warning file=orders/publish.py,line=12,col=5,endLine=12,title=MSG202 command-broadcast::Command ...

- commands: ``error`` -> ``::error``, ``warning`` -> ``::warning``, ``info`` -> ``::notice``.
- ``line``/``endLine`` are 1-based; ``col`` is 1-based (``column + 1``);
  ``endColumn`` (1-based, the last character) is written only for a one-line
  finding whose end column is known.
- escaping follows @actions/core: in the message ``%``, ``\\r``, ``\\n`` become
  ``%25``, ``%0D``, ``%0A``; in properties ``:`` and ``,`` also become ``%3A``, ``%2C``.
  Related locations follow the message on their own (escaped) lines.
- ``file`` must be relative to the repository checkout, which in a workflow is
  the working directory: a finding path (relative to the project root) is
  re-based onto the working directory when the root lies inside it.
"""
from __future__ import annotations

from pathlib import Path

from msglint.reporters.findings_base import Report
from msglint.rules.base import Finding

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(report: Report) -> str:
    return "".join(_annotation(finding, report) + "\n" for finding in report.findings)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(finding: Finding, report: Report) -> str:
    properties = [("file", workspace_path(report.root, finding.path)), ("line", str(finding.line)),
                  ("col", str(finding.column + 1)), ("endLine", str(max(finding.end_line, finding.line)))]
    if finding.end_line == finding.line and finding.end_column > finding.column:
        properties.append(("endColumn", str(finding.end_column)))
    properties.append(("title", f"{finding.code} {finding.name}".strip()))
    message = "\n".join([finding.message]
                        + [f"related: {r.path}:{r.line}: {r.message}" for r in finding.related])
    command = COMMANDS.get(finding.severity, "warning")
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command} {props}::{escape_data(message)}"


def workspace_path(root: Path, path: str) -> str:
    """The finding's path relative to the working directory if the project root lies inside it."""
    try:
        cwd = Path.cwd().resolve()
        return (Path(root).resolve() / path).relative_to(cwd).as_posix()
    except (OSError, ValueError):
        return path
