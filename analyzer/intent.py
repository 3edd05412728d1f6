"""Name grammar: does a message or channel name read as a command, an event, or neither?

A command says "do this" (``PlaceOrder``, ``send_email``, ``billing.charge-customer``);
an event says "this happened" (``OrderPlaced``, ``payment.completed``, ``invoice_paid``,
``order-was-cancelled``); a name with no verb (``OrderMessage``, ``telemetry``) is
``unclear``. :func:`classify_name` returns the verdict with its evidence and a confidence.

How a name is read
------------------
1. Split into segments on hierarchy separators (``. / : \\ # | @ * + >``) and each
   segment into words on ``_``, ``-``, spaces and CamelCase (acronyms included:
   ``HTTPRequestSent`` -> http request sent). Versions (``v2``, ``v1beta1``, ``2024``)
   and single letters are dropped.
2. Trailing channel words (``queue``, ``topic``, ``dlq``, ``prod``...) are dropped;
   declared suffixes are recorded and dropped: ``Event``/``Evt``/``Events``/
   ``DomainEvent``/``IntegrationEvent`` (event), ``Command``/``Cmd``/``Commands``/
   ``Request``/``Instruction`` (command), ``Message``/``Msg``/``Payload``/``Notification``
   (neutral); the grammar of the rest decides (``SendEmailEvent`` is imperative).
   ``[tool.msglint.naming]`` adds suffixes (``event-suffixes``, ``command-suffixes``).
3. The decisive phrase is the last segment (``orders.v2.order-placed`` -> order placed;
   ``billing.tasks.send_invoice`` -> send invoice). A last segment that is only a
   lifecycle word or a particle takes the segment before it
   (``compute.instance.create.end`` -> create end, "create ended").
4. Each word is looked up in a real English lexicon (``data/verbs.tsv``, built by
   ``scripts/build_lexicon.py`` from LemmInflect / the SPECIALIST Lexicon) for its
   base, past, past-participle and gerund readings, irregular ones included (sent,
   paid, built, sold, won, held); whether the same spelling is also a noun or an
   adjective comes from the same lexicon. Words that end like a participle but are
   not one (red, bed, need, hundred, kitchen) are never read as facts.
5. Rules, in order: hook prefixes (``on_``/``after_``/``pre_``/``post_save``: an
   event); questions and modals (``IsOrderPaid``: unclear; ``trial_will_end``: a weak
   event); the last past participle or past tense, also after an auxiliary or before a
   particle (``order-was-cancelled``, ``UserLoggedIn``: event; unless a leading verb
   such as ``notify``/``publish``/``handle`` makes the fact its object,
   ``NotifyOrderShipped``, or the participle is an adjective before a noun,
   ``FailedPayment``, ``RetryFailedPayments``; a form that is also the base, ``reset``,
   ``set``, ``read``, stays ambiguous); lifecycle
   suffixes after a verb (``create.end``, ``SyncError``: event); replies
   (``...Response``: unclear); a leading base-form verb (imperative: command); a verb
   after a domain prefix (``BillingChargeCustomer``); ``resource.action``
   (``order.create``: a weak command); a trailing gerund (``OrderProcessing``:
   unclear, an activity); otherwise no verb (unclear).

Words that are both noun and verb (order, charge, ship, email, update, change,
request, report) are read by position: a leading one is an imperative verb
(``UpdateOrder``) unless it is a word that names usually use as a modifier
(``order``, ``email``, ``price``: ``OrderItem``, ``EmailAddress``) or the phrase ends
in a compound head (``ChangeLog``, ``RefundRequest``); anywhere else it is a noun
(``OrderUpdate``, ``PriceChange``: unclear, not a weak event, since a noun compound
states neither an order nor a fact).

The module is pure: the lexicon is read once, lazily, on the first call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping, NoReturn, Optional, Sequence

COMMAND, EVENT, UNCLEAR = "command", "event", "unclear"

__all__ = ["COMMAND", "EVENT", "UNCLEAR", "NameIntent", "NamingConfig", "classify_name", "tokenize"]


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


# ----------------------------------------------------------------------------- word lists
# Grammar words: small closed classes, not lexicon data.
_AUX = frozenset("is are was were be been being has have had get gets got gotten become became becomes".split())
_QUESTION_LEAD = frozenset("is are was were has had does did can could should would will shall must may might"
                           .split())
_MODALS = frozenset("will would should shall must can could may might".split())
_FUTURE = frozenset(("will", "shall"))
_NEGATION = frozenset(("not", "never", "no"))
_PARTICLES = frozenset("in out up down off on over back away through around along apart".split())
_PREPOSITIONS = frozenset("by to from for with at into onto via after before during within without of as "
                          "under about against per across between".split())
_STOP = frozenset(("the", "an", "and"))
_HOOKS = frozenset(("on", "upon", "when", "after", "before", "pre", "while", "once"))

# lifecycle words: after a verb they say how that action went (create.end = "create ended")
_PHASES = frozenset(("start", "end", "begin", "finish"))
_OUTCOMES = frozenset(("error", "errors", "failure", "fail", "success", "timeout", "done", "complete",
                       "completion", "ok", "abort"))
_LIFECYCLE = _PHASES | _OUTCOMES

# trailing words of channel names that say nothing about intent
_CHANNEL_WORDS = frozenset(("queue", "queues", "topic", "topics", "exchange", "stream", "streams", "channel",
                            "channels", "bus", "dlq", "dlx", "dlt", "fifo", "deadletter",
                            "sqs", "sns", "kafka", "pubsub", "prod", "production", "staging", "dev", "qa", "uat",
                            "sandbox", "local", "inbox", "outbox", "mailbox"))
_EVENT_SUFFIXES = (("domain", "event"), ("integration", "event"), ("event",), ("events",), ("evt",), ("evts",))
_COMMAND_SUFFIXES = (("command",), ("commands",), ("cmd",), ("cmds",), ("request",), ("requests",),
                     ("instruction",), ("instructions",))
_NEUTRAL_SUFFIXES = (("message",), ("messages",), ("msg",), ("msgs",), ("payload",), ("envelope",), ("dto",),
                     ("schema",), ("body",), ("notification",), ("notifications",), ("record",))
_DECLARED_PREFIXES = {"cmd": COMMAND, "command": COMMAND, "commands": COMMAND,
                      "evt": EVENT, "event": EVENT, "events": EVENT}

# replies to a command: neither an order nor a fact
_REPLY_HEADS = frozenset(("response", "responses", "reply", "replies", "result", "results", "ack", "nack",
                          "acknowledgement", "acknowledgment", "answer", "receipt"))

# Noun-and-verb words that names use as modifiers when they lead (OrderItem, EmailAddress, PriceChange).
_NOUN_FIRST = frozenset((
    "order", "email", "mail", "invoice", "item", "price", "address", "file", "account", "message", "event",
    "text", "phone", "contact", "stock", "ticket", "document", "product", "record", "note", "comment",
    "photo", "image", "video", "page", "task", "job", "table", "key", "value", "name", "title", "batch",
    "group", "team", "role", "state", "status", "type", "time", "date", "day", "profile", "cart", "basket",
    "bill", "package", "box", "user", "member", "credit", "card", "line", "feature", "cache", "queue",
    "stream", "model", "sample", "template", "welcome", "live", "free", "total", "average", "double",
    "single", "present", "prime", "default", "bulk", "mass", "master", "head", "back", "front", "side",
    "work", "rate", "level", "project", "notice", "data", "snapshot", "version", "light", "tweet",
    "audit", "session", "channel", "topic", "counter", "shard", "cluster", "host", "node", "server",
    "client", "partner", "vendor", "supplier", "bank", "wire", "cash", "fee", "tax", "quote", "cost",
    "budget", "balance", "loan", "mortgage", "policy", "claim", "estimate", "survey", "review",
    "vote", "poll", "trip", "flight", "room", "seat", "slot", "shift", "crew", "truck",
    "number", "service", "resource", "source", "site", "target", "screen", "space", "staff", "step",
    "segment", "content", "contract", "catalog", "catalogue", "program", "case", "party", "lead", "point",
    "plan", "term", "trade", "stage", "phase", "webhook", "signal", "alert", "web",
))
# Noun-and-verb words that names use as imperatives when they lead (UpdateOrder, HandleError).
_VERB_FIRST = frozenset((
    "update", "change", "handle", "process", "charge", "ship", "request", "reset", "check", "load", "start",
    "stop", "run", "call", "return", "save", "sync", "refund", "transfer", "upload", "download", "import",
    "export", "sort", "filter", "lock", "push", "pull", "merge", "scan", "print", "view", "track",
    "schedule", "close", "open", "clear", "clean", "cleanup", "backup", "setup", "checkout", "login",
    "logout", "signup", "signin", "signout", "rollback", "shutdown", "lookup", "restart", "release",
    "reserve", "build", "sign", "approve", "reject", "void", "capture", "settle", "grant", "revoke", "ban",
    "block", "flag", "tag", "label", "pin", "bookmark", "archive", "index", "purge", "flush", "report",
    "ping", "place", "move", "copy", "link", "add", "list", "query", "post", "reply", "forward", "escalate",
    "assign", "pay", "display", "render", "invite", "edit", "deploy", "install", "launch", "spawn",
    "redirect", "refresh", "insert", "recall", "rerun", "dispatch", "publish", "broadcast", "relay", "replay",
    "set", "log", "retry", "commit", "get", "put", "cut", "read", "hit", "quit", "split", "cast",
))
# Leading verbs whose object can be a whole fact (NotifyOrderShipped, PublishOrderPlaced,
# HandlePaymentFailed): the phrase stays an order although a participle follows. A noun-and-verb
# one needs a subject between it and the participle (HandleOrderPlaced, not BroadcastStarted).
_FACT_OBJECT_VERBS = frozenset((
    "notify", "inform", "tell", "announce", "publish", "republish", "broadcast", "emit", "handle",
    "propagate", "acknowledge", "ack", "ignore", "confirm", "simulate", "relay", "replay", "forward",
))
# Leading verbs whose object can be an outcome (ReportError, LogFailure, HandleTimeout).
_OUTCOME_OBJECT_VERBS = frozenset((
    "report", "log", "handle", "raise", "throw", "catch", "ignore", "record", "track", "notify", "alert",
    "fix", "resolve", "clear", "suppress", "send", "emit", "publish", "dispatch", "reset", "count",
    "simulate", "inject", "mask", "audit",
))
# Heads of noun compounds. After any leading noun-and-verb word, a "kind" head makes a noun
# compound (ChangeLog, LoginPage, ProcessId); after a neutral one (not a usual imperative), a
# "thing" head does too (TradeSummary, DispatchStatus), but UpdateStatus stays an order.
_KIND_HEADS = frozenset((
    "log", "logs", "form", "page", "id", "ids", "type", "types", "handler", "service",
    "worker", "listener", "consumer", "producer", "manager", "processor", "controller", "router",
    "provider", "adapter", "engine", "module", "gateway", "proxy", "pipeline", "api", "client", "server",
    "set", "sets", "list", "lists", "window", "interval", "history", "spec", "definition", "view", "url",
    "count", "counter", "limit", "limits", "policy", "attempt", "attempts", "button", "link", "screen",
    "dialog", "modal", "widget", "component", "method", "function", "mixin", "helper", "util", "utils",
    "jobs", "tasks", "indexer", "scheduler", "dispatcher", "publisher", "subscriber", "sender", "receiver",
    "notifier", "exporter", "importer", "uploader", "downloader", "renderer", "builder", "loader", "parser",
    "validator", "resolver", "runner", "executor", "collector", "aggregator", "emitter", "poller", "crawler",
    "logger", "monitor", "watcher", "reader", "writer", "daemon", "agent", "bot", "cron",
))
_THING_HEADS = _KIND_HEADS | frozenset((
    "status", "info", "details", "data", "summary", "entry", "entries", "map", "config", "settings", "feed",
    "rule", "rules",
    "template", "metrics", "stats", "job", "jobs", "task", "tasks", "number", "code", "token", "store",
    "repository", "repo", "registry", "cache", "buffer", "table", "header", "headers", "metadata", "meta",
    "context", "state", "field", "fields", "mode", "option", "options", "preferences", "plan", "date",
    "time", "timestamp", "address", "name", "queue", "topic", "stream", "schema", "model", "key", "keys",
    "amount", "total", "level", "report", "reason", "result", "score", "rate", "fee", "price", "value",
    "query", "queries", "term", "terms", "index", "engine",
))
# Participles that names use as adjectives before a noun (PreferredLanguage, SignedUrl, NestedItem).
_ADJECTIVAL_PARTICIPLES = frozenset((
    "preferred", "signed", "shared", "nested", "limited", "detailed", "advanced", "embedded", "distributed",
    "based", "related", "allowed", "supported", "required", "expected", "estimated", "associated", "linked",
    "saved", "cached", "encrypted", "compressed", "sorted", "paged", "paginated", "typed", "named", "sized",
    "managed", "hosted", "owned", "trusted", "recommended", "featured", "sponsored", "promoted",
    "restricted", "protected", "qualified", "unused", "known", "given", "hidden", "written", "spoken",
    "chosen", "unexpected", "localized", "formatted", "derived", "computed", "aggregated", "normalized",
))
_VERB_PREFIXES = frozenset(("un", "re", "de", "dis"))
_PREFIXES = ("un", "re", "de", "dis", "mis", "pre", "non", "over", "under", "out", "co", "auto", "multi",
             "sub", "super", "cross", "bulk", "batch", "up", "down", "back", "on", "off")


# ----------------------------------------------------------------------------- lexicon
class _Word:
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


class _Lexicon:
    def __init__(self, words: dict[str, _Word], not_past: frozenset[str]) -> None:
        self.words = words
        self.not_past = not_past
        self.blocked: frozenset[str] = frozenset()
        self._memo: dict[str, Optional[_Word]] = {}
        self.phrases: dict[tuple[tuple[str, ...], bool, int], "_Verdict"] = {}  # decisive phrase -> verdict

    def lookup(self, word: str) -> Optional[_Word]:
        try:
            return self._memo[word]
        except KeyError:
            pass
        info = None if word in self.blocked or word in _MODALS else self._derive(word)
        if len(self._memo) > 200000:
            self._memo.clear()
        self._memo[word] = info
        return info

    def _derive(self, word: str) -> Optional[_Word]:
        info = self.words.get(word)
        if info is not None:
            return info
        if word in self.not_past or len(word) < 4:
            return None
        for prefix in _PREFIXES:  # unpublished, reindexed, onboarded, deduplicated
            if word.startswith(prefix) and len(word) - len(prefix) >= 4:
                inner = self.words.get(word[len(prefix):])
                if inner is not None and "C" not in inner.flags:
                    derived = _Word()
                    # only verb prefixes make new base forms (unassign, redeliver); any prefix keeps a
                    # participle a participle (underpaid, autoscaled) but "outcome" is no verb
                    slots = ("base", "past", "participle", "gerund", "third") if prefix in _VERB_PREFIXES \
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
            derived = _Word()  # upserted, geocoded: an -ed word the lexicon does not know
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
    path = Path(__file__).resolve().parent / "data" / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    from importlib import resources  # an installed package that is not a plain folder
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")  # type: ignore


def _expand(base: str, column: str) -> list[str]:
    if column in ("", "-"):
        return []
    return [base + s[1:] if s.startswith("+") else s for s in column.split(",")]


_SLOTS = ("base", "past", "participle", "gerund", "third")


class _Forms(Mapping[str, "_Word"]):
    """The lexicon's spellings, each read into a ``_Word`` when first asked for: building all 33k
    up front cost a tenth of a second of every run. For each reading (slot) the first line of
    ``verbs.tsv`` that gives a spelling wins, as if the words were built line by line."""

    def __init__(self, slots: dict[str, dict[str, str]], flags: dict[str, str], cleared: frozenset[str]) -> None:
        self._slots = slots  # slot -> {spelling: lemma}
        self._flags = flags  # base form -> the flags of its first line
        self._cleared = cleared  # spellings whose only readings were taken away (led, fed): no reading
        self._made: dict[str, Optional[_Word]] = {}
        self._keys: Optional[frozenset[str]] = None

    def get(self, form: str, default: Optional[_Word] = None) -> Optional[_Word]:  # type: ignore[override]
        try:
            made = self._made[form]
        except KeyError:
            made = self._made[form] = self._make(form)
        return default if made is None else made

    def _make(self, form: str) -> Optional[_Word]:
        info: Optional[_Word] = None
        for slot in _SLOTS:
            lemma = self._slots[slot].get(form)
            if lemma is not None:
                if info is None:
                    info = _Word()
                setattr(info, slot, lemma)
        if info is not None and info.base is not None:
            info.flags = self._flags.get(form, "")
        if info is None and form in self._cleared:
            info = _Word()
        return info

    def __getitem__(self, form: str) -> _Word:
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
def _lexicon(naming: Optional[NamingConfig]) -> _Lexicon:
    words, not_past = _base_lexicon()
    if naming is None or not (naming.verbs or naming.nouns):
        return _Lexicon(words, not_past)
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
            info = _Word()
            old = extended.get(form)
            if old is not None:
                for attribute in _Word.__slots__:
                    setattr(info, attribute, getattr(old, attribute))
            if getattr(info, slot) is None:
                setattr(info, slot, base)
            if slot == "base":
                info.flags = info.flags.replace("C", "") if old is not None else ""
            if old is None or old.how:
                info.how = "configured verb"
            extended[form] = info
    lexicon = _Lexicon(extended, not_past)
    lexicon.blocked = frozenset(n.strip().lower() for n in naming.nouns if n.strip())
    return lexicon


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
class _Verdict:
    """A rule's verdict."""

    __slots__ = ("intent", "confidence", "evidence")

    def __init__(self, intent: str, confidence: float, *evidence: str) -> None:
        self.intent, self.confidence, self.evidence = intent, round(min(max(confidence, 0.0), 1.0), 2), evidence


