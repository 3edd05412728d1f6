"""py-amqp, the AMQP 0-9-1 client under kombu (``import amqp``; api_catalog.md 2.4).

Same exchange semantics as pika (see ``amqp.py``), with py-amqp's argument
order: ``basic_publish(msg, exchange="", routing_key="")`` takes the message
first. Only typed channels are sites: an untyped ``basic_publish(exchange=...)``
is left to pika's fingerprint.
"""
from ..apis import REGISTRY as R, Arg, spec
from .amqp import amqp_publish, binding, declaration

R.library_roots("amqp", prefilter=["import amqp", "from amqp"])  # not "amqp": every broker URL says amqp://

R.constructor(["amqp.Connection", "amqp.connection.Connection"], "pyamqp.connection")
R.factory("pyamqp.connection", ["channel"], "pyamqp.channel")
R.attribute("pyamqp.connection", "default_channel", "pyamqp.channel")
R.constructor(["amqp.Channel", "amqp.channel.Channel"], "pyamqp.channel")


def _publish(info):
    message = Arg(0, "msg").find(info)
    exchange = Arg(1, "exchange").find(info)
    return amqp_publish(info, library="py-amqp", api="channel.basic_publish",
                        exchange_ir=exchange["ir"] if exchange else ["lit", ""],
                        exchange_text=exchange["text"] if exchange else None,
                        key=Arg(2, "routing_key").find(info), message=message["cls"] if message else None)


def _consume(api: str):
    return spec(role="consume", library="py-amqp", transport="amqp", kind="queue", delivery="point-to-point",
                api=api, channel=Arg(0, "queue"))


R.method("pyamqp.channel", ["basic_publish", "basic_publish_confirm"], _publish)
R.method("pyamqp.channel", ["basic_consume"], _consume("channel.basic_consume"))
R.method("pyamqp.channel", ["basic_get"], _consume("channel.basic_get"))
R.method("pyamqp.channel", ["exchange_declare"], lambda info: declaration(
    info, Arg(0, "exchange").find(info), Arg(1, "type").find(info)))
R.method("pyamqp.channel", ["queue_bind"], lambda info: binding(
    Arg(0, "queue").find(info), Arg(1, "exchange").find(info), Arg(2, "routing_key").find(info)))
