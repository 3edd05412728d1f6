"""Every rule's own VALID and INVALID examples, run as tests (Fixit's convention), and the rule docs."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import REPO
from msglint.analyzer.graph import build_graph
from msglint.analyzer.pipeline import analyze
from msglint.checker import run_rules
from msglint.rules import all_rules
from msglint.rules.docs import render_markdown


def _run(rule, example, tmp_path: Path):
    files = {"example.py": example} if isinstance(example, str) else example
    for name, source in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    inventory = analyze([tmp_path], tmp_path)
    graph = build_graph(inventory.sites, inventory.message_types, inventory.facts, inventory.bindings)
    return [f for f in run_rules([rule], inventory, graph) if f.code == rule.code]


CASES = [(rule, kind, index, example) for rule in all_rules()
         for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID))
         for index, example in enumerate(examples)]


def test_every_rule_documents_itself_and_has_examples():
    codes = [rule.code for rule in all_rules()]
    assert codes == sorted(set(codes))
    for rule in all_rules():
        assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
        assert rule.severity in ("error", "warning", "info")
        assert rule.summary and rule.why and rule.fix
        assert rule.VALID and rule.INVALID, rule.code


@pytest.mark.parametrize("rule, kind, index, example", CASES,
                         ids=[f"{rule.code}-{kind}-{index}" for rule, kind, index, _ in CASES])
def test_rule_examples(rule, kind, index, example, tmp_path):
    findings = _run(rule, example, tmp_path)
    if kind == "valid":
        assert findings == [], [f.message for f in findings]
    else:
        assert findings, f"{rule.code} found nothing in its INVALID example {index}"
        assert all(f.help and f.fingerprint and f.message for f in findings)


def test_docs_rules_md_is_current():
    generated = render_markdown(all_rules())
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generated, "docs/rules.md is stale: run 'msglint rules --format markdown > docs/rules.md'"


def test_rule_codes_are_known_without_importing_the_rules():
    from msglint.rules import all_rules, rule_codes

    assert rule_codes() == [rule.code for rule in all_rules()]


def test_a_cycle_is_reported_where_its_first_channel_is_sent_whatever_the_kinds(tmp_path):
    """a commands b on one channel and waits on b on another: the finding stays on the same line (the
    edge whose channel sorts first), so a ``noqa`` there keeps working."""
    from msglint.rules.msg208_coupling_cycle import CouplingCycle
    task = "from celery import shared_task\n\n@shared_task(name='{0}')\ndef {1}(order_id):\n    pass\n"
    files = {
        "a/pyproject.toml": "[project]\nname = 'a'\n", "b/pyproject.toml": "[project]\nname = 'b'\n",
        "a/tasks.py": task.format("a.reserve", "reserve"),
        "b/tasks.py": task.format("b.charge", "charge") + "\n\n" + task.format("b.audit", "audit"),
        "b/calls.py": "from celery import current_app\ncurrent_app.send_task('a.reserve', args=[1])\n",
        "a/calls.py": "from celery import current_app\ncurrent_app.send_task('b.charge', args=[1])\n"
                      "current_app.send_task('b.audit', args=[1]).get()\n",
    }
    (finding,) = _run(CouplingCycle, files, tmp_path)
    assert (finding.path, finding.line) == ("a/calls.py", 3)  # b.audit (request-reply) sorts first
