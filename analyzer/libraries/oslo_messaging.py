"""oslo.messaging RPC and notifications (api_catalog.md 6.4), AMQP topic exchanges.

RPC: a ``Target(topic=, server=, fanout=)`` addresses a topic; a client built from
it (``RPCClient(transport, target)`` / ``get_rpc_client(transport, target)``), and
each ``client.prepare(topic=, server=, fanout=, ...)`` that overrides it, sends with
``cast(ctxt, method, **kw)`` (point-to-point; ``fanout=True`` every server) and
``call(ctxt, method, **kw)`` (waits for the reply). The channel is the topic
(kind=topic) and the message is the remote method's name. ``get_rpc_server(transport,
target, endpoints)`` consumes the target's topic.

Notifications: ``Notifier(transport, publisher_id=, topics=)`` (``.prepare(publisher_id=)``)
sends ``info/warn/error/...(ctxt, event_type, payload)``: kind=event_type, channel =
the event type, broadcast. ``get_notification_listener(transport, [Target(topic=)],
endpoints)`` consumes the notification topics (kind=topic, one site per target).

``Target(...)`` is an entity that stands for its topic, so a project wrapper such as
``def get_server(target, endpoints): return messaging.get_rpc_server(TRANSPORT, target,
endpoints)`` is resolved at its call sites like any other wrapper.
"""
from __future__ import annotations

from typing import Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..facts import Draft
from ..registry import BY_NAME, About, Arg, Registry, draft
from ..values import UNKNOWN, Lit, is_known

_LIB = dict(library="oslo.messaging", transport="amqp")
_TARGET = "oslo.target"
_CLIENT = "oslo.rpc_client"
_NOTIFIER = "oslo.notifier"
_PRIORITIES = ("audit", "debug", "info", "warn", "warning", "error", "critical", "sample")

_M = "oslo_messaging"
_TARGETS = [f"{_M}.Target", f"{_M}.target.Target"]
_CLIENTS = [f"{_M}.RPCClient", f"{_M}.get_rpc_client", f"{_M}.rpc.RPCClient", f"{_M}.rpc.get_rpc_client",
            f"{_M}.rpc.client.RPCClient", f"{_M}.rpc.client.get_rpc_client"]
_SERVERS = [f"{_M}.get_rpc_server", f"{_M}.rpc.get_rpc_server", f"{_M}.rpc.server.get_rpc_server",
            f"{_M}.rpc.server.RPCServer", f"{_M}.rpc.RPCServer"]
_NOTIFIERS = [f"{_M}.Notifier", f"{_M}.notify.Notifier", f"{_M}.notify.notifier.Notifier"]
_LISTENERS = [f"{_M}.get_notification_listener", f"{_M}.get_batch_notification_listener",
              f"{_M}.notify.get_notification_listener", f"{_M}.notify.get_batch_notification_listener",
              f"{_M}.notify.listener.get_notification_listener",
              f"{_M}.notify.listener.get_batch_notification_listener"]


def _is_true(arg: Optional[ArgInfo]) -> bool:
    return arg is not None and arg.text == "True"


def _address(info: CallInfo, positions: dict) -> dict:
    """topic/server/exchange values and the fanout flag of ``Target(...)`` or ``prepare(...)``."""
    attrs = {}
    for key in ("topic", "server", "exchange"):
        found = Arg(positions.get(key), key).find(info)
        if found is not None and found.text != "None":
            attrs[key] = found.value
            attrs[f"{key}_text"] = found.text
    fanout = Arg(positions.get("fanout"), "fanout").find(info)
    if fanout is not None:
        attrs["fanout"] = _is_true(fanout)
    return attrs


# Target(exchange=None, topic=None, namespace=None, version=None, server=None, fanout=None)
_TARGET_POSITIONS = {"exchange": 0, "topic": 1, "server": 4, "fanout": 5}


def _client_attrs(info: CallInfo) -> dict:
    """``RPCClient(transport, target)``: the target's address (a Target object, or any value
    whose text is the topic, such as a wrapper's parameter)."""
    target = Arg(1, "target").find(info)
    if target is None:
        return {}
    if target.tag is not None and target.tag.kind == _TARGET:
        return dict(target.tag.attrs)
    if not is_known(target.value):
        return {}
    return {"topic": target.value, "topic_text": target.text}


def _prepare(base: Tag, info: CallInfo) -> dict:
    attrs = dict(base.attrs)
    attrs.update(_address(info, {}))
    return attrs


def _rpc_send(info: CallInfo) -> list[Draft]:
    """``cctxt.cast(ctxt, 'method', **kw)`` / ``cctxt.call(...)``."""
    recv = info.recv
    method = Arg(1, "method").find(info)
    reply = info.method == "call"
    fanout = bool(recv.get("fanout"))
    evidence = ["fanout: every server of the topic"] if fanout else []
    evidence_values = {"method": method.value} if method is not None else {}
    for key in ("server", "exchange"):
        if recv.get(key) is not None:
            evidence_values[key] = recv.get(key)
    message = method.value.text if method is not None and type(method.value) is Lit else None
    return [draft(info, role="produce", api=f"RPCClient.{info.method}", kind="topic",
                  delivery="broadcast" if fanout and not reply else "point-to-point",
                  channel=recv.get("topic") or UNKNOWN, channel_expr=recv.get("topic_text"),
                  message=message, reply=reply, evidence=evidence, evidence_values=evidence_values, **_LIB)]


