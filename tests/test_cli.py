"""The command line as users meet it: formats, output files, configuration errors, exit codes."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from helpers import KAFKA_SEND, write
from msglint import __version__
from msglint.cli import main

SITE_FIELDS = {"path", "line", "column", "end_line", "role", "library", "api", "transport", "channel",
               "channel_expr", "channel_kind", "delivery", "message", "reply", "component", "function", "via",
               "intent", "evidence"}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"msglint, version {__version__}"


def test_python_dash_m_runs_the_cli(tmp_path):
    # not from the checkout: there ``-m`` would find its msglint/ folder before the installed package
    result = subprocess.run([sys.executable, "-m", "msglint", "--version"], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout


def test_json_follows_the_contract():
    result = run("sites", str(FIXTURES / "shop"), "--format", "json", "--isolated")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["root"] == "."
    sites = data["sites"]
    assert len(sites) == 25
    assert all(set(site) == SITE_FIELDS for site in sites)
    assert [(s["path"], s["line"]) for s in sites] == sorted((s["path"], s["line"]) for s in sites)
    placed = next(s for s in sites if s["path"] == "orders/orders/service.py" and s["line"] == 35)
    assert placed["channel"] == "orders.placed" and placed["component"] == "orders"
    assert placed["message"] == "OrderPlaced" and placed["function"] == "OrderService.place_order"
    assert placed["intent"] == "event"
    assert placed["evidence"][0] == "broadcast delivery (KafkaProducer.send)"
    assert any(e.startswith("message OrderPlaced: event") for e in placed["evidence"])


def test_csv_has_a_header_and_one_row_per_site():
    result = run("sites", str(FIXTURES / "shop"), "--format", "csv", "--isolated")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 25
    assert rows[0]["path"] and rows[0]["channel_kind"]
    assert {row["reply"] for row in rows} == {"true", "false"}


def test_table_groups_by_component():
    result = run("sites", str(FIXTURES / "shop"), "--isolated")
    assert result.exit_code == 0
    out = result.stdout
    for component in ("analytics", "billing", "email-service", "inventory", "orders"):
        assert f"\n{component}  (" in "\n" + out
    assert "25 sites in 5 components" in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_output_file(tmp_path):
    target = tmp_path / "sites.json"
    result = run("sites", str(FIXTURES / "shop"), "--format", "json", "-o", str(target), "--isolated")
    assert result.exit_code == 0 and result.stdout == ""
    assert len(json.loads(target.read_text())["sites"]) == 25


@pytest.mark.parametrize("config, message", [
    ("[tool.msglint]\nfoo = 1\n", "unknown key 'tool.msglint.foo'"),
    ("[tool.msglint]\nexclude = 'build'\n", "'tool.msglint.exclude' must be a list of glob patterns"),
    ("[tool.msglint\n", "invalid TOML"),
])
def test_configuration_errors_exit_2_naming_file_and_key(tmp_path, config, message):
    write(tmp_path, {"pyproject.toml": config, "app.py": KAFKA_SEND})
    result = run("sites", str(tmp_path))
    if "invalid TOML" in message:  # a broken pyproject.toml without our table is not ours: name it via --config
        result = run("sites", str(tmp_path), "--config", str(tmp_path / "pyproject.toml"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "pyproject.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_msglint_toml_is_found_from_the_path_upwards(tmp_path):
    write(tmp_path, {"msglint.toml": "extend-exclude = ['legacy/']\n", "src/app.py": KAFKA_SEND,
                     "legacy/old.py": KAFKA_SEND})
    result = run("sites", str(tmp_path / "src"), "--format", "json")
    data = json.loads(result.stdout)
    assert [s["path"] for s in data["sites"]] == ["src/app.py"]  # paths relative to the config's folder
    isolated = json.loads(run("sites", str(tmp_path), "--format", "json", "--isolated").stdout)
    assert sorted(s["path"] for s in isolated["sites"]) == ["legacy/old.py", "src/app.py"]


def test_internal_errors_are_short_and_exit_2(monkeypatch, tmp_path):
    import msglint.api

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(msglint.api, "analyze", boom)
    result = run("sites", str(tmp_path), "--isolated")
    assert result.exit_code == 2
    assert "internal error: RuntimeError: kaboom" in result.stderr
    assert "Traceback" not in result.stderr
