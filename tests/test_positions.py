"""Positions from the fast ast pairing agree with libcst's own PositionProvider."""
from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from conftest import FIXTURES
from msglint.analyzer.positions import Locator
from msglint.analyzer.scopes import Collector
from msglint.analyzer.walk import walk

FILES = [p for p in sorted(FIXTURES.rglob("*.py")) if "bad_input" not in p.parts]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_every_call_and_decorator_position_matches_libcst(path):
    source = path.read_text(encoding="utf-8")
    module = cst.parse_module(source)
    collector = Collector("m", False)
    walk(module, collector)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    locator = Locator(source, module)
    locator._provider = None  # the fast path must answer every node by itself
    for record in collector.calls:
        expected = positions[record.node]
        assert locator.call(record.ordinal, record.node) == (expected.start.line, expected.start.column,
                                                               expected.end.line)
    for record in collector.decorators:
        definition = record.definition
        line, column, _ = locator.decorator(definition.is_class, definition.ordinal, record.index, definition.node,
                                            record.expr)
        assert line == positions[record.expr].start.line
        assert column == positions[record.expr].start.column - 1
