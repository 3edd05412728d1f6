"""A warm check of an unchanged tree answers from the previous run; any change runs the analysis again."""
from __future__ import annotations

import os
import time
from pathlib import Path

from click.testing import CliRunner

from helpers import write
from msglint import memo
from msglint.cli import main

EVENT_AS_COMMAND = "from kafka import KafkaProducer\nKafkaProducer().send('create-invoice', b'{}')\n"


def _age(root: Path, seconds: float = 60) -> None:
    """Files older than the racy window, as in any real tree."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def _project(tmp_path: Path) -> Path:
    root = write(tmp_path / "proj", {
        "pyproject.toml": "[tool.msglint]\n",
        "orders.py": EVENT_AS_COMMAND,
        "billing.py": "import redis\nredis.Redis().publish('invoice-created', '{}')\n",
    })
    _age(root)
    return root


def _check(root: Path, *args: str):
    return CliRunner().invoke(main, ["check", str(root), "--output-format", "json", *args])


def _runs(root: Path) -> list[Path]:
    return sorted((root / ".msglint_cache" / "runs").glob("*.json"))


def test_a_warm_check_prints_what_the_cold_one_did(tmp_path, monkeypatch):
    root = _project(tmp_path)
    cold = _check(root)
    assert len(_runs(root)) == 1
    # the warm run must not analyse: make analysis impossible and run again
    import msglint.cli

    monkeypatch.setattr(msglint.cli, "_check", lambda *a, **k: (_ for _ in ()).throw(AssertionError("analysed")))
    warm = _check(root)
    assert (warm.exit_code, warm.output) == (cold.exit_code, cold.output)
    assert cold.exit_code == 1 and '"MSG' in cold.output


def test_an_edited_file_is_analysed_again(tmp_path):
    root = _project(tmp_path)
    first = _check(root)
    (root / "orders.py").write_text(EVENT_AS_COMMAND.replace("create-invoice", "invoice-created"))
    _age(root, 30)  # same size class of edit, older than the racy window, but another mtime
    second = _check(root)
    assert second.output != first.output
    assert len(_runs(root)) == 2


def test_configuration_options_and_baseline_are_part_of_the_key(tmp_path):
    root = _project(tmp_path)
    _check(root)
    _check(root, "--select", "MSG1")
    (root / "pyproject.toml").write_text("[tool.msglint]\nignore = ['MSG302']\n")
    _age(root)
    _check(root)
    assert len(_runs(root)) == 3
    baseline = root / "baseline.json"
    CliRunner().invoke(main, ["check", str(root), "--write-baseline", str(baseline)])
    with_baseline = _check(root, "--baseline", str(baseline))
    assert with_baseline.exit_code == 0
    assert len(_runs(root)) == 4  # writing a baseline stores no result; checking against it does


def test_recently_modified_files_are_not_trusted_by_their_timestamp(tmp_path):
    root = _project(tmp_path)
    (root / "orders.py").write_text(EVENT_AS_COMMAND)  # just now: inside the racy window
    _check(root)
    assert _runs(root) == []
    assert memo.run_key([root / "orders.py"], root, {}) is None


def test_no_cache_stores_nothing_and_a_corrupt_result_is_dropped(tmp_path):
    root = _project(tmp_path)
    _check(root, "--no-cache")
    assert not (root / ".msglint_cache" / "runs").exists()
    cold = _check(root)
    (path,) = _runs(root)
    path.write_text("{not json")
    again = _check(root)
    assert again.output == cold.output
    assert _runs(root) == [path] and path.read_text().startswith("{")


def test_clean_removes_stored_results(tmp_path):
    root = _project(tmp_path)
    _check(root)
    result = CliRunner().invoke(main, ["clean", str(root)])
    assert result.exit_code == 0
    assert not (root / ".msglint_cache").exists()


def test_a_new_msglint_version_or_code_is_a_new_key(tmp_path, monkeypatch):
    root = _project(tmp_path)
    _check(root)
    monkeypatch.setattr(memo, "code_fingerprint", lambda: "another msglint")
    _check(root)
    assert len(_runs(root)) == 2
    settings = {"config": {}}
    files = [root / "orders.py"]
    assert memo.run_key(files, root, settings) == memo.run_key(files, root, settings)
    assert memo.run_key(files, root, settings) != memo.run_key(files, root, {"config": {"ignore": ["MSG1"]}})


def test_the_code_fingerprint_covers_every_subpackage(tmp_path):
    """A change to any module of msglint, also in a subpackage (the name grammar in analyzer/naming/),
    makes a new fingerprint: a stored run is never reused for other code."""
    from msglint.analyzer.fingerprint import code_fingerprint

    (tmp_path / "naming").mkdir()
    module = tmp_path / "naming" / "grammar.py"
    module.write_text("A = 1\n")
    before = code_fingerprint([str(tmp_path)], "1.0")
    module.write_text("A = 12\n")
    assert code_fingerprint([str(tmp_path)], "1.0") != before
    assert code_fingerprint([str(tmp_path)], "1.1") != code_fingerprint([str(tmp_path)], "1.0")
