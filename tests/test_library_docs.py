"""Every library module documents itself, and the README's table of what is recognised is made from it."""
from __future__ import annotations

from conftest import REPO
from msglint.analyzer.libraries import about_table, library_modules
from msglint.analyzer.registry import About


def test_every_library_module_says_what_it_covers():
    for module in library_modules():
        about = getattr(module, "ABOUT", None)
        assert isinstance(about, About), f"{module.__name__} has no ABOUT"
        assert about.names and about.emits and (about.produce or about.consume), module.__name__


def test_the_readme_table_is_made_from_the_modules():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert about_table() in readme, "README.md is stale: paste the output of python scripts/library_table.py"


def test_every_library_a_fixture_site_carries_is_documented(fixture_inventory):
    documented = {name for module in library_modules() for name in module.ABOUT.emits}
    carried = {site.library for site in fixture_inventory.sites} - {"project"}
    assert carried <= documented, sorted(carried - documented)
    assert documented <= carried, f"documented but without a fixture: {sorted(documented - carried)}"
