"""Symbolic values for channel names, and their project-wide rendering.

Extraction cannot always know a channel's text inside one file (a constant may
live in another module), so it records a small JSON-able expression ("IR"):

    ["lit", "orders"]              a known string
    ["ref", "shop.topics.ORDERS"]  a project name, looked up in the symbol table
    ["cat", [ir, ...]]             concatenation (f-strings, +, %, .format)
    ["env", "NAME", ir | None]     an environment variable with its default
    ["list", [ir, ...]]            several values (one site per item)
    ["dict", [[k_ir, v_ir], ...]]  a dict literal (subscripts look into it)
    ["sub", container_ir, key_ir]  container[key]
    ["task", "pkg.mod.func"]       the registered name of a task function
    ["param", "topic", "pkg.mod.publish", default_ir | None]
                                   a parameter of a wrapper function, filled in at its call sites
    ["inst", "pkg.Settings", [[kw | None, ir], ...]]
                                   an instance of a project class, with its constructor arguments
    ["attr", ir, "name"]           an attribute of a value (of an instance: its class default)
    ["alt", [ir, ...]]             the first of several that is known (getattr with a default)
    ["hole"]                       a part that cannot be known, written {}
    ["unknown"]                    nothing is known

Rendering turns an IR into the channel text (``None`` when nothing useful is
known) using the project's symbol table.
"""
from __future__ import annotations

import re
from typing import Callable, Mapping, Optional

IR = list  # JSON-able nested lists, see the module docstring
UNKNOWN: IR = ["unknown"]
HOLE_TEXT = "{}"
_MAX_DEPTH = 25


def lit(text: str) -> IR:
    return ["lit", text]


def is_known(ir: Optional[IR]) -> bool:
    return bool(ir) and ir[0] != "unknown"


class Renderer:
    """Renders IR against a symbol table (qualified name -> IR)."""

    def __init__(
        self,
        symbols: Mapping[str, IR],
        tasks: Optional[Mapping[str, IR]] = None,
        fallback: Optional[Callable[[str], Optional[IR]]] = None,
    ) -> None:
        self.symbols = symbols
        self.tasks = tasks or {}
        self.fallback = fallback

    # -- public -------------------------------------------------------------
    def render(self, ir: Optional[IR]) -> Optional[str]:
        """One channel text, or None when no literal part is known."""
        text = self._text(ir, 0)
        if text is None or not text.replace(HOLE_TEXT, "").strip(" .:/-_"):
            return None
        return text

    def render_many(self, ir: Optional[IR]) -> list[Optional[str]]:
        """Several channels for list values (``KafkaConsumer("a", "b")``)."""
        items = self._items(ir, 0)
        if items is None:
            return [self.render(ir)]
        out: list[Optional[str]] = []
        for item in items:
            out.extend(self.render_many(item))
        return out or [None]

    def lookup(self, ir: Optional[IR], depth: int = 0) -> Optional[IR]:
        """Follow references until a non-reference value (or None)."""
        while ir and depth < _MAX_DEPTH:
            kind = ir[0]
            if kind == "ref":
                ir = self._symbol(ir[1])
            elif kind == "sub":
                ir = self._subscript(ir[1], ir[2], depth + 1)
            elif kind == "task":
                ir = self._task(ir[1])
            elif kind == "param":  # a wrapper's parameter outside any call: its default, if any
                ir = ir[3] if len(ir) > 3 else None
            elif kind == "attr":
                ir = self._attribute(self.lookup(ir[1], depth + 1), ir[2])
            elif kind == "alt":
                ir = next((item for item in ir[1] if self._text(item, depth + 1) is not None), None)
            else:
                return ir
            depth += 1
        return None

    # -- internals ----------------------------------------------------------
    def _symbol(self, name: str) -> Optional[IR]:
        found = self.symbols.get(name)
        if found is None and "." in name:  # settings.ORDERS_TOPIC where settings = Settings()
            head, _, attr = name.rpartition(".")
            base = self.symbols.get(head)
            if base is not None:
                found = self._attribute(self.lookup(base), attr)
        if found is None and self.fallback is not None:
            found = self.fallback(name)
        return found

    def _attribute(self, value: Optional[IR], attr: str) -> Optional[IR]:
        """An attribute of an instance: the constructor's keyword, else the class default."""
        if not value or value[0] != "inst":
            return None
        for keyword, given in value[2]:
            if keyword is not None and keyword == attr:
                return given
        return self.symbols.get(f"{value[1]}.{attr}")

    def _task(self, qualname: str) -> IR:
        found = self.tasks.get(qualname)
        return found if found is not None else ["lit", qualname]

    def _subscript(self, container: IR, key: IR, depth: int) -> Optional[IR]:
        value = self.lookup(container, depth)
        if not value or value[0] not in ("dict", "list"):
            return None
        key_text = self._text(key, depth)
        if value[0] == "dict":
            for k, v in value[1]:
                if key_text is not None and self._text(k, depth) == key_text:
                    return v
            return None
        if key_text is not None and key_text.lstrip("-").isdigit():
            index = int(key_text)
            if -len(value[1]) <= index < len(value[1]):
                return value[1][index]
        return None

    def _items(self, ir: Optional[IR], depth: int) -> Optional[list[IR]]:
        value = self.lookup(ir, depth)
        if value and value[0] == "list":
            return value[1]
        return None

    def _text(self, ir: Optional[IR], depth: int) -> Optional[str]:
        if depth > _MAX_DEPTH:
            return None
        value = self.lookup(ir, depth)
        if not value:
            return None
        kind = value[0]
        if kind == "lit":
            return value[1]
        if kind == "hole":
            return HOLE_TEXT
        if kind == "cat":
            parts = [self._text(part, depth + 1) for part in value[1]]
            if all(part is None for part in parts):
                return None
            return "".join(HOLE_TEXT if part is None else part for part in parts)
        if kind == "env":
            return self._text(value[2], depth + 1) if value[2] else None
        if kind == "fold":
            return fold(value[1], self._text(value[2], depth + 1))
        return None


