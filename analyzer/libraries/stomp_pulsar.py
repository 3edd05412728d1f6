"""stomp.py and pulsar-client (api_catalog.md 5.5).

STOMP: ``conn.send(destination, body)`` produces, ``conn.subscribe(destination, id)``
consumes. The destination's prefix says what it is and is folded away:
``/queue/orders`` is the queue ``orders`` (point-to-point), ``/topic/prices`` the
topic ``prices`` (broadcast); RabbitMQ's ``/amq/queue/x`` and ``/temp-queue/x`` are
queues, ``/exchange/name[/key]`` the exchange ``name``; ``jms.queue.x`` /
``jms.topic.x`` (HornetQ, Artemis) likewise. A destination without a known prefix
keeps its name, kind ``other``, delivery ``unknown`` (the broker decides). When the
prefix is not known in the file (an imported constant), the draft carries a
:class:`PrefixRoute` that decides once the name is rendered.

Pulsar: ``client.create_producer(topic)`` then ``producer.send/send_async`` produce;
``client.subscribe(topic | [topics], subscription_name)`` and ``create_reader(topic)``
consume. Topics are broadcast (each subscription gets a copy; the consumer type
shares messages inside one subscription). A full name
``persistent://tenant/namespace/topic`` is folded to the topic's own name, so it
meets the short form. ``AvroSchema(Rec)`` / ``JsonSchema(Rec)`` name the message type.
"""
from __future__ import annotations

import re
from typing import Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..codec import record
from ..facts import Draft, ProjectView, Settling
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Concat, Lit, Value, is_known
from .gcp_pubsub import last_path_segment


# -- stomp.py -----------------------------------------------------------------------------------
_STOMP = "stomp.connection"

# prefix -> (kind, delivery); longest first
PREFIXES = [
    ("/amq/queue/", "queue", "point-to-point"),
    ("/temp-queue/", "queue", "point-to-point"),
    ("/queue/", "queue", "point-to-point"),
    ("/topic/", "topic", "broadcast"),
    ("/exchange/", "exchange", "unknown"),
    ("jms.queue.", "queue", "point-to-point"),
    ("jms.topic.", "topic", "broadcast"),
]


@record
class PrefixRoute:
    """A destination whose prefix is in a name defined elsewhere: decided once the name is rendered."""

    prefixes: tuple[tuple[str, str, str], ...]  # (prefix, kind, delivery), longest first

    def settle(self, site: Settling, project: ProjectView) -> None:
        if not is_known(site.channel):
            return
        text = project.renderer.render(site.channel)
        for prefix, kind, delivery in self.prefixes:
            if text is not None and text.startswith(prefix) and len(text) > len(prefix):
                site.channel_kind, site.delivery, site.fold = kind, delivery, None
                site.channel = Lit(text[len(prefix):])
                site.evidence.append(f"destination prefix {prefix}")
                break


_BY_PREFIX = PrefixRoute(tuple(PREFIXES))


def _strip(value: Value, prefix: str) -> Optional[Value]:
    """The value without its leading ``prefix`` text, or None when it does not start with it."""
    if type(value) is Lit and value.text.startswith(prefix):
        return Lit(value.text[len(prefix):])
    if type(value) is Concat and value.parts:
        head = _strip(value.parts[0], prefix)
        if head is not None:
            return Concat((head,) + value.parts[1:])
    return None


def _leading_text(value: Value) -> Optional[str]:
    if type(value) is Lit:
        return value.text
    if type(value) is Concat and value.parts:
        return _leading_text(value.parts[0])
    return None


def destination(value: Value) -> tuple[Value, str, str, list[str], bool]:
    """(channel value, kind, delivery, evidence, undecided) of a STOMP destination."""
    for prefix, kind, delivery in PREFIXES:
        rest = _strip(value, prefix)
        if rest is None:
            continue
        evidence = [f"destination prefix {prefix}"]
        if kind == "exchange" and type(rest) is Lit and "/" in rest.text:
            name, key = rest.text.split("/", 1)
            rest = Lit(name)
            evidence.append(f"routing key: {key}")
        return rest, kind, delivery, evidence, False
    leading = _leading_text(value)
    complete = type(value) is Lit
    if leading is not None and (complete or not any(p.startswith(leading) for p, _, _ in PREFIXES)):
        return value, "other", "unknown", ["no destination prefix: the broker decides"], False
    return value, "other", "unknown", [], True  # the prefix is in a name defined elsewhere


def _stomp_site(info: CallInfo, role: str, api: str, found: ArgInfo,
                message: Optional[str] = None) -> list[Draft]:
    channel, kind, delivery, evidence, undecided = destination(found.value)
    return [draft(info, role=role, library="stomp.py", transport="stomp", api=api, kind=kind, delivery=delivery,
                  channel=channel, channel_expr=found.text, message=message, evidence=evidence,
                  fold="path" if undecided else None, route=_BY_PREFIX if undecided else None)]


