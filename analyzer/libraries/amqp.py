"""AMQP: pika, aio-pika and kombu (api_catalog.md section 2).

A publish names an exchange and a routing key. To the default exchange ``""``
the routing key is a queue name (point-to-point); otherwise the channel is the
exchange, whose declared type (fanout/topic/headers or direct) decides the
delivery. That decision is made project-wide, once constants are rendered and
every ``exchange_declare`` is known: :class:`ExchangeRoute` settles it.
"""
from __future__ import annotations

from typing import Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..codec import record
from ..facts import ChannelBinding, Draft, ExchangeDeclaration, ProjectView, Settling
from ..registry import About, Arg, Registry, draft, spec
from ..values import UNKNOWN, Lit, TaskRef, Unknown, Value, is_known

_BROADCAST_TYPES = {"fanout": "broadcast", "topic": "broadcast", "headers": "broadcast",
                    "direct": "point-to-point", "x-consistent-hash": "point-to-point"}
_TYPE_DELIVERY = {"fanout": "broadcast", "topic": "broadcast", "headers": "broadcast"}


@record
class ExchangeRoute:
    """A publish's routing key and the exchange type known where it is made; settled project-wide."""

    key: Value
    key_text: Optional[str]
    exchange_type: Optional[str]

    def settle(self, site: Settling, project: ProjectView) -> None:
        render = project.renderer
        exchange = render.render(site.channel) if is_known(site.channel) else None
        if render.exact_text(site.channel) == "":  # the default exchange: the routing key names a queue
            site.channel_kind, site.delivery = "queue", "point-to-point"
            site.channel, site.channel_expr = self.key, self.key_text
            site.evidence.append("default exchange: the routing key names a queue")
            return
        exchange_type = self.exchange_type or project.exchange_types.get(exchange or "")
        if exchange_type:
            site.delivery = _TYPE_DELIVERY.get(exchange_type, "point-to-point")
            site.evidence.append(f"exchange type: {exchange_type}")
        if self.key_text:
            key = render.render(self.key)
            site.evidence.append(f"routing key: {key if key is not None else self.key_text}")


def exchange_type(arg: Optional[ArgInfo]) -> Optional[str]:
    """``"fanout"``, ``ExchangeType.fanout`` or ``ExchangeType.FANOUT`` -> ``fanout``."""
    if arg is None:
        return None
    if type(arg.value) is Lit:
        return arg.value.text.lower()
    qual = arg.qual or arg.text or ""
    return qual.rsplit(".", 1)[-1].lower() or None


def amqp_publish(info: CallInfo, *, library: str, api: str, exchange: Value, exchange_text: Optional[str],
                 key: Optional[ArgInfo], exchange_kind: Optional[str] = None,
                 message: Optional[str] = None) -> list[Draft]:
    """A publish whose default-exchange / named-exchange split is settled at resolve time."""
    key_value, key_text = (key.value, key.text) if key else (UNKNOWN, None)
    return [draft(info, role="produce", library=library, transport="amqp", api=api, kind="exchange",
                  delivery=_BROADCAST_TYPES.get(exchange_kind or "", "unknown"),
                  channel=exchange, channel_expr=exchange_text, message=message,
                  route=ExchangeRoute(key_value, key_text, exchange_kind))]


def declaration(name: Optional[ArgInfo], type_arg: Optional[ArgInfo],
                default_type: str = "direct") -> list[ExchangeDeclaration]:
    if name is None:
        return []
    return [ExchangeDeclaration(name.value, exchange_type(type_arg) or default_type)]


def binding(queue: Optional[Value], exchange: Optional[ArgInfo], key: Optional[ArgInfo] = None) -> list[ChannelBinding]:
    """A queue bound to an exchange: the exchange's messages reach the queue's consumers."""
    if queue is None or exchange is None:
        return []
    name = exchange.value
    if exchange.tag is not None and exchange.tag.get("name") is not None:
        name = exchange.tag.get("name")
    return [ChannelBinding(name, queue, key.value if key else None)]


