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
task names (``["task", "faust:<qualname>"]``), as task queues do. Not sites: tables
(``app.Table``: changelog topics are internal state), timers, pages, in-memory
``app.channel()``; an agent's ``sink=[...]`` is not followed yet.
"""
from ..apis import REGISTRY as R, AllPositional, Arg, draft, select_channel

R.library_roots("faust")

_LIB = dict(library="faust", transport="kafka", kind="topic")
_APP = "faust.app"
_TOPIC = "faust.topic"
_PREFIX = "faust:"  # task-name namespace of faust agents


def _app_attrs(info):
    found = Arg(0, "id").find(info)
    return {"id": found["ir"], "id_text": found["text"]} if found else {}


R.constructor(["faust.App", "faust.app.App", "faust.app.base.App"], _APP, attrs=_app_attrs)


def _type_name(arg):
    if arg is None:
        return None
    qual = arg.get("qual") or arg.get("text") or ""
    name = qual.rsplit(".", 1)[-1]
    return name if name[:1].isupper() and name not in ("str", "bytes", "dict", "Any") else None


def _topic_attrs(base, info):
    ir, text = select_channel(info, AllPositional(kw="pattern"))
    if ir[0] == "unknown":
        return {}
    return {"name": ir, "text": text, "value_type": _type_name(Arg(None, "value_type").find(info))}


R.factory(_APP, ["topic"], _TOPIC, attrs=_topic_attrs)
R.annotation(["faust.TopicT", "faust.types.TopicT", "faust.Topic", "faust.topics.Topic"], _TOPIC)


def _channel_of(arg):
    """A channel argument: a topic object (by its name) or a string naming a topic."""
    if arg is None:
        return None
    tag = arg.get("tag") or {}
    if tag.get("kind") == _TOPIC:
        return tag.get("name") or ["unknown"], tag.get("text") or arg["text"], tag.get("value_type")
    if tag:
        return None  # another library's object
    return arg["ir"], arg["text"], None


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


def _agent(info):
    target = info["target"]
    if target["kind"] != "def":
        return []
    qualname = f"{info['module']}.{target['qualname']}" if info.get("module") else target["qualname"]
    given = _channel_of(Arg(0, "channel").find(info)) if info.get("called") else None
    evidence = []
    if given is not None:
        channel_ir, channel_expr, value_type = given
    else:
        name = Arg(None, "name").find(info) if info.get("called") else None
        name_ir = name["ir"] if name else ["lit", shorten_fqdn(qualname)]
        app_id = (info.get("recv") or {}).get("id") or ["hole"]
        channel_ir, channel_expr, value_type = ["cat", [app_id, ["lit", "-"], name_ir]], None, None
        evidence.append("the agent's own topic: {app id}-{agent name}")
    return [draft(info, role="consume", api="@app.agent", delivery="broadcast", channel_ir=channel_ir,
                  channel_expr=channel_expr, message=value_type, evidence=evidence,
                  task_def={"qualname": _PREFIX + qualname, "name_ir": channel_ir}, **_LIB)]


R.decorator_method(_APP, ["agent"], _agent)


def _stream(info):
    """``app.stream(topic)``: iterate a topic outside an agent."""
    given = _channel_of(Arg(0, "channel").find(info))
    if given is None:
        return []
    channel_ir, channel_expr, value_type = given
    return [draft(info, role="consume", api="app.stream", delivery="broadcast", channel_ir=channel_ir,
                  channel_expr=channel_expr, message=value_type, **_LIB)]


R.method(_APP, ["stream"], _stream)


def _value_class(info, pos=None):
    found = Arg(pos, "value").find(info)
    return found["cls"] if found else None


def _topic_send(info):
    recv = info["recv"]
    if recv.get("name") is None:
        return []
    return [draft(info, role="produce", api=f"topic.{info['method']}", delivery="broadcast",
                  channel_ir=recv["name"], channel_expr=recv.get("text") or info.get("recv_text"),
                  message=_value_class(info) or recv.get("value_type"), **_LIB)]


R.method(_TOPIC, ["send", "send_soon"], _topic_send)


def _app_send(info):
    given = _channel_of(Arg(0, "channel").find(info))
    if given is None:
        return []
    channel_ir, channel_expr, value_type = given
    return [draft(info, role="produce", api="app.send", delivery="broadcast", channel_ir=channel_ir,
                  channel_expr=channel_expr, message=_value_class(info, 2) or value_type, **_LIB)]


R.method(_APP, ["send"], _app_send)

# -- agents called by name: process_order.send(value=...), .cast(v), .ask(v) -----------------------------------
# (value position, waits for the reply); map/kvmap/join are left out: too common as method names
_AGENT_SENDS = {"send": (None, False), "cast": (0, False), "ask": (0, True), "ask_nowait": (0, True)}


def _agent_call(info):
    """``<agent>.<method>(...)`` on an untyped receiver that must be a faust agent of the project.

    Only on a function of the same module: on an imported name a draft from this fingerprint
    would keep the call from being matched at resolve time against the object another module
    exports (a Kafka producer's ``send``, an oslo client's ``cast``)."""
    qual = info.get("task_qual")
    if not qual or "celery" in (info.get("imports") or ()):
        return []
    pos, reply = _AGENT_SENDS[info["method"]]
    return [draft(info, role="produce", api=f"agent.{info['method']}",
                  delivery="point-to-point",  # addressed to one agent (its own topic)
                  channel_ir=["task", _PREFIX + qual], channel_expr=info.get("recv_text"),
                  message=_value_class(info, pos), reply=reply,
                  evidence=["agent call"], needs_task=True, **_LIB)]


R.fingerprint(list(_AGENT_SENDS), _agent_call, prefilter=False, gate=())  # needs a known agent
