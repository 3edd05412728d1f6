"""nats-py core and JetStream (api_catalog.md 5.1)."""
from ..registry import About, Arg, Registry, spec


def _nats(role: str, api: str, delivery: str = "broadcast", **kw):
    return spec(role=role, library="nats", transport="nats", kind="subject", delivery=delivery, api=api,
                channel=Arg(0, "subject"), **kw)


ABOUT = About(
    names="nats-py",
    produce="`publish`, `request` (waits for reply), JetStream `publish`",
    consume="`subscribe`, JetStream `subscribe`, `pull_subscribe`",
    emits=("nats",),
)


def register(r: Registry) -> None:
    r.library_roots("nats")
    r.not_message_annotation("Msg")
    r.constructor(["nats.connect", "nats.aio.client.Client", "nats.NATS", "nats.aio.client.NATS"], "nats.client")
    r.factory("nats.client", ["jetstream"], "nats.js")
    r.annotation(["nats.js.JetStreamContext", "nats.js.client.JetStreamContext"], "nats.js")

    r.method("nats.client", ["publish"], _nats("produce", "nc.publish", message=Arg(1, "payload")))
    r.method("nats.client", ["request"], _nats("produce", "nc.request", delivery="point-to-point", reply=True,
                                               message=Arg(1, "payload")))
    r.method("nats.client", ["subscribe"], _nats("consume", "nc.subscribe"))
    r.method("nats.js", ["publish", "publish_async"], _nats("produce", "js.publish", message=Arg(1, "payload")))
    r.method("nats.js", ["subscribe", "pull_subscribe"], _nats("consume", "js.subscribe"))
