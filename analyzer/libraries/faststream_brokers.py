"""FastStream brokers and routers (api_catalog.md 6.1): Kafka, Confluent, RabbitMQ, NATS, Redis, MQTT.

``@broker.subscriber(...)`` consumes; ``await broker.publish(msg, channel)`` and
``pub = broker.publisher(...)`` + ``await pub.publish(msg)`` produce;
``@broker.publisher(...)`` on a handler produces the handler's return value (the
site is the decorator line); ``broker.request(...)`` / ``pub.request(...)`` wait
for the answer. A router's ``prefix`` is prepended to every channel it declares
(Rabbit: queue names and routing keys, never exchanges); the FastAPI integration
routers (``faststream.<broker>.fastapi``) take an HTTP path prefix instead, which
is ignored. A Rabbit publish with no exchange goes to the default exchange (the
queue name is the channel, point-to-point), with an exchange it is an AMQP
exchange publish settled like pika's (``amqp.amqp_publish``). Redis: ``channel``
is pub/sub (topic), ``list=`` a queue (point-to-point), ``stream=`` a stream.
The declarative ``KafkaRoute(handler, "topic", publishers=[KafkaPublisher("out")])``
forms are sites too (the route consumes, each route publisher produces).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..facts import Draft, ExchangeDeclaration
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Concat, Items, Lit, Value, is_known
from .amqp import amqp_publish, declaration, exchange_type

_LIB = "faststream"

# broker family -> (faststream modules, transport, broker classes, router classes)
_FAMILIES = {
    "kafka": (("kafka", "confluent"), "kafka", ("KafkaBroker",), ("KafkaRouter",)),
    "rabbit": (("rabbit",), "amqp", ("RabbitBroker",), ("RabbitRouter",)),
    "nats": (("nats",), "nats", ("NatsBroker",), ("NatsRouter",)),
    "redis": (("redis",), "redis", ("RedisBroker", "RedisClusterBroker", "RedisSentinelBroker"), ("RedisRouter",)),
    "mqtt": (("mqtt",), "mqtt", ("MQTTBroker",), ("MQTTRouter",)),
}
_DEFAULT_CLASS = {"kafka": "KafkaBroker", "rabbit": "RabbitBroker", "nats": "NatsBroker", "redis": "RedisBroker",
                  "mqtt": "MQTTBroker"}


def _broker_kind(family: str) -> str:
    return f"faststream.{family}"


def _publisher_kind(family: str) -> str:
    return f"faststream.{family}.publisher"


def _value(arg: Optional[ArgInfo]) -> Optional[Value]:
    return arg.value if arg is not None else None


# -- brokers and routers ------------------------------------------------------------------------------
def _broker_attrs(info: CallInfo) -> dict:
    func = info.func or ""
    name = func.rsplit(".", 1)[-1]  # KafkaBroker, also when imported under another name
    attrs = {"api_cls": name}
    if name.endswith("Router") and ".fastapi" not in func:  # fastapi routers: the prefix is an HTTP path
        prefix = Arg(0, "prefix").find(info)
        if prefix is not None and is_known(prefix.value):
            attrs["prefix"] = prefix.value
    return attrs


# -- channel helpers ---------------------------------------------------------------------------------------
def _prefixed(prefix: Optional[Value], value: Optional[Value]) -> Optional[Value]:
    """``prefix + name``, item by item for a literal list; an unknown name stays unknown."""
    if prefix is None or value is None or not is_known(value):
        return value
    if type(value) is Items:
        return Items(tuple(_prefixed(prefix, item) for item in value.items))
    return Concat((prefix, value))


def _entity_value(arg: Optional[ArgInfo]) -> Optional[Value]:
    """A channel argument's name: a literal, a constant, or an entity (``RabbitQueue("q")``) by its name."""
    if arg is None:
        return None
    if arg.tag is not None and arg.tag.get("name") is not None:
        return arg.tag.get("name")
    return arg.value


def _api(info: CallInfo, suffix: str, decorator: bool = False) -> str:
    recv = info.recv
    family = recv.kind.split(".")[1] if recv is not None and recv.kind else "kafka"
    cls = (recv.get("api_cls") if recv is not None else None) or _DEFAULT_CLASS.get(family, "Broker")
    return f"{'@' if decorator else ''}{cls}.{suffix}"