def _phrase(words: Sequence[str]) -> str:
    return " ".join(words)


class _Reader:
    """The rules over one decisive phrase."""

    def __init__(self, lexicon: _Lexicon, words: list[str], context: bool, boundary: int) -> None:
        self.lex = lexicon
        self.words = words
        self.n = len(words)
        self.context = context        # earlier segments exist (a subject or domain before the phrase)
        self.boundary = boundary      # index where a merged lifecycle/particle segment starts, else -1
        self.info = lexicon.lookup
        self.infos = [lexicon.lookup(word) for word in words]

    # word readings ---------------------------------------------------------
    def base(self, word: str) -> Optional[_Word]:
        info = self.info(word)
        return info if info is not None and info.base is not None else None

    @staticmethod
    def ambiguous(info: _Word) -> bool:
        flags = info.flags
        return "N" in flags or "A" in flags or "C" in flags

    def fact(self, index: int) -> Optional[_Word]:
        info = self.infos[index]
        if info is None or (info.participle is None and info.past is None):
            return None
        return info

    def gloss_fact(self, word: str, info: _Word) -> str:
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
        return word in _PARTICLES or word in _PREPOSITIONS

    # rules -----------------------------------------------------------------
    def read(self) -> _Verdict:
        if self.n >= 2:
            verdict = self.hooks() or self.questions()
            if verdict is not None:
                return verdict
        return (self.participle() or self.lifecycle() or self.reply() or self.imperative() or
                self.domain_prefix() or self.resource_action() or self.gerund() or self.no_verb())

    def hooks(self) -> Optional[_Verdict]:
        words = self.words
        if self.n < 2:
            return None
        first, second = words[0], words[1]
        hook = first in _HOOKS
        if first == "post" and self.n == 2:  # post_save, post_delete; not post_message
            info = self.base(second)
            hook = info is not None and second not in _NOUN_FIRST and (
                "N" not in info.flags or second in _VERB_FIRST)
        if not hook:
            return None
        rest = _Reader(self.lex, words[1:], True, -1).read()
        if rest.intent == EVENT:
            return _Verdict(EVENT, rest.confidence, f"'{first}' + a fact names the moment it happened",
                           *rest.evidence)
        return _Verdict(EVENT, 0.6, f"hook prefix '{first}' before '{_phrase(words[1:])}' names a moment "
                                   f"in another action (a notification)")

    def questions(self) -> Optional[_Verdict]:
        words = self.words
        if self.n >= 2 and words[0] in _QUESTION_LEAD:
            return _Verdict(UNCLEAR, 0.6, f"'{_phrase(words)}' is a question or a modal, neither an order "
                                         f"nor a fact")
        for i in range(1, self.n - 1):
            if words[i] in _MODALS and self.base(words[i + 1]) is not None:
                if words[i] in _FUTURE:
                    return _Verdict(EVENT, 0.55, f"'{words[i]} {words[i + 1]}' announces a future fact")
                return _Verdict(UNCLEAR, 0.5, f"modal '{words[i]}' before '{words[i + 1]}': neither an "
                                             f"order nor a fact")
        return None

    def strong_lead(self, word: str) -> bool:
        """A leading word that reads as an imperative even before a noun (Retry, Archive, Send)."""
        info = self.base(word)
        if info is None or word in _NOUN_FIRST or self.fact(0) is not None and self.words[0] == word \
                and info.base != info.fact_lemma:
            return False
        return not self.ambiguous(info) or word in _VERB_FIRST

    def participle(self) -> Optional[_Verdict]:
        words, n = self.words, self.n
        for i in range(n - 1, -1, -1):
            info = self.fact(i)
            if info is None:
                continue
            word = words[i]
            j = i - 1
            while j >= 0 and words[j] in _NEGATION:
                j -= 1
            gloss = self.gloss_fact(word, info)
            same_base = info.base is not None and info.base == info.fact_lemma  # set, reset, read, put
            if j >= 1 and words[j] == "as" and self.base(words[0]) is not None and self.fact(0) is None:
                return _Verdict(COMMAND, 0.75, f"'{words[0]}' leads as an imperative verb; '{word}' is its "
                                              f"complement ('as {word}')")
            if j >= 0 and words[j] in _AUX:
                return _Verdict(EVENT, 0.95, f"{gloss}, after '{words[j]}'")
            tail = words[i + 1:]
            tail_kind = "none" if not tail else "prep" if self.is_prep(tail[0]) else "noun"
            if i == 0 and info.base is not None and (same_base or n > 1):
                if n == 1:
                    if self.context:
                        return _Verdict(COMMAND, 0.45, f"'{word}' after a resource reads as resource.action "
                                                      f"(it can also be the past participle)")
                    return _Verdict(UNCLEAR, 0.4, f"'{word}' can be a base form or a past participle")
                return None  # a leading base form: the imperative reading (ResetPassword, ReadFile)
            if same_base:
                if tail_kind == "noun":
                    continue  # inside a noun phrase (DataSetId)
                return _Verdict(UNCLEAR, 0.4, f"'{word}' can be the base form or the past participle of "
                                             f"'{info.base}'")
            if i == 0:
                if tail_kind == "noun" and not self.context:
                    return _Verdict(UNCLEAR, 0.4, f"{gloss}, used as an adjective before '{_phrase(tail)}'")
                confidence = 0.7 if tail_kind == "noun" else 0.85 if self.context else 0.7
                if tail_kind == "prep":
                    confidence += 0.05
                return _Verdict(EVENT, confidence, gloss)
            lead = words[0]
            lead_info = self.base(lead)
            if lead in _FACT_OBJECT_VERBS and lead_info is not None and self.fact(0) is None and \
                    (not self.ambiguous(lead_info) or i >= 2):
                return _Verdict(COMMAND, 0.75, f"'{lead}' leads as an imperative verb whose object is the fact "
                                              f"'{_phrase(words[1:])}'")
            if tail_kind == "noun":
                if self.strong_lead(lead):
                    return _Verdict(COMMAND, 0.75, f"'{lead}' leads as an imperative verb; '{word}' describes "
                                                  f"'{_phrase(tail)}'")
                if word in _ADJECTIVAL_PARTICIPLES:
                    continue  # an adjective inside a noun phrase (UserPreferredLanguage)
                return _Verdict(EVENT, 0.7, f"{gloss}, after '{_phrase(words[:i])}'")
            confidence = 0.9 if info.how == "" or info.how.startswith("configured") else \
                0.6 if info.how.startswith("unknown") else 0.85
            return _Verdict(EVENT, confidence, f"{gloss}, after '{_phrase(words[:i])}'")
        return None

    def verb_before_lifecycle(self, word: str, phrasal: bool = False) -> bool:
        """A word that a lifecycle suffix can follow as "that action started/ended/failed"."""
        info = self.info(word)
        if info is None or word in _NOUN_FIRST:
            return False
        if info.gerund is not None and info.base is None:
            return True  # processing.error
        return info.base is not None and (phrasal or word in _VERB_FIRST or not self.ambiguous(info))

    def lifecycle(self) -> Optional[_Verdict]:
        words, n = self.words, self.n
        last = words[-1]
        if n < 2 or last not in _LIFECYCLE:
            return None
        previous = words[-2]
        segment = words[:-1]
        if self.boundary == n - 1:  # compute.instance.create.end, scheduler.select_destinations.start
            for k in {0, len(segment) - 1}:
                phrasal = k + 1 < len(segment) and segment[k + 1] in _PARTICLES  # power_off
                if self.verb_before_lifecycle(segment[k], phrasal):
                    return _Verdict(EVENT, 0.85, f"lifecycle suffix '{last}' after the verb '{segment[k]}' "
                                                f"('{_phrase(segment)}' {_lifecycle_gloss(last)})")
        else:
            lead = words[0]
            if last in _OUTCOMES and lead in _OUTCOME_OBJECT_VERBS and self.base(lead) is not None:
                return None  # ReportError, LogFailure, HandleTimeout: the outcome is the object of an order
            if self.verb_before_lifecycle(previous):
                return _Verdict(EVENT, 0.75, f"lifecycle suffix '{last}' after the verb '{previous}' "
                                            f"('{previous}' {_lifecycle_gloss(last)})")
            if n >= 3 and self.verb_before_lifecycle(lead):
                return _Verdict(EVENT, 0.7, f"lifecycle suffix '{last}' after the verb phrase "
                                           f"'{_phrase(segment)}' ('{_phrase(segment)}' {_lifecycle_gloss(last)})")
        if last in _OUTCOMES:
            return _Verdict(EVENT, 0.55, f"outcome '{last}' of '{_phrase(segment)}' (a weak fact)")
        return _Verdict(UNCLEAR, 0.4, f"phase '{last}' after the noun '{previous}': a fact "
                                     f"('{previous} {_lifecycle_gloss(last)}') or an order")

    def reply(self) -> Optional[_Verdict]:
        if self.n >= 2 and self.words[-1] in _REPLY_HEADS:
            return _Verdict(UNCLEAR, 0.5, f"'{self.words[-1]}' names a reply to "
                                         f"'{_phrase(self.words[:-1])}', neither an order nor a fact")
        return None

    def imperative(self) -> Optional[_Verdict]:
        words, n = self.words, self.n
        lead = words[0]
        info = self.base(lead)
        if info is None or lead in _NOUN_FIRST:
            return None
        if not self.ambiguous(info):
            if n == 1:
                how = "after a resource (resource.action)" if self.context else "on its own"
                return _Verdict(COMMAND, 0.6, f"'{lead}' is an imperative verb {how}")
            return _Verdict(COMMAND, 0.9, f"'{lead}' leads as an imperative verb")
        kinds = "a noun" if "N" in info.flags or "C" in info.flags else "an adjective"
        if n == 1:
            return _Verdict(UNCLEAR, 0.4, f"'{lead}' alone can be a verb or {kinds}")
        if n == 2 and self.is_prep(words[1]):
            return _Verdict(COMMAND, 0.75, f"'{lead} {words[1]}' leads as an imperative phrasal verb")
        heads = _KIND_HEADS if lead in _VERB_FIRST else _THING_HEADS
        if words[-1] in heads:
            return _Verdict(UNCLEAR, 0.45, f"'{_phrase(words)}' reads as a noun compound (head "
                                          f"'{words[-1]}'); '{lead}' can also be an imperative verb")
        confidence = 0.8 if lead in _VERB_FIRST else 0.7
        return _Verdict(COMMAND, confidence, f"'{lead}' leads as an imperative verb (it can also be {kinds})")

    def domain_prefix(self) -> Optional[_Verdict]:
        words, n = self.words, self.n
        if n < 3 or words[-1] in _KIND_HEADS:
            return None
        for j in range(1, n - 1):
            word = words[j]
            info = self.base(word)
            if info is None or word in _NOUN_FIRST:
                continue
            if self.ambiguous(info) and word not in _VERB_FIRST:
                continue
            if all(self.is_prep(w) for w in words[j + 1:]):
                return None
            return _Verdict(COMMAND, 0.6, f"'{word}' reads as an imperative verb after the prefix "
                                         f"'{_phrase(words[:j])}'")
        return None

    def resource_action(self) -> Optional[_Verdict]:
        words = self.words
        if self.n < 2:
            return None
        last = words[-1]
        info = self.base(last)
        if info is None or self.ambiguous(info) or last in _NOUN_FIRST:
            return None
        return _Verdict(COMMAND, 0.55, f"'{last}' after '{_phrase(words[:-1])}' reads as resource.action "
                                      f"(an imperative verb last)")

    def gerund(self) -> Optional[_Verdict]:
        if self.n < 2:
            return None  # billing, shipping, pricing: a domain noun on its own
        last = self.words[-1]
        info = self.info(last)
        if info is not None and info.gerund is not None:
            return _Verdict(UNCLEAR, 0.45, f"'{last}' (gerund of '{info.gerund}') names an activity, neither "
                                          f"an order nor a fact")
        return None

    def no_verb(self) -> _Verdict:
        words = self.words
        readable = [w for w in words if self.base(w) is not None]
        if readable:
            return _Verdict(UNCLEAR, 0.5, f"no verb reading in '{_phrase(words)}' ('{readable[0]}' reads as "
                                         f"a noun here)")
        return _Verdict(UNCLEAR, 0.8, f"no verb in '{_phrase(words)}'")


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
    entries += [(s, EVENT) for s in _EVENT_SUFFIXES] + [(s, COMMAND) for s in _COMMAND_SUFFIXES]
    entries += [(s, None) for s in _NEUTRAL_SUFFIXES]
    table: dict[str, list[tuple[tuple[str, ...], Optional[str]]]] = {}
    for words, entry_kind in entries:
        bucket = table.setdefault(words[-1], [])
        if all(existing != words for existing, _ in bucket):  # configured ones win
            bucket.append((words, entry_kind))
    for bucket in table.values():
        bucket.sort(key=lambda entry: -len(entry[0]))  # IntegrationEvent before Event
    return table


