"""``msglint check --output-format junit``: JUnit XML for CI test report views.

Laid out like ruff's JUnit output: a ``<testsuites name="msglint">`` root, one
``<testsuite>`` per file with findings (named by the path), one failed
``<testcase>`` per finding:

- ``name`` ``CODE rule-name``; ``classname`` the path without its suffix
  (``orders/publish``); ``file`` and ``line`` attributes;
- ``<failure message="the message" type="severity">`` whose text is
  ``line L, col C, message`` (1-based column, as in the concise format) followed
  by the related locations and the help.

With no findings there is one ``msglint`` suite with one passing
``No findings`` case (ruff does the same), so CI shows the check ran.
Escaping is xml.etree's; characters XML 1.0 cannot carry (most C0 controls)
are dropped first.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from pathlib import PurePosixPath

from msglint.reporters.findings_base import Report
from msglint.rules.base import Finding

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(report: Report) -> str:
    findings = sorted(report.findings, key=lambda f: f.sort_key)
    root = ET.Element("testsuites", name="msglint", tests=str(max(len(findings), 1)),
                      failures=str(len(findings)), errors="0")
    if not findings:
        suite = _suite(root, "msglint", 1, 0)
        ET.SubElement(suite, "testcase", name="No findings", classname="msglint")
    for path, group in groupby(findings, key=lambda f: f.path):
        cases = list(group)
        suite = _suite(root, path, len(cases), len(cases))
        for finding in cases:
            _case(suite, finding)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _suite(parent: ET.Element, name: str, tests: int, failures: int) -> ET.Element:
    return ET.SubElement(parent, "testsuite", name=_clean(name), tests=str(tests), failures=str(failures),
                         errors="0", skipped="0")


def _case(suite: ET.Element, finding: Finding) -> None:
    path = PurePosixPath(finding.path)
    case = ET.SubElement(suite, "testcase", name=_clean(f"{finding.code} {finding.name}".strip()),
                         classname=_clean(str(path.with_suffix("")) if path.suffix else finding.path),
                         file=_clean(finding.path), line=str(finding.line))
    details = [f"line {finding.line}, col {finding.column + 1}, {finding.message}"]
    details += [f"related: {r.path}:{r.line}: {r.message}" for r in finding.related]
    if finding.help:
        details.append(f"help: {finding.help}")
    failure = ET.SubElement(case, "failure", message=_clean(finding.message), type=finding.severity)
    failure.text = _clean("\n".join(details))
