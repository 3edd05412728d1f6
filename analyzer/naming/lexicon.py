"""An English lexicon of verb forms (``data/verbs.tsv``), read lazily: for each spelling, its base,
past, past-participle, gerund and third-person readings, and whether it is also a noun or adjective."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping, Optional

from .config import NamingConfig, Verdict
from .words import MODALS, PREFIXES, VERB_PREFIXES


class Word:
    """Readings of one spelling: base form (with the lemma's flags), past, participle, gerund."""

    __slots__ = ("base", "flags", "past", "participle", "gerund", "third", "how")

    def __init__(self) -> None:
        self.base: Optional[str] = None        # lemma when this spelling is a base form
        self.flags = ""                        # N noun, A adjective, C compound, S supplement
        self.past: Optional[str] = None        # lemma when a past tense
        self.participle: Optional[str] = None  # lemma when a past participle
        self.gerund: Optional[str] = None
        self.third: Optional[str] = None
        self.how = ""                          # "" from the lexicon; else how it was derived

    @property
    def fact_lemma(self) -> Optional[str]:
        return self.participle or self.past


class Lexicon:
    def __init__(self, words: dict[str, Word], not_past: frozenset[str]) -> None:
        self.words = words
        self.not_past = not_past
        self.blocked: frozenset[str] = frozenset()
        self._memo: dict[str, Optional[Word]] = {}
        self.phrases: dict[tuple[tuple[str, ...], bool, int], Verdict] = {}  # decisive phrase -> verdict

    def lookup(self, word: str) -> Optional[Word]:
        try:
            return self._memo[word]
        except KeyError:
            pass
        info = None if word in self.blocked or word in MODALS else self._derive(word)
        if len(self._memo) > 200000:
            self._memo.clear()
        self._memo[word] = info
        return info

    def _derive(self, word: str) -> Optional[Word]:
        info = self.words.get(word)
        if info is not None:
            return info
        if word in self.not_past or len(word) < 4:
            return None
        for prefix in PREFIXES:  # unpublished, reindexed, onboarded, deduplicated
            if word.startswith(prefix) and len(word) - len(prefix) >= 4:
                inner = self.words.get(word[len(prefix):])
                if inner is not None and "C" not in inner.flags:
                    derived = Word()
                    # only verb prefixes make new base forms (unassign, redeliver); any prefix keeps a
                    # participle a participle (underpaid, autoscaled) but "outcome" is no verb
                    slots = ("base", "past", "participle", "gerund", "third") if prefix in VERB_PREFIXES \
                        else ("past", "participle")
                    for slot in slots:
                        lemma = getattr(inner, slot)
                        if lemma is not None:
                            setattr(derived, slot, prefix + lemma)
                    if derived.base is None and derived.fact_lemma is None:
                        continue
                    derived.flags = inner.flags
                    derived.how = f"{prefix} + {word[len(prefix):]}"
                    return derived
        if len(word) >= 6 and word.endswith("ed") and re.search(r"[aeiouy]", word[:-2]):
            derived = Word()  # upserted, geocoded: an -ed word the lexicon does not know
            stem = word[:-2]
            if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]
            derived.participle = stem
            derived.how = "unknown verb, read by its -ed ending"
            return derived
        return None


def _regular_forms(base: str) -> tuple[str, str, str]:
    """third person, past (= participle), gerund of a regular verb (for configured verbs)."""
    vowels = "aeiou"
    if base.endswith(("s", "x", "z", "ch", "sh")):
        third = base + "es"
    elif base.endswith("y") and len(base) > 1 and base[-2] not in vowels:
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("e"):
        past, gerund = base + "d", (base[:-2] + "ying" if base.endswith("ie") else
                                    base + "ing" if base.endswith(("ee", "ye", "oe")) else base[:-1] + "ing")
    elif base.endswith("y") and len(base) > 1 and base[-2] not in vowels:
        past, gerund = base[:-1] + "ied", base + "ing"
    elif (len(base) <= 4 and len(base) >= 3 and base[-1] not in vowels + "wxy" and base[-2] in vowels
          and base[-3] not in vowels):
        past, gerund = base + base[-1] + "ed", base + base[-1] + "ing"
    else:
        past, gerund = base + "ed", base + "ing"
    return third, past, gerund


def _data_file(name: str) -> str:
    path = Path(__file__).resolve().parent.parent / "data" / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    from importlib import resources  # an installed package that is not a plain folder
    package = __package__.rpartition(".")[0]  # msglint.analyzer
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")  # type: ignore


_SLOTS = ("base", "past", "participle", "gerund", "third")