def _site(info: CallInfo, *, role: str, api: str, transport: str, kind: str, delivery: str,
          channel: Optional[Value], channel_expr: Optional[str], message: Optional[str] = None,
          reply: bool = False, evidence=(), evidence_values: Optional[dict] = None) -> Draft:
    return draft(info, role=role, library=_LIB, transport=transport, api=api, kind=kind, delivery=delivery,
                 channel=channel if channel is not None else UNKNOWN, channel_expr=channel_expr,
                 message=message, reply=reply, evidence=evidence, evidence_values=evidence_values or {})


def _message(info: CallInfo, pos: int = 0, kw: str = "message") -> Optional[str]:
    found = Arg(pos, kw).find(info)
    return found.message if found else None


def _prefix(info: CallInfo) -> Optional[Value]:
    return info.recv.get("prefix") if info.recv is not None else None


# -- Kafka / Confluent ----------------------------------------------------------------------------------
def _kafka_topics(info: CallInfo, shift: int) -> tuple[Optional[Value], Optional[str]]:
    """``subscriber(*topics, pattern=, partitions=[TopicPartition("t", 0)])``: the topic list."""
    topics = info.positional[shift:]
    if topics:
        if len(topics) == 1:
            return topics[0].value, topics[0].text
        return Items(tuple(arg.value for arg in topics)), ", ".join(arg.text for arg in topics)
    for kw in ("topics", "pattern", "partitions"):
        found = Arg(None, kw).find(info)
        if found is not None:
            return found.value, found.text
    return None, None


def _kafka_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info: CallInfo) -> list[Draft]:
        value, text = _kafka_topics(info, shift)
        if value is None:
            return []
        group = Arg(None, "group_id").find(info)
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="kafka", kind="topic", delivery="broadcast",
                      channel=_prefixed(_prefix(info), value), channel_expr=text,
                      evidence_values={"group_id": group.value} if group else None)]
    return fn


def _kafka_publisher_attrs(base: Tag, info: CallInfo) -> dict:
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return {}
    return {"channel": _prefixed(base.get("prefix"), topic.value), "text": topic.text,
            "api_cls": base.get("api_cls")}


def _kafka_publish(api_suffix: str, reply: bool = False, batch: bool = False):
    def fn(info: CallInfo) -> list[Draft]:
        topic = Arg(None, "topic").find(info) if batch else Arg(1, "topic").find(info)
        if topic is None:
            return []
        return [_site(info, role="produce", api=_api(info, api_suffix), transport="kafka", kind="topic",
                      delivery="point-to-point" if reply else "broadcast", channel=topic.value,
                      channel_expr=topic.text, message=None if batch else _message(info), reply=reply)]
    return fn


# -- RabbitMQ --------------------------------------------------------------------------------------------
def _rabbit_exchange_attrs(info: CallInfo) -> dict:
    return {"name": _value(Arg(0, "name").find(info)),
            "type": exchange_type(Arg(1, "type").find(info)) or "direct"}


def _rabbit_queue_attrs(info: CallInfo) -> dict:
    return {"name": _value(Arg(0, "name").find(info))}


def _rabbit_declaration(info: CallInfo) -> list[ExchangeDeclaration]:
    return declaration(Arg(0, "name").find(info), Arg(1, "type").find(info))


def _rabbit_exchange(arg: Optional[ArgInfo]) -> Optional[tuple[Value, str, Optional[str]]]:
    """(name value, text, type) of an exchange argument: ``RabbitExchange(...)`` or a name; None when absent."""
    if arg is None or arg.text == "None":
        return None
    tag = arg.tag
    if tag is not None and tag.kind == "faststream.rabbit.exchange":
        return tag.get("name") or UNKNOWN, arg.text, tag.get("type")
    return arg.value, arg.text, None


def _rabbit_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info: CallInfo) -> list[Draft]:
        queue = Arg(shift, "queue").find(info)
        if queue is None:
            return []
        exchange = _rabbit_exchange(Arg(shift + 1, "exchange").find(info))
        evidence_values = {"exchange": exchange[0]} if exchange else {}
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="amqp", kind="queue", delivery="point-to-point",
                      channel=_prefixed(_prefix(info), _entity_value(queue)), channel_expr=queue.text,
                      evidence_values=evidence_values)]
    return fn


def _rabbit_address(info: CallInfo, shift: int, prefix: Optional[Value]):
    """Exchange and routing key of a Rabbit publish/publisher: ``(exchange, key value, key text)``."""
    queue = Arg(shift, "queue").find(info)
    exchange = _rabbit_exchange(Arg(shift + 1, "exchange").find(info))
    key = Arg(None, "routing_key").find(info)
    if key is not None and key.value != Lit(""):
        key_value, key_text = key.value, key.text
    elif queue is not None:
        key_value, key_text = _entity_value(queue), queue.text
    else:
        key_value, key_text = UNKNOWN, None
    return exchange, _prefixed(prefix, key_value), key_text


