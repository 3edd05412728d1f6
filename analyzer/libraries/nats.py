"""nats-py core and JetStream (api_catalog.md 5.1)."""
from ..apis import REGISTRY as R, Arg, spec

R.library_roots("nats")
R.constructor(["nats.connect", "nats.aio.client.Client", "nats.NATS", "nats.aio.client.NATS"], "nats.client")
R.factory("nats.client", ["jetstream"], "nats.js")
R.annotation(["nats.js.JetStreamContext", "nats.js.client.JetStreamContext"], "nats.js")


def _nats(role: str, api: str, delivery: str = "broadcast", **kw):
    return spec(role=role, library="nats", transport="nats", kind="subject", delivery=delivery, api=api,
                channel=Arg(0, "subject"), **kw)


R.method("nats.client", ["publish"], _nats("produce", "nc.publish", message=Arg(1, "payload")))
R.method("nats.client", ["request"], _nats("produce", "nc.request", delivery="point-to-point", reply=True,
                                           message=Arg(1, "payload")))
R.method("nats.client", ["subscribe"], _nats("consume", "nc.subscribe"))
R.method("nats.js", ["publish", "publish_async"], _nats("produce", "js.publish", message=Arg(1, "payload")))
R.method("nats.js", ["subscribe", "pull_subscribe"], _nats("consume", "js.subscribe"))