def _value(arg: Optional[ArgInfo]) -> Optional[Value]:
    return arg.value if arg is not None else None


def _consume(library: str, api: str, channel: Arg = Arg(0, "queue")):
    return spec(role="consume", library=library, transport="amqp", kind="queue", delivery="point-to-point",
                api=api, channel=channel)


# -- pika ---------------------------------------------------------------------------------
def _pika_publish(info: CallInfo) -> list[Draft]:
    exchange = Arg(0, "exchange").find(info)
    body = Arg(2, "body").find(info)
    return amqp_publish(info, library="pika", api="channel.basic_publish",
                        exchange=exchange.value if exchange else Lit(""),
                        exchange_text=exchange.text if exchange else None, key=Arg(1, "routing_key").find(info),
                        message=body.message if body else None)


def _pika_consume(info: CallInfo) -> list[Draft]:
    """pika >= 1.0: basic_consume(queue, on_message_callback); 0.x: (consumer_callback, queue)."""
    keywords = info.keywords
    positional = info.positional
    queue = Arg(None, "queue").find(info)
    if queue is None and positional:
        old_style = "no_ack" in keywords or "consumer_callback" in keywords
        first_is_text = _text_like(positional[0])
        if not old_style and first_is_text:
            queue = positional[0]
        elif len(positional) > 1 and (old_style or _text_like(positional[1])):
            queue = positional[1]
        elif not old_style:
            queue = positional[0]
    if queue is None:
        return []
    return [draft(info, role="consume", library="pika", transport="amqp", api="channel.basic_consume",
                  kind="queue", delivery="point-to-point", channel=queue.value, channel_expr=queue.text)]


def _text_like(arg: ArgInfo) -> bool:
    """A value that may be a queue name, not a callback (a function is a task reference)."""
    return type(arg.value) not in (Unknown, TaskRef)


def _pika_declare(info: CallInfo) -> list[ExchangeDeclaration]:
    return declaration(Arg(0, "exchange").find(info), Arg(1, "exchange_type").find(info))


def _given(*keywords: str):
    def when(info: CallInfo) -> bool:
        return any(arg.kw in keywords for arg in info.args)
    return when


_AMQP_ROOTS = frozenset(("pika", "amqp", "kombu", "aio_pika", "aiormq"))


def _only(when, fn):
    return lambda info: fn(info) if when(info) else []


# -- aio-pika -----------------------------------------------------------------------------
def _exchange_attrs(base: Tag, info: CallInfo) -> dict:
    name = Arg(0, "name").find(info)
    return {"name": name.value if name else None, "type": exchange_type(Arg(1, "type").find(info))}


def _queue_attrs(base: Tag, info: CallInfo) -> dict:
    name = Arg(0, "name").find(info)
    return {"name": name.value if name else Lit(""), "text": name.text if name else None}


def _aiopika_publish(info: CallInfo) -> list[Draft]:
    recv = info.recv
    message = Arg(0, "message").find(info)
    return amqp_publish(info, library="aio-pika", api="exchange.publish",
                        exchange=recv.get("name", UNKNOWN), exchange_text=info.recv_text,
                        key=Arg(1, "routing_key").find(info), exchange_kind=recv.get("type"),
                        message=message.message if message else None)


def _aiopika_consume(info: CallInfo) -> list[Draft]:
    return [draft(info, role="consume", library="aio-pika", transport="amqp", api=f"queue.{info.method}",
                  kind="queue", delivery="point-to-point", channel=info.recv.get("name", UNKNOWN),
                  channel_expr=info.recv.get("text"))]


# -- kombu --------------------------------------------------------------------------------
def _producer_attrs(info: CallInfo, skip_channel: bool) -> dict:
    exchange = Arg(1 if skip_channel else 0, "exchange").find(info)
    return {"exchange": exchange.value if exchange else None,
            "exchange_text": exchange.text if exchange else None,
            "exchange_type": _kombu_exchange_type(exchange)}


