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
    words.update(REGISTRY.fingerprint_words)
    words.update(_FINGERPRINT_WORDS)
    return words


# An in-process bus's handler map: ``EVENT_HANDLERS = {`` or ``handlers: Dict[...] = {``.
_HANDLER_MAP = rb"\w*(?:HANDLERS|[Hh]andlers|SUBSCRIBERS|[Ss]ubscribers|LISTENERS|[Ll]isteners)\s*(?::[^=\n]*)?=\s*\{"


def compile_words(words: Iterable[str]) -> "re.Pattern[bytes]":
    alternatives = sorted({re.escape(word.encode()) for word in words if word}, key=len, reverse=True)
    pattern = _HANDLER_MAP
    if alternatives:
        pattern = rb"\b(?:" + b"|".join(alternatives) + rb")\b|" + pattern
    return re.compile(pattern)


class Prefilter:
    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self.words = library_words() | set(extra_words)
        self.pattern = compile_words(self.words)

    def may_contain_sites(self, data: bytes) -> bool:
        return self.pattern.search(data) is not None
