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
