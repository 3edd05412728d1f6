"""Where a module's functions, classes and methods begin and end, read from its text.

Slicing (``analyzer.slicing``) needs the definitions' lines, not a syntax tree:
``ast.parse`` of a 12k-line module costs 0.15 s, more than parsing the slice
with libcst. One regex scan finds the string literals and comments; with them
masked, bracket depth and backslashes tell which lines start a statement, and
indentation tells the blocks. Only small parts go through ``ast``: the
module-level statements (with the definitions blanked) and the signatures that
are needed. A file that this reading gets wrong (unusual syntax) gives a slice
that does not parse, and is then parsed whole.
"""
from __future__ import annotations

import ast
import re
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass, field
from typing import Optional

# string literals (single or triple quoted, escapes honoured, \r\n after a backslash included) and
# comments, in one scan from left to right, as Python's tokenizer meets them. A literal left open
# (a triple quote to the end of the file, a single quote to the end of its line) is matched as such
# and makes the text unreliable. A prefix (r, b, f) changes neither where a literal ends nor the
# lines, and matching it would slow the scan 3x.
_LEXEME = re.compile(
    r'(?P<string>(?:'
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|(?P<open>\Z))'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|(?P<open2>\Z))"
    r'|"[^"\\\r\n]*(?:\\(?:\r\n|.)[^"\\\r\n]*)*(?:"|(?P<open3>))'
    r"|'[^'\\\r\n]*(?:\\(?:\r\n|.)[^'\\\r\n]*)*(?:'|(?P<open4>))"
    r"))|(?P<comment>#[^\r\n]*)", re.S)
_DEFINITION = re.compile(r"[ \t\f]*(?:(class)|(?:async[ \t]+)?def)[ \t]+(\w+)")
_INDENT = " \t\f"
_ONLY_STRINGS = re.compile(r'[ \t\f]*(?:[rRuUbBfFtT]{0,2}"[ \t\f]*)*\r?\Z')  # a masked line of literals alone
_PLAIN_STRING = re.compile(r"[ \t\f]*[rRuU]?[\"']")  # a str literal (not bytes, not an f-string)


@dataclass
class Definition:
    """A ``def`` or ``class`` statement that starts its own line."""
    name: str
    is_class: bool
    first: int  # its first line (its first decorator), 1-based
    line: int  # the line of ``def`` or ``class``
    last: int  # its last line of code
    indent: int
    body: int  # the line its body starts on (its first statement's first decorator; a one-line
    # definition's own line)
    members: list["Definition"] = field(default_factory=list)  # a module-level class's methods and classes


