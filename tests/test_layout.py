"""The text reading of a module's definitions (analyzer.layout) against ast as the oracle."""
from __future__ import annotations

import ast
import textwrap

import pytest

from conftest import FIXTURES
from msglint.analyzer.layout import Layout
from msglint.analyzer.slicing import source_lines

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _first_line(stmt: ast.stmt) -> int:
    return min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", ())])


def _expected(body: list[ast.stmt], members: bool, lines: list[str]) -> list[tuple]:
    """What ast says: each definition's name, first line (decorators), line, last line, indentation,
    body line (its first statement's first decorator; a one-line definition's own line), and a
    module-level class's own definitions."""
    found = []
    for stmt in body:
        if not isinstance(stmt, _DEFS):
            continue
        inner = _expected(stmt.body, False, lines) if members and isinstance(stmt, ast.ClassDef) else []
        head = stmt.body[0]
        one_line = bool(lines[head.lineno - 1][:head.col_offset].strip())  # the body follows a colon
        prefix = lines[stmt.lineno - 1][:stmt.col_offset]  # the column starts again after a form feed
        found.append((stmt.name, _first_line(stmt), stmt.lineno, stmt.end_lineno, len(prefix) - prefix.rfind("\f") - 1,
                      stmt.lineno if one_line else _first_line(head), inner))
    return found


def _read(source: str) -> list[tuple]:
    layout = Layout(source, source_lines(source))
    assert layout.consistent
    return [(d.name, d.first, d.line, d.last, d.indent, d.body,
             [(m.name, m.first, m.line, m.last, m.indent, m.body, []) for m in d.members])
            for d in layout.definitions()]


TRICKY = [
    # a string holding code at the definitions' indentation
    'TEMPLATE = """\ndef not_a_function():\n    pass\nclass NotAClass:\n"""\n\ndef real():\n    return TEMPLATE\n',
    # a continuation line less indented than the body, inside brackets
    "def f():\n    query = (\n'select 1'\n)\n    return query\n\ndef g():\n    pass\n",
    # a backslash continuation, a one-line definition, a class body on its header line
    "x = 1 + \\\n2\ndef one(): return 1\nclass Empty: pass\nclass Other(\n    Empty): pass\n",
    # decorators with arguments over lines, comments and blank lines between, async definitions
    "@decorate(\n    arg=1,\n)\n# a comment\n@other\nasync def handler(message):\n    await message.ack()\n\n\n"
    "# trailing comment\n",
    # a class with methods, a nested class, class attributes, and a docstring with quotes inside
    'class Service:\n    """It says "hello" and \'bye\'."""\n    name = "svc"  # not a def\n\n'
    '    @property\n    def value(self):\n        return 1\n\n    class Meta:\n        ordering = ["x"]\n\n'
    '    async def run(self):\n        """Run.\n\n        def inside_docstring(): pass\n        """\n'
    "        return 2\n    # a comment at the end of the class\n\nAFTER = 1\n",
    # escaped quotes, raw strings, bytes and f-strings, a # inside a string
    "def f():\n    s = 'it\\'s # not a comment'\n    r = r\"\\\"\"\n    b = b'''x\n'''\n    return f\"{s!r}\"\n"
    "def g():\n    return 1\n",
    # tabs, and a definition whose body is indented with them
    "def tabbed():\n\tif True:\n\t\treturn 1\n\treturn 2\n\nclass C:\n\tdef m(self):\n\t\treturn 3\n",
    # Windows line ends
    "def f():\r\n    return 1\r\n\r\nclass C:\r\n    def m(self):\r\n        return 2\r\n",
    # a class whose first member is decorated, a one-line definition whose body runs over lines
    "class Handlers:\n    @staticmethod\n    def first():\n        pass\n\n    def second(self):\n        pass\n"
    "def table(): return {\n    'a': 1,\n}\n",
    # form feeds reset the column; a backslash continued into a comment
    "class A:\n    x = 1\n\f    def f(self):\n        pass\n\f\ndef g():\n    y = 1 \\\n# note\n",
    # Windows line ends with a backslash-newline inside a string
    'def f():\r\n    s = "a\\\r\nb"\r\n    return (s)\r\n\r\ndef g():\r\n    return 1\r\n',
    # a definition inside a compound statement is part of that statement
    "if True:\n    def hidden():\n        pass\ntry:\n    import x\nexcept ImportError:\n    def x():\n        pass\n",
]


@pytest.mark.parametrize("source", TRICKY)
def test_definitions_match_ast_on_tricky_code(source):
    assert _read(source) == _expected(ast.parse(source).body, True, source_lines(source))


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.py")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_definitions_match_ast_on_every_fixture(path):
    source = path.read_bytes().decode("utf-8", "replace")
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return  # broken on purpose: test_unreliable_text_is_not_read
    layout = Layout(source, source_lines(source))
    if not layout.consistent:
        assert "\r" in source.replace("\r\n", "")
        return
    assert _read(source) == _expected(tree.body, True, source_lines(source))


@pytest.mark.parametrize("source", [
    'x = """never closed\n\ndef f():\n    pass\n',
    "x = call(\n\ndef f():\n    pass\n",
    "x = 1)\ndef f():\n    pass\n",
    "x = 'never closed\ndef f():\n    pass\n",
    "def f():\r    return 1\r",  # old Mac line ends: the scan counts lines as \n
])
def test_unreliable_text_is_not_read(source):
    layout = Layout(source, source_lines(source))
    assert not layout.consistent
    assert layout.definitions() == []


def test_comments_and_docstrings_are_blanked_but_code_strings_are_not():
    source = textwrap.dedent('''\
        """Module docstring: blanked too."""
        def f():
            r"""Send the Target somewhere."""  # a comment
            x = "Target"  # Target in a comment
            return x

        def g():
            """A docstring
            over lines."""
            return 1

        def h():
            """Not a docstring:""".format(1)

        def k():
            b"bytes are not docstrings"
            f"nor are {f}-strings"
        ''')
    layout = Layout(source, source_lines(source))
    code = layout.code_lines()
    assert code[0] == "\n"
    assert code[2] == "\n"
    assert code[3] == '    x = "Target"  \n'
    assert code[7] == code[8] == "\n"
    assert "Not a docstring" in code[12]
    assert "bytes" in code[15] and "strings" in code[16]


def test_signature_reads_parameters_from_the_header_alone():
    source = "class C:\n    def m(self, ctx: zmq.Context,\n          *, other: 'Client' = None) -> None:\n" \
             "        self.socket = ctx.socket()\n"
    layout = Layout(source, source_lines(source))
    (method,) = layout.definitions()[0].members
    arguments = layout.signature(method)
    assert [a.arg for a in arguments.args + arguments.kwonlyargs] == ["self", "ctx", "other"]
    assert ast.unparse(arguments.args[1].annotation) == "zmq.Context"
