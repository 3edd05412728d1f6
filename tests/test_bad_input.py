"""Broken files are reported, one line each, and never stop the rest of the analysis."""
from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from helpers import KAFKA_SEND, write
from msglint.analyzer.pipeline import analyze
from msglint.cli import main


def _project(tmp_path: Path) -> Path:
    return write(tmp_path, {
        "good.py": KAFKA_SEND,
        "broken.py": "from kafka import KafkaProducer\ndef f(:\n    pass\n",
        "latin.py": b"from kafka import KafkaProducer\nx = '\xff\xfe'\n",
        "binary.py": b"from kafka import KafkaProducer\x00\x01\x02",
        "cookie.py": b"# -*- coding: no-such-codec -*-\nfrom kafka import KafkaProducer\n",
        "huge.py": b"from kafka import KafkaProducer\n" + b"x = 1\n" * 400_000,
    })


def test_each_bad_file_gets_one_diagnostic_and_good_files_are_analysed(tmp_path):
    root = _project(tmp_path)
    inventory = analyze([root], root)
    by_path = {d.path: d.message for d in inventory.diagnostics}
    assert by_path["broken.py"].startswith("syntax error")
    assert "cannot decode as utf-8" in by_path["latin.py"]
    assert by_path["binary.py"] == "binary file (contains a NUL byte)"
    assert "no-such-codec" in by_path["cookie.py"]
    assert "too large" in by_path["huge.py"]
    assert len(inventory.diagnostics) == 5
    assert [(s.path, s.channel) for s in inventory.sites] == [("good.py", "orders.placed")]


def test_syntax_error_names_the_line(tmp_path):
    root = _project(tmp_path)
    inventory = analyze([root], root)
    broken = next(d for d in inventory.diagnostics if d.path == "broken.py")
    assert broken.line == 2


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    root = _project(tmp_path)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "good.py":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    inventory = analyze([root], root)
    assert any(d.path == "good.py" and "Permission denied" in d.message for d in inventory.diagnostics)
    assert inventory.sites == []


def test_missing_path_is_reported(tmp_path):
    inventory = analyze([tmp_path / "nope"], tmp_path)
    assert [d.message for d in inventory.diagnostics] == ["no such file or folder"]


def test_cli_prints_diagnostics_on_stderr_without_traceback(tmp_path):
    root = _project(tmp_path)
    result = CliRunner().invoke(main, ["sites", str(root), "--format", "json", "--isolated"])
    assert result.exit_code == 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 5
    assert all(line.startswith("msglint: ") for line in lines)
    assert any("broken.py:2:" in line and "syntax error" in line for line in lines)
    assert '"orders.placed"' in result.stdout


def test_analysed_code_is_never_executed(tmp_path):
    marker = tmp_path / "executed"
    write(tmp_path, {"evil.py": f"""
        import kafka
        open({str(marker)!r}, "w").write("x")
        kafka.KafkaProducer().send("t", b"")
        """})
    inventory = analyze([tmp_path], tmp_path)
    assert not marker.exists()
    assert [s.channel for s in inventory.sites] == ["t"]
    assert not os.path.exists(marker)


def test_a_file_name_that_is_not_utf8_is_analysed(tmp_path):
    import sys

    if sys.platform != "linux":
        return
    name = os.fsdecode(b"caf\xe9.py")
    (tmp_path / name).write_text("from kafka import KafkaProducer\nKafkaProducer().send('create-invoice', b'')\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--output-format", "json"])
    again = CliRunner().invoke(main, ["check", str(tmp_path), "--output-format", "json"])
    assert result.exit_code == 1 and again.exit_code == 1, result.output
    assert "MSG101" in result.output
    sarif = tmp_path / "out.sarif"
    written = CliRunner().invoke(main, ["check", str(tmp_path), "--output-format", "sarif", "-o", str(sarif)])
    assert written.exit_code == 1 and "MSG101" in sarif.read_text(encoding="utf-8")


def test_a_file_too_deep_to_analyse_keeps_the_sites_found_before(tmp_path):
    """One absurd expression costs a diagnostic, not the file's other sites."""
    deep = " + ".join(['"a"'] * 3000)
    write(tmp_path, {"deep.py": "from kafka import KafkaProducer\np = KafkaProducer()\np.send('orders', b'x')\n\n\n"
                                f"def absurd():\n    p.send({deep}, b'x')\n"})
    inventory = analyze([tmp_path], tmp_path)
    assert [d.message for d in inventory.diagnostics] == ["cannot analyse: nesting too deep"]
    assert [s.channel for s in inventory.sites] == ["orders"]


def test_a_package_that_reexports_a_name_of_its_own_submodule_is_analysed(tmp_path):
    """``from pkg.orders import orders`` in pkg/__init__.py: pkg.orders is both a module and a function
    (following the alias must not grow pkg.orders.orders... for ever)."""
    write(tmp_path, {
        "pkg/__init__.py": "from kafka import KafkaProducer\nfrom pkg.orders import orders\n\nproducer = KafkaProducer()\n",
        "pkg/orders.py": "TOPIC = 'orders.placed'\n\n\ndef orders():\n    return TOPIC\n",
        "pkg/send.py": "from kafka import KafkaProducer\nfrom pkg import orders\n\nKafkaProducer().send(orders.TOPIC, b'x')\n",
    })
    inventory = analyze([tmp_path], tmp_path)
    assert len(inventory.sites) == 1 and not inventory.diagnostics
