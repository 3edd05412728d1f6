"""The data contracts: sites, message types and diagnostics.

Everything here is a frozen dataclass whose JSON form is its plain serialisation
(see docs/data-contracts.md). What extraction learns per file is in ``analyzer.facts``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Optional

from .codec import serialisable

ROLES = ("produce", "consume")
DELIVERIES = ("point-to-point", "broadcast", "unknown")
CHANNEL_KINDS = (
    "topic", "queue", "exchange", "routing_key", "subject", "task",
    "event_type", "signal", "stream", "other",
)
# evidence of a consume site whose channel the library itself emits (Celery's task_prerun, Django's
# post_save): its producer is never in the scanned code, and that is not a dead subscription
LIBRARY_EMITS = "emitted by the library itself"
# evidence of a site that a call of a project function makes, when the call gives the channel or the message
# (``announce("order_placed")``): rules judge the name there; a call that passes nothing on repeats the site
# of the function it calls, which the rules judge already
GIVEN_AT_CALL = "channel or message given at this call"


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


@serialisable
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
