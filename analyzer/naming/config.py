"""The verdict of the name grammar, and what ``[tool.msglint.naming]`` adds to it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, NoReturn, Optional

COMMAND, EVENT, UNCLEAR = "command", "event", "unclear"


@dataclass(frozen=True)
class NameIntent:
    """The grammar's verdict on one name.

    ``intent`` is "command", "event" or "unclear". ``evidence[0]`` is the decisive
    reason (rules quote it); later items say how the name was read (segment, dropped
    versions, declared suffixes). ``confidence`` (0..1) is how sure the grammar is of
    that reading: 0.95 for a participle after an auxiliary (``order-was-cancelled``),
    0.9 for ``OrderPlaced`` or ``SendEmail``, 0.5-0.6 for weak readings
    (``order.create``, ``PaymentError``), 0.4 when a word alone can be noun or verb;
    for "unclear" it is how sure the name has no verb reading (0.8 for ``telemetry``).
    ``tokens`` are the lower-cased words of the whole name without versions.
    ``declared`` is "event" or "command" when a suffix or prefix declares it
    (``SendEmailEvent`` -> "event"), independently of the grammar's ``intent``.
    """

    intent: str
    evidence: tuple[str, ...]
    confidence: float
    tokens: tuple[str, ...] = ()
    declared: Optional[str] = None


@dataclass(frozen=True)
class NamingConfig:
    """User extensions from ``[tool.msglint.naming]``.

    - ``verbs``: extra verbs, by base form (``upsert``), or ``base:past[:participle]``
      for irregular ones (``frob:frobbed``); the regular forms are derived.
    - ``nouns``: words never read as verbs (``ship`` in a shipping domain).
    - ``event-suffixes`` / ``command-suffixes``: extra declared suffixes, CamelCase or
      separated (``Fact``, ``IntegrationMessage``, ``_job``).
    """

    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    event_suffixes: tuple[str, ...] = ()
    command_suffixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("verbs", "nouns", "event_suffixes", "command_suffixes"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(str(v) for v in value or ()))

    _KEYS = {"verbs": "verbs", "nouns": "nouns", "event-suffixes": "event_suffixes",
            "event_suffixes": "event_suffixes", "command-suffixes": "command_suffixes",
            "command_suffixes": "command_suffixes"}

    @classmethod
    def from_table(cls, table: Optional[Mapping[str, Any]]) -> "NamingConfig":
        """From the ``[tool.msglint.naming]`` table: keys verbs, nouns, event-suffixes,
        command-suffixes, each a list of strings. Unknown keys are a configuration error."""
        values: dict[str, tuple[str, ...]] = {}
        for key, value in (table or {}).items():
            attribute = cls._KEYS.get(key)
            if attribute is None:
                _config_error(f"[tool.msglint.naming]: unknown key {key!r} (expected verbs, nouns, "
                              f"event-suffixes, command-suffixes)")
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                _config_error(f"[tool.msglint.naming]: {key} must be a list of strings")
            values[attribute] = tuple(value)
        return cls(**values)


def _config_error(message: str) -> "NoReturn":
    raise ValueError(message)  # the configuration's reader names the file


class Verdict:
    """A rule's verdict."""

    __slots__ = ("intent", "confidence", "evidence")

    def __init__(self, intent: str, confidence: float, *evidence: str) -> None:
        self.intent, self.confidence, self.evidence = intent, round(min(max(confidence, 0.0), 1.0), 2), evidence
