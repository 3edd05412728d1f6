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
from ..apis import REGISTRY as R, Arg, Tag, draft
from .amqp import amqp_publish, declaration, exchange_type

R.library_roots("faststream")

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


# -- brokers and routers ------------------------------------------------------------------------------
def _broker_attrs(info):
    func = info.get("func") or ""
    name = func.rsplit(".", 1)[-1]  # KafkaBroker, also when imported under another name
    attrs = {"api_cls": name}
    if name.endswith("Router") and ".fastapi" not in func:  # fastapi routers: the prefix is an HTTP path
        prefix = Arg(0, "prefix").find(info)
        if prefix is not None and prefix["ir"][0] != "unknown":
            attrs["prefix"] = prefix["ir"]
    return attrs


for _family, (_modules, _transport, _brokers, _routers) in _FAMILIES.items():
    _kind = _broker_kind(_family)
    R.constructor([f"faststream.{module}.{cls}" for module in _modules for cls in _brokers + _routers], _kind,
                  attrs=_broker_attrs)
    R.attribute(_kind, "broker", _kind)  # fastapi router.broker


# -- channel helpers ---------------------------------------------------------------------------------------
def _prefixed(prefix, ir):
    """``prefix + name``, item by item for a literal list; an unknown name stays unknown."""
    if prefix is None or ir is None or ir[0] == "unknown":
        return ir
    if ir[0] == "list":
        return ["list", [_prefixed(prefix, item) for item in ir[1]]]
    return ["cat", [prefix, ir]]


def _entity_ir(arg):
    """A channel argument's name: a literal, a constant, or an entity (``RabbitQueue("q")``) by its name."""
    if arg is None:
        return None
    tag = arg.get("tag") or {}
    if tag.get("name") is not None:
        return tag["name"]
    return arg["ir"]


def _api(info, suffix: str, decorator: bool = False) -> str:
    recv = info.get("recv") or {}
    family = recv.get("kind", "").split(".")[1] if recv.get("kind") else "kafka"
    cls = recv.get("api_cls") or _DEFAULT_CLASS.get(family, "Broker")
    return f"{'@' if decorator else ''}{cls}.{suffix}"


def _site(info, *, role, api, transport, kind, delivery, channel_ir, channel_expr, message=None, reply=False,
          evidence=(), evidence_irs=None):
    return draft(info, role=role, library=_LIB, transport=transport, api=api, kind=kind, delivery=delivery,
                 channel_ir=channel_ir if channel_ir is not None else ["unknown"], channel_expr=channel_expr,
                 message=message, reply=reply, evidence=evidence, evidence_irs=evidence_irs or {})


def _message(info, pos=0, kw="message"):
    found = Arg(pos, kw).find(info)
    return found["cls"] if found else None


def _prefix(info):
    return (info.get("recv") or {}).get("prefix")


# -- Kafka / Confluent ----------------------------------------------------------------------------------
def _kafka_topics(info, shift: int):
    """``subscriber(*topics, pattern=, partitions=[TopicPartition("t", 0)])``: the topic list."""
    topics = [arg for arg in info["args"] if arg["kw"] is None and not arg["star"]][shift:]
    if topics:
        if len(topics) == 1:
            return topics[0]["ir"], topics[0]["text"]
        return ["list", [arg["ir"] for arg in topics]], ", ".join(arg["text"] for arg in topics)
    for kw in ("topics", "pattern", "partitions"):
        found = Arg(None, kw).find(info)
        if found is not None:
            return found["ir"], found["text"]
    return None, None


def _kafka_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info):
        ir, text = _kafka_topics(info, shift)
        if ir is None:
            return []
        group = Arg(None, "group_id").find(info)
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="kafka", kind="topic", delivery="broadcast",
                      channel_ir=_prefixed(_prefix(info), ir), channel_expr=text,
                      evidence_irs={"group_id": group["ir"]} if group else None)]
    return fn


R.entity(["faststream.kafka.TopicPartition", "faststream.confluent.TopicPartition"], Arg(0, "topic"))


def _kafka_publisher_attrs(base, info):
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return {}
    return {"channel": _prefixed(base.get("prefix"), topic["ir"]), "text": topic["text"],
            "api_cls": base.get("api_cls")}


