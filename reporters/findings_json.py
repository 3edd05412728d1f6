"""``msglint check --output-format json``: the design.md contract.

``{"version": 1, "findings": [Finding, ...], "summary": {...}}`` where each
finding is :meth:`Finding.to_json` (0-based ``column``/``end_column``, 1-based
lines, as stored) and the summary holds ``total``, ``by_severity`` (every
severity, zeros included), ``by_code`` (sorted by code) and ``files_analysed``.
"""
from __future__ import annotations

import json
from collections import Counter

from msglint.reporters.findings_base import Report
from msglint.rules.base import SEVERITIES

FORMAT_VERSION = 1


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"


def document(report: Report) -> dict:
    severities = Counter(f.severity for f in report.findings)
    codes = Counter(f.code for f in report.findings)
    return {
        "version": FORMAT_VERSION,
        "findings": [finding.to_json() for finding in report.findings],
        "summary": {
            "total": len(report.findings),
            "by_severity": {severity: severities.get(severity, 0) for severity in SEVERITIES},
            "by_code": {code: codes[code] for code in sorted(codes)},
            "files_analysed": report.files_analysed,
        },
    }
