"""msglint check as CI and pre-commit use it: exit codes, selection, suppressions, baseline, --diff, --add-noqa."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write
from msglint.cli import main

# Two findings: a literal written in two modules (MSG302, warning, on both lines).
PROJECT = {
    "a.py": 'from kafka import KafkaProducer\nKafkaProducer().send("orders.placed", b"")\n',
    "b.py": 'from kafka import KafkaConsumer\nKafkaConsumer("orders.placed")\n',
}


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args, "--no-cache", "--output-format", "json"])


def codes(result):
    return [(f["path"], f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]]


def test_exit_codes(tmp_path):
    root = write(tmp_path, PROJECT)
    failing = run(str(root), "--isolated")
    assert failing.exit_code == 1
    assert codes(failing) == [("a.py", 2, "MSG302"), ("b.py", 2, "MSG302")]
    assert run(str(root), "--isolated", "--exit-zero").exit_code == 0
    assert run(str(root), "--isolated", "--fail-on", "error").exit_code == 0
    clean = write(tmp_path / "clean", {"a.py": "x = 1\n"})
    assert run(str(clean), "--isolated").exit_code == 0
    assert run(str(root), "--isolated", "--select", "MSG999").exit_code == 2


def test_select_ignore_and_prefixes(tmp_path):
    root = write(tmp_path, PROJECT)
    assert codes(run(str(root), "--isolated", "--ignore", "MSG302")) == []
    assert codes(run(str(root), "--isolated", "--select", "MSG1")) == []
    assert len(codes(run(str(root), "--isolated", "--select", "MSG3"))) == 2
    assert len(codes(run(str(root), "--isolated", "--select", "MSG1", "--extend-select", "MSG302"))) == 2


def test_configuration_select_per_file_ignores_and_severity(tmp_path):
    root = write(tmp_path, {**PROJECT, "pyproject.toml": """
        [tool.msglint]
        ignore = ["MSG207"]
        per-file-ignores = {"b.py" = ["MSG302"]}
        severity = {MSG302 = "info"}
        """})
    result = run(str(root))
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["severity"]) for f in findings] == [("a.py", "info")]
    assert result.exit_code == 0  # info does not fail the default --fail-on warning


def test_unknown_codes_in_configuration_exit_2(tmp_path):
    root = write(tmp_path, {**PROJECT, "pyproject.toml": '[tool.msglint]\nselect = ["MSG777"]\n'})
    result = run(str(root))
    assert result.exit_code == 2 and "unknown rule code or prefix 'MSG777'" in result.stderr


@pytest.mark.parametrize("comment", ["# noqa", "# noqa: MSG302", "# msglint: ignore[MSG302]", "# msglint: ignore"])
def test_inline_suppressions(tmp_path, comment):
    root = write(tmp_path, {**PROJECT, "a.py": f'from kafka import KafkaProducer\n'
                                              f'KafkaProducer().send("orders.placed", b"")  {comment}\n'})
    assert codes(run(str(root), "--isolated")) == [("b.py", 2, "MSG302")]


def test_suppression_on_the_first_line_of_a_statement(tmp_path):
    root = write(tmp_path, {**PROJECT, "a.py": 'from kafka import KafkaProducer\n'
                                              'result = (  # noqa: MSG302\n'
                                              '    KafkaProducer().send("orders.placed", b"")\n)\n'})
    assert codes(run(str(root), "--isolated")) == [("b.py", 2, "MSG302")]


def test_noqa_in_a_string_is_not_a_suppression_and_other_codes_do_not_suppress(tmp_path):
    root = write(tmp_path, {**PROJECT, "a.py": 'from kafka import KafkaProducer\n'
                                              'KafkaProducer().send("orders.placed", b"# noqa")  # noqa: MSG101\n'})
    assert len(codes(run(str(root), "--isolated"))) == 2


def test_skip_file(tmp_path):
    root = write(tmp_path, {**PROJECT, "a.py": "# msglint: skip-file\n" + PROJECT["a.py"]})
    assert codes(run(str(root), "--isolated")) == [("b.py", 2, "MSG302")]


def test_unused_suppressions_are_reported_on_request(tmp_path):
    root = write(tmp_path, {**PROJECT, "c.py": "x = 1  # noqa: MSG101\n"})
    assert ("c.py", 1, "MSG002") not in codes(run(str(root), "--isolated"))
    assert ("c.py", 1, "MSG002") in codes(run(str(root), "--isolated", "--warn-unused-ignores"))


def test_baseline_survives_line_shifts(tmp_path):
    root = write(tmp_path, PROJECT)
    baseline = tmp_path / "baseline.json"
    written = CliRunner().invoke(main, ["check", str(root), "--isolated", "--no-cache",
                                        "--write-baseline", str(baseline)])
    assert written.exit_code == 0 and len(json.loads(baseline.read_text())["findings"]) == 2
    (root / "a.py").write_text("\n\n# moved down\n" + PROJECT["a.py"])
    assert codes(run(str(root), "--isolated", "--baseline", str(baseline))) == []
    (root / "c.py").write_text('from kafka import KafkaConsumer\nKafkaConsumer("orders.placed")\n')
    assert codes(run(str(root), "--isolated", "--baseline", str(baseline))) == [("c.py", 2, "MSG302")]
    (tmp_path / "broken.json").write_text("{")
    assert run(str(root), "--isolated", "--baseline", str(tmp_path / "broken.json")).exit_code == 2


def test_diff_reports_only_changed_files(tmp_path):
    root = write(tmp_path, PROJECT)
    git = ["git", "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(git + ["add", "."], cwd=root, check=True)
    subprocess.run(git + ["commit", "-qm", "base"], cwd=root, check=True)
    (root / "b.py").write_text(PROJECT["b.py"] + "# touched\n")
    # the finding in b.py needs a.py (the graph is built from the whole tree) but only b.py is reported
    assert codes(run(str(root), "--isolated", "--diff", "HEAD")) == [("b.py", 2, "MSG302")]
    assert run(str(root), "--isolated", "--diff", "no-such-rev").exit_code == 2


def test_add_noqa_then_clean(tmp_path):
    root = write(tmp_path, PROJECT)
    result = CliRunner().invoke(main, ["check", str(root), "--isolated", "--no-cache", "--add-noqa"])
    assert result.exit_code == 0
    assert (root / "a.py").read_text().splitlines()[1].endswith("  # noqa: MSG302")
    assert codes(run(str(root), "--isolated")) == []


def test_statistics_and_quiet(tmp_path):
    root = write(tmp_path, PROJECT)
    stats = CliRunner().invoke(main, ["check", str(root), "--isolated", "--no-cache", "--statistics"])
    assert stats.exit_code == 1 and "MSG302" in stats.stdout and "2" in stats.stdout.split()[0]
    quiet = CliRunner().invoke(main, ["check", str(root), "--isolated", "--no-cache", "--quiet",
                                      "--output-format", "concise"])
    assert quiet.stdout.splitlines() and all(line.startswith(("a.py:", "b.py:")) for line in quiet.stdout.splitlines())


def test_sarif_output_of_a_real_run_is_valid(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    from conftest import REPO

    root = write(tmp_path, PROJECT)
    result = CliRunner().invoke(main, ["check", str(root), "--isolated", "--no-cache", "--output-format", "sarif"])
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema)
    assert len(document["runs"][0]["results"]) == 2


def test_rules_and_rule_commands():
    table = CliRunner().invoke(main, ["rules"])
    assert table.exit_code == 0 and "MSG101" in table.stdout and "event-named-as-command" in table.stdout
    one = CliRunner().invoke(main, ["rule", "MSG204"])
    assert one.exit_code == 0 and "## Why it matters" in one.stdout and "```python" in one.stdout
    assert CliRunner().invoke(main, ["rule", "MSG999"]).exit_code == 2


def test_intent_command():
    result = CliRunner().invoke(main, ["intent", "OrderPlaced", "SendEmail", "telemetry", "--format", "json"])
    data = json.loads(result.stdout)
    assert [(d["name"], d["intent"]) for d in data] == [("OrderPlaced", "event"), ("SendEmail", "command"),
                                                        ("telemetry", "unclear")]
    assert all(isinstance(d["evidence"], list) for d in data)


def test_naming_suffixes_from_configuration_reach_the_rules(tmp_path):
    sends = {"events.py": 'from dataclasses import dataclass\n\n@dataclass(frozen=True)\n'
                          'class SendInvoiceHappened:\n    order_id: str\n',
             "pub.py": 'import redis\nfrom events import SendInvoiceHappened\n'
                       'redis.Redis().publish("invoices", SendInvoiceHappened("1"))\n'}
    plain = write(tmp_path / "plain", sends)
    assert "MSG101" not in [code for _, _, code in codes(run(str(plain), "--isolated"))]
    named = write(tmp_path / "named", {**sends, "msglint.toml": '[naming]\nevent-suffixes = ["Happened"]\n'})
    assert ("events.py", 4, "MSG101") in codes(run(str(named)))


def test_an_unresolved_channel_is_said_so_not_printed_as_none():
    """Checking two files of the shop: their queue names live in modules not given, so unresolved."""
    from click.testing import CliRunner

    from msglint.cli import main

    shop = Path(__file__).resolve().parents[1] / "fixtures" / "shop"
    result = CliRunner().invoke(main, ["check", str(shop / "orders/orders/service.py"),
                                       str(shop / "billing/billing/tasks.py"), "--isolated", "--no-cache",
                                       "--output-format", "concise"])
    assert "(channel not resolved)" in result.output and "'None'" not in result.output