def _stomp_send(info: CallInfo) -> list[Draft]:
    found = Arg(0, "destination").find(info)
    if found is None:
        return []
    body = Arg(1, "body").find(info)
    return _stomp_site(info, "produce", "Connection.send", found, message=body.message if body else None)


def _stomp_subscribe(info: CallInfo) -> list[Draft]:
    found = Arg(0, "destination").find(info)
    if found is None:
        return []
    return _stomp_site(info, "consume", "Connection.subscribe", found)


# -- pulsar-client ------------------------------------------------------------------------------
_CLIENT = "pulsar.client"
_PRODUCER = "pulsar.producer"

_SCHEMA = re.compile(r"\b(?:Avro|Json|Protobuf|ProtobufNative)Schema\s*\(\s*([A-Za-z_][\w.]*)")


def schema_class(info: CallInfo) -> Optional[str]:
    found = Arg(None, "schema").find(info)
    if found is None:
        return None
    match = _SCHEMA.search(found.text or "")
    return match.group(1).rsplit(".", 1)[-1] if match else None


def _producer_attrs(base: Tag, info: CallInfo) -> dict:
    topic = Arg(0, "topic").find(info)
    attrs = {"schema": schema_class(info)}
    if topic is not None:
        attrs.update(topic=topic.value, text=topic.text)
    return attrs


def _pulsar(info: CallInfo, role: str, api: str, channel: Value, channel_expr: Optional[str],
            message: Optional[str] = None, evidence=()) -> list[Draft]:
    return [draft(info, role=role, library="pulsar-client", transport="pulsar", api=api, kind="topic",
                  delivery="broadcast", channel=channel, channel_expr=channel_expr, message=message,
                  fold="path", evidence=evidence)]


def _send(info: CallInfo) -> list[Draft]:
    recv = info.recv
    content = Arg(0, "content").find(info)
    message = (content.message if content else None) or recv.get("schema")
    return _pulsar(info, "produce", f"Producer.{info.method}", recv.get("topic") or UNKNOWN,
                   recv.get("text"), message=message)


def _subscribe(info: CallInfo) -> list[Draft]:
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return []
    evidence = []
    name = Arg(1, "subscription_name").find(info)
    if name is not None:
        evidence.append(f"subscription: {name.text}")
    consumer_type = Arg(None, "consumer_type").find(info)
    if consumer_type is not None:
        evidence.append(f"consumer type: {consumer_type.text.rsplit('.', 1)[-1]}")
    return _pulsar(info, "consume", "Client.subscribe", topic.value, topic.text, message=schema_class(info),
                   evidence=evidence)


def _reader(info: CallInfo) -> list[Draft]:
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return []
    return _pulsar(info, "consume", "Client.create_reader", topic.value, topic.text, message=schema_class(info),
                   evidence=["reader: reads the topic without a subscription"])


ABOUT = About(
    names="STOMP (stomp.py), Pulsar",
    produce="`conn.send(\"/queue/x\")`, `producer.send`",
    consume="`conn.subscribe`, `client.subscribe`, `create_reader`",
    emits=("stomp.py", "pulsar-client"),
)


def register(r: Registry) -> None:
    r.library_roots("stomp", "pulsar")
    r.fold("path", last_path_segment)  # persistent://tenant/namespace/topic -> topic

    # stomp.py
    r.constructor(["stomp.Connection", "stomp.Connection10", "stomp.Connection11", "stomp.Connection12",
                   "stomp.StompConnection10", "stomp.StompConnection11", "stomp.StompConnection12",
                   "stomp.connect.StompConnection10", "stomp.connect.StompConnection11",
                   "stomp.connect.StompConnection12", "stomp.adapter.ws.WSStompConnection",
                   "stomp.adapter.WSStompConnection", "stomp.adapter.multicast.MulticastConnection"], _STOMP)
    r.method(_STOMP, ["send"], _stomp_send)
    r.method(_STOMP, ["subscribe"], _stomp_subscribe)

    # pulsar-client
    r.constructor(["pulsar.Client", "pulsar.asyncio.Client"], _CLIENT)
    r.factory(_CLIENT, ["create_producer"], _PRODUCER, attrs=_producer_attrs)
    r.annotation(["pulsar.Producer", "pulsar.asyncio.Producer"], _PRODUCER)
    r.method(_PRODUCER, ["send", "send_async"], _send)
    r.method(_CLIENT, ["subscribe"], _subscribe)
    r.method(_CLIENT, ["create_reader"], _reader)
