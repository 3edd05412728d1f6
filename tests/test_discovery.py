"""Which files are analysed: .gitignore, default excludes, configuration, symlinks, order."""
from __future__ import annotations

import os

import pytest

from helpers import write
from msglint.analyzer.discover import discover


def _names(found, root):
    return [p.absolute().relative_to(root).as_posix() for p in found.files]


def test_gitignore_at_every_level_and_default_excludes(tmp_path):
    write(tmp_path, {
        ".gitignore": "generated/\n*_pb2.py\n",
        "app/main.py": "", "app/api_pb2.py": "", "generated/x.py": "",
        "app/sub/.gitignore": "local.py\n", "app/sub/local.py": "", "app/sub/kept.py": "",
        "node_modules/pkg/index.py": "", "build/lib/x.py": "", "dist/x.py": "", ".tox/py/x.py": "",
        "__pycache__/m.py": "", "lib/site-packages/dep.py": "", ".nox/x.py": "",
        "myenv/pyvenv.cfg": "home = /usr\n", "myenv/lib/x.py": "",
        "README.md": "", "notes.txt": "",
    })
    found = discover([tmp_path], tmp_path)
    assert _names(found, tmp_path) == ["app/main.py", "app/sub/kept.py"]


def test_exclude_and_extend_exclude(tmp_path):
    write(tmp_path, {"a/x.py": "", "b/y.py": "", "scripts/z.py": "", "build/w.py": ""})
    found = discover([tmp_path], tmp_path, extend_exclude=["scripts/"])
    assert _names(found, tmp_path) == ["a/x.py", "b/y.py"]
    found = discover([tmp_path], tmp_path, exclude=["a/"])
    assert _names(found, tmp_path) == ["b/y.py", "scripts/z.py"]


def test_a_file_named_explicitly_is_analysed(tmp_path):
    write(tmp_path, {"build/gen.py": ""})
    found = discover([tmp_path / "build" / "gen.py"], tmp_path)
    assert _names(found, tmp_path) == ["build/gen.py"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_are_not_followed(tmp_path):
    write(tmp_path, {"pkg/mod.py": ""})
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop")
    os.symlink(tmp_path, tmp_path / "pkg" / "up")
    found = discover([tmp_path], tmp_path)
    assert _names(found, tmp_path) == ["pkg/mod.py"]


def test_order_is_deterministic(tmp_path):
    write(tmp_path, {name: "" for name in ["b/z.py", "a/y.py", "a/b/x.py", "c.py", "B.py"]})
    first = _names(discover([tmp_path], tmp_path), tmp_path)
    assert first == sorted(first)
    assert first == _names(discover([tmp_path], tmp_path), tmp_path)


def test_gitignore_above_a_folder_given_by_a_relative_path(tmp_path, monkeypatch):
    write(tmp_path, {".gitignore": "*_pb2.py\n", "pkg/api_pb2.py": "", "pkg/main.py": ""})
    monkeypatch.chdir(tmp_path)
    from pathlib import Path

    found = discover([Path("pkg")], tmp_path)
    assert _names(found, tmp_path) == ["pkg/main.py"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_folder_given_through_a_link_keeps_paths_relative_to_the_root(tmp_path, monkeypatch):
    from pathlib import Path

    from msglint.analyzer.pipeline import analyze

    write(tmp_path, {"real/shop/orders.py": "from kafka import KafkaProducer\nKafkaProducer().send('o', b'')\n"})
    os.symlink(tmp_path / "real", tmp_path / "link")
    monkeypatch.chdir(tmp_path)
    inventory = analyze([Path("link/shop")], tmp_path)
    assert [site.path for site in inventory.sites] == ["link/shop/orders.py"]
    assert inventory.files == ["link/shop/orders.py"]