def _rpc_server(info: CallInfo) -> list[Draft]:
    """``get_rpc_server(transport, target, endpoints)``: the server consumes the target's topic
    (its own ``topic.server`` queue and the topic's fanout queue too)."""
    target = Arg(1, "target").find(info)
    if target is None:
        return []
    tag = target.tag
    channel = tag.get("topic") if tag is not None and tag.kind == _TARGET else None
    channel = channel or target.value
    server = tag.get("server") if tag is not None else None
    evidence_values = {"server": server} if server is not None else {}
    topic_text = tag.get("topic_text") if tag is not None else None
    return [draft(info, role="consume", api="get_rpc_server", kind="topic", delivery="point-to-point",
                  channel=channel, channel_expr=topic_text or target.text,
                  evidence_values=evidence_values, serves=True, **_LIB)]


def _endpoint_method(info: CallInfo) -> list[Draft]:
    """A public method of a class that names its ``target``: the RPC server serving the class calls it
    for the messages naming the method (the topic is the server's, unless the target names one)."""
    recv = info.recv
    return [draft(info, role="consume", api="endpoint method", kind="topic", delivery="point-to-point",
                  channel=recv.get("topic") or UNKNOWN, channel_expr=recv.get("topic_text"), message=info.method,
                  evidence=[f"RPC endpoint: {info.recv_text} declares its target"], **_LIB)]


# -- notifications --------------------------------------------------------------------------------------------
def _notifier_attrs(info: CallInfo) -> dict:
    attrs = {}
    publisher = Arg(1, "publisher_id").find(info)
    if publisher is not None:
        attrs["publisher_id"] = publisher.value
    topics = Arg(None, "topics").find(info)
    if topics is not None:
        attrs["topics_text"] = topics.text
    return attrs


def _notifier_prepare(base: Tag, info: CallInfo) -> dict:
    attrs = dict(base.attrs)
    publisher = Arg(0, "publisher_id").find(info)
    if publisher is not None:
        attrs["publisher_id"] = publisher.value
    return attrs


def _notify(info: CallInfo) -> list[Draft]:
    """``notifier.info(ctxt, event_type, payload)``: the event type is the channel."""
    event = Arg(1, "event_type").find(info)
    if event is None:
        return []
    recv = info.recv
    payload = Arg(2, "payload").find(info)
    evidence = [f"priority: {'warn' if info.method == 'warning' else info.method}" if info.method != BY_NAME
                else "priority: chosen at run time (getattr)"]
    if recv.get("topics_text"):
        evidence.append(f"notification topics: {recv.get('topics_text')}")
    evidence_values = {"publisher": recv.get("publisher_id")} if recv.get("publisher_id") is not None else {}
    method = "<priority>" if info.method == BY_NAME else info.method
    return [draft(info, role="produce", api=f"Notifier.{method}", kind="event_type",
                  delivery="broadcast", channel=event.value, channel_expr=event.text,
                  message=payload.message if payload else None, evidence=evidence,
                  evidence_values=evidence_values, **_LIB)]


def _listener(info: CallInfo) -> list[Draft]:
    """``get_notification_listener(transport, [Target(topic="notifications")], endpoints, pool=)``."""
    targets = Arg(1, "targets").find(info)
    if targets is None:
        return []
    pool = Arg(None, "pool").find(info)
    return [draft(info, role="consume", api=info.name or "get_notification_listener", kind="topic",
                  delivery="broadcast", channel=targets.value, channel_expr=targets.text,
                  evidence=["notification listener"], evidence_values={"pool": pool.value} if pool else {},
                  serves=True, **_LIB)]


ABOUT = About(
    names="oslo.messaging",
    produce="`cast`/`call` (waits for reply), Notifier `info/error/...`",
    consume="RPC servers, notification listeners",
    emits=("oslo.messaging",),
)


def register(r: Registry) -> None:
    r.library_roots("oslo_messaging")

    r.constructor(_TARGETS, _TARGET, attrs=lambda info: _address(info, _TARGET_POSITIONS))
    r.entity(_TARGETS, Arg(1, "topic"))  # a Target used as a value stands for its topic
    r.constructor(_CLIENTS, _CLIENT, attrs=_client_attrs)
    r.factory(_CLIENT, ["prepare"], _CLIENT, attrs=_prepare)
    r.attribute(_CLIENT, "target", _TARGET, derived=lambda client: dict(client.attrs))  # client.target
    r.method(_CLIENT, ["cast", "call"], _rpc_send)
    r.function(_SERVERS, _rpc_server)
    r.endpoint_attribute("target", _TARGET, _endpoint_method)

    # notifications
    r.constructor(_NOTIFIERS, _NOTIFIER, attrs=_notifier_attrs)
    r.factory(_NOTIFIER, ["prepare"], _NOTIFIER, attrs=_notifier_prepare)
    r.method(_NOTIFIER, list(_PRIORITIES) + [BY_NAME], _notify)
    r.function(_LISTENERS, _listener)
