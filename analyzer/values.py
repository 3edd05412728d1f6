"""Symbolic values for channel names, and their project-wide rendering.

Extraction cannot always know a channel's text inside one file (a constant may live in
another module), so it records a small immutable expression, a :data:`Value`:

    Lit("orders")                     a known string
    Ref("shop.topics.ORDERS")         a project name, looked up in the symbol table
    Concat((v, ...))                  concatenation (f-strings, +, %, .format)
    EnvVar("NAME", default)           an environment variable with its default (or None)
    Items((v, ...))                   several values (one site per item)
    Pairs(((key, value), ...))        a dict literal (subscripts look into it)
    Subscript(container, key)         container[key]
    TaskRef("pkg.mod.func")           the registered name of a task function
    Param("topic", "pkg.mod.publish", default)
                                      a parameter of a wrapper function, filled in at its call sites
    Instance("pkg.Settings", ((keyword, v), ...))
                                      an instance of a project class, with its constructor arguments
    AttrOf(v, "name")                 an attribute of a value (of an instance: its class default)
    SelfAttr("pkg.mod.Cls", "name")   ``self.name`` in a method of Cls: the attribute as the object's
                                      class defines it (a subclass may override it), else Cls or a base
    FirstKnown((v, ...))              the first of several that is known (getattr with a default)
    Fold("arn", v)                    a value folded to the resource it names (an ARN, a URL)
    Formatted(template, (v, ...), ((name, v), ...))
                                      ``template.format(...)`` of a template not known in the file
    HOLE                              a part that cannot be known, written {}
    UNKNOWN                           nothing is known

Rendering turns a value into the channel text (``None`` when nothing useful is known) using
the project's symbol table; how a ``Fold`` folds is the library's (``Registry.fold``).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Mapping, Optional, Union

from .codec import record

HOLE_TEXT = "{}"
_MAX_DEPTH = 25


@record
class Lit:
    text: str


@record
class Ref:
    name: str


@record
class Concat:
    parts: tuple["Value", ...]


@record
class EnvVar:
    name: str
    default: Optional["Value"]


@record
class Items:
    items: tuple["Value", ...]


@record
class Pairs:
    pairs: tuple[tuple["Value", "Value"], ...]


@record
class Subscript:
    container: "Value"
    key: "Value"


@record
class TaskRef:
    function: str


@record
class Param:
    name: str
    function: str
    default: Optional["Value"]


@record
class Instance:
    cls: str
    args: tuple[tuple[Optional[str], "Value"], ...]


@record
class AttrOf:
    base: "Value"
    name: str


@record
class SelfAttr:
    cls: str
    name: str


@record
class FirstKnown:
    options: tuple["Value", ...]


@record
class Fold:
    how: str
    value: "Value"


@record
class Formatted:
    """``TEMPLATE.format(...)`` of a template another module defines: formatted once it is known."""

    template: "Value"
    positional: tuple["Value", ...]
    named: tuple[tuple[str, "Value"], ...]


@record
class Hole:
    pass


@record
class Unknown:
    pass


HOLE = Hole()
UNKNOWN = Unknown()
Value = Union[Lit, Ref, Concat, EnvVar, Items, Pairs, Subscript, TaskRef, Param, Instance, AttrOf, SelfAttr,
              FirstKnown, Fold, Formatted, Hole, Unknown]
Folds = Mapping[str, Callable[[str], Optional[str]]]


def is_known(value: Optional[Value]) -> bool:
    return value is not None and type(value) is not Unknown


def records(value: object) -> Iterator[object]:
    """Every record (a value, a tag, a route...) inside ``value`` and inside the records, tuples and
    mappings it holds, ``value`` itself included."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is tuple or kind is list:
            stack.extend(item)
        elif kind is dict:
            stack.extend(item.values())
        else:
            names = getattr(kind, "_codec_fields", None)
            if names is not None:
                yield item
                stack.extend(getattr(item, name) for name in names)


def passes_params(values: Iterable[object]) -> bool:
    """Do the arguments of a call hand on a parameter of its function (in any part of them)?"""
    return any(type(item) is Param for value in values for item in records(value))


def handed_on(args: Iterable[object], channel: object) -> bool:
    """Does a consuming call make its callers consumers too? When they hand it something (a channel or
    a callback: a parameter of the function it is in), or its channel is not fixed (the instance's to
    configure, ``self.topic``, or not known). A listener a function sets up for itself, on a fixed
    channel, is its own: a registry that listens for its own updates does not make its users consumers."""
    return passes_params(args) or any(type(item) in (SelfAttr, Unknown, Hole) or (
        type(item) is Ref and item.name.endswith("()")) for item in records(channel))  # get_topic(self.name)


def refs(value: object) -> Iterator[str]:
    """Every project name (``Ref``) inside ``value`` (see :func:`records`)."""
    return (item.name for item in records(value) if type(item) is Ref)