def _kafka_publish(api_suffix: str, reply: bool = False, batch: bool = False):
    def fn(info):
        topic = Arg(None, "topic").find(info) if batch else Arg(1, "topic").find(info)
        if topic is None:
            return []
        return [_site(info, role="produce", api=_api(info, api_suffix), transport="kafka", kind="topic",
                      delivery="point-to-point" if reply else "broadcast", channel_ir=topic["ir"],
                      channel_expr=topic["text"], message=None if batch else _message(info), reply=reply)]
    return fn


# -- RabbitMQ --------------------------------------------------------------------------------------------
R.constructor(["faststream.rabbit.RabbitExchange"], "faststream.rabbit.exchange",
              attrs=lambda info: {"name": (Arg(0, "name").find(info) or {}).get("ir"),
                                  "type": exchange_type(Arg(1, "type").find(info)) or "direct"})
R.constructor(["faststream.rabbit.RabbitQueue"], "faststream.rabbit.queue",
              attrs=lambda info: {"name": (Arg(0, "name").find(info) or {}).get("ir")})
R.entity(["faststream.rabbit.RabbitQueue", "faststream.rabbit.RabbitExchange"], Arg(0, "name"))
# ``RabbitExchange("orders", type=ExchangeType.FANOUT)`` declares the exchange type for the whole project
R.function(["faststream.rabbit.RabbitExchange"], lambda info: declaration(
    info, Arg(0, "name").find(info), Arg(1, "type").find(info)))


def _rabbit_exchange(arg):
    """(name IR, text, type) of an exchange argument: ``RabbitExchange(...)`` or a name; None when absent."""
    if arg is None or arg["text"] == "None":
        return None
    tag = arg.get("tag") or {}
    if tag.get("kind") == "faststream.rabbit.exchange":
        return tag.get("name") or ["unknown"], arg["text"], tag.get("type")
    return arg["ir"], arg["text"], None


def _rabbit_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info):
        queue = Arg(shift, "queue").find(info)
        if queue is None:
            return []
        exchange = _rabbit_exchange(Arg(shift + 1, "exchange").find(info))
        evidence_irs = {"exchange": exchange[0]} if exchange else {}
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="amqp", kind="queue", delivery="point-to-point",
                      channel_ir=_prefixed(_prefix(info), _entity_ir(queue)), channel_expr=queue["text"],
                      evidence_irs=evidence_irs)]
    return fn


def _rabbit_address(info, shift: int, prefix):
    """Exchange and routing key of a Rabbit publish/publisher: ``(exchange, key_ir, key_text)``."""
    queue = Arg(shift, "queue").find(info)
    exchange = _rabbit_exchange(Arg(shift + 1, "exchange").find(info))
    key = Arg(None, "routing_key").find(info)
    if key is not None and key["ir"] != ["lit", ""]:
        key_ir, key_text = key["ir"], key["text"]
    elif queue is not None:
        key_ir, key_text = _entity_ir(queue), queue["text"]
    else:
        key_ir, key_text = ["unknown"], None
    return exchange, _prefixed(prefix, key_ir), key_text


def _rabbit_produce(info, *, api, exchange, key_ir, key_text, message, reply=False):
    if exchange is None and key_text is None:
        return []
    if exchange is None:
        exchange_ir, exchange_text, exchange_kind = ["lit", ""], None, None
    else:
        exchange_ir, exchange_text, exchange_kind = exchange
    items = amqp_publish(info, library=_LIB, api=api, exchange_ir=exchange_ir, exchange_text=exchange_text,
                         key={"ir": key_ir, "text": key_text}, exchange_kind=exchange_kind, message=message)
    for item in items:
        item["reply"] = reply
    return items


def _rabbit_publish(api_suffix: str, reply: bool = False):
    def fn(info):
        exchange, key_ir, key_text = _rabbit_address(info, 1, None)
        return _rabbit_produce(info, api=_api(info, api_suffix), exchange=exchange, key_ir=key_ir,
                               key_text=key_text, message=_message(info), reply=reply)
    return fn


def _rabbit_publisher_attrs(base, info):
    exchange, key_ir, key_text = _rabbit_address(info, 0, base.get("prefix"))
    attrs = {"key": key_ir, "text": key_text, "api_cls": base.get("api_cls")}
    if exchange is not None:
        attrs.update(exchange=exchange[0], exchange_text=exchange[1], exchange_type=exchange[2])
    return attrs


