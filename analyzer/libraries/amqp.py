"""AMQP: pika, aio-pika and kombu (api_catalog.md section 2).

A publish names an exchange and a routing key. To the default exchange ``""``
the routing key is a queue name (point-to-point); otherwise the channel is the
exchange, whose declared type (fanout/topic/headers or direct) decides the
delivery. That decision is made project-wide, once constants are rendered and
every ``exchange_declare`` is known (see ``analyzer.resolve``).
"""
from ..apis import REGISTRY as R, Arg, draft, spec

R.library_roots("pika", "aio_pika", "kombu")

_BROADCAST_TYPES = {"fanout": "broadcast", "topic": "broadcast", "headers": "broadcast",
                    "direct": "point-to-point", "x-consistent-hash": "point-to-point"}


def exchange_type(arg) -> str:
    """``"fanout"``, ``ExchangeType.fanout`` or ``ExchangeType.FANOUT`` -> ``fanout``."""
    if arg is None:
        return None
    if arg["ir"][0] == "lit":
        return str(arg["ir"][1]).lower()
    qual = arg.get("qual") or arg.get("text") or ""
    return qual.rsplit(".", 1)[-1].lower() or None


def amqp_publish(info, *, library: str, api: str, exchange_ir, exchange_text, key, exchange_kind=None,
                 message=None):
    """A publish whose default-exchange / named-exchange split is settled at resolve time."""
    key_ir, key_text = (key["ir"], key["text"]) if key else (["unknown"], None)
    return [draft(info, role="produce", library=library, transport="amqp", api=api, kind="exchange",
                  delivery=_BROADCAST_TYPES.get(exchange_kind or "", "unknown"),
                  channel_ir=exchange_ir, channel_expr=exchange_text, message=message,
                  amqp={"key_ir": key_ir, "key_text": key_text, "exchange_type": exchange_kind})]


def declaration(info, name_arg, type_arg, default_type="direct"):
    if name_arg is None:
        return []
    return [{"declare": "exchange", "name_ir": name_arg["ir"],
             "exchange_type": exchange_type(type_arg) or default_type}]


def binding(queue_arg, exchange_arg, key_arg=None):
    """A queue bound to an exchange: the exchange's messages reach the queue's consumers."""
    if queue_arg is None or exchange_arg is None:
        return []
    exchange_ir = exchange_arg["ir"]
    tag = exchange_arg.get("tag") or {}
    if tag.get("name") is not None:
        exchange_ir = tag["name"]
    return [{"declare": "binding", "name_ir": exchange_ir, "queue_ir": queue_arg["ir"],
             "key_ir": key_arg["ir"] if key_arg else None}]


def _consume(library: str, api: str, channel=Arg(0, "queue")):
    return spec(role="consume", library=library, transport="amqp", kind="queue", delivery="point-to-point",
                api=api, channel=channel)


# -- pika ---------------------------------------------------------------------------------
R.constructor(["pika.BlockingConnection", "pika.SelectConnection", "pika.adapters.asyncio_connection"
               ".AsyncioConnection", "pika.adapters.tornado_connection.TornadoConnection",
               "pika.adapters.twisted_connection.TwistedProtocolConnection"], "pika.connection")
R.factory("pika.connection", ["channel"], "pika.channel")
R.annotation(["pika.adapters.blocking_connection.BlockingChannel", "pika.channel.Channel",
              "pika.BlockingConnection.channel"], "pika.channel")


def _pika_publish(info):
    exchange = Arg(0, "exchange").find(info)
    key = Arg(1, "routing_key").find(info)
    body = Arg(2, "body").find(info)
    return amqp_publish(info, library="pika", api="channel.basic_publish",
                        exchange_ir=exchange["ir"] if exchange else ["lit", ""],
                        exchange_text=exchange["text"] if exchange else None, key=key,
                        message=body["cls"] if body else None)


