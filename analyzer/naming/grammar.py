"""The rules that read a name (see the package's docstring for how a name is read)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping, Optional, Sequence

from .config import COMMAND, EVENT, UNCLEAR, NameIntent, NamingConfig, Verdict
from .lexicon import Lexicon, Word, lexicon_for
from .words import (ADJECTIVAL_PARTICIPLES, AUX, CHANNEL_WORDS, COMMAND_SUFFIXES, DECLARED_PREFIXES,
                    EVENT_SUFFIXES, FACT_OBJECT_VERBS, FUTURE, HOOKS, KIND_HEADS, LIFECYCLE, MODALS, NEGATION,
                    NEUTRAL_SUFFIXES, NOUN_FIRST, OUTCOMES, OUTCOME_OBJECT_VERBS, PARTICLES, PREPOSITIONS,
                    QUESTION_LEAD, REPLY_HEADS, STOP, THING_HEADS, VERB_FIRST)


# ----------------------------------------------------------------------------- tokens
# One pass over a name: hierarchy separators, versions, words (CamelCase and acronyms split);
# anything else (_ - spaces punctuation) separates words.
_TOKEN = re.compile(
    r"(?P<sep>[./:\\#|@*+>]+)"
    r"|(?P<ver>[Vv]\d+(?:(?:alpha|beta|rc)\d*)?(?![a-z])|\d+)"
    r"|(?P<word>[A-Z]{2,}v\d+|[A-Z]+\d+(?![a-z])"
    r"|[A-ZÀ-ÖØ-Þ]+(?=[A-ZÀ-ÖØ-Þ][^\W\d_A-ZÀ-ÖØ-Þ])|[A-ZÀ-ÖØ-Þ]?[^\W\d_A-ZÀ-ÖØ-Þ]+|[A-ZÀ-ÖØ-Þ]+)")


def _words(name: str) -> tuple[list[tuple[int, str, str]], list[str]]:
    """[(segment number, lower-case word, original), ...] and the dropped versions."""
    words: list[tuple[int, str, str]] = []
    versions: list[str] = []
    segment = 0
    for _sep, version, word in _TOKEN.findall(name):
        if word:
            if len(word) > 1:
                words.append((segment, word.lower(), word))
        elif version:
            versions.append(version)
        elif words and words[-1][0] == segment:
            segment += 1
    return words, versions


def tokenize(name: str) -> tuple[str, ...]:
    """The lower-cased words of a name, versions and single letters dropped."""
    return tuple(word for _, word, _ in _words(name)[0])


# ----------------------------------------------------------------------------- grammar
def _phrase(words: Sequence[str]) -> str:
    return " ".join(words)


class _Reader:
    """The rules over one decisive phrase."""

    def __init__(self, lexicon: Lexicon, words: list[str], context: bool, boundary: int) -> None:
        self.lex = lexicon
        self.words = words
        self.n = len(words)
        self.context = context        # earlier segments exist (a subject or domain before the phrase)
        self.boundary = boundary      # index where a merged lifecycle/particle segment starts, else -1
        self.info = lexicon.lookup
        self.infos = [lexicon.lookup(word) for word in words]

    # word readings ---------------------------------------------------------
    def base(self, word: str) -> Optional[Word]:
        info = self.info(word)
        return info if info is not None and info.base is not None else None

    @staticmethod
    def ambiguous(info: Word) -> bool:
        flags = info.flags
        return "N" in flags or "A" in flags or "C" in flags

    def fact(self, index: int) -> Optional[Word]:
        info = self.infos[index]
        if info is None or (info.participle is None and info.past is None):
            return None
        return info

    def gloss_fact(self, word: str, info: Word) -> str:
        lemma = info.fact_lemma or ""
        kind = "past participle" if info.participle else "past tense"
        if info.how == "unknown verb, read by its -ed ending":
            return f"'{word}' reads as the past participle of an unknown verb '{lemma}' (-ed ending)"
        extra = ""
        if info.how.startswith("configured"):
            extra = " (configured verb)"
        elif info.how:
            extra = f" ({info.how})"
        elif not word.endswith("ed"):
            extra = " (irregular)"
        return f"'{word}' is the {kind} of '{lemma}'{extra}"

    def is_prep(self, word: str) -> bool:
        return word in PARTICLES or word in PREPOSITIONS

    # rules -----------------------------------------------------------------
    def read(self) -> Verdict:
        if self.n >= 2:
            verdict = self.hooks() or self.questions()
            if verdict is not None:
                return verdict
        return (self.participle() or self.lifecycle() or self.reply() or self.imperative() or
                self.domain_prefix() or self.resource_action() or self.gerund() or self.no_verb())

    def hooks(self) -> Optional[Verdict]:
        words = self.words
        if self.n < 2:
            return None
        first, second = words[0], words[1]
        hook = first in HOOKS
        if first == "post" and self.n == 2:  # post_save, post_delete; not post_message
            info = self.base(second)
            hook = info is not None and second not in NOUN_FIRST and (
                "N" not in info.flags or second in VERB_FIRST)
        if not hook:
            return None
        rest = _Reader(self.lex, words[1:], True, -1).read()
        if rest.intent == EVENT:
            return Verdict(EVENT, rest.confidence, f"'{first}' + a fact names the moment it happened",
                           *rest.evidence)
        return Verdict(EVENT, 0.6, f"hook prefix '{first}' before '{_phrase(words[1:])}' names a moment "
                                   f"in another action (a notification)")

    def questions(self) -> Optional[Verdict]:
        words = self.words
        if self.n >= 2 and words[0] in QUESTION_LEAD:
            return Verdict(UNCLEAR, 0.6, f"'{_phrase(words)}' is a question or a modal, neither an order "
                                         f"nor a fact")
        for i in range(1, self.n - 1):
            if words[i] in MODALS and self.base(words[i + 1]) is not None:
                if words[i] in FUTURE:
                    return Verdict(EVENT, 0.55, f"'{words[i]} {words[i + 1]}' announces a future fact")
                return Verdict(UNCLEAR, 0.5, f"modal '{words[i]}' before '{words[i + 1]}': neither an "
                                             f"order nor a fact")
        return None

    def strong_lead(self, word: str) -> bool:
        """A leading word that reads as an imperative even before a noun (Retry, Archive, Send)."""
        info = self.base(word)
        if info is None or word in NOUN_FIRST or self.fact(0) is not None and self.words[0] == word \
                and info.base != info.fact_lemma:
            return False
        return not self.ambiguous(info) or word in VERB_FIRST

    def participle(self) -> Optional[Verdict]:
        words, n = self.words, self.n
        for i in range(n - 1, -1, -1):
            info = self.fact(i)
            if info is None:
                continue
            word = words[i]
            j = i - 1
            while j >= 0 and words[j] in NEGATION:
                j -= 1
            gloss = self.gloss_fact(word, info)
            same_base = info.base is not None and info.base == info.fact_lemma  # set, reset, read, put
            if j >= 1 and words[j] == "as" and self.base(words[0]) is not None and self.fact(0) is None:
                return Verdict(COMMAND, 0.75, f"'{words[0]}' leads as an imperative verb; '{word}' is its "
                                              f"complement ('as {word}')")
            if j >= 0 and words[j] in AUX:
                return Verdict(EVENT, 0.95, f"{gloss}, after '{words[j]}'")
            tail = words[i + 1:]
            tail_kind = "none" if not tail else "prep" if self.is_prep(tail[0]) else "noun"
            if i == 0 and info.base is not None and (same_base or n > 1):
                if n == 1:
                    if self.context:
                        return Verdict(COMMAND, 0.45, f"'{word}' after a resource reads as resource.action "
                                                      f"(it can also be the past participle)")
                    return Verdict(UNCLEAR, 0.4, f"'{word}' can be a base form or a past participle")
                return None  # a leading base form: the imperative reading (ResetPassword, ReadFile)
            if same_base:
                if tail_kind == "noun":
                    continue  # inside a noun phrase (DataSetId)
                return Verdict(UNCLEAR, 0.4, f"'{word}' can be the base form or the past participle of "
                                             f"'{info.base}'")
            if i == 0:
                if tail_kind == "noun" and not self.context:
                    return Verdict(UNCLEAR, 0.4, f"{gloss}, used as an adjective before '{_phrase(tail)}'")
                confidence = 0.7 if tail_kind == "noun" else 0.85 if self.context else 0.7
                if tail_kind == "prep":
                    confidence += 0.05
                return Verdict(EVENT, confidence, gloss)
            lead = words[0]
            lead_info = self.base(lead)
            if lead in FACT_OBJECT_VERBS and lead_info is not None and self.fact(0) is None and \
                    (not self.ambiguous(lead_info) or i >= 2):
                return Verdict(COMMAND, 0.75, f"'{lead}' leads as an imperative verb whose object is the fact "
                                              f"'{_phrase(words[1:])}'")
            if tail_kind == "noun":
                if self.strong_lead(lead):
                    return Verdict(COMMAND, 0.75, f"'{lead}' leads as an imperative verb; '{word}' describes "
                                                  f"'{_phrase(tail)}'")
                if word in ADJECTIVAL_PARTICIPLES:
                    continue  # an adjective inside a noun phrase (UserPreferredLanguage)
                return Verdict(EVENT, 0.7, f"{gloss}, after '{_phrase(words[:i])}'")
            confidence = 0.9 if info.how == "" or info.how.startswith("configured") else \
                0.6 if info.how.startswith("unknown") else 0.85
            return Verdict(EVENT, confidence, f"{gloss}, after '{_phrase(words[:i])}'")
        return None

    def verb_before_lifecycle(self, word: str, phrasal: bool = False) -> bool:
        """A word that a lifecycle suffix can follow as "that action started/ended/failed"."""
        info = self.info(word)
        if info is None or word in NOUN_FIRST:
            return False
        if info.gerund is not None and info.base is None:
            return True  # processing.error
        return info.base is not None and (phrasal or word in VERB_FIRST or not self.ambiguous(info))

    def lifecycle(self) -> Optional[Verdict]:
        words, n = self.words, self.n
        last = words[-1]
        if n < 2 or last not in LIFECYCLE:
            return None
        previous = words[-2]
        segment = words[:-1]
        if self.boundary == n - 1:  # compute.instance.create.end, scheduler.select_destinations.start
            for k in {0, len(segment) - 1}:
                phrasal = k + 1 < len(segment) and segment[k + 1] in PARTICLES  # power_off
                if self.verb_before_lifecycle(segment[k], phrasal):
                    return Verdict(EVENT, 0.85, f"lifecycle suffix '{last}' after the verb '{segment[k]}' "
                                                f"('{_phrase(segment)}' {_lifecycle_gloss(last)})")
        else:
            lead = words[0]
            if last in OUTCOMES and lead in OUTCOME_OBJECT_VERBS and self.base(lead) is not None:
                return None  # ReportError, LogFailure, HandleTimeout: the outcome is the object of an order
            if self.verb_before_lifecycle(previous):
                return Verdict(EVENT, 0.75, f"lifecycle suffix '{last}' after the verb '{previous}' "
                                            f"('{previous}' {_lifecycle_gloss(last)})")
            if n >= 3 and self.verb_before_lifecycle(lead):
                return Verdict(EVENT, 0.7, f"lifecycle suffix '{last}' after the verb phrase "
                                           f"'{_phrase(segment)}' ('{_phrase(segment)}' {_lifecycle_gloss(last)})")
        if last in OUTCOMES:
            return Verdict(EVENT, 0.55, f"outcome '{last}' of '{_phrase(segment)}' (a weak fact)")
        return Verdict(UNCLEAR, 0.4, f"phase '{last}' after the noun '{previous}': a fact "
                                     f"('{previous} {_lifecycle_gloss(last)}') or an order")

    def reply(self) -> Optional[Verdict]:
        if self.n >= 2 and self.words[-1] in REPLY_HEADS:
            return Verdict(UNCLEAR, 0.5, f"'{self.words[-1]}' names a reply to "
                                         f"'{_phrase(self.words[:-1])}', neither an order nor a fact")
        return None

    def imperative(self) -> Optional[Verdict]:
        words, n = self.words, self.n
        lead = words[0]
        info = self.base(lead)
        if info is None or lead in NOUN_FIRST:
            return None
        if not self.ambiguous(info):
            if n == 1:
                how = "after a resource (resource.action)" if self.context else "on its own"
                return Verdict(COMMAND, 0.6, f"'{lead}' is an imperative verb {how}")
            return Verdict(COMMAND, 0.9, f"'{lead}' leads as an imperative verb")
        kinds = "a noun" if "N" in info.flags or "C" in info.flags else "an adjective"
        if n == 1:
            return Verdict(UNCLEAR, 0.4, f"'{lead}' alone can be a verb or {kinds}")
        if n == 2 and self.is_prep(words[1]):
            return Verdict(COMMAND, 0.75, f"'{lead} {words[1]}' leads as an imperative phrasal verb")
        heads = KIND_HEADS if lead in VERB_FIRST else THING_HEADS
        if words[-1] in heads:
            return Verdict(UNCLEAR, 0.45, f"'{_phrase(words)}' reads as a noun compound (head "
                                          f"'{words[-1]}'); '{lead}' can also be an imperative verb")
        confidence = 0.8 if lead in VERB_FIRST else 0.7
        return Verdict(COMMAND, confidence, f"'{lead}' leads as an imperative verb (it can also be {kinds})")

    def domain_prefix(self) -> Optional[Verdict]:
        words, n = self.words, self.n
        if n < 3 or words[-1] in KIND_HEADS:
            return None
        for j in range(1, n - 1):
            word = words[j]
            info = self.base(word)
            if info is None or word in NOUN_FIRST:
                continue
            if self.ambiguous(info) and word not in VERB_FIRST:
                continue
            if all(self.is_prep(w) for w in words[j + 1:]):
                return None
            return Verdict(COMMAND, 0.6, f"'{word}' reads as an imperative verb after the prefix "
                                         f"'{_phrase(words[:j])}'")
        return None

    def resource_action(self) -> Optional[Verdict]:
        words = self.words
        if self.n < 2:
            return None
        last = words[-1]
        info = self.base(last)
        if info is None or self.ambiguous(info) or last in NOUN_FIRST:
            return None
        return Verdict(COMMAND, 0.55, f"'{last}' after '{_phrase(words[:-1])}' reads as resource.action "
                                      f"(an imperative verb last)")

    def gerund(self) -> Optional[Verdict]:
        if self.n < 2:
            return None  # billing, shipping, pricing: a domain noun on its own
        last = self.words[-1]
        info = self.info(last)
        if info is not None and info.gerund is not None:
            return Verdict(UNCLEAR, 0.45, f"'{last}' (gerund of '{info.gerund}') names an activity, neither "
                                          f"an order nor a fact")
        return None

    def no_verb(self) -> Verdict:
        words = self.words
        readable = [w for w in words if self.base(w) is not None]
        if readable:
            return Verdict(UNCLEAR, 0.5, f"no verb reading in '{_phrase(words)}' ('{readable[0]}' reads as "
                                         f"a noun here)")
        return Verdict(UNCLEAR, 0.8, f"no verb in '{_phrase(words)}'")


def _lifecycle_gloss(word: str) -> str:
    return {"start": "started", "begin": "began", "end": "ended", "finish": "finished", "error": "failed",
            "errors": "failed", "failure": "failed", "fail": "failed", "success": "succeeded",
            "timeout": "timed out", "done": "done", "complete": "completed", "completion": "completed",
            "ok": "succeeded", "abort": "aborted"}.get(word, word)


_SuffixTable = Mapping[str, Sequence[tuple[tuple[str, ...], Optional[str]]]]


def _suffix_table(naming: Optional[NamingConfig]) -> _SuffixTable:
    return _suffixes(naming.event_suffixes if naming else (), naming.command_suffixes if naming else ())


@lru_cache(maxsize=16)
def _suffixes(event: tuple[str, ...], command: tuple[str, ...]) -> _SuffixTable:
    """Declared and neutral suffixes indexed by their last word, longest first."""
    entries: list[tuple[tuple[str, ...], Optional[str]]] = []
    for configured, kind in [*((tokenize(s), EVENT) for s in event), *((tokenize(s), COMMAND) for s in command)]:
        if configured:
            entries.append((configured, kind))
    entries += [(s, EVENT) for s in EVENT_SUFFIXES] + [(s, COMMAND) for s in COMMAND_SUFFIXES]
    entries += [(s, None) for s in NEUTRAL_SUFFIXES]
    table: dict[str, list[tuple[tuple[str, ...], Optional[str]]]] = {}
    for words, entry_kind in entries:
        bucket = table.setdefault(words[-1], [])
        if all(existing != words for existing, _ in bucket):  # configured ones win
            bucket.append((words, entry_kind))
    for bucket in table.values():
        bucket.sort(key=lambda entry: -len(entry[0]))  # IntegrationEvent before Event
    return table


_OBJECT_SUFFIXES = frozenset(("message", "messages", "msg", "msgs"))


def _lone_participle(lexicon: Lexicon, word: str) -> bool:
    info = lexicon.lookup(word)
    return info is not None and info.base is None and (info.participle is not None or info.past is not None)


def _strong_verb(lexicon: Lexicon, word: str) -> bool:
    info = lexicon.lookup(word)
    if info is None or info.base is None or word in NOUN_FIRST:
        return False
    return word in VERB_FIRST or not any(flag in info.flags for flag in "NAC")


def classify_name(name: str, naming: Optional[NamingConfig] = None) -> NameIntent:
    """Read a message or channel name: "command", "event" or "unclear", with evidence."""
    return _classify(name or "", naming)


def prepare(naming: Optional[NamingConfig] = None) -> None:
    """Builds the lexicon now (about 0.1 s), e.g. while worker processes parse."""
    _setup(naming)


class _Setup:
    """What a configuration changes: the lexicon and the suffix table (built once per config)."""

    def __init__(self, naming: Optional[NamingConfig]) -> None:
        self.lexicon = lexicon_for(naming)
        self.suffixes = _suffix_table(naming)
        self.strippable = frozenset(self.suffixes) | CHANNEL_WORDS


@lru_cache(maxsize=16)
def _setup(naming: Optional[NamingConfig]) -> _Setup:
    return _Setup(naming)


def _article(kind: str) -> str:
    return "an" if kind == EVENT else "a"


def _strip(flat: list[tuple[int, str, str]], setup: _Setup, notes: list[str]) -> Optional[str]:
    """Drop trailing channel words and suffixes (and a declared prefix); the declared kind."""
    declared: Optional[str] = None
    suffixes = setup.suffixes
    while len(flat) > 1 and flat[-1][1] in setup.strippable:
        last = flat[-1]
        if last[1] in CHANNEL_WORDS:
            if len(flat) == 2 and _lone_participle(setup.lexicon, flat[0][1]):
                break  # BoundQueue: the participle describes the channel word
            notes.append(f"channel word '{last[2]}' ignored")
            flat.pop()
            continue
        for words, kind in suffixes[last[1]]:
            size = len(words)
            if len(flat) <= size or (size > 1 and tuple([item[1] for item in flat[-size:]]) != words):
                continue
            if len(flat) == size + 1:
                if kind is None and words[0] in _OBJECT_SUFFIXES and _strong_verb(setup.lexicon, flat[0][1]):
                    return declared  # PostMessage, SendMessage: the suffix is the verb's object
                if _lone_participle(setup.lexicon, flat[0][1]):
                    # versioned_notifications, CreatedEvent: the participle describes the suffix
                    if kind is not None:
                        declared = declared or kind
                        notes.append(f"suffix '{''.join([item[2] for item in flat[-size:]])}' declares "
                                     f"{_article(kind)} {kind}")
                    return declared
            original = "".join([item[2] for item in flat[-size:]])
            if kind is None:
                notes.append(f"suffix '{original}' names a message, neither kind")
            else:
                declared = declared or kind
                notes.append(f"suffix '{original}' declares {_article(kind)} {kind}; "
                             f"the grammar of the rest decides")
            del flat[-size:]
            break
        else:
            break
    if len(flat) > 1 and flat[0][1] in DECLARED_PREFIXES:
        kind = DECLARED_PREFIXES[flat[0][1]]
        declared = declared or kind
        notes.append(f"prefix '{flat[0][2]}' declares {_article(kind)} {kind}")
        del flat[0]
    return declared


@lru_cache(maxsize=16384)
def _classify(name: str, naming: Optional[NamingConfig]) -> NameIntent:
    setup = _setup(naming)
    flat, versions = _words(name)
    tokens = tuple([item[1] for item in flat])
    notes: list[str] = []
    if not STOP.isdisjoint(tokens):
        flat = [item for item in flat if item[1] not in STOP] or flat
    declared = _strip(flat, setup, notes) if flat and (flat[-1][1] in setup.strippable or
                                                        flat[0][1] in DECLARED_PREFIXES) else None
    if not flat:
        evidence = ("no words in the name",) + tuple([f"version '{v}' ignored" for v in versions])
        return NameIntent(UNCLEAR, evidence, 1.0, tokens, declared)

    # the decisive phrase: the last segment, with the one before when it is only a lifecycle word
    last_segment = flat[-1][0]
    boundary = -1
    context = False
    if flat[0][0] == last_segment:
        phrase = [item[1] for item in flat]
    else:
        phrase = [item[1] for item in flat if item[0] == last_segment]
        first = len(flat) - len(phrase)
        context = True
        if len(phrase) == 1 and (phrase[0] in LIFECYCLE or phrase[0] in PARTICLES):
            previous_segment = flat[first - 1][0]
            before = [item[1] for item in flat if item[0] == previous_segment]
            boundary = len(before)
            phrase = before + phrase
            context = flat[0][0] != previous_segment
        where = "the last segment" if boundary < 0 else "the last two segments"
        notes.insert(0, f"decisive phrase '{' '.join(phrase)}' ({where})")
    phrases = setup.lexicon.phrases
    key = (tuple(phrase), context, boundary)
    verdict = phrases.get(key)
    if verdict is None:
        if len(phrases) > 50000:
            phrases.clear()
        verdict = phrases[key] = _Reader(setup.lexicon, phrase, context, boundary).read()
    if versions:
        notes.extend([f"version '{v}' ignored" for v in versions])
    return NameIntent(verdict.intent, verdict.evidence + tuple(notes), verdict.confidence, tokens, declared)
