"""Parse only the parts of a large file that can matter.

libcst parses about 8k lines/s (design.md); a 12k-line module that imports a
messaging library for one ``Target(...)`` would cost seconds. The file's
functions and methods are found from its text (``analyzer.layout``, about 3x
faster than ``ast`` and 30x faster than libcst), and only those that can hold or
reach a site are handed to libcst. A definition is kept when it
mentions a relevant word (a library entry name such as ``RPCClient``, a method
fingerprint, a project wrapper's name) or is tied to a kept one by name:

- forward: a kept definition's name, and the ``self.<attr>`` it assigns, make
  the definitions that use them relevant (callers of a wrapper, users of a client
  built in ``__init__``);
- backward: a definition whose name a kept part uses is kept (a helper, or a
  message class).

Statements outside functions (imports, constants, class attributes, handler maps)
are always kept. A dropped definition becomes one ``pass`` line (blank lines would
cost libcst almost as much as code); kept lines keep their text, so columns do not
change, and a line map gives each line its number in the file. The words of dropped parts are returned: when a later round of the
project learns a new word that occurs there, the file is extracted again.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from .layout import Definition, Layout

# Files shorter than this are parsed whole: slicing pays only where parsing is expensive.
MIN_LINES = 400

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SELF_ATTR = re.compile(r"\bself\.([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]*)?=(?!=)([^\n]*)")
_LOCAL = re.compile(r"^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]*)?=(?!=)([^\n]*)", re.MULTILINE)
# as in the prefilter: ``EVENT_HANDLERS = {``, ``handlers: Dict[...] = {``
_HANDLER_MAP = re.compile(r"(?:HANDLERS|[Hh]andlers|SUBSCRIBERS|[Ss]ubscribers|LISTENERS|[Ll]isteners)"
                          r"[ \t]*(?::[^=\n]*)?=[ \t]*\{")
_ALWAYS = "<relevant>"  # a pseudo-word every closure starts with
_DOTTED = re.compile(r"\.[ \t]*([A-Za-z_][A-Za-z0-9_]*)")
_GLOBAL = re.compile(r"^[ \t]*global[ \t]+([^\n#;]+)", re.MULTILINE)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_ACCESSORS = {"property", "cached_property", "classmethod"}
_CALLED = re.compile(r"(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(")  # helper( (not x.helper()
_SELF_CALLS = re.compile(r"\bself\.([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(")  # self.helper(
_RECEIVERS = re.compile(r"\bself\.([A-Za-z_][A-Za-z0-9_]*)[ \t]*\.[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*\(")  # self.api.m(


@dataclass
class _Unit:
    """A droppable definition: a module-level def or class, or a method."""
    name: str
    first: int  # first line (its first decorator), 1-based
    last: int
    indent: int
    tokens: set[str]
    defines: set[str]  # the names that make a user relevant once this unit is
    assigns: list[tuple[str, set[str]]] = field(default_factory=list)  # self.<attr> = <words>, class attributes
    global_assigns: list[tuple[str, set[str]]] = field(default_factory=list)  # global NAME; NAME = <words>
    text: str = ""  # its code (a class's: outside its methods), for the attribute names it uses
    _dotted: Optional[set[str]] = None
    local_assigns: list[tuple[str, set[str]]] = field(default_factory=list)  # <name> = <words>
    parent: Optional["_Unit"] = None
    line: int = 0  # of ``def`` or ``class``
    accessor: bool = False  # decorated @property, @cached_property or @classmethod
    body: int = 0  # where its body starts (``line`` for a one-line definition)
    members: list["_Unit"] = field(default_factory=list)
    own_tokens: set[str] = field(default_factory=set)  # a class's header and non-method statements
    header_tokens: set[str] = field(default_factory=set)  # a class's decorators and bases
    is_class: bool = False
    kept: bool = False
    whole: bool = False  # a class all of whose methods are kept
    level: int = 0  # 2: uses a strong word, 1: uses a weak one (see _Closure)


    def dotted(self) -> set[str]:
        """The names it uses as attributes (``.name``), read when first asked for."""
        if self._dotted is None:
            self._dotted = set(_DOTTED.findall(self.text))
        return self._dotted


@dataclass
class Slice:
    source: str  # the text to parse: the original, or with each dropped definition a single ``pass``
    dropped_words: list[str]  # sorted names of dropped definitions and words only they contain
    line_map: Optional[list[int]] = None  # the file's line number of each line of ``source``


def slice_source(source: str, words: Iterable[str], min_lines: int = MIN_LINES) -> Slice:
    """The parts of ``source`` that can hold a site, given the relevant ``words``; a word ``=name``
    keeps the module-level definition ``name`` whole (another module refers to it)."""
    lines = source_lines(source)
    whole = Slice(source, [], None)
    if len(lines) < min_lines:
        return whole
    layout = Layout(source, lines)
    definitions = layout.definitions()
    if not definitions:
        return whole
    tree = layout.module_statements(definitions)
    if tree is None:
        return whole  # libcst reports the problem
    code = layout.code_lines()
    units = _units(definitions, code, None, layout)
    # statements outside definitions are always kept; those with relevant words are followed too
    statements = [_statement(stmt, code) for stmt in tree.body if not isinstance(stmt, _DEFS)]
    # a word the file defines itself means its own definition here (a local get_client is not the
    # project's), which is followed only if relevant on its own
    own = {unit.name for unit in units}
    wanted = {word[1:] for word in words if word.startswith("=")}
    closure = _Closure(set(words) - own, statements, [unit for unit in units for unit in [unit, *unit.members]])
    for unit in units:
        if unit.name in wanted:  # another module needs this definition
            _keep_whole(unit)
            closure.keep(unit, 2)
    for statement in statements:
        if statement.defines & wanted:
            statement.tokens.add(_ALWAYS)
    # module-level objects (settings = Settings(), app = create_app()) are values other modules read:
    # the classes and functions that make them stay
    made = {stmt.value.func.id for stmt in tree.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
            and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name)}
    for unit in units:
        if unit.name in made:
            _keep_whole(unit)
        for member in unit.members:  # accessors (@property, @classmethod) are short, and objects pass through them
            if member.accessor:
                member.kept = True
    closure.run()
    everything = [unit for unit in units for unit in [unit, *unit.members]]
    dropped = [unit for unit in everything if not unit.kept and (unit.parent is None or unit.parent.kept)]
    if not dropped:
        return whole
    out: list[str] = []
    line_map: list[int] = []
    dropped_words: set[str] = set()
    line = 1
    for run in _runs(sorted(dropped, key=lambda unit: unit.first), code):
        first = run[0].first
        out.extend(lines[line - 1:first - 1])
        line_map.extend(range(line, first))
        text = lines[first - 1]
        newline = "\r\n" if text.endswith("\r\n") else "\n"
        if run[0].parent is None or not run[0].parent.own_tokens & closure.strong:
            # one line for a run of dropped definitions, indented as they were (tabs and form feeds stay)
            out.append(_indent(text) + "pass" + newline)
            line_map.append(first)
        else:
            # a dropped method of a class that names a relevant word itself (``target = Target(...)``)
            # keeps its decorators and signature with a ``pass`` body: what the class serves is known
            for unit in run:
                header_end = unit.body - 1 if unit.body > unit.line else unit.line
                out.extend(lines[unit.first - 1:header_end])
                line_map.extend(range(unit.first, header_end + 1))
                if unit.body > unit.line:
                    out.append(_indent(lines[unit.body - 1]) + "pass" + newline)
                    line_map.append(unit.body)
        line = run[-1].last + 1
    for unit in dropped:
        dropped_words |= unit.tokens
    out.extend(lines[line - 1:])
    line_map.extend(range(line, len(lines) + 1))
    if out and not out[-1].endswith(("\n", "\r")):
        out[-1] += "\n"
    text = "".join(out)
    # words only in dropped parts, and the names of dropped definitions (used, maybe, in kept parts)
    dropped_words -= _tokens(text)
    dropped_words.update(unit.name for unit in dropped)
    return Slice(text, sorted(dropped_words), line_map)


def _runs(dropped: list[_Unit], code: list[str]) -> Iterator[list[_Unit]]:
    """Dropped definitions as runs: siblings separated only by blank lines and comments become one run,
    since libcst pays for blank lines almost as for code."""
    run: list[_Unit] = []
    for unit in dropped:
        if run and unit.parent is run[-1].parent and unit.indent == run[-1].indent and \
                not any(text.strip() for text in code[run[-1].last:unit.first - 1]):
            run.append(unit)
            continue
        if run:
            yield run
        run = [unit]
    if run:
        yield run


def _indent(text: str) -> str:
    return text[:len(text) - len(text.lstrip(" \t\f"))]


class _Closure:
    """Which definitions to keep. Two strengths of relevance, so that a stray word (in a comment, say)
    does not pull in a whole call graph:

    - strong: the given words, names bound by relevant module statements, and ``self`` attributes set
      from relevant values. A definition that uses one is kept and its name becomes weak;
    - weak: names of strongly relevant definitions. A definition that uses one is kept (it calls a
      wrapper or a factory), but its own name is not followed further: wrappers of wrappers are
      found by the project's later rounds, which extract the file again if needed.

    Definitions that a kept part names are kept whole (helpers, message classes), not followed."""

    def __init__(self, words: set[str], statements: list[_Unit], units: list[_Unit]) -> None:
        self.strong = words | {_ALWAYS}
        self.weak: set[str] = set()
        self.attributes: set[str] = set()  # strong too, but only where used as attributes (self.client)
        self.uses: set[str] = set()  # names the strongly kept parts use: their definitions are kept
        self.class_uses: set[str] = set()  # names the weakly kept parts use: message classes are kept
        self.statements = statements
        self.units = units
        self.setters: list[_Unit] = []  # kept units that set self attributes
        self.attribute_uses: set[str] = set()  # attributes kept methods call methods of: their setters stay
        self.method_uses: set[str] = set()  # methods kept methods call on self
        self.function_uses: set[str] = set()  # names kept parts call (a module function's name)

    def run(self) -> None:
        changed = True
        while changed:
            changed = False
            for statement in self.statements:
                if statement.level == 0 and statement.tokens & (self.strong | self.weak):
                    statement.level = 2
                    self.strong |= statement.defines
                    self.uses |= statement.tokens
                    changed = True
            for unit in self.units:
                tokens = unit.own_tokens if unit.members else unit.tokens
                strong = bool(tokens & self.strong or self.attributes and unit.dotted() & self.attributes)
                level = 2 if strong else 1 if unit.level < 1 and tokens & self.weak else 0
                if level > unit.level:
                    self.keep(unit, level)
                    changed = True
                if unit.members and not unit.whole and unit.header_tokens & self.strong:
                    unit.whole = changed = True  # ``self`` is a library object in every method
                    for member in unit.members:
                        self.keep(member, 2)
                elif not unit.kept and (unit.name in self.uses or unit.is_class and unit.name in self.class_uses
                                        or unit.assigns and self.attribute_uses and not self.attribute_uses.isdisjoint(
                                            attr for attr, _ in unit.assigns)
                                        or unit.name in (self.method_uses if unit.parent is not None
                                                         else self.function_uses) and "return" in unit.tokens):
                    # ... or sets an attribute a kept part uses (what self.api holds), or is a function or
                    # method a kept part calls for what it returns (cctxt = self.prepare_for_alt_rpcserver(c),
                    # get_queue_client().json_publish(...))
                    _keep_whole(unit)
            for unit in self.setters:
                attributes, names = _relevant_assignments(unit, self.strong | self.weak | self.attributes)
                if not attributes <= self.attributes or not names <= self.strong:
                    self.attributes |= attributes
                    self.strong |= names
                    changed = True

    def keep(self, unit: _Unit, level: int) -> None:
        unit.kept = True
        unit.level = level
        if level == 2:
            self.weak |= unit.defines
        if (unit.assigns or unit.global_assigns) and unit not in self.setters:
            self.setters.append(unit)
        # backwards: a strongly kept part keeps what it names; a weakly kept one (a caller of a wrapper)
        # only the classes it names (the messages it sends)
        (self.uses if level == 2 else self.class_uses).update(unit.own_tokens if unit.members else unit.tokens)
        if unit.parent is not None and "self" in unit.tokens:
            self.attribute_uses.update(_RECEIVERS.findall(unit.text))
            self.method_uses.update(_SELF_CALLS.findall(unit.text))
        self.function_uses.update(_CALLED.findall(unit.text))
        if unit.parent is not None and unit.parent.level < level:
            self.keep(unit.parent, level)


def _relevant_assignments(unit: _Unit, relevant: set[str]) -> tuple[set[str], set[str]]:
    """The attributes (``self.x``, class attributes) and module globals the unit sets from a relevant
    value, directly or through its local names (``target = Target(...)``, then
    ``self.client = get_client(target)``)."""
    names = set(relevant)
    grew = True
    while grew:
        grew = False
        for name, value in unit.local_assigns:
            if name not in names and value & names:
                names.add(name)
                grew = True
    return ({attr for attr, value in unit.assigns if value & names},
            {name for name, value in unit.global_assigns if value & names})


def _keep_whole(unit: _Unit) -> None:
    unit.kept = True
    for member in unit.members:
        member.kept = True
    if unit.parent is not None:
        unit.parent.kept = True


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


_NOT_IDENTIFIER = {code: " " for code in range(128) if not (chr(code).isalnum() or code == 95)}
_DIGITS = "0123456789"


def _tokens(text: str) -> set[str]:
    """The identifiers in ``text`` (what ``_TOKEN.findall`` finds), about twice as fast: C's translate
    and split do the scanning, and only the few distinct pieces that start with a digit or hold a
    character outside ASCII are read again with the regex."""
    pieces = set(text.translate(_NOT_IDENTIFIER).split())
    for piece in [piece for piece in pieces if piece[0] in _DIGITS or not piece.isascii()]:
        pieces.discard(piece)
        pieces.update(_TOKEN.findall(piece))
    return pieces


def source_lines(source: str) -> list[str]:
    """The lines of ``source`` as Python counts them (with their ends): only \\n, \\r\\n and \\r end
    a line. ``str.splitlines`` also splits at form feeds and other separators, which would shift
    every line number after them."""
    return _LINE.findall(source)


def _statement(stmt: ast.stmt, lines: list[str]) -> _Unit:
    """A module-level statement other than a definition, as a unit that is never dropped."""
    text = "".join(lines[stmt.lineno - 1:stmt.end_lineno or stmt.lineno])
    defines: set[str] = set()
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        defines.update((alias.asname or alias.name).split(".")[0] for alias in stmt.names)
    else:
        defines.update(node.id for node in ast.walk(stmt) if isinstance(node, ast.Name)
                       and isinstance(node.ctx, ast.Store))
    unit = _Unit(name="", first=stmt.lineno, last=stmt.end_lineno or stmt.lineno, indent=0,
                 tokens=_tokens(text), defines=defines, kept=True)
    if _HANDLER_MAP.search(text):  # an in-process bus's handler map: its handlers are consumers
        unit.tokens.add(_ALWAYS)
    return unit


def _units(definitions: list[Definition], code: list[str], parent: Optional[_Unit],
           layout: Layout) -> list[_Unit]:
    units: list[_Unit] = []
    for definition in definitions:
        first, last, name = definition.first, definition.last, definition.name
        unit = _Unit(name=name, first=first, last=last, indent=definition.indent, tokens=set(),
                     defines=set(), parent=parent, line=definition.line, body=definition.body)
        unit.is_class = definition.is_class
        members = _units(definition.members, code, unit, layout) if unit.is_class and parent is None else []
        if members:  # a class's words are its own and its methods': each text is read once
            own_text = text = _outside(code[:last], members, start=first)
            unit.own_tokens = _tokens(own_text)
            unit.tokens = unit.own_tokens.union(*(member.tokens for member in members))
        else:
            own_text = text = "".join(code[first - 1:last])
            unit.tokens = _tokens(text)
        if unit.is_class:
            if parent is None:
                unit.members = members
                if not members:
                    unit.own_tokens = unit.tokens
                # bases and decorators: a subclass of a library class is relevant in every method
                unit.header_tokens = set(_TOKEN.findall("".join(code[first - 1:max(definition.body - 1, first)])))
                # class attributes set from relevant values (item_delisted = Signal(...)) are followed
                unit.assigns = [(attr, set(_TOKEN.findall(value))) for attr, value in _LOCAL.findall(own_text)]
        else:  # a class's name is not followed: its methods' names are, and they say more
            unit.defines.add(name)
            unit.accessor = parent is not None and not _ACCESSORS.isdisjoint(
                _tokens("".join(code[first - 1:definition.line - 1])))
            unit.assigns = [(attr, set(_TOKEN.findall(value))) for attr, value in _SELF_ATTR.findall(text)] \
                if "self" in unit.tokens else []
            declared = {name for names in _GLOBAL.findall(text) for name in _TOKEN.findall(names)} \
                if "global" in unit.tokens else set()
            if unit.assigns or declared:
                unit.local_assigns = [(name, set(_TOKEN.findall(value))) for name, value in _LOCAL.findall(text)]
                # parameters count as locals set from their annotation (ctx: zmq.asyncio.Context)
                arguments = layout.signature(definition)
                for arg in (arguments.posonlyargs + arguments.args + arguments.kwonlyargs) if arguments else ():
                    if arg.annotation is not None:
                        unit.local_assigns.append((arg.arg, _annotation_words(arg.annotation)))
                # module globals set here (global NOTIFIER; NOTIFIER = Notifier(...)) are followed as names
                unit.global_assigns = [(name, value) for name, value in unit.local_assigns if name in declared]
        unit.text = own_text if unit.members else text
        units.append(unit)
    return units


def _annotation_words(annotation: ast.expr) -> set[str]:
    return {node.id if isinstance(node, ast.Name) else node.attr for node in ast.walk(annotation)
            if isinstance(node, (ast.Name, ast.Attribute))}


def _outside(lines: list[str], units: list[_Unit], start: int = 1) -> str:
    """The text of ``lines`` from ``start`` that is not inside one of ``units``."""
    parts, line = [], start
    for unit in units:
        parts.append("".join(lines[line - 1:unit.first - 1]))
        line = unit.last + 1
    parts.append("".join(lines[line - 1:]))
    return "".join(parts)
