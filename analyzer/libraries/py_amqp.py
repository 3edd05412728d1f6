"""py-amqp, the AMQP 0-9-1 client under kombu (``import amqp``; api_catalog.md 2.4).

Same exchange semantics as pika (see ``amqp.py``), with py-amqp's argument
order: ``basic_publish(msg, exchange="", routing_key="")`` takes the message
first. Only typed channels are sites: an untyped ``basic_publish(exchange=...)``
is left to pika's fingerprint.
"""
from __future__ import annotations

from typing import Optional

from ..calls import ArgInfo, CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry, spec
from ..values import Lit, Value
from .amqp import amqp_publish, binding, declaration


def _publish(info: CallInfo) -> list[Draft]:
    message = Arg(0, "msg").find(info)
    exchange = Arg(1, "exchange").find(info)
    return amqp_publish(info, library="py-amqp", api="channel.basic_publish",
                        exchange=exchange.value if exchange else Lit(""),
                        exchange_text=exchange.text if exchange else None,
                        key=Arg(2, "routing_key").find(info), message=message.message if message else None)


def _consume(api: str):
    return spec(role="consume", library="py-amqp", transport="amqp", kind="queue", delivery="point-to-point",
                api=api, channel=Arg(0, "queue"))


def _value(arg: Optional[ArgInfo]) -> Optional[Value]:
    return arg.value if arg is not None else None


ABOUT = About(
    names="py-amqp",
    produce="`basic_publish`",
    consume="`basic_consume`",
    emits=("py-amqp",),
)


def register(r: Registry) -> None:
    r.library_roots("amqp", prefilter=["import amqp", "from amqp"])  # not "amqp": every broker URL says amqp://

    r.constructor(["amqp.Connection", "amqp.connection.Connection"], "pyamqp.connection")
    r.factory("pyamqp.connection", ["channel"], "pyamqp.channel")
    r.attribute("pyamqp.connection", "default_channel", "pyamqp.channel")
    r.constructor(["amqp.Channel", "amqp.channel.Channel"], "pyamqp.channel")

    r.method("pyamqp.channel", ["basic_publish", "basic_publish_confirm"], _publish)
    r.method("pyamqp.channel", ["basic_consume"], _consume("channel.basic_consume"))
    r.method("pyamqp.channel", ["basic_get"], _consume("channel.basic_get"))
    r.method("pyamqp.channel", ["exchange_declare"], lambda info: declaration(
        Arg(0, "exchange").find(info), Arg(1, "type").find(info)))
    r.method("pyamqp.channel", ["queue_bind"], lambda info: binding(
        _value(Arg(0, "queue").find(info)), Arg(1, "exchange").find(info), Arg(2, "routing_key").find(info)))