class _Forms(Mapping[str, "Word"]):
    """The lexicon's spellings, each read into a ``Word`` when first asked for: building all 33k
    up front cost a tenth of a second of every run. For each reading (slot) the first line of
    ``verbs.tsv`` that gives a spelling wins, as if the words were built line by line."""

    def __init__(self, slots: dict[str, dict[str, str]], flags: dict[str, str], cleared: frozenset[str]) -> None:
        self._slots = slots  # slot -> {spelling: lemma}
        self._flags = flags  # base form -> the flags of its first line
        self._cleared = cleared  # spellings whose only readings were taken away (led, fed): no reading
        self._made: dict[str, Optional[Word]] = {}
        self._keys: Optional[frozenset[str]] = None

    def get(self, form: str, default: Optional[Word] = None) -> Optional[Word]:  # type: ignore[override]
        try:
            made = self._made[form]
        except KeyError:
            made = self._made[form] = self._make(form)
        return default if made is None else made

    def _make(self, form: str) -> Optional[Word]:
        info: Optional[Word] = None
        for slot in _SLOTS:
            lemma = self._slots[slot].get(form)
            if lemma is not None:
                if info is None:
                    info = Word()
                setattr(info, slot, lemma)
        if info is not None and info.base is not None:
            info.flags = self._flags.get(form, "")
        if info is None and form in self._cleared:
            info = Word()
        return info

    def __getitem__(self, form: str) -> Word:
        found = self.get(form)
        if found is None:
            raise KeyError(form)
        return found

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and self.get(form) is not None

    def __iter__(self) -> Iterator[str]:
        if self._keys is None:
            self._keys = frozenset().union(*self._slots.values(), self._cleared)
        return iter(self._keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _expand(base: str, column: str) -> list[str]:
    if column in ("", "-"):
        return []
    return [base + s[1:] if s.startswith("+") else s for s in column.split(",")]


@lru_cache(maxsize=1)
def _base_lexicon() -> tuple[_Forms, frozenset[str]]:
    slots: dict[str, dict[str, str]] = {slot: {} for slot in _SLOTS}
    bases, pasts_of, participles, gerunds, thirds = (slots[slot] for slot in _SLOTS)
    flags_of: dict[str, str] = {}
    for line in _data_file("verbs.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        base, flags, third, past, participle, gerund = line.split("\t")
        bases.setdefault(base, base)
        flags_of.setdefault(base, "" if flags == "-" else flags)
        pasts = _expand(base, past)
        for form in pasts:
            pasts_of.setdefault(form, base)
        for form in (_expand(base, participle) if participle else pasts):
            participles.setdefault(form, base)
        for form in _expand(base, gerund):
            gerunds.setdefault(form, base)
        for form in _expand(base, third):
            thirds.setdefault(form, base)
    not_past = frozenset(line.split("\t", 1)[0] for line in _data_file("not_verb_forms.tsv").splitlines()
                         if line and not line.startswith("#"))
    cleared = frozenset(word for word in not_past if word in pasts_of or word in participles)
    for word in not_past:  # led, fed, ground: keep only their base readings
        pasts_of.pop(word, None)
        participles.pop(word, None)
    return _Forms(slots, flags_of, cleared), not_past


@lru_cache(maxsize=16)
def lexicon_for(naming: Optional[NamingConfig]) -> Lexicon:
    words, not_past = _base_lexicon()
    if naming is None or not (naming.verbs or naming.nouns):
        return Lexicon(words, not_past)
    extended = dict(words)
    for entry in naming.verbs:
        parts = [p.strip().lower() for p in entry.split(":") if p.strip()]
        if not parts:
            continue
        base = parts[0]
        third, past, gerund = _regular_forms(base)
        if len(parts) >= 2:
            past = parts[1]
        participle = parts[2] if len(parts) >= 3 else past
        for form, slot in ((base, "base"), (third, "third"), (past, "past"), (participle, "participle"),
                           (gerund, "gerund")):
            info = Word()
            old = extended.get(form)
            if old is not None:
                for attribute in Word.__slots__:
                    setattr(info, attribute, getattr(old, attribute))
            if getattr(info, slot) is None:
                setattr(info, slot, base)
            if slot == "base":
                info.flags = info.flags.replace("C", "") if old is not None else ""
            if old is None or old.how:
                info.how = "configured verb"
            extended[form] = info
    lexicon = Lexicon(extended, not_past)
    lexicon.blocked = frozenset(n.strip().lower() for n in naming.nouns if n.strip())
    return lexicon
