"""The fast read-only walk visits nodes in the same order as libcst's own visitor."""
from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from conftest import FIXTURES
from msglint.analyzer.extract import parse_module
from msglint.analyzer.scopes import source_text
from msglint.analyzer.walk import walk

TRICKY = textwrap.dedent('''
    @decorate(a())
    @other
    def f(x=g(), *args, y=h(), z: ann() = k(), **kw) -> ret():
        value = first() if test() else last()
        try:
            body()
        except make_error() as exc:
            handler()
        call(keyword=inner(), *star(), **double())
        lam = lambda q=default(): q()
        return {key(): val() for item in items() if cond()}

    @cls_decorator()
    class C(base(), metaclass=meta()):
        attr = [x() for x in y()]
    ''')
KINDS = (cst.Call, cst.FunctionDef, cst.ClassDef, cst.Dict, cst.Name, cst.Assign, cst.DictComp)


class _LibcstOrder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.seen: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, KINDS):
            self.seen.append(node)
        return True


class _WalkOrder:
    def __init__(self) -> None:
        self.seen: list[cst.CSTNode] = []
        self.left: list[cst.CSTNode] = []


for _kind in KINDS:
    setattr(_WalkOrder, f"visit_{_kind.__name__}", lambda self, node: self.seen.append(node))
setattr(_WalkOrder, "leave_FunctionDef", lambda self, node: self.left.append(node))


def _orders(source: str):
    module = cst.parse_module(source)
    expected = _LibcstOrder()
    module.visit(expected)
    got = _WalkOrder()
    walk(module, got)
    return module, expected.seen, got


def test_tricky_source_order():
    module, expected, got = _orders(TRICKY)
    assert [module.code_for_node(n) for n in got.seen] == [module.code_for_node(n) for n in expected]
    assert [n.name.value for n in got.left] == ["f"]


@pytest.mark.parametrize("path", [p for p in sorted(FIXTURES.rglob("*.py")) if "bad_input" not in p.parts],
                         ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_order_matches_libcst(path):
    _, expected, got = _orders(path.read_text(encoding="utf-8"))
    assert [id(n) for n in got.seen] == [id(n) for n in expected]


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.py")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_parse_without_validation_builds_the_same_tree(path):
    """The extractor's parse skips libcst's per-node validation: the tree must be the same."""
    source = path.read_bytes().decode("utf-8", "replace")
    try:
        expected = cst.parse_module(source)
    except cst.ParserSyntaxError:
        with pytest.raises(cst.ParserSyntaxError):
            parse_module(source)
        return
    assert parse_module(source).deep_equals(expected)


def test_validation_is_back_on_after_a_parse():
    with pytest.raises(cst.ParserSyntaxError):
        parse_module("def broken(:\n")
    parse_module("x = 1\n")
    with pytest.raises(cst.CSTValidationError):  # a node libcst's validation rejects
        cst.Name("not an identifier")


def test_source_text_is_the_code_libcst_generates():
    """The shortcut for names, dotted names, strings and integers gives libcst's own text."""
    source = "x = (a).b\ny = a . b\nz = a.b.c('s', 1, (2), f(x))\nw = obj.attr[0]\n" + \
        "".join(path.read_text(encoding="utf-8", errors="replace") for path in sorted(FIXTURES.rglob("*.py"))
                if path.parent.name != "bad_input")
    module = cst.parse_module(source)
    seen: list[cst.CSTNode] = []
    for node in _all_nodes(module):
        if isinstance(node, (cst.Name, cst.Attribute, cst.SimpleString, cst.Integer, cst.Call)):
            assert source_text(module, node) == module.code_for_node(node)
            seen.append(node)
    assert len(seen) > 1000


def _all_nodes(node: cst.CSTNode):
    yield node
    for child in node.children:
        yield from _all_nodes(child)


def test_validation_comes_back_when_threads_parse_at_once():
    import threading

    sources = ["x = [%d]\n" % i * 200 for i in range(8)]
    threads = [threading.Thread(target=parse_module, args=(source,)) for source in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not an identifier")
