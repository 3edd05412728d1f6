"""The layers of pyproject.toml's [tool.importlinter] contracts hold (import-linter), and a break is caught."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

PACKAGES = ("msglint", "msglint.analyzer", "msglint.rules", "msglint.reporters")


def _stage(target: Path) -> Path:
    """The installed package as one folder tree (an editable install maps its subpackages onto the
    checkout's folders, which import-linter cannot follow)."""
    root = target / "staged"
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations, package
        source = Path(list(spec.submodule_search_locations)[0])
        destination = root.joinpath(*package.split("."))
        shutil.copytree(source, destination, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", *(["analyzer", "rules", "reporters"]
                                                                       if package == "msglint" else [])))
    return root


def _lint(root: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    command = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    return subprocess.run([*command, str(REPO / "pyproject.toml"), "--no-cache"], cwd=root, capture_output=True,
                          text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, check=False)


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    pytest.importorskip("importlinter")
    return _stage(tmp_path_factory.mktemp("layers"))


def test_every_contract_is_kept(staged):
    result = _lint(staged)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_an_import_from_a_higher_layer_breaks_a_contract(staged, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(staged, broken)
    values = broken / "msglint" / "analyzer" / "values.py"
    values.write_text(values.read_text() + "\nfrom .pipeline import analyze  # noqa\n")
    result = _lint(broken)
    assert result.returncode != 0
    assert "msglint.analyzer.values is not allowed to import msglint.analyzer.pipeline" in result.stdout
