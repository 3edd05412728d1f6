"""Faust stream processing (api_catalog.md 6.2; the faust-streaming fork has the same API), Kafka topics.

``app = faust.App("orders")``; ``topic = app.topic("orders", value_type=Order)``
names a topic (the tag keeps its name and value type). ``@app.agent(topic)``
consumes the topic (a string names a topic too); with no channel the agent reads
its own topic ``"{app id}-{agent name}"``, the name being ``name=`` or faust's
``canonshortname`` of the function (``module.qualname``, shortened past 32
characters). ``await topic.send(value=...)``, ``topic.send_soon``, ``app.send(topic,
...)`` produce (broadcast); ``agent.send(value=...)`` / ``agent.cast(value)`` address
one agent (its own topic, point-to-point) and ``agent.ask(value)`` waits for its
answer. Agent calls are matched to the decorated function through the project's
task names (``TaskRef("faust:<qualname>")``), as task queues do. Not sites: tables
(``app.Table``: changelog topics are internal state), timers, pages, in-memory
``app.channel()``; an agent's ``sink=[...]`` is not followed yet.
"""
from __future__ import annotations

from typing import Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..facts import Draft, TaskDef
from ..registry import About, AllPositional, Arg, Registry, draft
from ..values import HOLE, UNKNOWN, Concat, Lit, TaskRef, Value, is_known

_LIB = dict(library="faust", transport="kafka", kind="topic")
_APP = "faust.app"
_TOPIC = "faust.topic"
_PREFIX = "faust:"  # task-name namespace of faust agents


def _app_attrs(info: CallInfo) -> dict:
    found = Arg(0, "id").find(info)
    return {"id": found.value, "id_text": found.text} if found else {}


def _type_name(arg: Optional[ArgInfo]) -> Optional[str]:
    if arg is None:
        return None
    qual = arg.qual or arg.text or ""
    name = qual.rsplit(".", 1)[-1]
    return name if name[:1].isupper() and name not in ("str", "bytes", "dict", "Any") else None


def _topic_attrs(base: Tag, info: CallInfo) -> dict:
    value, text = AllPositional(kw="pattern").select(info)
    if not is_known(value):
        return {}
    return {"name": value, "text": text, "value_type": _type_name(Arg(None, "value_type").find(info))}


def _channel_of(arg: Optional[ArgInfo]) -> Optional[tuple[Value, Optional[str], Optional[str]]]:
    """A channel argument: a topic object (by its name) or a string naming a topic."""
    if arg is None:
        return None
    tag = arg.tag
    if tag is not None and tag.kind == _TOPIC:
        return tag.get("name") or UNKNOWN, tag.get("text") or arg.text, tag.get("value_type")
    if tag is not None:
        return None  # another library's object
    return arg.value, arg.text, None


def shorten_fqdn(name: str, limit: int = 32) -> str:
    """faust (mode.utils.text) shortens long agent names: ``module[.]func`` with the module cut."""
    if len(name) > limit:
        module, sep, func = name.rpartition(".")
        if sep:
            keep = limit - len(func) - 3
            if len(module) > keep:
                module = module[:keep]
            return f"{module}[.]{func}"
    return name


def _agent(info: CallInfo) -> list[Draft]:
    target = info.target
    if target.is_class:
        return []
    qualname = f"{info.module}.{target.qualname}" if info.module else target.qualname
    given = _channel_of(Arg(0, "channel").find(info)) if info.called else None
    evidence = []
    if given is not None:
        channel, channel_expr, value_type = given
    else:
        name = Arg(None, "name").find(info) if info.called else None
        name_value = name.value if name else Lit(shorten_fqdn(qualname))
        app_id = (info.recv.get("id") if info.recv is not None else None) or HOLE
        channel, channel_expr, value_type = Concat((app_id, Lit("-"), name_value)), None, None
        evidence.append("the agent's own topic: {app id}-{agent name}")
    return [draft(info, role="consume", api="@app.agent", delivery="broadcast", channel=channel,
                  channel_expr=channel_expr, message=value_type, evidence=evidence,
                  task_def=TaskDef(key=_PREFIX + qualname, name=channel), **_LIB)]


