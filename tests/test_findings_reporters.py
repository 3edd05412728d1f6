"""Every ``check --output-format`` reporter, against the format it claims to produce.

SARIF is validated against the OASIS SARIF 2.1.0 schema (vendored in
tests/data so a clean clone can run it); GitHub annotations are parsed back
with the workflow-command grammar; the GitLab report is checked against the
Code Quality field requirements; JUnit is parsed with xml.etree.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import click
import pytest

from msglint.reporters import (findings_concise, findings_full, findings_github, findings_gitlab, findings_json,
                               findings_junit, findings_sarif, statistics)
from msglint.reporters.findings_base import Report
from msglint.rules.base import Finding, Related, Rule

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
TRICKY_MESSAGE = 'Channel "a,b:c" <orders> & 100% done\nsecond line\r\nthird: \'quoted\''
TRICKY_PATH = "billing/odd, name: 100%.py"


class ErrorRule(Rule):
    code = "MSG901"
    name = "test-error"
    severity = "error"
    summary = "An error for the tests."
    why = "Because errors <matter> & must be seen."
    fix = "Fix it."


class WarningRule(Rule):
    code = "MSG902"
    name = "test-warning"
    severity = "warning"
    summary = "A warning for the tests."
    why = "Warnings show coupling."
    fix = "Decouple."


class InfoRule(Rule):
    code = "MSG903"
    name = "test-info"
    severity = "info"
    summary = "A hint for the tests."
    why = "Hints may be fine."
    fix = "Have a look."


class QuietRule(Rule):  # ran, found nothing: still described in SARIF
    code = "MSG904"
    name = "test-quiet"
    severity = "warning"
    summary = "Never fires."
    why = "Nothing."
    fix = "Nothing."


SOURCES = {
    "orders/publish.py": "import pika\n\ndef place(channel):\n    channel.basic_publish(exchange='orders', body=b'')\n"
                         "\tproducer.send('orders.place', value)\n",
    "billing/consume.py": "def handle(message):\n    pass\n",
    TRICKY_PATH: "x = 1\n",
}


def _finding(rule: type[Rule], message: str, path: str, line: int, column: int = 0, end_column: int = 0,
             related=(), function: str = "f", end_line=None) -> Finding:
    return rule().finding(message, path=path, line=line, column=column, end_column=end_column, end_line=end_line,
                          component=path.split("/")[0], channel="orders", subject="Subject", function=function,
                          related=related)


def _findings() -> list[Finding]:
    related = (Related("billing/consume.py", 1, "consumed by billing"),
               Related("shipping/consume.py", 7, "consumed by shipping, too"))
    items = [
        _finding(ErrorRule, "Command 'PlaceOrder' published to a fanout exchange", "orders/publish.py", 4,
                 column=4, end_column=53),
        _finding(WarningRule, "Channel 'orders' has two consumers", "orders/publish.py", 5, column=1,
                 related=related, end_line=6),
        _finding(InfoRule, TRICKY_MESSAGE, TRICKY_PATH, 1),
        # the same fingerprint again (same rule, path, component, channel, subject, function): GitLab must
        # still get distinct fingerprints
        _finding(InfoRule, "Another hint", TRICKY_PATH, 1, column=4),
        # a code outside the rules that ran (unused suppressions)
        Finding(code="MSG002", name="unused-suppression", severity="warning", message="Unused 'noqa: MSG999'",
                path="billing/consume.py", line=2, column=10, end_line=2, end_column=0, component="billing",
                channel=None, fingerprint="0123456789abcdef0123", help="Remove the comment."),
    ]
    return sorted(items, key=lambda f: f.sort_key)


def _reader(root: Path):
    def read(path: str, line: int):
        try:
            lines = (root / path).read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        return lines[line - 1] if 0 < line <= len(lines) else None
    return read


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for path, text in SOURCES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def report(root: Path) -> Report:
    return Report(findings=_findings(), rules=[ErrorRule, WarningRule, InfoRule, QuietRule], root=root,
                  files_analysed=3, version="9.8.7", read_line=_reader(root))


def _empty(root: Path) -> Report:
    return Report(findings=[], rules=[ErrorRule], root=root, files_analysed=2, version="9.8.7")


def _by_code(report: Report, code: str) -> Finding:
    return next(f for f in report.findings if f.code == code)


# --- full -------------------------------------------------------------------------------------------------

def test_full_shows_header_source_caret_related_and_summary(report: Report) -> None:
    text = findings_full.render(report)
    lines = text.splitlines()
    error = _by_code(report, "MSG901")
    header = f"orders/publish.py:4:5: MSG901 [error] {error.message}"
    assert header in lines
    at = lines.index(header)
    source = SOURCES["orders/publish.py"].splitlines()[3]
    assert lines[at + 2] == f"4 | {source}"
    caret_line = lines[at + 3]
    # the caret sits under the finding's column and spans to its end column
    assert caret_line.index("^") == len("4 | ") + error.column
    assert caret_line.count("^") == error.end_column - error.column
    assert caret_line.endswith(" MSG901")
    assert "  = related: billing/consume.py:1: consumed by billing" in lines
    assert "  = related: shipping/consume.py:7: consumed by shipping, too" in lines
    assert f"  = help: {error.help}" in lines
    assert lines[-1] == "Found 5 findings (1 error, 2 warnings, 2 info)."
    assert "\x1b[" not in text


def test_full_caret_keeps_tabs_under_tabbed_source(report: Report) -> None:
    lines = findings_full.render(report).splitlines()
    at = lines.index("orders/publish.py:5:2: MSG902 [warning] Channel 'orders' has two consumers")
    assert lines[at + 2] == "5 | \tproducer.send('orders.place', value)"
    assert lines[at + 3].startswith("  | \t^ MSG902")


def test_full_without_source_and_empty(report: Report, root: Path) -> None:
    report.read_line = None
    text = findings_full.render(report)
    assert " | " not in text and "^" not in text
    assert "orders/publish.py:4:5: MSG901 [error]" in text
    assert findings_full.render(_empty(root)) == "All checks passed!\n"
    single = Report(findings=[_by_code(report, "MSG901")], rules=[ErrorRule], root=root)
    assert findings_full.render(single).splitlines()[-1] == "Found 1 finding (1 error, 0 warnings, 0 info)."


def test_full_color_is_only_styling(report: Report) -> None:
    plain = findings_full.render(report)
    report.color = True
    colored = findings_full.render(report)
    assert "\x1b[" in colored
    assert click.unstyle(colored) == plain


def test_full_headers_are_what_quiet_keeps(report: Report) -> None:
    # the CLI's --quiet keeps lines whose first word contains ':' — exactly one per finding
    # (for paths without a space), and no line of a multi-line message
    text = findings_full.render(report)
    kept = [line for line in text.splitlines() if ":" in line.split(" ", 1)[0]]
    headers = [f"{f.path}:{f.line}:{f.column + 1}: {f.code} [{f.severity}] {f.message.splitlines()[0]}"
               for f in report.findings if " " not in f.path]
    assert kept == headers
    assert "\n    second line\n    third: 'quoted'\n" in text


# --- concise ----------------------------------------------------------------------------------------------

CONCISE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>MSG\d{3}) (?P<message>.*)$")


def test_concise_one_line_per_finding_with_one_based_columns(report: Report, root: Path) -> None:
    lines = findings_concise.render(report).splitlines()
    assert len(lines) == len(report.findings) + 1
    assert lines[-1] == "Found 5 findings (1 error, 2 warnings, 2 info)."
    for line, finding in zip(lines, report.findings):
        match = CONCISE.match(line)
        assert match, line
        assert match["path"] == finding.path
        assert int(match["line"]) == finding.line
        assert int(match["col"]) == finding.column + 1
        assert match["code"] == finding.code
        assert match["message"] == " ".join(finding.message.splitlines())
    assert findings_concise.render(_empty(root)) == "All checks passed!\n"


# --- json -------------------------------------------------------------------------------------------------

def test_json_follows_the_design_contract(report: Report) -> None:
    data = json.loads(findings_json.render(report))
    assert set(data) == {"version", "findings", "summary"}
    assert data["version"] == 1
    assert data["findings"] == [f.to_json() for f in report.findings]
    first = data["findings"][0]
    assert set(first) >= {"code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column",
                          "component", "channel", "fingerprint", "help"}
    warning = next(f for f in data["findings"] if f["code"] == "MSG902")
    assert warning["related"][0] == {"path": "billing/consume.py", "line": 1, "message": "consumed by billing"}
    assert next(f for f in data["findings"] if f["path"] == TRICKY_PATH)["message"] == TRICKY_MESSAGE
    assert data["summary"] == {"total": 5, "by_severity": {"error": 1, "warning": 2, "info": 2},
                               "by_code": {"MSG002": 1, "MSG901": 1, "MSG902": 1, "MSG903": 2},
                               "files_analysed": 3}


def test_json_empty(root: Path) -> None:
    data = json.loads(findings_json.render(_empty(root)))
    assert data["findings"] == []
    assert data["summary"] == {"total": 0, "by_severity": {"error": 0, "warning": 0, "info": 0}, "by_code": {},
                               "files_analysed": 2}


# --- sarif ------------------------------------------------------------------------------------------------

# RFC 3986 characters; jsonschema checks "uri" formats only when rfc3987 is installed, so check them here too
_URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_PERCENT_OK = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _uri_reference(value) -> bool:
    return not isinstance(value, str) or (bool(_URI_CHARS.match(value)) and not _PERCENT_OK.search(value))


def _uri(value) -> bool:
    return not isinstance(value, str) or (_uri_reference(value) and bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value)))


def _sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    format_checker = validator_class.FORMAT_CHECKER
    if "uri" not in format_checker.checkers:
        format_checker = jsonschema.FormatChecker()
        format_checker.checks("uri")(_uri)
        format_checker.checks("uri-reference")(_uri_reference)
    return validator_class(schema, format_checker=format_checker)


def _schema_errors(document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _sarif_validator().iter_errors(document)]


def test_sarif_is_valid_against_the_oasis_schema(report: Report, root: Path) -> None:
    assert _schema_errors(json.loads(findings_sarif.render(report))) == []
    assert _schema_errors(json.loads(findings_sarif.render(_empty(root)))) == []


def test_sarif_validation_really_checks(report: Report) -> None:
    document = json.loads(findings_sarif.render(report))
    document["runs"][0]["results"][0]["level"] = "fatal"
    document["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b%.py"
    del document["version"]
    errors = _schema_errors(document)
    assert len(errors) == 3, errors


def test_sarif_content(report: Report, root: Path) -> None:
    document = json.loads(findings_sarif.render(report))
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "msglint" and driver["version"] == "9.8.7"
    assert "informationUri" not in driver
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == root.resolve().as_uri() + "/"

    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert {"MSG901", "MSG902", "MSG903", "MSG904", "MSG002"} == set(ids) and len(ids) == len(set(ids))
    error_rule = rules[ids.index("MSG901")]
    assert error_rule["name"] == "test-error"
    assert error_rule["shortDescription"]["text"] == ErrorRule.summary
    assert error_rule["fullDescription"]["text"] == ErrorRule.why
    assert ErrorRule.fix in error_rule["help"]["text"] and ErrorRule.fix in error_rule["help"]["markdown"]
    assert {rules[ids.index(c)]["defaultConfiguration"]["level"] for c in ("MSG901", "MSG902", "MSG903")} == {
        "error", "warning", "note"}
    assert rules[ids.index("MSG903")]["defaultConfiguration"]["level"] == "note"

    results = run["results"]
    assert len(results) == len(report.findings)
    for result, finding in zip(results, report.findings):
        assert result["ruleId"] == finding.code
        assert rules[result["ruleIndex"]]["id"] == finding.code
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        assert result["message"]["text"] == finding.message
        assert result["partialFingerprints"] == {"msglint/v1": finding.fingerprint}
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert unquote(artifact["uri"]) == finding.path
        region = location["physicalLocation"]["region"]
        assert region["startLine"] == finding.line
        assert region["startColumn"] == finding.column + 1
        assert region["endLine"] == finding.end_line
    error = results[[f.code for f in report.findings].index("MSG901")]
    assert error["locations"][0]["physicalLocation"]["region"]["endColumn"] == 54
    unknown_end = results[[f.code for f in report.findings].index("MSG002")]
    assert "endColumn" not in unknown_end["locations"][0]["physicalLocation"]["region"]
    tricky = next(r for r in results if unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                  == TRICKY_PATH)
    assert " " not in tricky["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "%25" in tricky["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]

    graph = results[[f.code for f in report.findings].index("MSG902")]
    related = graph["relatedLocations"]
    assert [r["message"]["text"] for r in related] == ["consumed by billing", "consumed by shipping, too"]
    assert len({r["id"] for r in related}) == 2
    assert related[1]["physicalLocation"]["artifactLocation"] == {"uri": "shipping/consume.py",
                                                                  "uriBaseId": "%SRCROOT%"}
    assert related[1]["physicalLocation"]["region"] == {"startLine": 7}
    assert "relatedLocations" not in error


# --- github -----------------------------------------------------------------------------------------------

ANNOTATION = re.compile(r"^::(?P<command>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def _annotations(text: str) -> list[dict]:
    parsed = []
    for line in text.splitlines():
        match = ANNOTATION.match(line)
        assert match, line
        props = {}
        for part in match["props"].split(","):
            key, _, value = part.partition("=")
            props[key] = _unescape(value)
        parsed.append({"command": match["command"], "props": props, "message": _unescape(match["message"])})
    return parsed


def test_github_annotations_parse_back(report: Report, root: Path) -> None:
    text = findings_github.render(report)
    assert text.endswith("\n") and "\r" not in text
    annotations = _annotations(text)
    assert len(annotations) == len(report.findings)
    for annotation, finding in zip(annotations, report.findings):
        assert annotation["command"] == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        props = annotation["props"]
        assert set(props) <= {"file", "line", "col", "endLine", "endColumn", "title"}
        assert props["file"] == finding.path
        assert int(props["line"]) == finding.line
        assert int(props["col"]) == finding.column + 1
        assert int(props["endLine"]) == finding.end_line
        assert props["title"] == f"{finding.code} {finding.name}"
        assert annotation["message"].split("\nrelated: ")[0] == finding.message
    error = annotations[[f.code for f in report.findings].index("MSG901")]
    assert error["props"]["endColumn"] == "53"
    graph = annotations[[f.code for f in report.findings].index("MSG902")]
    assert graph["message"].splitlines()[1:] == ["related: billing/consume.py:1: consumed by billing",
                                                 "related: shipping/consume.py:7: consumed by shipping, too"]
    tricky_line = next(line for line in text.splitlines() if "Channel \"a,b:c\"" in line)
    assert "file=billing/odd%2C name%3A 100%25.py" in tricky_line
    assert "%0D%0A" in tricky_line
    assert findings_github.render(_empty(root)) == ""


def test_github_paths_are_relative_to_the_checkout(report: Report, root: Path, monkeypatch) -> None:
    monkeypatch.chdir(root.parent)
    annotations = _annotations(findings_github.render(report))
    assert annotations[0]["props"]["file"] == f"{root.name}/{report.findings[0].path}"


# --- gitlab -----------------------------------------------------------------------------------------------

def test_gitlab_code_quality_fields(report: Report, root: Path) -> None:
    issues = json.loads(findings_gitlab.render(report))
    assert isinstance(issues, list) and len(issues) == len(report.findings)
    for issue, finding in zip(issues, report.findings):
        # GitLab's required fields and their types
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"] == finding.code
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["severity"] == {"error": "critical", "warning": "major", "info": "info"}[finding.severity]
        location = issue["location"]
        assert location["path"] == finding.path and not location["path"].startswith("/")
        assert isinstance(location["lines"]["begin"], int) and location["lines"]["begin"] == finding.line >= 1
        assert location["lines"]["end"] >= location["lines"]["begin"]
        assert finding.message.splitlines()[0] in issue["description"]
    # GitLab merges issues with equal fingerprints: each must be unique, and the first keeps the finding's own
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    assert sum(f.fingerprint == g for f, g in zip(report.findings, fingerprints)) == len(issues) - 1
    graph = issues[[f.code for f in report.findings].index("MSG902")]
    assert "related: shipping/consume.py:7: consumed by shipping, too" in graph["description"]
    assert json.loads(findings_gitlab.render(_empty(root))) == []


# --- junit ------------------------------------------------------------------------------------------------

def test_junit_structure(report: Report) -> None:
    text = findings_junit.render(report)
    assert text.startswith("<?xml")
    tree = ET.fromstring(text)
    assert tree.tag == "testsuites" and tree.get("name") == "msglint"
    assert tree.get("tests") == tree.get("failures") == str(len(report.findings))
    suites = tree.findall("testsuite")
    assert [s.get("name") for s in suites] == sorted({f.path for f in report.findings})
    cases = tree.findall("testsuite/testcase")
    assert len(cases) == len(report.findings)
    for suite in suites:
        assert int(suite.get("tests")) == int(suite.get("failures")) == len(suite.findall("testcase"))
        for case in suite.findall("testcase"):
            assert case.get("file") == suite.get("name")
    for case, finding in zip(cases, report.findings):
        assert case.get("name") == f"{finding.code} {finding.name}"
        assert case.get("classname") == finding.path.rsplit(".", 1)[0]
        assert case.get("line") == str(finding.line)
        (failure,) = case.findall("failure")
        assert failure.get("type") == finding.severity
        assert failure.text.startswith(f"line {finding.line}, col {finding.column + 1}, ")
    tricky = next(c for c in cases if c.get("file") == TRICKY_PATH and "Channel" in c.find("failure").get("message"))
    # attribute values come back exactly (newlines, quotes, <, &, %), escaped by xml.etree
    assert tricky.find("failure").get("message") == TRICKY_MESSAGE
    assert TRICKY_MESSAGE.replace("\r\n", "\n") in tricky.find("failure").text
    graph = cases[[f.code for f in report.findings].index("MSG902")]
    assert "related: shipping/consume.py:7: consumed by shipping, too" in graph.find("failure").text


def test_junit_empty_and_control_characters(root: Path) -> None:
    tree = ET.fromstring(findings_junit.render(_empty(root)))
    assert tree.get("tests") == "1" and tree.get("failures") == "0"
    (case,) = tree.findall("testsuite/testcase")
    assert case.get("name") == "No findings" and case.find("failure") is None
    odd = _finding(ErrorRule, "bell\x07 and escape\x1b[0m", "a.py", 1)
    tree = ET.fromstring(findings_junit.render(Report(findings=[odd], rules=[ErrorRule], root=root)))
    assert tree.find("testsuite/testcase/failure").get("message") == "bell and escape[0m"


# --- statistics -------------------------------------------------------------------------------------------

def test_statistics_counts_per_code(report: Report, root: Path) -> None:
    rows = [line.split("\t") for line in statistics.render(report).splitlines()]
    assert rows[0] == ["2", "MSG903", "test-info"]
    assert sorted(rows[1:]) == [["1", "MSG002", "unused-suppression"], ["1", "MSG901", "test-error"],
                                ["1", "MSG902", "test-warning"]]
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    assert statistics.render(_empty(root)) == ""
    report.color = True
    assert click.unstyle(statistics.render(report)) == statistics.render(
        Report(findings=report.findings, rules=report.rules, root=root))


# --- all --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("module", [findings_full, findings_concise, findings_json, findings_sarif, findings_github,
                                    findings_gitlab, findings_junit, statistics])
def test_every_reporter_returns_text_ending_in_newline(module, report: Report) -> None:
    text = module.render(report)
    assert isinstance(text, str) and text.endswith("\n")


def test_sarif_with_the_real_rule_catalogue_is_valid(root: Path) -> None:
    from msglint.rules import all_rules

    rules = list(all_rules())
    document = json.loads(findings_sarif.render(Report(findings=[], rules=rules, root=root)))
    assert _schema_errors(document) == []
    described = document["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in described] == sorted(r.code for r in rules)
    assert all(d["help"]["markdown"] and d["fullDescription"]["text"] for d in described)