# -- NATS --------------------------------------------------------------------------------------------------
def _nats_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info):
        if Arg(None, "kv_watch").find(info) or Arg(None, "obj_watch").find(info):
            return []  # key-value / object store watchers: storage, not messaging
        subject = Arg(shift, "subject").find(info)
        if subject is None:
            return []
        evidence_irs = {}
        queue = Arg(shift + 1, "queue").find(info)
        if queue is not None:
            evidence_irs["queue group"] = queue["ir"]
        stream = Arg(None, "stream").find(info)
        if stream is not None:
            evidence_irs["jetstream"] = stream["ir"]
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="nats", kind="subject", delivery="broadcast",
                      channel_ir=_prefixed(_prefix(info), subject["ir"]), channel_expr=subject["text"],
                      evidence_irs=evidence_irs)]
    return fn


R.entity(["faststream.nats.JStream"], Arg(0, "name"))


def _simple_publisher_attrs(kw: str):
    def attrs(base, info):
        found = Arg(0, kw).find(info)
        if found is None:
            return {}
        return {"channel": _prefixed(base.get("prefix"), found["ir"]), "text": found["text"],
                "api_cls": base.get("api_cls")}
    return attrs


def _simple_publish(transport: str, kind: str, kw: str, api_suffix: str, reply: bool = False):
    def fn(info):
        found = Arg(1, kw).find(info)
        if found is None:
            return []
        return [_site(info, role="produce", api=_api(info, api_suffix), transport=transport, kind=kind,
                      delivery="point-to-point" if reply else "broadcast", channel_ir=found["ir"],
                      channel_expr=found["text"], message=_message(info), reply=reply)]
    return fn


# -- Redis -------------------------------------------------------------------------------------------------
_REDIS_KINDS = {"channel": ("topic", "broadcast"), "list": ("queue", "point-to-point"),
                "stream": ("stream", "broadcast")}


def _redis_target(info, pos):
    """Which of ``channel`` (p``pos``), ``list=``, ``stream=`` is set: (kw, arg)."""
    for kw in ("list", "stream"):
        found = Arg(None, kw).find(info)
        if found is not None and found["text"] != "None":
            return kw, found
    found = Arg(pos, "channel").find(info)
    if found is not None and found["text"] != "None":
        return "channel", found
    return None, None


def _redis_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info):
        which, found = _redis_target(info, shift)
        if which is None:
            return []
        kind, delivery = _REDIS_KINDS[which]
        group = (found.get("tag") or {}).get("group")
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="redis", kind=kind, delivery=delivery,
                      channel_ir=_prefixed(_prefix(info), _entity_ir(found)), channel_expr=found["text"],
                      evidence_irs={"consumer group": group} if group else None)]
    return fn


def _redis_publisher_attrs(base, info):
    which, found = _redis_target(info, 0)
    if which is None:
        return {}
    return {"which": which, "channel": _prefixed(base.get("prefix"), _entity_ir(found)), "text": found["text"],
            "api_cls": base.get("api_cls")}


def _redis_publish(api_suffix: str, reply: bool = False, batch: bool = False):
    def fn(info):
        which, found = _redis_target(info, None if batch else 1)
        if which is None:
            return []
        kind, delivery = _REDIS_KINDS[which]
        return [_site(info, role="produce", api=_api(info, api_suffix), transport="redis", kind=kind,
                      delivery="point-to-point" if reply else delivery, channel_ir=_entity_ir(found),
                      channel_expr=found["text"], message=None if batch else _message(info), reply=reply)]
    return fn


def _redis_sub_attrs(kw: str):
    def attrs(info):
        name = Arg(0, kw).find(info)
        group = Arg(None, "group").find(info)
        return {"name": name["ir"] if name else None, "group": group["ir"] if group else None}
    return attrs


for _cls, _kw in (("PubSub", "channel"), ("ListSub", "list"), ("StreamSub", "stream")):
    R.constructor([f"faststream.redis.{_cls}"], f"faststream.redis.{_cls.lower()}", attrs=_redis_sub_attrs(_kw))
    R.entity([f"faststream.redis.{_cls}"], Arg(0, _kw))


