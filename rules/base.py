"""The rule framework: one rule per module, each with its documentation and examples.

A rule module defines one subclass of :class:`Rule` with

- ``code`` (``MSG101``), ``name`` (kebab-case), ``severity`` (error, warning, info);
- ``summary`` (one line), ``why`` (in the seed's terms: who knows whom), ``fix``;
- ``VALID`` and ``INVALID``: code examples. Each is a string (one module) or a dict of
  file name to source (a small project). The test suite analyses every example:
  a VALID one must give no finding of the rule, an INVALID one at least one
  (Fixit's convention);
- ``check(context)``: yields findings, built with :meth:`Rule.finding`.

Rules see the analysed project through :class:`Context`: its sites, message
types and graph. A graph rule reports at the most useful place (usually the
producing site), with the other places as related locations.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Iterable, Iterator, Optional, Union

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model, the graph and networkx are not needed to print findings from a cache
    from msglint.analyzer.facts import FileFacts
    from msglint.analyzer.graph import MessageGraph
    from msglint.analyzer.model import Diagnostic, MessageType, Site
    from msglint.analyzer.naming import NameIntent, NamingConfig

SEVERITIES = ("error", "warning", "info")
Example = Union[str, dict]


@dataclass(frozen=True)
class Related:
    path: str
    line: int
    message: str


@dataclass(frozen=True)
class Finding:
    """One rule violation (design.md, "Finding")."""

    code: str
    name: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    component: str
    channel: Optional[str]
    fingerprint: str
    help: str
    related: tuple[Related, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["related"] = [asdict(r) for r in self.related]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Finding":
        data = dict(data)
        data["related"] = tuple(Related(**item) for item in data.get("related") or ())
        return cls(**data)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)


@dataclass
class Context:
    """What a rule can look at."""

    sites: list[Site]
    message_types: list[MessageType]
    graph: MessageGraph
    naming: Optional[NamingConfig] = None  # [tool.msglint.naming]
    diagnostics: list[Diagnostic] = field(default_factory=list)  # problems with input files (parse errors)
    facts: list[FileFacts] = field(default_factory=list)  # per-file facts (constants, imports)

    def message_type(self, name: Optional[str]) -> Optional[MessageType]:
        if not name:
            return None
        for message_type in self.message_types:
            if message_type.name == name:
                return message_type
        return None

    def grammar(self, name: str) -> NameIntent:
        """The name grammar's verdict (``analyzer.naming``): intent, evidence, confidence."""
        from msglint.analyzer.naming import classify_name

        return classify_name(name, self.naming)

    def subject(self, site: Site) -> tuple[str, str]:
        """What a site's name-based rules read: its message class, else its channel (a task's last part)."""
        if site.message:
            return "message", site.message
        channel = site.channel or ""
        if site.channel_kind == "task":
            channel = channel.rsplit(".", 1)[-1]
        return "channel", channel

    def declared(self, site: Site) -> Optional[str]:
        """``event`` or ``command`` when the site's message type declares it (base class or suffix)."""
        message_type = self.message_type(site.message)
        if message_type is None:
            return self.grammar(site.message).declared if site.message else None
        return self.declared_for_type(message_type)

    def declared_for_type(self, message_type: MessageType) -> Optional[str]:
        """By its base class, else by a suffix the name grammar knows (``Event``, ``Command`` and the
        ``[tool.msglint.naming]`` suffixes)."""
        if any(e.startswith("derives from") for e in message_type.evidence):
            return message_type.intent
        return self.grammar(message_type.name).declared

    def handler_functions(self) -> set[tuple[str, str]]:
        """(path, function) pairs that handle messages: they consume, or are decorated consumers."""
        handlers = {(s.path, s.function) for s in self.sites if s.role == "consume"}
        for site in self.sites:
            for item in site.evidence:
                if item.startswith("handler: "):
                    handlers.add((site.path, item[len("handler: "):]))
        return handlers

    @staticmethod
    def repeats(site: Site) -> bool:
        """A call of a project function that passes neither the channel nor the message on: it repeats the
        site inside that function (``analyzer.effects``), where a rule that judges the send judges it."""
        from msglint.analyzer.model import GIVEN_AT_CALL

        return bool(site.via) and GIVEN_AT_CALL not in site.evidence

    def in_handler(self, site: Site) -> bool:
        """Is the site inside code that handles a message? Its function consumes, is a decorated consumer,
        or is a handle*/on_*/process* method of a class that consumes (a consumer loop calling self.handle)."""
        handlers = self.handler_functions()
        if (site.path, site.function) in handlers:
            return True
        owner, _, method = site.function.rpartition(".")
        if owner and method.startswith(_HANDLER_PREFIXES):
            return any(path == site.path and function.startswith(owner + ".") for path, function in handlers)
        return False



def on_channel(site: "Site") -> str:
    """``sqs 'orders'``, or ``sqs (channel not resolved)`` when static analysis could not name it."""
    return f"{site.transport} '{site.channel}'" if site.channel else f"{site.transport} (channel not resolved)"


def failing(findings: Iterable[Finding], fail_on: str) -> bool:
    """Does a finding of severity ``fail_on`` or worse remain?"""
    threshold = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(f.severity) <= threshold for f in findings)


@dataclass(frozen=True)
class RuleSummary:
    """What reporters need of a rule (its text, not its code): kept with a cached result."""
    code: str
    name: str
    severity: str
    summary: str
    why: str
    fix: str

    @classmethod
    def of(cls, rule: "type[Rule]") -> "RuleSummary":
        return cls(rule.code, rule.name, rule.severity, rule.summary, rule.why, rule.fix)

    def help_text(self) -> str:
        return f"{self.summary} {self.fix}".strip()


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""
    why: ClassVar[str] = ""
    fix: ClassVar[str] = ""
    VALID: ClassVar[list[Example]] = []
    INVALID: ClassVar[list[Example]] = []

    def check(self, context: Context) -> Iterator[Finding]:  # pragma: no cover - every rule overrides it
        raise NotImplementedError

    @classmethod
    def help_text(cls) -> str:
        return f"{cls.summary} {cls.fix}".strip()

    def finding(self, message: str, *, path: str, line: int, column: int = 0, end_line: Optional[int] = None,
                end_column: int = 0, component: str = "", channel: Optional[str] = None,
                subject: str = "", function: str = "", related: Iterable[Related] = ()) -> Finding:
        """A finding with a fingerprint that survives unrelated edits (no line number in it)."""
        key = "|".join([self.code, path, component, channel or "", subject, function])
        fingerprint = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]
        return Finding(code=self.code, name=self.name, severity=self.severity, message=message, path=path,
                       line=line, column=column, end_line=end_line or line, end_column=end_column,
                       component=component, channel=channel, fingerprint=fingerprint, help=self.help_text(),
                       related=tuple(related))

    def at_site(self, site: Site, message: str, related: Iterable[Related] = (), subject: str = "") -> Finding:
        return self.finding(message, path=site.path, line=site.line, column=site.column, end_line=site.end_line,
                            component=site.component, channel=site.channel,
                            subject=subject or site.message or "", function=site.function, related=related)


_HANDLER_PREFIXES = ("handle", "on_", "process", "consume", "callback", "receive", "dispatch")

