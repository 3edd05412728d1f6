"""Intent: is a message a command ("do this") or an event ("this happened")?

Never guessed silently: every verdict carries its evidence. Three independent
sources are weighed, each kept visible so rules can point at a contradiction
between them (design.md, "Intent"):

- the API's semantics: a task call, an RPC or request-reply, a send to a queue
  are addressed (command-like); SNS, fanout/topic exchanges, signals are broadcast;
- the declared type: a class deriving from ``Event``/``Command`` (or so suffixed);
- the name's grammar (``analyzer.naming``): past tense says event, a leading
  imperative verb says command.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Optional

from .naming import NamingConfig, classify_name
from .facts import ClassFacts, FileFacts
from .model import MessageType, Site

_EVENT_BASE = re.compile(r"(?:^|[a-z])(Event|DomainEvent|IntegrationEvent|Notification|Fact)$")
_COMMAND_BASE = re.compile(r"(?:^|[a-z])(Command|Cmd|Request|Instruction)$")
_MESSAGE_BASE = re.compile(r"(Event|Command|Message|Msg|Cmd|Evt|Notification|Request|Record)$")


@dataclass(frozen=True)
class Verdict:
    intent: str
    evidence: tuple[str, ...]
    confidence: float


def declared_intent(bases: Iterable[str], name: str) -> Optional[tuple[str, str]]:
    """``class OrderPlaced(DomainEvent)`` -> ("event", "derives from DomainEvent")."""
    for base in bases:
        short = base.rsplit(".", 1)[-1]
        if _EVENT_BASE.search(short):
            return "event", f"derives from {short}"
        if _COMMAND_BASE.search(short):
            return "command", f"derives from {short}"
    return None


def message_types(facts: Iterable[FileFacts], sites: Iterable[Site],
                  naming: Optional[NamingConfig] = None) -> list[MessageType]:
    """The classes used as messages: in a send, a consumer's annotation, a handler map, or by their base."""
    facts = list(facts)
    used = {site.message for site in sites if site.message}
    for file in facts:
        used.update(file.handlers)
    declared: dict[str, tuple[FileFacts, str, ClassFacts]] = {}
    for file in facts:
        for qualname, info in file.classes.items():
            declared[qualname] = (file, qualname, info)
    # a class is a message type if it is used as one, or derives (transitively) from a message-like base
    by_name: dict[str, list[str]] = {}
    for qualname, (_, _, info) in declared.items():
        by_name.setdefault(info.name, []).append(qualname)

    memo: dict[tuple[str, int], bool] = {}  # without it, classes sharing a name (Meta) make this exponential

    def message_like(qualname: str, depth: int = 0) -> bool:
        if depth > 6 or qualname not in declared:
            return False
        key = (qualname, depth)
        if key not in memo:
            memo[key] = False  # a cycle of bases reads as not message-like
            memo[key] = any(_MESSAGE_BASE.search(base.rsplit(".", 1)[-1]) and base.rsplit(".", 1)[-1] != "BaseModel"
                            or message_like(base, depth + 1)
                            or any(message_like(q, depth + 1) for q in by_name.get(base.rsplit(".", 1)[-1], ()))
                            for base in declared[qualname][2].bases)
        return memo[key]

    out: list[MessageType] = []
    for qualname, (file, _, info) in sorted(declared.items()):
        name = info.name
        if name not in used and not message_like(qualname):
            continue
        if name in ("Event", "Command", "Message", "DomainEvent", "BaseEvent", "BaseCommand"):
            continue  # the bases themselves
        bases = _all_bases(qualname, declared, by_name)
        verdict = classify_message(name, bases, naming)
        immutable = info.frozen
        if info.setters:
            immutable = False
        out.append(MessageType(
            name=name, qualname=qualname, path=file.path, line=info.line, bases=info.bases,
            kind=", ".join(info.features) or "class", immutable=immutable,
            setters=tuple(info.setters or ()), intent=verdict.intent, evidence=verdict.evidence,
            confidence=verdict.confidence))
    return out


def _all_bases(qualname: str, declared: Mapping, by_name: Mapping) -> list[str]:
    seen: list[str] = []
    todo = [qualname]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        entry = declared.get(current)
        if entry is None:
            continue
        for base in entry[2].bases:
            if base not in seen:
                seen.append(base)
                todo.append(base)
                todo.extend(by_name.get(base.rsplit(".", 1)[-1], ()))
    return seen


def classify_message(name: str, bases: Iterable[str], naming: Optional[NamingConfig] = None) -> Verdict:
    declared = declared_intent(bases, name)
    grammar = classify_name(name, naming)
    evidence = list(grammar.evidence)
    if declared is not None:
        evidence.insert(0, declared[1])
        if grammar.intent not in ("unclear", declared[0]):
            evidence.append(f"the declared {declared[0]} has a name that reads as a {grammar.intent}")
        return Verdict(declared[0], tuple(evidence), 0.9)
    return Verdict(grammar.intent, tuple(evidence), grammar.confidence)


def site_intent(site: Site, message_intents: Mapping[str, Verdict],
                naming: Optional[NamingConfig] = None) -> Site:
    """A site's intent from its API, its message's declared type and the grammar of its names."""
    score = 0.0
    evidence: list[str] = []
    if site.reply:
        score += 2
        evidence.append(f"waits for a reply ({site.api})")
    elif site.channel_kind == "task":
        score += 2
        evidence.append(f"task queue ({site.api})")
    elif site.delivery == "point-to-point":
        score += 1
        evidence.append(f"point-to-point delivery ({site.api})")
    elif site.delivery == "broadcast":
        score -= 1
        evidence.append(f"broadcast delivery ({site.api})")
    # What the message says it is weighs more than how it travels: the API tells the delivery, the name
    # and the declared type tell the intent (the seed: "what matters is intent").
    message = message_intents.get(site.message) if site.message else None
    if message is not None and message.intent != "unclear":
        weight = 2.5 if any(e.startswith("derives from") for e in message.evidence) else 2 * message.confidence
        score += weight if message.intent == "command" else -weight
        evidence.append(f"message {site.message}: {message.intent} ({message.evidence[0]})")
    name = site.channel if site.channel_kind not in ("task",) else (site.channel or "").rsplit(".", 1)[-1]
    if name and message is None:
        grammar = classify_name(name, naming)
        if grammar.intent != "unclear":
            score += 1.5 * grammar.confidence * (1 if grammar.intent == "command" else -1)
            evidence.append(f"channel {name!r}: {grammar.evidence[0] if grammar.evidence else grammar.intent}")
    intent = "command" if score > 0.5 else "event" if score < -0.5 else "unclear"
    return replace(site, intent=intent, evidence=site.evidence + tuple(evidence))


def apply_intents(sites: list[Site], types: list[MessageType],
                  naming: Optional[NamingConfig] = None) -> list[Site]:
    verdicts = {t.name: Verdict(t.intent, t.evidence, t.confidence) for t in types}
    for site in sites:
        if site.message and site.message not in verdicts:
            verdicts[site.message] = classify_message(site.message, (), naming)
    return [site_intent(site, verdicts, naming) for site in sites]