# -- MQTT ----------------------------------------------------------------------------------------------------
def _mqtt_consume(shift: int, api_suffix: str, decorator: bool):
    def fn(info):
        topic = Arg(shift, "topic").find(info)
        if topic is None:
            return []
        shared = Arg(None, "shared").find(info)
        return [_site(info, role="consume", api=_api(info, api_suffix, decorator) if shift == 0 else api_suffix,
                      transport="mqtt", kind="topic", delivery="broadcast",
                      channel_ir=_prefixed(_prefix(info), topic["ir"]), channel_expr=topic["text"],
                      evidence_irs={"shared subscription": shared["ir"]} if shared else None)]
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
        def on_handler(info):
            base = dict(info.get("recv") or {})
            base.pop("kind", None)
            tag = _PUBLISHER_ATTRS[family](Tag.make("base", **base), info)
            returns = (info.get("target") or {}).get("returns")  # the handler's return annotation
            return _publisher_site_from_attrs(family, info, tag, _api(info, "publisher", True), message=returns)
        return on_handler

    def publish(info):
        tag = dict(info.get("recv") or {})
        if family == "rabbit":
            override = Arg(None, "routing_key").find(info)
            if override is not None:
                tag.update(key=override["ir"], text=override["text"])
        api = f"{tag.get('api_cls') or _DEFAULT_CLASS[family]}.publisher.{info['method']}"
        return _publisher_site_from_attrs(family, info, tag, api, message=_message(info),
                                          reply=info["method"] == "request")
    return publish


def _publisher_site_from_attrs(family, info, tag, api, message=None, reply=False):
    if not tag:
        return []
    if family == "rabbit":
        exchange = (tag["exchange"], tag.get("exchange_text"), tag.get("exchange_type")) \
            if tag.get("exchange") is not None else None
        return _rabbit_produce(info, api=api, exchange=exchange, key_ir=tag.get("key") or ["unknown"],
                               key_text=tag.get("text"), message=message, reply=reply)
    if tag.get("channel") is None:
        return []
    if family == "redis":
        kind, delivery = _REDIS_KINDS[tag.get("which") or "channel"]
    else:
        kind, delivery = _CHANNEL_KIND[family], "broadcast"
    return [_site(info, role="produce", api=api, transport=_TRANSPORT[family], kind=kind,
                  delivery="point-to-point" if reply else delivery, channel_ir=tag["channel"],
                  channel_expr=tag.get("text"), message=message, reply=reply)]


for _family in _FAMILIES:
    _kind = _broker_kind(_family)
    _pub = _publisher_kind(_family)
    R.decorator_method(_kind, ["subscriber"], _CONSUME[_family](0, "subscriber", True))
    R.method(_kind, ["subscriber"], _CONSUME[_family](0, "subscriber", False))  # sub = broker.subscriber("t")
    R.decorator_method(_kind, ["publisher"], _publisher_site(_family, True))
    R.factory(_kind, ["publisher"], _pub, attrs=_PUBLISHER_ATTRS[_family])
    for _method, _spec in _PUBLISHES[_family].items():
        R.method(_kind, [_method], _spec)
    R.method(_pub, ["publish", "request"], _publisher_site(_family, False))


# -- declarative routes: KafkaRoute(handler, "topic", publishers=[KafkaPublisher("out")]) ---------------------
_ROUTE_NAMES = {"kafka": "Kafka", "rabbit": "Rabbit", "nats": "Nats", "redis": "Redis", "mqtt": "MQTT"}


def _route_publisher(family: str, cls: str):
    def fn(info):
        tag = _PUBLISHER_ATTRS[family](Tag.make("base"), info)
        return _publisher_site_from_attrs(family, info, tag, f"{cls}()")
    return fn


for _family, (_modules, *_rest) in _FAMILIES.items():
    _name = _ROUTE_NAMES[_family]
    _routes = [f"faststream.{module}.{_name}Route" for module in _modules]
    _publishers = [f"faststream.{module}.{_name}Publisher" for module in _modules]
    R.function(_routes, _CONSUME[_family](1, f"{_name}Route()", False))
    R.function(_publishers, _route_publisher(_family, f"{_name}Publisher"))
    R.annotation(_publishers, _publisher_kind(_family))
