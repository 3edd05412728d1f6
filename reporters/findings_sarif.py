"""``msglint check --output-format sarif``: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDEs).

One run, tool ``msglint``. Decisions:

- ``rules``: every rule that ran (``Report.rules``), plus any code that appears
  only in findings (``MSG002`` unused suppressions), each with ``shortDescription``
  (summary), ``fullDescription`` (why), ``help`` (text and markdown with the fix)
  and ``defaultConfiguration.level``. ``result.ruleIndex`` points into that list.
- levels: ``error`` -> ``error``, ``warning`` -> ``warning``, ``info`` -> ``note``;
  a result's level is the finding's severity (it may differ from the rule's
  default when configuration changed it).
- positions: SARIF lines and columns are 1-based, so ``startColumn = column + 1``;
  ``endColumn`` (exclusive) is ``end_column + 1`` and only written when the finding
  has a real end column. ``columnKind`` is ``unicodeCodePoints``.
- paths: ``artifactLocation.uri`` is the finding's POSIX path (percent-encoded),
  relative to ``uriBaseId`` ``%SRCROOT%``; ``run.originalUriBaseIds`` maps
  ``%SRCROOT%`` to the project root's ``file://`` URI (with a trailing slash).
- ``partialFingerprints["msglint/v1"]`` is the finding's line-independent fingerprint.
- graph findings' other places (``Finding.related``) are ``relatedLocations``
  with an ``id`` and a ``message``.
- no ``informationUri``: msglint has no published home page yet.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

from msglint.reporters.findings_base import Report
from msglint.rules.base import Finding

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "msglint/v1"


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"


def document(report: Report) -> dict[str, Any]:
    rules, index = _rules(report)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "msglint",
                "version": report.version,
                "semanticVersion": report.version,
                "rules": rules,
            }},
            "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(report.root)}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(finding, index) for finding in report.findings],
        }],
    }


def _rules(report: Report) -> tuple[list[dict], dict[str, int]]:
    descriptors: list[dict] = []
    index: dict[str, int] = {}
    for rule in sorted(report.rules, key=lambda r: r.code):
        if rule.code in index:
            continue
        index[rule.code] = len(descriptors)
        descriptors.append(_descriptor(rule.code, rule.name, rule.severity, rule.summary, rule.why, rule.fix,
                                       rule.help_text()))
    for finding in report.findings:  # codes outside the rule catalogue (MSG002 unused suppressions)
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append(_descriptor(finding.code, finding.name, finding.severity, finding.help, "", "",
                                           finding.help))
    return descriptors, index


def _descriptor(code: str, name: str, severity: str, summary: str, why: str, fix: str, help_text: str) -> dict:
    summary = summary or name or code
    text_parts = [summary]
    markdown_parts = [f"**{code} {name}**: {summary}" if name else f"**{code}**: {summary}"]
    if why:
        text_parts.append(f"Why: {why}")
        markdown_parts.append(f"**Why.** {why}")
    if fix:
        text_parts.append(f"Fix: {fix}")
        markdown_parts.append(f"**Fix.** {fix}")
    if not why and not fix and help_text and help_text != summary:
        text_parts.append(help_text)
        markdown_parts.append(help_text)
    descriptor: dict[str, Any] = {"id": code}
    if name:
        descriptor["name"] = name
    descriptor.update({
        "shortDescription": {"text": summary},
        "fullDescription": {"text": why or help_text or summary},
        "help": {"text": "\n\n".join(text_parts), "markdown": "\n\n".join(markdown_parts)},
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
        "properties": {"tags": ["msglint"]},
    })
    return descriptor


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message or finding.code},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(finding.path),
            "region": _region(finding),
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, "message": {"text": related.message or f"{related.path}:{related.line}"},
             "physicalLocation": {"artifactLocation": _artifact(related.path),
                                  "region": {"startLine": max(related.line, 1)}}}
            for number, related in enumerate(finding.related, start=1)]
    properties = {key: value for key, value in (("component", finding.component), ("channel", finding.channel))
                  if value}
    if properties:
        result["properties"] = properties
    return result


def _region(finding: Finding) -> dict[str, int]:
    start_line = max(finding.line, 1)
    end_line = max(finding.end_line or start_line, start_line)
    region = {"startLine": start_line, "startColumn": max(finding.column, 0) + 1, "endLine": end_line}
    end_column = _end_column(finding, start_line, end_line)
    if end_column is not None:
        region["endColumn"] = end_column
    return region


def _end_column(finding: Finding, start_line: int, end_line: int) -> Optional[int]:
    """SARIF's exclusive 1-based end column, when the finding knows one (0 means unknown)."""
    if finding.end_column <= 0:
        return None
    if end_line == start_line and finding.end_column <= finding.column:
        return None
    return finding.end_column + 1


def _artifact(path: str) -> dict[str, str]:
    # the file name's own bytes, percent-encoded (also when they are not UTF-8)
    raw = path.replace("\\", "/").encode("utf-8", "surrogateescape")
    return {"uri": quote(raw, safe="/-._~"), "uriBaseId": SRCROOT}


def _root_uri(root: Path) -> str:
    uri = Path(root).resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"
