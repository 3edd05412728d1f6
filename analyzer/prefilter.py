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


# An in-process bus's handler map: ``EVENT_HANDLERS = {`` or ``handlers: Dict[...] = {``.
_HANDLER_MAP = rb"\w*(?:HANDLERS|[Hh]andlers|SUBSCRIBERS|[Ss]ubscribers|LISTENERS|[Ll]isteners)\s*(?::[^=\n]*)?=\s*\{"


def _alternation(words: Iterable[str]) -> bytes:
    return b"|".join(sorted({re.escape(word.encode()) for word in words if word}, key=len, reverse=True))


def compile_words(words: Iterable[str], methods: Iterable[str] = ()) -> "re.Pattern[bytes]":
    pattern = _HANDLER_MAP
    words, methods = set(words), set(methods) - set(words)
    if methods:
        pattern = rb"\.\s*(?:" + _alternation(methods) + rb")\s*\(|" + pattern
    if words:
        pattern = rb"\b(?:" + _alternation(words) + rb")\b|" + pattern
    return re.compile(pattern)


class Prefilter:
    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self.words = library_words() | set(extra_words)
        self.pattern = compile_words(self.words, method_words())

    def may_contain_sites(self, data: bytes) -> bool:
        return self.pattern.search(data) is not None
