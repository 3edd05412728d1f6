"""``msglint check --output-format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array of issues with the fields GitLab requires: ``description``,
``check_name``, ``fingerprint``, ``severity``, ``location.path`` and
``location.lines.begin`` (``end`` too), plus ``type: "issue"`` from the Code
Climate spec GitLab's format derives from. ``check_name`` is the rule code;
``description`` is ``CODE message`` (the widget shows only the description).

- severity: ``error`` -> ``critical``, ``warning`` -> ``major``, ``info`` -> ``info``.
  GitLab's scale is info < minor < major < critical < blocker; msglint's ``info``
  findings are hints that may be fine (a consumer whose producer lives in
  another repository), which is what GitLab's ``info`` means, so it is kept
  distinct rather than raised to ``minor``.
- fingerprint: the finding's line-independent fingerprint, so GitLab tracks an
  issue across commits. GitLab merges issues with the same fingerprint, so a
  repeat within one report (same rule, file, component, channel, subject and
  function) gets a derived fingerprint (hash of the fingerprint and its ordinal).
- ``location.path`` is relative to the repository checkout (the job's working
  directory), as for the ``github`` format.
- related locations are appended to the description: ``(related: path:line: note; ...)``.
"""
from __future__ import annotations

import hashlib
import json

from msglint.reporters.findings_base import Report
from msglint.reporters.findings_github import workspace_path

SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}


def render(report: Report) -> str:
    return json.dumps(issues(report), indent=2, ensure_ascii=False) + "\n"


def issues(report: Report) -> list[dict]:
    seen: dict[str, int] = {}
    out = []
    for finding in report.findings:
        occurrence = seen.get(finding.fingerprint, 0)
        seen[finding.fingerprint] = occurrence + 1
        fingerprint = finding.fingerprint
        if occurrence:
            fingerprint = hashlib.sha256(f"{finding.fingerprint}:{occurrence}".encode()).hexdigest()[:20]
        description = finding.message
        if finding.related:
            description += " (" + "; ".join(f"related: {r.path}:{r.line}: {r.message}"
                                            for r in finding.related) + ")"
        out.append({
            "type": "issue",
            "description": f"{finding.code} {description}",
            "check_name": finding.code,
            "fingerprint": fingerprint,
            "severity": SEVERITIES.get(finding.severity, "major"),
            "location": {
                "path": workspace_path(report.root, finding.path),
                "lines": {"begin": finding.line, "end": max(finding.end_line, finding.line)},
            },
        })
    return out