def _stream(info: CallInfo) -> list[Draft]:
    """``app.stream(topic)``: iterate a topic outside an agent."""
    given = _channel_of(Arg(0, "channel").find(info))
    if given is None:
        return []
    channel, channel_expr, value_type = given
    return [draft(info, role="consume", api="app.stream", delivery="broadcast", channel=channel,
                  channel_expr=channel_expr, message=value_type, **_LIB)]


def _value_class(info: CallInfo, pos: Optional[int] = None) -> Optional[str]:
    found = Arg(pos, "value").find(info)
    return found.message if found else None


def _topic_send(info: CallInfo) -> list[Draft]:
    recv = info.recv
    if recv.get("name") is None:
        return []
    return [draft(info, role="produce", api=f"topic.{info.method}", delivery="broadcast",
                  channel=recv.get("name"), channel_expr=recv.get("text") or info.recv_text,
                  message=_value_class(info) or recv.get("value_type"), **_LIB)]


def _app_send(info: CallInfo) -> list[Draft]:
    given = _channel_of(Arg(0, "channel").find(info))
    if given is None:
        return []
    channel, channel_expr, value_type = given
    return [draft(info, role="produce", api="app.send", delivery="broadcast", channel=channel,
                  channel_expr=channel_expr, message=_value_class(info, 2) or value_type, **_LIB)]


# -- agents called by name: process_order.send(value=...), .cast(v), .ask(v) -----------------------------------
# (value position, waits for the reply); map/kvmap/join are left out: too common as method names
_AGENT_SENDS = {"send": (None, False), "cast": (0, False), "ask": (0, True), "ask_nowait": (0, True)}


def _agent_call(info: CallInfo) -> list[Draft]:
    """``<agent>.<method>(...)`` on an untyped receiver that must be a faust agent of the project.

    Only on a function of the same module: on an imported name a draft from this fingerprint
    would keep the call from being matched at resolve time against the object another module
    exports (a Kafka producer's ``send``, an oslo client's ``cast``)."""
    qual = info.task_qual
    if not qual or "celery" in info.imports:
        return []
    pos, reply = _AGENT_SENDS[info.method]
    # needs_task: a known agent (the file does not import celery, so unless_imported never applies)
    return [draft(info, role="produce", api=f"agent.{info.method}",
                  delivery="point-to-point",  # addressed to one agent (its own topic)
                  channel=TaskRef(_PREFIX + qual), channel_expr=info.recv_text,
                  message=_value_class(info, pos), reply=reply,
                  evidence=["agent call"], needs_task=True, unless_imported="celery", **_LIB)]


ABOUT = About(
    names="faust",
    produce="`topic.send`, `app.send`, `agent.send`/`cast`, `agent.ask` (waits for reply)",
    consume="`@app.agent`",
    emits=("faust",),
)


def register(r: Registry) -> None:
    r.message_base("faust.Record", "faust-record")  # class Order(faust.Record): a message record
    r.library_roots("faust")
    r.constructor(["faust.App", "faust.app.App", "faust.app.base.App"], _APP, attrs=_app_attrs)
    r.factory(_APP, ["topic"], _TOPIC, attrs=_topic_attrs)
    r.annotation(["faust.TopicT", "faust.types.TopicT", "faust.Topic", "faust.topics.Topic"], _TOPIC)
    r.decorator_method(_APP, ["agent"], _agent)
    r.method(_APP, ["stream"], _stream)
    r.method(_TOPIC, ["send", "send_soon"], _topic_send)
    r.method(_APP, ["send"], _app_send)
    r.fingerprint(list(_AGENT_SENDS), _agent_call, prefilter=False, gate=())  # needs a known agent
