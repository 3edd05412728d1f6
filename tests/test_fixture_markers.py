"""Every marked site in fixtures/ is found exactly, and nothing unmarked is reported."""
from __future__ import annotations

from collections import defaultdict

import pytest

from markers import markers_in, site_matches
from conftest import FIXTURES

MARKED_FOLDERS = ["shop", "libraries", "resolution", "negatives", "bad_input"]


def _expected_by_file():
    expected = defaultdict(list)
    for folder in MARKED_FOLDERS:
        for path in sorted((FIXTURES / folder).rglob("*.py")):
            rel = path.relative_to(FIXTURES).as_posix()
            expected[rel]  # every file is checked, even with no marker
            for line, fields in markers_in(path):
                expected[rel].append((line, fields))
    return expected


EXPECTED = _expected_by_file()


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_sites_match_markers(rel, fixture_inventory):
    sites = [s.to_json() for s in fixture_inventory.sites if s.path == rel]
    unmatched_sites = list(sites)
    missing = []
    for line, fields in EXPECTED[rel]:
        candidates = [s for s in unmatched_sites if s["line"] == line and site_matches(s, fields)]
        if candidates:
            unmatched_sites.remove(candidates[0])
        else:
            on_line = [f"{s['role']} {s['library']} {s['channel_kind']}={s['channel']} {s['delivery']}"
                       f"{' reply' if s['reply'] else ''}" for s in sites if s["line"] == line]
            missing.append(f"line {line}: expected {fields}; found on that line: {on_line or 'nothing'}")
    extra = [f"line {s['line']}: unexpected {s['role']} {s['library']} {s['api']} {s['channel_kind']}="
             f"{s['channel']}" for s in unmatched_sites]
    assert not missing and not extra, "\n".join(missing + extra)


LIBRARY_FOLDERS = sorted(p for p in (FIXTURES / "libraries").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", LIBRARY_FOLDERS, ids=lambda p: p.name)
def test_each_library_folder_alone_matches_its_markers(folder):
    """A folder analysed on its own (as a user scans one service) finds the same marked sites: nothing
    may depend on other fixtures being in the project (the task a pending registration defines is
    rendered, also when no other file defines one)."""
    from msglint.analyzer.pipeline import analyze

    inventory = analyze([folder], folder)
    prefix = folder.relative_to(FIXTURES).as_posix() + "/"
    for rel in sorted(r for r in EXPECTED if r.startswith(prefix)):
        sites = [s.to_json() for s in inventory.sites if s.path == rel[len(prefix):]]
        missing = []
        for line, fields in EXPECTED[rel]:
            fields = {k: v for k, v in fields.items() if k != "component"}  # components follow the root
            candidates = [s for s in sites if s["line"] == line and site_matches(s, fields)]
            if candidates:
                sites.remove(candidates[0])
            else:
                missing.append(f"{rel} line {line}: expected {fields}")
        extra = [f"{rel} line {s['line']}: unexpected {s['api']} {s['channel']}" for s in sites]
        assert not missing and not extra, "\n".join(missing + extra)
