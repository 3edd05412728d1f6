"""stomp.py and pulsar-client (api_catalog.md 5.5).

STOMP: ``conn.send(destination, body)`` produces, ``conn.subscribe(destination, id)``
consumes. The destination's prefix says what it is and is folded away:
``/queue/orders`` is the queue ``orders`` (point-to-point), ``/topic/prices`` the
topic ``prices`` (broadcast); RabbitMQ's ``/amq/queue/x`` and ``/temp-queue/x`` are
queues, ``/exchange/name[/key]`` the exchange ``name``; ``jms.queue.x`` /
``jms.topic.x`` (HornetQ, Artemis) likewise. A destination without a known prefix
keeps its name, kind ``other``, delivery ``unknown`` (the broker decides). When the
prefix is not known in the file (an imported constant), the draft carries
``by_prefix`` for the engine to decide once the name is rendered.

Pulsar: ``client.create_producer(topic)`` then ``producer.send/send_async`` produce;
``client.subscribe(topic | [topics], subscription_name)`` and ``create_reader(topic)``
consume. Topics are broadcast (each subscription gets a copy; the consumer type
shares messages inside one subscription). A full name
``persistent://tenant/namespace/topic`` is folded to the topic's own name, so it
meets the short form. ``AvroSchema(Rec)`` / ``JsonSchema(Rec)`` name the message type.
"""
import re

from ..apis import REGISTRY as R, Arg, draft

R.library_roots("stomp", "pulsar")

# -- stomp.py -----------------------------------------------------------------------------------
_STOMP = "stomp.connection"
R.constructor(["stomp.Connection", "stomp.Connection10", "stomp.Connection11", "stomp.Connection12",
               "stomp.StompConnection10", "stomp.StompConnection11", "stomp.StompConnection12",
               "stomp.connect.StompConnection10", "stomp.connect.StompConnection11",
               "stomp.connect.StompConnection12", "stomp.adapter.ws.WSStompConnection",
               "stomp.adapter.WSStompConnection", "stomp.adapter.multicast.MulticastConnection"], _STOMP)

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


def _strip(ir, prefix):
    """The IR without its leading ``prefix`` text, or None when it does not start with it."""
    if ir[0] == "lit" and isinstance(ir[1], str) and ir[1].startswith(prefix):
        return ["lit", ir[1][len(prefix):]]
    if ir[0] == "cat" and ir[1]:
        head = _strip(ir[1][0], prefix)
        if head is not None:
            return ["cat", [head] + list(ir[1][1:])]
    return None


def _leading_text(ir):
    if ir[0] == "lit" and isinstance(ir[1], str):
        return ir[1]
    if ir[0] == "cat" and ir[1]:
        return _leading_text(ir[1][0])
    return None


def destination(ir):
    """(channel IR, kind, delivery, evidence, undecided) of a STOMP destination."""
    for prefix, kind, delivery in PREFIXES:
        rest = _strip(ir, prefix)
        if rest is None:
            continue
        evidence = [f"destination prefix {prefix}"]
        if kind == "exchange" and rest[0] == "lit" and "/" in rest[1]:
            name, key = rest[1].split("/", 1)
            rest = ["lit", name]
            evidence.append(f"routing key: {key}")
        return rest, kind, delivery, evidence, False
    leading = _leading_text(ir)
    complete = ir[0] == "lit"
    if leading is not None and (complete or not any(p.startswith(leading) for p, _, _ in PREFIXES)):
        return ir, "other", "unknown", ["no destination prefix: the broker decides"], False
    return ir, "other", "unknown", [], True  # the prefix is in a name defined elsewhere


def _stomp_site(info, role, api, found, message=None):
    channel_ir, kind, delivery, evidence, undecided = destination(found["ir"])
    extra = {"by_prefix": [list(p) for p in PREFIXES]} if undecided else {}
    return [draft(info, role=role, library="stomp.py", transport="stomp", api=api, kind=kind, delivery=delivery,
                  channel_ir=channel_ir, channel_expr=found["text"], message=message, evidence=evidence,
                  fold="path" if undecided else None, **extra)]


def _stomp_send(info):
    found = Arg(0, "destination").find(info)
    if found is None:
        return []
    body = Arg(1, "body").find(info)
    return _stomp_site(info, "produce", "Connection.send", found, message=body["cls"] if body else None)


def _stomp_subscribe(info):
    found = Arg(0, "destination").find(info)
    if found is None:
        return []
    return _stomp_site(info, "consume", "Connection.subscribe", found)


R.method(_STOMP, ["send"], _stomp_send)
R.method(_STOMP, ["subscribe"], _stomp_subscribe)

# -- pulsar-client ------------------------------------------------------------------------------
_CLIENT = "pulsar.client"
_PRODUCER = "pulsar.producer"
R.constructor(["pulsar.Client", "pulsar.asyncio.Client"], _CLIENT)

_SCHEMA = re.compile(r"\b(?:Avro|Json|Protobuf|ProtobufNative)Schema\s*\(\s*([A-Za-z_][\w.]*)")


def schema_class(info):
    found = Arg(None, "schema").find(info)
    if found is None:
        return None
    match = _SCHEMA.search(found.get("text") or "")
    return match.group(1).rsplit(".", 1)[-1] if match else None


def _producer_attrs(base, info):
    topic = Arg(0, "topic").find(info)
    attrs = {"schema": schema_class(info)}
    if topic is not None:
        attrs.update(topic=topic["ir"], text=topic["text"])
    return attrs


R.factory(_CLIENT, ["create_producer"], _PRODUCER, attrs=_producer_attrs)
R.annotation(["pulsar.Producer", "pulsar.asyncio.Producer"], _PRODUCER)


def _pulsar(info, role, api, channel_ir, channel_expr, message=None, evidence=()):
    return [draft(info, role=role, library="pulsar-client", transport="pulsar", api=api, kind="topic",
                  delivery="broadcast", channel_ir=channel_ir, channel_expr=channel_expr, message=message,
                  fold="path", evidence=evidence)]


def _send(info):
    recv = info["recv"]
    content = Arg(0, "content").find(info)
    message = (content or {}).get("cls") or recv.get("schema")
    return _pulsar(info, "produce", f"Producer.{info['method']}", recv.get("topic") or ["unknown"],
                   recv.get("text"), message=message)


def _subscribe(info):
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return []
    evidence = []
    name = Arg(1, "subscription_name").find(info)
    if name is not None:
        evidence.append(f"subscription: {name['text']}")
    consumer_type = Arg(None, "consumer_type").find(info)
    if consumer_type is not None:
        evidence.append(f"consumer type: {consumer_type['text'].rsplit('.', 1)[-1]}")
    return _pulsar(info, "consume", "Client.subscribe", topic["ir"], topic["text"], message=schema_class(info),
                   evidence=evidence)


def _reader(info):
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return []
    return _pulsar(info, "consume", "Client.create_reader", topic["ir"], topic["text"], message=schema_class(info),
                   evidence=["reader: reads the topic without a subscription"])


R.method(_PRODUCER, ["send", "send_async"], _send)
R.method(_CLIENT, ["subscribe"], _subscribe)
R.method(_CLIENT, ["create_reader"], _reader)
