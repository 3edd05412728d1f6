"""The closed word classes of the name grammar: auxiliaries, particles, channel words, suffixes, and the
open-class words whose position in a name decides how they read. Lexicon data lives in ``data/``."""
from __future__ import annotations

from .config import COMMAND, EVENT

# Grammar words: small closed classes, not lexicon data.
AUX = frozenset("is are was were be been being has have had get gets got gotten become became becomes".split())
QUESTION_LEAD = frozenset("is are was were has had does did can could should would will shall must may might"
                           .split())
MODALS = frozenset("will would should shall must can could may might".split())
FUTURE = frozenset(("will", "shall"))
NEGATION = frozenset(("not", "never", "no"))
PARTICLES = frozenset("in out up down off on over back away through around along apart".split())
PREPOSITIONS = frozenset("by to from for with at into onto via after before during within without of as "
                          "under about against per across between".split())
STOP = frozenset(("the", "an", "and"))
HOOKS = frozenset(("on", "upon", "when", "after", "before", "pre", "while", "once"))

# lifecycle words: after a verb they say how that action went (create.end = "create ended")
PHASES = frozenset(("start", "end", "begin", "finish"))
OUTCOMES = frozenset(("error", "errors", "failure", "fail", "success", "timeout", "done", "complete",
                       "completion", "ok", "abort"))
LIFECYCLE = PHASES | OUTCOMES

# trailing words of channel names that say nothing about intent
CHANNEL_WORDS = frozenset(("queue", "queues", "topic", "topics", "exchange", "stream", "streams", "channel",
                            "channels", "bus", "dlq", "dlx", "dlt", "fifo", "deadletter",
                            "sqs", "sns", "kafka", "pubsub", "prod", "production", "staging", "dev", "qa", "uat",
                            "sandbox", "local", "inbox", "outbox", "mailbox"))
EVENT_SUFFIXES = (("domain", "event"), ("integration", "event"), ("event",), ("events",), ("evt",), ("evts",))
COMMAND_SUFFIXES = (("command",), ("commands",), ("cmd",), ("cmds",), ("request",), ("requests",),
                     ("instruction",), ("instructions",))
NEUTRAL_SUFFIXES = (("message",), ("messages",), ("msg",), ("msgs",), ("payload",), ("envelope",), ("dto",),
                     ("schema",), ("body",), ("notification",), ("notifications",), ("record",))
DECLARED_PREFIXES = {"cmd": COMMAND, "command": COMMAND, "commands": COMMAND,
                      "evt": EVENT, "event": EVENT, "events": EVENT}

# replies to a command: neither an order nor a fact
REPLY_HEADS = frozenset(("response", "responses", "reply", "replies", "result", "results", "ack", "nack",
                          "acknowledgement", "acknowledgment", "answer", "receipt"))

# Noun-and-verb words that names use as modifiers when they lead (OrderItem, EmailAddress, PriceChange).
NOUN_FIRST = frozenset((
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
VERB_FIRST = frozenset((
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
FACT_OBJECT_VERBS = frozenset((
    "notify", "inform", "tell", "announce", "publish", "republish", "broadcast", "emit", "handle",
    "propagate", "acknowledge", "ack", "ignore", "confirm", "simulate", "relay", "replay", "forward",
))
# Leading verbs whose object can be an outcome (ReportError, LogFailure, HandleTimeout).
OUTCOME_OBJECT_VERBS = frozenset((
    "report", "log", "handle", "raise", "throw", "catch", "ignore", "record", "track", "notify", "alert",
    "fix", "resolve", "clear", "suppress", "send", "emit", "publish", "dispatch", "reset", "count",
    "simulate", "inject", "mask", "audit",
))
# Heads of noun compounds. After any leading noun-and-verb word, a "kind" head makes a noun
# compound (ChangeLog, LoginPage, ProcessId); after a neutral one (not a usual imperative), a
# "thing" head does too (TradeSummary, DispatchStatus), but UpdateStatus stays an order.
KIND_HEADS = frozenset((
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
THING_HEADS = KIND_HEADS | frozenset((
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
ADJECTIVAL_PARTICIPLES = frozenset((
    "preferred", "signed", "shared", "nested", "limited", "detailed", "advanced", "embedded", "distributed",
    "based", "related", "allowed", "supported", "required", "expected", "estimated", "associated", "linked",
    "saved", "cached", "encrypted", "compressed", "sorted", "paged", "paginated", "typed", "named", "sized",
    "managed", "hosted", "owned", "trusted", "recommended", "featured", "sponsored", "promoted",
    "restricted", "protected", "qualified", "unused", "known", "given", "hidden", "written", "spoken",
    "chosen", "unexpected", "localized", "formatted", "derived", "computed", "aggregated", "normalized",
))
VERB_PREFIXES = frozenset(("un", "re", "de", "dis"))
PREFIXES = ("un", "re", "de", "dis", "mis", "pre", "non", "over", "under", "out", "co", "auto", "multi",
             "sub", "super", "cross", "bulk", "batch", "up", "down", "back", "on", "off")