def _kombu_exchange_type(arg: Optional[ArgInfo]) -> Optional[str]:
    return arg.tag.get("type") if arg is not None and arg.tag is not None else None


def _simple_queue_attrs(base: Tag, info: CallInfo) -> dict:
    name = Arg(0, "name").find(info)
    return {"name": name.value if name else None, "text": name.text if name else None}


def _exchange_tag(info: CallInfo) -> dict:
    return {"type": exchange_type(Arg(1, "type").find(info)) or "direct"}


def _kombu_publish(info: CallInfo) -> list[Draft]:
    recv = info.recv
    exchange = Arg(None, "exchange").find(info)
    if exchange is not None:
        exchange_value, exchange_text, kind = exchange.value, exchange.text, _kombu_exchange_type(exchange)
    elif recv.get("exchange") is not None:
        exchange_value, exchange_text, kind = recv.get("exchange"), recv.get("exchange_text"), recv.get("exchange_type")
    else:
        exchange_value, exchange_text, kind = Lit(""), None, None
    body = Arg(0, "body").find(info)
    return amqp_publish(info, library="kombu", api="Producer.publish", exchange=exchange_value,
                        exchange_text=exchange_text, key=Arg(1, "routing_key").find(info), exchange_kind=kind,
                        message=body.message if body else None)


def _kombu_consumer(position: int):
    def fn(info: CallInfo) -> list[Draft]:
        queues = Arg(position, "queues").find(info)
        if queues is None:
            return []
        return [draft(info, role="consume", library="kombu", transport="amqp", api="Consumer", kind="queue",
                      delivery="point-to-point", channel=queues.value, channel_expr=queues.text)]
    return fn


def _simple_queue(role: str, api: str):
    def fn(info: CallInfo) -> list[Draft]:
        return [draft(info, role=role, library="kombu", transport="amqp", api=api, kind="queue",
                      delivery="point-to-point", channel=info.recv.get("name") or UNKNOWN,
                      channel_expr=info.recv.get("text"))]
    return fn


ABOUT = About(
    names="pika, aio-pika, kombu",
    produce="`basic_publish`, `exchange.publish`, `Producer.publish`, `SimpleQueue.put`",
    consume="`basic_consume` (1.x and 0.x orders), `queue.consume`, `Consumer(queues=...)`",
    emits=("pika", "aio-pika", "kombu"),
)