def fold(how: str, text: Optional[str]) -> Optional[str]:
    """Fold an AWS ARN or a queue URL to the resource name it ends with."""
    if text is None:
        return None
    if how == "arn" and text.startswith("arn:"):
        return text.rsplit(":", 1)[-1] or None
    if how == "url" and "/" in text:
        return text.rstrip("/").rsplit("/", 1)[-1] or None
    if how == "path" and "/" in text:  # projects/p/topics/t, /queue/orders
        return text.rstrip("/").rsplit("/", 1)[-1] or None
    if how == "endpoint":  # ZMQ tcp://host:5557 (connect) and tcp://*:5557 (bind): one endpoint
        return _ENDPOINT.sub(r"\1*:", text)
    return text


_ENDPOINT = re.compile(r"^((?:tcp|ws|wss|udp|pgm|epgm)://)(?:\[[^\]]*\]|[^:/]*):")


def format_percent(template: IR, values: list[IR]) -> IR:
    """``"%s.orders" % env`` with holes where values are unknown."""
    if template[0] != "lit":
        return UNKNOWN
    parts: list[IR] = []
    text = template[1]
    index = 0
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "%" and pos + 1 < len(text):
            if text[pos + 1] == "%":
                parts.append(lit("%"))
                pos += 2
                continue
            end = pos + 1
            while end < len(text) and not text[end].isalpha():
                end += 1
            parts.append(values[index] if index < len(values) else ["hole"])
            index += 1
            pos = end + 1
            continue
        parts.append(lit(ch))
        pos += 1
    return ["cat", _merge(parts)]


def format_braces(template: IR, positional: list[IR], named: dict[str, IR]) -> IR:
    """``"{}.orders".format(env)`` / ``"{env}.orders".format(env=...)``."""
    if template[0] != "lit":
        return UNKNOWN
    text = template[1]
    parts: list[IR] = []
    auto = 0
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch in "{}" and text[pos:pos + 2] in ("{{", "}}"):
            parts.append(lit(ch))
            pos += 2
            continue
        if ch == "{":
            end = text.find("}", pos)
            if end < 0:
                parts.append(lit(text[pos:]))
                break
            field_name = text[pos + 1:end].split("!")[0].split(":")[0]
            if field_name == "":
                value = positional[auto] if auto < len(positional) else ["hole"]
                auto += 1
            elif field_name.isdigit():
                i = int(field_name)
                value = positional[i] if i < len(positional) else ["hole"]
            else:
                value = named.get(field_name, ["hole"])
            parts.append(value)
            pos = end + 1
            continue
        parts.append(lit(ch))
        pos += 1
    return ["cat", _merge(parts)]


def _merge(parts: list[IR]) -> list[IR]:
    merged: list[IR] = []
    for part in parts:
        if part[0] == "lit" and merged and merged[-1][0] == "lit":
            merged[-1] = lit(merged[-1][1] + part[1])
        else:
            merged.append(part)
    return merged