def _routing_key(value: Value, text: Optional[str]) -> Optional[ArgInfo]:
    """The routing key as ``amqp_publish`` takes it (it reads only its value and text)."""
    if text is None and not is_known(value):
        return None  # amqp_publish's own default: UNKNOWN, no text
    return ArgInfo("routing_key", "", value, text)


def _rabbit_produce(info: CallInfo, *, api: str, exchange, key_value: Value, key_text: Optional[str],
                    message: Optional[str], reply: bool = False) -> list[Draft]:
    if exchange is None and key_text is None:
        return []
    if exchange is None:
        exchange_value, exchange_text, exchange_kind = Lit(""), None, None
    else:
        exchange_value, exchange_text, exchange_kind = exchange
    items = amqp_publish(info, library=_LIB, api=api, exchange=exchange_value, exchange_text=exchange_text,
                         key=_routing_key(key_value, key_text), exchange_kind=exchange_kind, message=message)
    return [replace(item, reply=reply) for item in items]


def _rabbit_publish(api_suffix: str, reply: bool = False):
    def fn(info: CallInfo) -> list[Draft]:
        exchange, key_value, key_text = _rabbit_address(info, 1, None)
        return _rabbit_produce(info, api=_api(info, api_suffix), exchange=exchange, key_value=key_value,
                               key_text=key_text, message=_message(info), reply=reply)
    return fn


def _rabbit_publisher_attrs(base: Tag, info: CallInfo) -> dict:
    exchange, key_value, key_text = _rabbit_address(info, 0, base.get("prefix"))
    attrs = {"key": key_value, "text": key_text, "api_cls": base.get("api_cls")}
    if exchange is not None:
        attrs.update(exchange=exchange[0], exchange_text=exchange[1], exchange_type=exchange[2])
    return attrs


# -- NATS --------------------------------------------------------------------------------------------------
def _nats_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info: CallInfo) -> list[Draft]:
        if Arg(None, "kv_watch").find(info) or Arg(None, "obj_watch").find(info):
            return []  # key-value / object store watchers: storage, not messaging
        subject = Arg(shift, "subject").find(info)
        if subject is None:
            return []
        evidence_values = {}
        queue = Arg(shift + 1, "queue").find(info)
        if queue is not None:
            evidence_values["queue group"] = queue.value
        stream = Arg(None, "stream").find(info)
        if stream is not None:
            evidence_values["jetstream"] = stream.value
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="nats", kind="subject", delivery="broadcast",
                      channel=_prefixed(_prefix(info), subject.value), channel_expr=subject.text,
                      evidence_values=evidence_values)]
    return fn


def _simple_publisher_attrs(kw: str):
    def attrs(base: Tag, info: CallInfo) -> dict:
        found = Arg(0, kw).find(info)
        if found is None:
            return {}
        return {"channel": _prefixed(base.get("prefix"), found.value), "text": found.text,
                "api_cls": base.get("api_cls")}
    return attrs


def _simple_publish(transport: str, kind: str, kw: str, api_suffix: str, reply: bool = False):
    def fn(info: CallInfo) -> list[Draft]:
        found = Arg(1, kw).find(info)
        if found is None:
            return []
        return [_site(info, role="produce", api=_api(info, api_suffix), transport=transport, kind=kind,
                      delivery="point-to-point" if reply else "broadcast", channel=found.value,
                      channel_expr=found.text, message=_message(info), reply=reply)]
    return fn


# -- Redis -------------------------------------------------------------------------------------------------
_REDIS_KINDS = {"channel": ("topic", "broadcast"), "list": ("queue", "point-to-point"),
                "stream": ("stream", "broadcast")}


def _redis_target(info: CallInfo, pos: Optional[int]) -> tuple[Optional[str], Optional[ArgInfo]]:
    """Which of ``channel`` (p``pos``), ``list=``, ``stream=`` is set: (kw, arg)."""
    for kw in ("list", "stream"):
        found = Arg(None, kw).find(info)
        if found is not None and found.text != "None":
            return kw, found
    found = Arg(pos, "channel").find(info)
    if found is not None and found.text != "None":
        return "channel", found
    return None, None


def _redis_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info: CallInfo) -> list[Draft]:
        which, found = _redis_target(info, shift)
        if which is None:
            return []
        kind, delivery = _REDIS_KINDS[which]
        group = found.tag.get("group") if found.tag is not None else None
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="redis", kind=kind, delivery=delivery,
                      channel=_prefixed(_prefix(info), _entity_value(found)), channel_expr=found.text,
                      evidence_values={"consumer group": group} if group else None)]
    return fn


