"""The data contracts: sites, diagnostics and per-file facts.

Everything here is a frozen dataclass whose JSON form is its plain serialisation
(see docs/data-contracts.md). Per-file facts are also what the cache stores and
what worker processes send back, so they hold only JSON-able values.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Optional

ROLES = ("produce", "consume")
DELIVERIES = ("point-to-point", "broadcast", "unknown")
CHANNEL_KINDS = (
    "topic", "queue", "exchange", "routing_key", "subject", "task",
    "event_type", "signal", "stream", "other",
)
# evidence of a consume site whose channel the library itself emits (Celery's task_prerun, Django's
# post_save): its producer is never in the scanned code, and that is not a dead subscription
LIBRARY_EMITS = "emitted by the library itself"


@dataclass(frozen=True)
class Site:
    """One place that produces or consumes messages (design.md, "Site")."""

    path: str
    line: int
    column: int
    end_line: int
    role: str
    library: str
    api: str
    transport: str
    channel: Optional[str]
    channel_expr: Optional[str]
    channel_kind: str
    delivery: str
    message: Optional[str] = None
    reply: bool = False
    component: str = ""
    function: str = "<module>"
    via: tuple[str, ...] = ()
    intent: str = "unclear"
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["via"] = list(self.via)
        data["evidence"] = list(self.evidence)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Site":
        data = dict(data)
        data["via"] = tuple(data.get("via") or ())
        data["evidence"] = tuple(data.get("evidence") or ())
        return cls(**data)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.role, self.channel or "")


@dataclass(frozen=True)
class MessageType:
    """A class used as a message, with its declared intent and immutability."""

    name: str
    qualname: str
    path: str
    line: int
    bases: tuple[str, ...]
    kind: str  # dataclass, attrs, pydantic, namedtuple, faust-record, class
    immutable: Optional[bool]  # None when nothing says either way
    setters: tuple[str, ...]
    intent: str
    evidence: tuple[str, ...]
    confidence: float

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("bases", "setters", "evidence"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class Diagnostic:
    """A problem with an input file or the configuration, never a crash."""

    path: str
    message: str
    code: str = "MSG001"
    line: int = 1
    column: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


@dataclass
class FileFacts:
    """What extraction learned from one file, before project-wide resolution.

    ``sites`` still carry unresolved channel expressions (``channel_ir``);
    ``pending`` are calls on objects imported from other project modules,
    which only the project-wide view can type. All values are JSON-able.
    """

    path: str
    module: str
    sites: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)
    constants: dict[str, Any] = field(default_factory=dict)
    exports: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)
    imports: list[str] = field(default_factory=list)
    functions: dict[str, Any] = field(default_factory=dict)  # qualname -> {"params", "method"}
    calls: list[dict[str, Any]] = field(default_factory=list)  # calls of project functions, for wrappers
    handlers: dict[str, str] = field(default_factory=dict)  # message class -> delivery, from handler maps
    bus_calls: list[dict[str, Any]] = field(default_factory=list)  # bus.handle(Msg(...)) candidates
    classes: dict[str, Any] = field(default_factory=dict)  # qualname -> declaration facts (message types)
    message_refs: dict[str, Any] = field(default_factory=dict)  # message name -> ["ref", qualname]
    imported_modules: list[str] = field(default_factory=list)  # every module this file imports from
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    parsed: bool = False
    dropped_words: list[str] = field(default_factory=list)  # words only in parts left unparsed (slicing)

    def to_json(self) -> dict[str, Any]:
        # the values are JSON-able already: a shallow copy (asdict would deep-copy every call record)
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "FileFacts":
        return cls(**data)

    def unparsed(self, words: Iterable[str]) -> bool:
        """Does one of ``words`` occur in a part of the file that was not parsed?"""
        return bool(self.dropped_words) and not set(self.dropped_words).isdisjoint(words)
