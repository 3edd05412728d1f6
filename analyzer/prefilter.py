"""A cheap test on raw bytes: can this file hold a site at all?

Most files of a real application never mention a messaging library; they are
never parsed. The test looks for the import roots of every registered library
and for the method names that are recognised without a typed receiver
(fingerprints such as ``apply_async`` or ``TopicArn``). A second round adds the
names of project objects that wrap a library (see ``analyzer.project``).
It may let through files without sites, never the reverse.
"""
from __future__ import annotations

import re
from typing import Iterable

from .apis import REGISTRY

# Keyword names that fingerprint an AWS call even on an untyped client.
_FINGERPRINT_WORDS = ("TopicArn", "TargetArn", "QueueUrl", "Entries", "basic_publish", "basic_consume")


def library_words() -> set[str]:
    words = set(REGISTRY.prefilter_words)
    words.update(_FINGERPRINT_WORDS)
    return words


def method_words() -> set[str]:
    """Fingerprint method names: they count only as a call (``.delay(``), not as a word (``delay=5``)."""
    return set(REGISTRY.fingerprint_words)


# An in-process bus's handler map: ``EVENT_HANDLERS = {`` or ``handlers: Dict[...] = {``. No leading
# ``\w*``: the suffix is enough, and a leading repeat would make the search quadratic on long lines.
_HANDLER_MAP = re.compile(rb"(?:HANDLERS|[Hh]andlers|SUBSCRIBERS|[Ss]ubscribers|LISTENERS|[Ll]isteners)"
                          rb"[ \t]*(?::[^=\n]*)?=[ \t]*\{")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TOKENS = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_METHOD_CALLS = re.compile(rb"\.[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(")


class Prefilter:
    """Word tests are set intersections over the file's identifiers (linear time, done in C by ``re``);
    only the few multi-word phrases (``django.dispatch``) are searched as text."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self.words = library_words() | set(extra_words)
        self.identifiers = frozenset(w.encode() for w in self.words if _IDENTIFIER.match(w))
        self.methods = frozenset(m.encode() for m in method_words()) - self.identifiers
        # a phrase (django.dispatch, "import signals") is searched only where all its words occur
        self.phrases = [(w.encode(), frozenset(_TOKENS.findall(w.encode())))
                        for w in sorted(self.words) if w and not _IDENTIFIER.match(w)]

    def may_contain_sites(self, data: bytes) -> bool:
        tokens = set(_TOKENS.findall(data))
        if not self.identifiers.isdisjoint(tokens):
            return True
        if self.methods and not self.methods.isdisjoint(_METHOD_CALLS.findall(data)):
            return True
        for phrase, parts in self.phrases:
            if parts <= tokens and phrase in data:
                return True
        lowered = data.lower()
        if any(suffix in lowered for suffix in _MAP_SUFFIXES):
            return _HANDLER_MAP.search(data) is not None
        return False


_MAP_SUFFIXES = (b"handlers", b"subscribers", b"listeners")