def _pika_consume(info):
    """pika >= 1.0: basic_consume(queue, on_message_callback); 0.x: (consumer_callback, queue)."""
    keywords = {arg["kw"] for arg in info["args"]}
    positional = [arg for arg in info["args"] if arg["kw"] is None and not arg["star"]]
    queue = Arg(None, "queue").find(info)
    if queue is None and positional:
        old_style = "no_ack" in keywords or "consumer_callback" in keywords
        first_is_text = positional[0]["ir"][0] not in ("unknown", "task")
        if not old_style and first_is_text:
            queue = positional[0]
        elif len(positional) > 1 and (old_style or positional[1]["ir"][0] not in ("unknown", "task")):
            queue = positional[1]
        elif not old_style:
            queue = positional[0]
    if queue is None:
        return []
    return [draft(info, role="consume", library="pika", transport="amqp", api="channel.basic_consume",
                  kind="queue", delivery="point-to-point", channel_ir=queue["ir"], channel_expr=queue["text"])]


def _pika_declare(info):
    return declaration(info, Arg(0, "exchange").find(info), Arg(1, "exchange_type").find(info))


R.method("pika.channel", ["basic_publish", "publish"], _pika_publish)
R.method("pika.channel", ["basic_consume"], _pika_consume)
R.method("pika.channel", ["consume", "basic_get"], _consume("pika", "channel.consume"))
R.method("pika.channel", ["exchange_declare"], _pika_declare)
R.method("pika.channel", ["queue_bind"], lambda info: binding(
    Arg(0, "queue").find(info), Arg(1, "exchange").find(info), Arg(2, "routing_key").find(info)))
R.fingerprint(["basic_publish"], lambda info: _pika_publish(info) if any(
    arg["kw"] in ("exchange", "routing_key") for arg in info["args"]) else [])
R.fingerprint(["basic_consume"], lambda info: _pika_consume(info) if any(
    arg["kw"] in ("queue", "on_message_callback") for arg in info["args"]) else [])
R.fingerprint(["exchange_declare"], lambda info: _pika_declare(info) if any(
    arg["kw"] in ("exchange_type",) for arg in info["args"]) else [])

# -- aio-pika -----------------------------------------------------------------------------
R.constructor(["aio_pika.connect", "aio_pika.connect_robust", "aio_pika.Connection",
               "aio_pika.RobustConnection"], "aiopika.connection")
R.factory("aiopika.connection", ["channel"], "aiopika.channel")
R.annotation(["aio_pika.Channel", "aio_pika.RobustChannel", "aio_pika.abc.AbstractChannel",
              "aio_pika.abc.AbstractRobustChannel"], "aiopika.channel")
R.attribute("aiopika.channel", "default_exchange", "aiopika.exchange", name=["lit", ""])


def _exchange_attrs(base, info):
    name = Arg(0, "name").find(info)
    return {"name": name["ir"] if name else None, "type": exchange_type(Arg(1, "type").find(info))}


def _queue_attrs(base, info):
    name = Arg(0, "name").find(info)
    return {"name": name["ir"] if name else ["lit", ""], "text": name["text"] if name else None}


R.factory("aiopika.channel", ["declare_exchange", "get_exchange"], "aiopika.exchange", attrs=_exchange_attrs)
R.factory("aiopika.channel", ["declare_queue", "get_queue"], "aiopika.queue", attrs=_queue_attrs)
R.annotation(["aio_pika.Exchange", "aio_pika.abc.AbstractExchange"], "aiopika.exchange")
R.annotation(["aio_pika.Queue", "aio_pika.abc.AbstractQueue"], "aiopika.queue")


def _aiopika_publish(info):
    recv = info["recv"]
    key = Arg(1, "routing_key").find(info)
    message = Arg(0, "message").find(info)
    return amqp_publish(info, library="aio-pika", api="exchange.publish",
                        exchange_ir=recv.get("name", ["unknown"]), exchange_text=info.get("recv_text"),
                        key=key, exchange_kind=recv.get("type"),
                        message=message["cls"] if message else None)


R.method("aiopika.exchange", ["publish"], _aiopika_publish)
R.method("aiopika.queue", ["consume", "iterator", "get"], lambda info: [draft(
    info, role="consume", library="aio-pika", transport="amqp", api=f"queue.{info['method']}", kind="queue",
    delivery="point-to-point", channel_ir=info["recv"].get("name", ["unknown"]),
    channel_expr=info["recv"].get("text"))])
R.method("aiopika.queue", ["bind"], lambda info: binding(
    {"ir": info["recv"].get("name", ["unknown"])}, Arg(0, "exchange").find(info), Arg(1, "routing_key").find(info)))