def _redis_publisher_attrs(base: Tag, info: CallInfo) -> dict:
    which, found = _redis_target(info, 0)
    if which is None:
        return {}
    return {"which": which, "channel": _prefixed(base.get("prefix"), _entity_value(found)), "text": found.text,
            "api_cls": base.get("api_cls")}


def _redis_publish(api_suffix: str, reply: bool = False, batch: bool = False):
    def fn(info: CallInfo) -> list[Draft]:
        which, found = _redis_target(info, None if batch else 1)
        if which is None:
            return []
        kind, delivery = _REDIS_KINDS[which]
        return [_site(info, role="produce", api=_api(info, api_suffix), transport="redis", kind=kind,
                      delivery="point-to-point" if reply else delivery, channel=_entity_value(found),
                      channel_expr=found.text, message=None if batch else _message(info), reply=reply)]
    return fn


def _redis_sub_attrs(kw: str):
    def attrs(info: CallInfo) -> dict:
        return {"name": _value(Arg(0, kw).find(info)), "group": _value(Arg(None, "group").find(info))}
    return attrs


# -- MQTT ----------------------------------------------------------------------------------------------------
def _mqtt_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info: CallInfo) -> list[Draft]:
        topic = Arg(shift, "topic").find(info)
        if topic is None:
            return []
        shared = Arg(None, "shared").find(info)
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="mqtt", kind="topic", delivery="broadcast",
                      channel=_prefixed(_prefix(info), topic.value), channel_expr=topic.text,
                      evidence_values={"shared subscription": shared.value} if shared else None)]
    return fn


# -- registration per family ---------------------------------------------------------------------------------
_CONSUME = {"kafka": _kafka_consume, "rabbit": _rabbit_consume, "nats": _nats_consume, "redis": _redis_consume,
            "mqtt": _mqtt_consume}
_PUBLISHER_ATTRS = {"kafka": _kafka_publisher_attrs, "rabbit": _rabbit_publisher_attrs,
                    "nats": _simple_publisher_attrs("subject"), "redis": _redis_publisher_attrs,
                    "mqtt": _simple_publisher_attrs("topic")}
_PUBLISHES = {
    "kafka": {"publish": _kafka_publish("publish"), "request": _kafka_publish("request", reply=True),
              "publish_batch": _kafka_publish("publish_batch", batch=True)},
    "rabbit": {"publish": _rabbit_publish("publish"), "request": _rabbit_publish("request", reply=True)},
    "nats": {"publish": _simple_publish("nats", "subject", "subject", "publish"),
             "request": _simple_publish("nats", "subject", "subject", "request", reply=True)},
    "redis": {"publish": _redis_publish("publish"), "request": _redis_publish("request", reply=True),
              "publish_batch": _redis_publish("publish_batch", batch=True)},
    "mqtt": {"publish": _simple_publish("mqtt", "topic", "topic", "publish"),
             "request": _simple_publish("mqtt", "topic", "topic", "request", reply=True)},
}
_TRANSPORT = {family: spec[1] for family, spec in _FAMILIES.items()}
_CHANNEL_KIND = {"kafka": "topic", "nats": "subject", "mqtt": "topic"}


def _publisher_site(family: str, decorator: bool):
    """``@broker.publisher(...)`` on a handler (its return value), or ``pub.publish(msg)`` on a publisher."""
    if decorator:
        def on_handler(info: CallInfo) -> list[Draft]:
            base = dict(info.recv.attrs) if info.recv is not None else {}
            tag = _PUBLISHER_ATTRS[family](Tag.make("base", **base), info)
            returns = info.target.returns if info.target else None  # the handler's return annotation
            return _publisher_site_from_attrs(family, info, tag, _api(info, "publisher", True), message=returns)
        return on_handler

    def publish(info: CallInfo) -> list[Draft]:
        tag = dict(info.recv.attrs) if info.recv is not None else {}
        if family == "rabbit":
            override = Arg(None, "routing_key").find(info)
            if override is not None:
                tag.update(key=override.value, text=override.text)
        api = f"{tag.get('api_cls') or _DEFAULT_CLASS[family]}.publisher.{info.method}"
        return _publisher_site_from_attrs(family, info, tag, api, message=_message(info),
                                          reply=info.method == "request")
    return publish