def register(r: Registry) -> None:
    r.library_roots("pika", "aio_pika", "kombu")
    r.fingerprint_keywords(("basic_publish", "basic_consume"))
    r.not_message("BasicProperties", "Properties")
    r.not_message_annotation("IncomingMessage", "AbstractIncomingMessage")
    r.envelope("Message")  # aio_pika.Message(body=...)

    # pika
    r.constructor(["pika.BlockingConnection", "pika.SelectConnection", "pika.adapters.asyncio_connection"
                   ".AsyncioConnection", "pika.adapters.tornado_connection.TornadoConnection",
                   "pika.adapters.twisted_connection.TwistedProtocolConnection"], "pika.connection")
    r.factory("pika.connection", ["channel"], "pika.channel")
    r.annotation(["pika.adapters.blocking_connection.BlockingChannel", "pika.channel.Channel",
                  "pika.BlockingConnection.channel"], "pika.channel")
    r.method("pika.channel", ["basic_publish", "publish"], _pika_publish)
    r.method("pika.channel", ["basic_consume"], _pika_consume)
    r.method("pika.channel", ["consume", "basic_get"], _consume("pika", "channel.consume"))
    r.method("pika.channel", ["exchange_declare"], _pika_declare)
    r.method("pika.channel", ["queue_bind"], lambda info: binding(
        _value(Arg(0, "queue").find(info)), Arg(1, "exchange").find(info), Arg(2, "routing_key").find(info)))
    r.fingerprint(["basic_publish"], _only(_given("exchange", "routing_key"), _pika_publish))
    # untyped receivers (a callback's ``channel`` parameter): keywords say AMQP, or an AMQP import does
    r.fingerprint(["basic_consume"], _only(lambda info: _given("queue", "on_message_callback")(info) or (
        bool(info.positional) and _AMQP_ROOTS.intersection(info.imports)), _pika_consume))
    r.fingerprint(["exchange_declare"], _only(_given("exchange_type"), _pika_declare))

    # aio-pika
    r.constructor(["aio_pika.connect", "aio_pika.connect_robust", "aio_pika.Connection",
                   "aio_pika.RobustConnection"], "aiopika.connection")
    r.factory("aiopika.connection", ["channel"], "aiopika.channel")
    r.annotation(["aio_pika.Channel", "aio_pika.RobustChannel", "aio_pika.abc.AbstractChannel",
                  "aio_pika.abc.AbstractRobustChannel"], "aiopika.channel")
    r.attribute("aiopika.channel", "default_exchange", "aiopika.exchange", name=Lit(""))
    r.factory("aiopika.channel", ["declare_exchange", "get_exchange"], "aiopika.exchange", attrs=_exchange_attrs)
    r.factory("aiopika.channel", ["declare_queue", "get_queue"], "aiopika.queue", attrs=_queue_attrs)
    r.annotation(["aio_pika.Exchange", "aio_pika.abc.AbstractExchange"], "aiopika.exchange")
    r.annotation(["aio_pika.Queue", "aio_pika.abc.AbstractQueue"], "aiopika.queue")
    r.method("aiopika.exchange", ["publish"], _aiopika_publish)
    r.method("aiopika.queue", ["consume", "iterator", "get"], _aiopika_consume)
    r.method("aiopika.queue", ["bind"], lambda info: binding(
        info.recv.get("name", UNKNOWN), Arg(0, "exchange").find(info), Arg(1, "routing_key").find(info)))
    r.method("aiopika.channel", ["declare_exchange"], lambda info: declaration(
        Arg(0, "name").find(info), Arg(1, "type").find(info)))

    # kombu
    r.constructor(["kombu.Connection", "kombu.BrokerConnection", "kombu.connection.Connection"],
                  "kombu.connection")
    r.entity(["kombu.Queue", "kombu.Exchange", "kombu.entity.Queue", "kombu.entity.Exchange",
              "kombu.common.Broadcast", "kombu.Broadcast"], Arg(0, "name"))
    r.constructor(["kombu.Producer", "kombu.messaging.Producer"], "kombu.producer",
                  attrs=lambda info: _producer_attrs(info, True))
    r.factory("kombu.connection", ["Producer"], "kombu.producer",
              attrs=lambda base, info: _producer_attrs(info, False))
    r.factory("kombu.connection", ["SimpleQueue", "SimpleBuffer"], "kombu.simplequeue", attrs=_simple_queue_attrs)
    r.constructor(["kombu.Exchange", "kombu.entity.Exchange"], "kombu.exchange", attrs=_exchange_tag)
    r.method("kombu.producer", ["publish"], _kombu_publish)
    r.function(["kombu.Exchange", "kombu.entity.Exchange"], lambda info: declaration(
        Arg(0, "name").find(info), Arg(1, "type").find(info)))
    r.function(["kombu.Queue", "kombu.entity.Queue"], lambda info: binding(
        _value(Arg(0, "name").find(info)), Arg(1, "exchange").find(info), Arg(2, "routing_key").find(info)))
    r.function(["kombu.Consumer", "kombu.messaging.Consumer"], _kombu_consumer(1))
    r.factory("kombu.connection", ["Consumer"], "kombu.consumer")
    r.method("kombu.connection", ["Consumer"], _kombu_consumer(0))
    r.method("kombu.simplequeue", ["put"], _simple_queue("produce", "SimpleQueue.put"))
    r.method("kombu.simplequeue", ["get", "get_nowait"], _simple_queue("consume", "SimpleQueue.get"))