R.method("aiopika.channel", ["declare_exchange"], lambda info: declaration(
    info, Arg(0, "name").find(info), Arg(1, "type").find(info)))

# -- kombu --------------------------------------------------------------------------------
R.constructor(["kombu.Connection", "kombu.BrokerConnection", "kombu.connection.Connection"], "kombu.connection")
R.entity(["kombu.Queue", "kombu.Exchange", "kombu.entity.Queue", "kombu.entity.Exchange",
          "kombu.common.Broadcast", "kombu.Broadcast"], Arg(0, "name"))


def _producer_attrs(info, skip_channel: bool):
    exchange = Arg(1 if skip_channel else 0, "exchange").find(info)
    return {"exchange": exchange["ir"] if exchange else None,
            "exchange_text": exchange["text"] if exchange else None,
            "exchange_type": _kombu_exchange_type(exchange)}


def _kombu_exchange_type(arg):
    tag = (arg or {}).get("tag") or {}
    return tag.get("type")


R.constructor(["kombu.Producer", "kombu.messaging.Producer"], "kombu.producer",
              attrs=lambda info: _producer_attrs(info, True))
R.factory("kombu.connection", ["Producer"], "kombu.producer", attrs=lambda base, info: _producer_attrs(info, False))
R.factory("kombu.connection", ["SimpleQueue", "SimpleBuffer"], "kombu.simplequeue",
          attrs=lambda base, info: {"name": (Arg(0, "name").find(info) or {}).get("ir"),
                                    "text": (Arg(0, "name").find(info) or {}).get("text")})


def _exchange_tag(info):
    return {"type": exchange_type(Arg(1, "type").find(info)) or "direct"}


R.constructor(["kombu.Exchange", "kombu.entity.Exchange"], "kombu.exchange", attrs=_exchange_tag)


def _kombu_publish(info):
    recv = info["recv"]
    exchange = Arg(None, "exchange").find(info)
    if exchange is not None:
        exchange_ir, exchange_text, kind = exchange["ir"], exchange["text"], _kombu_exchange_type(exchange)
    elif recv.get("exchange") is not None:
        exchange_ir, exchange_text, kind = recv["exchange"], recv.get("exchange_text"), recv.get("exchange_type")
    else:
        exchange_ir, exchange_text, kind = ["lit", ""], None, None
    body = Arg(0, "body").find(info)
    return amqp_publish(info, library="kombu", api="Producer.publish", exchange_ir=exchange_ir,
                        exchange_text=exchange_text, key=Arg(1, "routing_key").find(info), exchange_kind=kind,
                        message=body["cls"] if body else None)


R.method("kombu.producer", ["publish"], _kombu_publish)
R.function(["kombu.Exchange", "kombu.entity.Exchange"], lambda info: declaration(
    info, Arg(0, "name").find(info), Arg(1, "type").find(info)))
R.function(["kombu.Queue", "kombu.entity.Queue"], lambda info: binding(
    Arg(0, "name").find(info), Arg(1, "exchange").find(info), Arg(2, "routing_key").find(info)))


def _kombu_consumer(position: int):
    def fn(info):
        queues = Arg(position, "queues").find(info)
        if queues is None:
            return []
        return [draft(info, role="consume", library="kombu", transport="amqp", api="Consumer", kind="queue",
                      delivery="point-to-point", channel_ir=queues["ir"], channel_expr=queues["text"])]
    return fn


R.function(["kombu.Consumer", "kombu.messaging.Consumer"], _kombu_consumer(1))
R.factory("kombu.connection", ["Consumer"], "kombu.consumer")
R.method("kombu.connection", ["Consumer"], _kombu_consumer(0))
R.method("kombu.simplequeue", ["put"], lambda info: [draft(
    info, role="produce", library="kombu", transport="amqp", api="SimpleQueue.put", kind="queue",
    delivery="point-to-point", channel_ir=info["recv"].get("name") or ["unknown"],
    channel_expr=info["recv"].get("text"))])
R.method("kombu.simplequeue", ["get", "get_nowait"], lambda info: [draft(
    info, role="consume", library="kombu", transport="amqp", api="SimpleQueue.get", kind="queue",
    delivery="point-to-point", channel_ir=info["recv"].get("name") or ["unknown"],
    channel_expr=info["recv"].get("text"))])