def substitute(value: object, replace: Callable[[object], Optional[object]]) -> object:
    """``value`` with each record for which ``replace`` gives something replaced by it (records, tuples and
    mappings rebuilt only where something changed)."""
    found = replace(value)
    if found is not None:
        return found
    kind = type(value)
    if kind is tuple:
        items = tuple(substitute(item, replace) for item in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if kind is dict:
        return {key: substitute(item, replace) for key, item in value.items()}
    names = getattr(kind, "_codec_fields", None)
    if not names:
        return value
    fields = [getattr(value, name) for name in names]
    changed = [substitute(item, replace) for item in fields]
    return value if all(a is b for a, b in zip(changed, fields)) else kind(*changed)


class Renderer:
    """Renders values against a symbol table (qualified name -> value)."""

    def __init__(self, symbols: Mapping[str, Value], tasks: Optional[Mapping[str, Value]] = None,
                 fallback: Optional[Callable[[str], Optional[Value]]] = None, folds: Optional[Folds] = None,
                 ancestors: Optional[Callable[[str], list[str]]] = None) -> None:
        self.symbols = symbols
        self.tasks = tasks if tasks is not None else {}
        self.fallback = fallback
        self.folds = folds or {}
        self.ancestors = ancestors or (lambda cls: [cls])  # a class and its bases, nearest first

    # -- public -------------------------------------------------------------
    def render(self, value: Optional[Value], fold: Optional[str] = None) -> Optional[str]:
        """One channel text, or None when no literal part is known; ``fold`` folds the text first."""
        text = self._text(value, 0)
        if fold is not None:
            text = self._fold(fold, text)
        if text is None or not text.replace(HOLE_TEXT, "").strip(" .:/-_"):
            return None
        return text

    def expand(self, value: Value) -> list[Value]:
        """The values a channel stands for: each item of a list (nested lists flattened), else itself."""
        found = self.lookup(value)
        if type(found) is Items:
            out: list[Value] = []
            for item in found.items:
                out.extend(self.expand(item))
            return out or [UNKNOWN]
        return [value]

    def exact_text(self, value: Value) -> Optional[str]:
        """A literal's own text (also empty, as AMQP's default exchange ``""``), else the rendering."""
        found = self.lookup(value)
        if type(found) is Lit:
            return found.text
        return self.render(value)

    def lookup(self, value: Optional[Value], depth: int = 0) -> Optional[Value]:
        """Follow references until a value that is not one (or None)."""
        while value is not None and depth < _MAX_DEPTH:
            kind = type(value)
            if kind is Ref:
                value = self._symbol(value.name, depth)
            elif kind is Subscript:
                value = self._subscript(value.container, value.key, depth + 1)
            elif kind is TaskRef:
                value = self._task(value.function)
            elif kind is Param:  # a wrapper's parameter outside any call: its default, if any
                value = value.default
            elif kind is AttrOf:
                value = self._attribute(self.lookup(value.base, depth + 1), value.name)
            elif kind is SelfAttr:
                value = next((found for cls in self.ancestors(value.cls)
                              if (found := self.symbols.get(f"{cls}.{value.name}")) is not None), None)
            elif kind is FirstKnown:
                value = next((item for item in value.options
                              if self._text(item, depth + 1) is not None), None)
            else:
                return value
            depth += 1
        return None

    # -- internals ----------------------------------------------------------
    def _fold(self, how: str, text: Optional[str]) -> Optional[str]:
        if text is None:
            return None
        fold = self.folds.get(how)
        return fold(text) if fold is not None else text

    def _symbol(self, name: str, depth: int = 0) -> Optional[Value]:
        found = self.symbols.get(name)
        if found is None and "." in name and depth < _MAX_DEPTH:
            # settings.ORDERS_TOPIC where settings = Settings(); config.broker.topic through nested objects
            head, _, attr = name.rpartition(".")
            base = self._symbol(head, depth + 1)
            if type(base) is Ref:  # conf.CONF.volume.topic where CONF = cfg.CONF: a name under the other
                rewritten = f"{base.name}.{attr}"
                found = self._symbol(rewritten, depth + 1) or Ref(rewritten)
            elif base is not None:
                found = self._attribute(self.lookup(base, depth + 1), attr)
        if found is None and self.fallback is not None:
            found = self.fallback(name)
        return found

    def _attribute(self, value: Optional[Value], attr: str) -> Optional[Value]:
        """An attribute of an instance: the constructor's keyword, else the class default."""
        if type(value) is not Instance:
            return None
        for keyword, given in value.args:
            if keyword is not None and keyword == attr:
                return given
        return next((found for cls in self.ancestors(value.cls)
                     if (found := self.symbols.get(f"{cls}.{attr}")) is not None), None)

    def task_key(self, key: str) -> Optional[str]:
        """The key a project task is registered under, for a key naming it through a re-export
        (``rq:redash.tasks.record_event`` for ``rq:redash.tasks.general.record_event``); None if unknown."""
        prefix, colon, name = key.rpartition(":")
        for _ in range(_MAX_DEPTH):
            found = f"{prefix}{colon}{name}"
            if found in self.tasks:
                return found
            target = self.symbols.get(name)
            if type(target) is not Ref:
                return None
            name = target.name
        return None

    def _task(self, qualname: str) -> Value:
        key = self.task_key(qualname)
        return self.tasks[key] if key is not None else Lit(qualname)

    def _subscript(self, container: Value, key: Value, depth: int) -> Optional[Value]:
        value = self.lookup(container, depth)
        kind = type(value)
        if kind is not Pairs and kind is not Items:
            return None
        key_text = self._text(key, depth)
        if kind is Pairs:
            for k, v in value.pairs:
                if key_text is not None and self._text(k, depth) == key_text:
                    return v
            return None
        if key_text is not None and key_text.lstrip("-").isdigit():
            index = int(key_text)
            items = value.items
            if -len(items) <= index < len(items):
                return items[index]
        return None

    def _items(self, value: Optional[Value], depth: int) -> Optional[tuple[Value, ...]]:
        found = self.lookup(value, depth)
        return found.items if type(found) is Items else None

    def _text(self, value: Optional[Value], depth: int) -> Optional[str]:
        if depth > _MAX_DEPTH:
            return None
        found = self.lookup(value, depth)
        kind = type(found)
        if kind is Lit:
            return found.text
        if kind is Hole:
            return HOLE_TEXT
        if kind is Concat:
            parts = [self._text(part, depth + 1) for part in found.parts]
            if all(part is None for part in parts):
                return None
            return "".join(HOLE_TEXT if part is None else part for part in parts)
        if kind is EnvVar:
            default = found.default
            return self._text(default, depth + 1) if default is not None else None
        if kind is Fold:
            return self._fold(found.how, self._text(found.value, depth + 1))
        if kind is Formatted:
            template = self._text(found.template, depth + 1)
            if template is None:
                return None
            return self._text(format_braces(Lit(template), list(found.positional), dict(found.named)), depth + 1)
        if kind is Instance and len(found.args) == 1 and found.args[0][0] is None:
            # a name wrapped in a project type: EventType("state_changed"), Topic("orders")
            return self._text(found.args[0][1], depth + 1)
        return None


# -- building values from format strings ----------------------------------------------------------------
def format_percent(template: Value, values: list[Value]) -> Value:
    """``"%s.orders" % env`` with holes where values are unknown."""
    if type(template) is not Lit:
        return UNKNOWN
    parts: list[Value] = []
    text = template.text
    index = 0
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "%" and pos + 1 < len(text):
            if text[pos + 1] == "%":
                parts.append(Lit("%"))
                pos += 2
                continue
            end = pos + 1
            while end < len(text) and not text[end].isalpha():
                end += 1
            parts.append(values[index] if index < len(values) else HOLE)
            index += 1
            pos = end + 1
            continue
        parts.append(Lit(ch))
        pos += 1
    return Concat(_merge(parts))


def format_braces(template: Value, positional: list[Value], named: dict[str, Value]) -> Value:
    """``"{}.orders".format(env)`` / ``"{env}.orders".format(env=...)``."""
    if type(template) is Unknown:
        return UNKNOWN
    if type(template) is not Lit:  # SIGNAL_DONE.format(key) with SIGNAL_DONE defined elsewhere
        return Formatted(template, tuple(positional), tuple(named.items()))
    text = template.text
    parts: list[Value] = []
    auto = 0
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch in "{}" and text[pos:pos + 2] in ("{{", "}}"):
            parts.append(Lit(ch))
            pos += 2
            continue
        if ch == "{":
            end = text.find("}", pos)
            if end < 0:
                parts.append(Lit(text[pos:]))
                break
            field_name = text[pos + 1:end].split("!")[0].split(":")[0]
            if field_name == "":
                value = positional[auto] if auto < len(positional) else HOLE
                auto += 1
            elif field_name.isdigit():
                i = int(field_name)
                value = positional[i] if i < len(positional) else HOLE
            else:
                value = named.get(field_name, HOLE)
            parts.append(value)
            pos = end + 1
            continue
        parts.append(Lit(ch))
        pos += 1
    return Concat(_merge(parts))


def _merge(parts: list[Value]) -> tuple[Value, ...]:
    merged: list[Value] = []
    for part in parts:
        if type(part) is Lit and merged and type(merged[-1]) is Lit:
            merged[-1] = Lit(merged[-1].text + part.text)
        else:
            merged.append(part)
    return tuple(merged)
