from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def registry():
    """Every library's APIs, as one analysis uses them."""
    from msglint.analyzer.libraries import build_registry

    return build_registry()


@pytest.fixture(scope="session")
def fixture_inventory():
    """Every fixture analysed once, from the fixtures folder as root."""
    from msglint.analyzer.pipeline import analyze

    return analyze([FIXTURES], FIXTURES)
