"""benchmarks/accuracy/run.py scores msglint against labels, on a snapshot folder (here: one of our fixtures)."""
from __future__ import annotations

import importlib.util
import json
import shutil
import sys

from conftest import FIXTURES, REPO

RUNNER = REPO / "benchmarks" / "accuracy" / "run.py"


def _runner():
    spec = importlib.util.spec_from_file_location("accuracy_run", RUNNER)
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy_run"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _label(line: int, role: str, channel, note: str = "") -> str:
    return json.dumps({"repo": "acme/shop", "commit": "0" * 40, "path": "orders/orders/service.py", "line": line,
                       "role": role, "library": "kafka-python", "api": "x", "channel": channel,
                       "channel_kind": "topic", "message": None, "intent": "event", "wrapper_level": "library",
                       "note": note})


def test_recall_precision_and_channels_are_scored_per_repository_and_in_total(tmp_path, monkeypatch, capsys):
    snapshots = tmp_path / "snapshots"
    shutil.copytree(FIXTURES / "shop", snapshots / "acme+shop")
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "acme__shop.jsonl").write_text("\n".join([
        _label(35, "produce", "orders.placed"),       # found, right channel
        _label(47, "produce", "wrong-name"),          # found, wrong channel
        _label(20, "consume", None),                   # not a site: a miss
        _label(21, "consume", None, "borderline: x"),  # don't care
    ]) + "\n")
    (labels / "acme__shop.scope.json").write_text(json.dumps(
        {"repo": "acme/shop", "commit": "0" * 40, "include": ["orders/orders/service.py"], "exclude": []}))
    (labels / "ghost__absent.jsonl").write_text(_label(1, "produce", None) + "\n")
    (labels / "ghost__absent.scope.json").write_text(json.dumps({"repo": "ghost/absent", "commit": "0" * 40}))
    runner = _runner()
    monkeypatch.setattr(runner, "LABELS", labels)
    monkeypatch.setattr("sys.argv", ["run.py", str(snapshots)])
    assert runner.main() == 0
    out, err = capsys.readouterr()
    assert "ghost/absent: no snapshot" in err
    row = next(line.split() for line in out.splitlines() if line.startswith("acme/shop"))
    # 3 labels count; 2 found; service.py holds 4 sites, so 2 are extra; 1 of 2 channels right
    assert row == ["acme/shop", "3", "0.667", "0.500", "0.500"]
    assert next(line for line in out.splitlines() if line.startswith("all")).split()[1:] == row[1:]