def _publisher_site_from_attrs(family: str, info: CallInfo, tag: dict, api: str, message: Optional[str] = None,
                               reply: bool = False) -> list[Draft]:
    if not tag:
        return []
    if family == "rabbit":
        exchange = (tag["exchange"], tag.get("exchange_text"), tag.get("exchange_type")) \
            if tag.get("exchange") is not None else None
        return _rabbit_produce(info, api=api, exchange=exchange, key_value=tag.get("key") or UNKNOWN,
                               key_text=tag.get("text"), message=message, reply=reply)
    if tag.get("channel") is None:
        return []
    if family == "redis":
        kind, delivery = _REDIS_KINDS[tag.get("which") or "channel"]
    else:
        kind, delivery = _CHANNEL_KIND[family], "broadcast"
    return [_site(info, role="produce", api=api, transport=_TRANSPORT[family], kind=kind,
                  delivery="point-to-point" if reply else delivery, channel=tag["channel"],
                  channel_expr=tag.get("text"), message=message, reply=reply)]


# -- declarative routes: KafkaRoute(handler, "topic", publishers=[KafkaPublisher("out")]) ---------------------
_ROUTE_NAMES = {"kafka": "Kafka", "rabbit": "Rabbit", "nats": "Nats", "redis": "Redis", "mqtt": "MQTT"}


def _route_publisher(family: str, cls: str):
    def fn(info: CallInfo) -> list[Draft]:
        tag = _PUBLISHER_ATTRS[family](Tag.make("base"), info)
        return _publisher_site_from_attrs(family, info, tag, f"{cls}()")
    return fn


ABOUT = About(
    names="faststream",
    produce="`broker.publish`, `@broker.publisher`, `broker.request` (waits for reply)",
    consume="`@broker.subscriber`",
    emits=("faststream",),
)


def register(r: Registry) -> None:
    r.library_roots("faststream")
    r.not_message_annotation("StreamMessage")

    # brokers and routers
    for family, (modules, _transport, brokers, routers) in _FAMILIES.items():
        kind = _broker_kind(family)
        r.constructor([f"faststream.{module}.{cls}" for module in modules for cls in brokers + routers], kind,
                      attrs=_broker_attrs)
        r.attribute(kind, "broker", kind)  # fastapi router.broker

    # Kafka / Confluent
    r.entity(["faststream.kafka.TopicPartition", "faststream.confluent.TopicPartition"], Arg(0, "topic"))

    # RabbitMQ
    r.constructor(["faststream.rabbit.RabbitExchange"], "faststream.rabbit.exchange", attrs=_rabbit_exchange_attrs)
    r.constructor(["faststream.rabbit.RabbitQueue"], "faststream.rabbit.queue", attrs=_rabbit_queue_attrs)
    r.entity(["faststream.rabbit.RabbitQueue", "faststream.rabbit.RabbitExchange"], Arg(0, "name"))
    # ``RabbitExchange("orders", type=ExchangeType.FANOUT)`` declares the exchange type for the whole project
    r.function(["faststream.rabbit.RabbitExchange"], _rabbit_declaration)

    # NATS
    r.entity(["faststream.nats.JStream"], Arg(0, "name"))

    # Redis
    for cls, kw in (("PubSub", "channel"), ("ListSub", "list"), ("StreamSub", "stream")):
        r.constructor([f"faststream.redis.{cls}"], f"faststream.redis.{cls.lower()}", attrs=_redis_sub_attrs(kw))
        r.entity([f"faststream.redis.{cls}"], Arg(0, kw))

    # per family
    for family in _FAMILIES:
        kind = _broker_kind(family)
        pub = _publisher_kind(family)
        r.decorator_method(kind, ["subscriber"], _CONSUME[family](0, "subscriber", True))
        r.method(kind, ["subscriber"], _CONSUME[family](0, "subscriber", False))  # sub = broker.subscriber("t")
        r.decorator_method(kind, ["publisher"], _publisher_site(family, True))
        r.factory(kind, ["publisher"], pub, attrs=_PUBLISHER_ATTRS[family])
        for method, fn in _PUBLISHES[family].items():
            r.method(kind, [method], fn)
        r.method(pub, ["publish", "request"], _publisher_site(family, False))

    # declarative routes
    for family, (modules, *_rest) in _FAMILIES.items():
        name = _ROUTE_NAMES[family]
        routes = [f"faststream.{module}.{name}Route" for module in modules]
        publishers = [f"faststream.{module}.{name}Publisher" for module in modules]
        r.function(routes, _CONSUME[family](1, f"{name}Route()", False))
        r.function(publishers, _route_publisher(family, f"{name}Publisher"))
        r.annotation(publishers, _publisher_kind(family))