_OBJECT_SUFFIXES = frozenset(("message", "messages", "msg", "msgs"))


def _lone_participle(lexicon: _Lexicon, word: str) -> bool:
    info = lexicon.lookup(word)
    return info is not None and info.base is None and (info.participle is not None or info.past is not None)


def _strong_verb(lexicon: _Lexicon, word: str) -> bool:
    info = lexicon.lookup(word)
    if info is None or info.base is None or word in _NOUN_FIRST:
        return False
    return word in _VERB_FIRST or not any(flag in info.flags for flag in "NAC")


def classify_name(name: str, naming: Optional[NamingConfig] = None) -> NameIntent:
    """Read a message or channel name: "command", "event" or "unclear", with evidence."""
    return _classify(name or "", naming)


def prepare(naming: Optional[NamingConfig] = None) -> None:
    """Builds the lexicon now (about 0.1 s), e.g. while worker processes parse."""
    _setup(naming)


class _Setup:
    """What a configuration changes: the lexicon and the suffix table (built once per config)."""

    def __init__(self, naming: Optional[NamingConfig]) -> None:
        self.lexicon = _lexicon(naming)
        self.suffixes = _suffix_table(naming)
        self.strippable = frozenset(self.suffixes) | _CHANNEL_WORDS


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
        if last[1] in _CHANNEL_WORDS:
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
    if len(flat) > 1 and flat[0][1] in _DECLARED_PREFIXES:
        kind = _DECLARED_PREFIXES[flat[0][1]]
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
    if not _STOP.isdisjoint(tokens):
        flat = [item for item in flat if item[1] not in _STOP] or flat
    declared = _strip(flat, setup, notes) if flat and (flat[-1][1] in setup.strippable or
                                                        flat[0][1] in _DECLARED_PREFIXES) else None
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
        if len(phrase) == 1 and (phrase[0] in _LIFECYCLE or phrase[0] in _PARTICLES):
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