class Layout:
    def __init__(self, source: str, lines: list[str]) -> None:
        self.lines = lines
        count = len(lines)
        # a line "continues" when it starts inside brackets, inside a string, or after a backslash
        self.continued = [False] * count
        self.comments: dict[int, int] = {}  # line index: the column its comment starts at
        self.starts: list[int] = []  # the lines that start a statement (code, not blank, not a comment)
        self.indents: list[int] = []  # and their indentation
        self.in_string: set[int] = set()  # lines that start inside a string
        # "consistent": only \n and \r\n end lines, as the scan counts them, and nothing is left open
        self.consistent = source.count("\r") == source.count("\r\n")
        if not self.consistent:
            self.masked: list[str] = []
            return
        comments: list[int] = []
        multiline: list[tuple[int, int]] = []  # strings over several lines: start, line breaks
        unclosed = False

        def mask(match: re.Match) -> str:
            nonlocal unclosed
            text = match.group()
            if text[0] == "#":
                comments.append(match.start())
                return ""
            if any(match.group(group) is not None for group in ("open", "open2", "open3", "open4")):
                unclosed = True
            breaks = text.count("\n")
            if not breaks:
                return '"'
            multiline.append((match.start(), breaks))
            return '"' + "\n" * breaks  # a quote stands for the string: its first line has code

        self.masked = _LEXEME.sub(mask, source).split("\n")  # code without strings and comments
        ends = list(accumulate(map(len, lines)))  # the offset after each line
        continued = self.continued
        for start, breaks in multiline:
            line = bisect_right(ends, start)
            for inner in range(line + 1, min(line + breaks + 1, count)):
                continued[inner] = True
                self.in_string.add(inner)
        for start in comments:
            line = bisect_right(ends, start)
            self.comments[line] = start - (ends[line - 1] if line else 0)
        depth, backslash = 0, False
        starts, indents = self.starts, self.indents
        for index, code in enumerate(self.masked[:count]):
            if depth > 0 or backslash or continued[index]:
                continued[index] = True
            else:
                body = code.lstrip(_INDENT)
                if body and not body.isspace():
                    starts.append(index)
                    # Python's tokenizer starts the column again after a form feed
                    leading = code[:len(code) - len(body)]
                    indents.append(len(leading) - leading.rfind("\f") - 1)
            if "(" in code or ")" in code or "[" in code or "]" in code or "{" in code or "}" in code:
                depth += code.count("(") + code.count("[") + code.count("{") \
                    - code.count(")") - code.count("]") - code.count("}")
                if depth < 0:  # more closed than opened
                    unclosed, depth = True, 0
            backslash = "\\" in code and code.rstrip().endswith("\\")
        # brackets or a string left open at the end: a syntax error, and the lines above are unreliable
        self.consistent = depth == 0 and not unclosed

    def definitions(self) -> list[Definition]:
        """The module-level definitions; a class also with its methods and nested classes."""
        if not self.consistent:
            return []
        return self._block(0, len(self.starts), 0, len(self.lines), members=True)

    def _block(self, low: int, high: int, indent: int, end: int, members: bool) -> list[Definition]:
        """The definitions among statement starts ``low:high`` at ``indent``; ``end``: the line index
        the block stops before."""
        found: list[Definition] = []
        starts, indents, lines = self.starts, self.indents, self.lines
        at = low
        while at < high:
            if indents[at] != indent:
                at += 1
                continue
            statement = at
            while statement < high and indents[statement] == indent and \
                    lines[starts[statement]].lstrip(_INDENT).startswith("@"):
                statement += 1  # decorators belong to the definition below them
            following = statement + 1
            while following < high and indents[following] > indent:
                following += 1
            if statement < high and indents[statement] == indent:
                match = _DEFINITION.match(lines[starts[statement]])
                if match:
                    stop = starts[following] if following < high else end
                    header_end = self.logical_end(starts[statement])
                    is_block = self.masked[header_end].rstrip().endswith(":")
                    has_body = is_block and statement + 1 < following
                    definition = Definition(
                        name=match.group(2), is_class=bool(match.group(1)), first=starts[at] + 1,
                        line=starts[statement] + 1, last=self._last_code(header_end, stop) + 1, indent=indent,
                        body=starts[statement + 1] + 1 if has_body else starts[statement] + 1)
                    if members and definition.is_class and has_body:
                        definition.members = self._block(statement + 1, following, indents[statement + 1],
                                                         definition.last, members=False)
                    found.append(definition)
            at = max(following, statement + 1)
        return found

    def logical_end(self, index: int) -> int:
        """The index of the last line of the logical line that starts at ``index``."""
        while index + 1 < len(self.lines) and self.continued[index + 1]:
            index += 1
        return index

    def _last_code(self, low: int, stop: int) -> int:
        """The last line index before ``stop`` (and from ``low``) that holds code."""
        index = stop - 1
        while index > low and index not in self.in_string and (
                not self.lines[index].strip() or self.lines[index].lstrip(_INDENT).startswith("#")):
            index -= 1  # a blank or comment line, also one a backslash continued
        return index

    def code_lines(self) -> list[str]:
        """The lines with comments and docstrings (the module's and its definitions') blanked: words
        in prose ("Target host") are not code."""
        code = list(self.lines)
        for index, column in self.comments.items():
            code[index] = code[index][:column] + "\n"
        starts, indents, lines = self.starts, self.indents, self.lines
        if starts:
            self._blank_docstring(code, starts[0])
        for at in range(len(starts) - 1):
            if indents[at + 1] <= indents[at] or not _DEFINITION.match(lines[starts[at]]):
                continue
            header_end = self.logical_end(starts[at])
            if starts[at + 1] > header_end and self.masked[header_end].rstrip().endswith(":"):
                self._blank_docstring(code, starts[at + 1])
        return code

    def _blank_docstring(self, code: list[str], first: int) -> None:
        """Blanks the statement starting at line index ``first`` if it is a docstring: str literals alone."""
        if not _PLAIN_STRING.match(self.lines[first]):
            return
        last = self.logical_end(first)
        if all(_ONLY_STRINGS.match(self.masked[index]) for index in range(first, last + 1)):
            for index in range(first, last + 1):
                code[index] = "\n"

    def module_statements(self, definitions: list[Definition]) -> Optional[ast.Module]:
        """The module with its definitions blanked, parsed: the statements outside definitions, at
        their own lines. None if it does not parse."""
        skeleton = list(self.lines)
        for definition in definitions:
            for index in range(definition.first - 1, definition.last):
                skeleton[index] = "\n"
        try:
            return ast.parse("".join(skeleton))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None

    def signature(self, definition: Definition) -> Optional[ast.arguments]:
        """The parameters of a function definition, from its header alone."""
        header_end = self.logical_end(definition.line - 1)
        text = "".join(self.lines[definition.line - 1:header_end + 1]).lstrip(_INDENT)
        if self.masked[header_end].rstrip().endswith(":"):
            text += "\n pass\n"
        try:
            node = ast.parse(text).body[0]
        except (SyntaxError, ValueError, RecursionError, MemoryError, IndexError):
            return None
        return node.args if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
