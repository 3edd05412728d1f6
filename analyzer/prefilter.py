"""A cheap test on raw bytes: can this file hold a site at all?

Most files of a real application never mention a messaging library; they are
never parsed. The test looks for the import roots of every registered library
and for the method names that are recognised without a typed receiver
(fingerprints such as ``apply_async`` or ``TopicArn``). Later rounds read the
files that use a project object wrapping a library, found by the identifiers
:meth:`Prefilter.screen` returns (see ``analyzer.rounds``).
It may let through files without sites, never the reverse.

A library's import root alone does not let a file through: nova imports
oslo_messaging in 20 modules, mostly for its exceptions. The file must also name
one of that library's entry points (``RPCClient``, ``KafkaProducer``,
``shared_task``: whatever the registry can make an object from), or call one of
the common method names that some library recognises only in files importing it
(``.send(``, ``.publish(``).

For large files the same words decide which functions are parsed at all (see
``analyzer.slicing``): :meth:`Prefilter.slice_words` gives them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .registry import Registry


@dataclass
class Screened:
    """One file as the prefilter saw it."""
    admitted: bool  # may hold a site by itself (round one)
    tokens: frozenset  # every identifier in the file, as bytes
    by_shape: bool = False  # admitted for the shape of a project's own bus (handler map, listener registry)


# An in-process bus's handler map: ``EVENT_HANDLERS = {`` or ``handlers: Dict[...] = {``. No leading
# ``\w*``: the suffix is enough, and a leading repeat would make the search quadratic on long lines.
_HANDLER_MAP = re.compile(rb"(?:HANDLERS|[Hh]andlers|SUBSCRIBERS|[Ss]ubscribers|LISTENERS|[Ll]isteners)"
                          rb"[ \t]*(?::[^=\n]*)?=[ \t]*\{")
# A bus's listener registry (``analyzer.buses``): ``self._listeners[event].append(callback)`` or
# ``self._listeners.setdefault(event, []).append(callback)``.
LISTENER_REGISTRY = r"self\.\w+(?:\[\w+\]|\.setdefault\(\w+,[ \t]*(?:\[\]|set\(\)|list\(\))\))\.(?:append|add)\(\w+\)"
_LISTENER_REGISTRY = re.compile(LISTENER_REGISTRY.encode())
# ... or a module's functions keeping them anywhere: ``dispatchers[signal][target] = None``.
FUNCTION_REGISTRY = r"\b\w+\[(\w+)\](?:\[(\w+)\][ \t]*=(?!=)|\.(?:append|add)\((\w+)\))"
_FUNCTION_REGISTRY = re.compile(FUNCTION_REGISTRY.encode())
# what a registry's callback parameter is called (``cb``, ``target``, ``listener``, ``on_event``...)
_CALLBACK_NAME = re.compile(rb"(?i)cb|call|target|listen|handl|func|fn|receiv|subscri|observ|hook|job|action|"
                            rb"consum|sink|slot|^on_")
_SIGNATURE = re.compile(rb"\bdef[ \t]+\w+[^(:]*\(([^)]*)\)")  # a def's parameters (up to a first ")")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TOKENS = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_METHOD_CALLS = re.compile(rb"\.[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(")


def _function_registry(data: bytes) -> bool:
    """Does a function store one of its parameters in a registry under another (``dispatchers[signal][target]
    = None`` in ``def connect(hass, signal, target)``)? Grouping data by a key (``by_host[host].append(i)``)
    is common and does not take both from the parameters: such files need not be parsed whole."""
    stores = list(_FUNCTION_REGISTRY.finditer(data))
    if not stores:
        return False
    signatures = [(m.start(), set(_TOKENS.findall(m.group(1)))) for m in _SIGNATURE.finditer(data)]
    for store in stores:  # the parameters of the nearest def above
        params = next((found for start, found in reversed(signatures) if start < store.start()), set())
        value = store.group(2) or store.group(3)
        if store.group(1) in params and value in params and _CALLBACK_NAME.search(value):
            return True
    return False


class Prefilter:
    """Word tests are set intersections over the file's identifiers (linear time, done in C by ``re``);
    only the few multi-word phrases (``django.dispatch``) are searched as text."""

    def __init__(self, registry: Registry) -> None:
        # the libraries' prefilter words and the keywords that fingerprint a call (``TopicArn``)
        self.words = registry.prefilter_words | registry.keyword_words
        entries = registry.entry_words()
        every_root = {root.split(".")[0] for root in registry.roots}
        entry_words = {root.encode(): frozenset(w.encode() for w in entries.get(root, ())) for root in every_root}
        # import root -> the entry words that must come with it: the first segments of the library roots
        # that are prefilter words let a file through only with an entry word
        import_roots = every_root & registry.prefilter_words
        self.roots = {root.encode(): entry_words[root.encode()] for root in import_roots}
        self.identifiers = frozenset(w.encode() for w in self.words if _IDENTIFIER.match(w)) - set(self.roots)
        # fingerprint method names count only as a call (``.delay(``), not as a word (``delay=5``)
        self.methods = frozenset(m.encode() for m in registry.fingerprint_words) - self.identifiers
        # common method names some library recognises only where it is imported (``.send(``)
        gated = registry.gated_fingerprints
        self.gated = {root.encode(): frozenset(m.encode() for m, gate in gated.items() if gate is None or root in gate)
                      - self.methods for root in every_root}
        # what makes a part of a file relevant, per library the file imports (slicing)
        self.root_words = {root: words | self.gated[root] for root, words in entry_words.items()}
        # a phrase (django.dispatch, "import signals") is searched only where all its words occur
        self.phrases = [(w.encode(), frozenset(_TOKENS.findall(w.encode())))
                        for w in sorted(self.words) if w and not _IDENTIFIER.match(w)]
        self._base_slice_words = (self.identifiers | self.methods) - \
            {w.encode() for w in registry.keyword_words - registry.slicing_keywords}

    def screen(self, data: bytes) -> Screened:
        tokens = identifiers(data)
        if not self.identifiers.isdisjoint(tokens):
            return Screened(True, tokens)
        calls: Optional[set[bytes]] = None  # the method calls (``.name(``), read only if a name occurs
        if not self.methods.isdisjoint(tokens):
            calls = set(_METHOD_CALLS.findall(data))
            if not self.methods.isdisjoint(calls):
                return Screened(True, tokens)
        for root, entries in self.roots.items():
            if root in tokens:
                if not entries.isdisjoint(tokens):
                    return Screened(True, tokens)
                if self.gated[root].isdisjoint(tokens):
                    continue
                calls = set(_METHOD_CALLS.findall(data)) if calls is None else calls
                if not self.gated[root].isdisjoint(calls):
                    return Screened(True, tokens)
        for phrase, parts in self.phrases:
            if parts <= tokens and phrase in data:
                return Screened(True, tokens)
        lowered = data.lower()
        if any(suffix in lowered for suffix in _MAP_SUFFIXES) and _HANDLER_MAP.search(data) is not None:
            return Screened(True, tokens, by_shape=True)
        if b"self" in tokens and (b"append" in tokens or b"add" in tokens) and _LISTENER_REGISTRY.search(data):
            return Screened(True, tokens, by_shape=True)
        if b"def" in tokens and _function_registry(data):
            return Screened(True, tokens, by_shape=True)
        return Screened(False, tokens)

    def slice_words(self, screened: Screened, data: bytes, extra: Iterable[str] = (),
                    keep: Iterable[str] = ()) -> list[str]:
        """The words that make a part of this file relevant (see ``analyzer.slicing``), and ``=name``
        for each definition in ``keep`` (wanted by other modules). Only the words the file contains:
        the list is part of the cache key, and the slice depends on nothing else."""
        words = set(self._base_slice_words)
        imported = {name.encode() for name in _imported_roots(data)}
        for root in imported & set(self.root_words):
            words |= self.root_words[root]
        words.update(w.encode() for w in extra)
        found = [word.decode() for word in words & screened.tokens]
        found.extend("=" + name for name in keep if name.encode() in screened.tokens)
        return sorted(found)


_MAP_SUFFIXES = (b"handlers", b"subscribers", b"listeners")
# every byte that cannot be part of an ASCII identifier becomes a space
_NOT_IDENTIFIER = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == 95) else 32 for c in range(256))


def identifiers(data: bytes) -> frozenset:
    """The distinct words of ``data``: its identifiers, and numbers (``2``, ``0x1f``). Three times as
    fast as ``_TOKENS.findall``: C's translate and split do all of it. The numbers cost nothing,
    since every word looked up starts with a letter or ``_``."""
    return frozenset(data.translate(_NOT_IDENTIFIER).split())
_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import|import[ \t]+([^\n#;]+))", re.MULTILINE)


def _imported_roots(data: bytes) -> set[str]:
    """First segments of the modules a file imports (at any indentation), read from its import lines."""
    roots = set()
    for source, names in _IMPORT.findall(data):
        parts = [source] if source else names.split(b",")
        for part in parts:
            word = part.strip(b" \t()\\").split(b" ")[0]
            if word:
                roots.add(word.split(b".")[0].decode("ascii", "replace"))
    return roots
