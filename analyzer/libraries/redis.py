"""redis-py (sync and asyncio) pub/sub and streams (api_catalog.md 5.2)."""
from ..apis import REGISTRY as R, AllPositional, Arg, DictKeys, draft, select_channel, spec

R.library_roots("redis", "aioredis")
R.constructor(["redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url",
               "redis.StrictRedis.from_url", "redis.asyncio.Redis", "redis.asyncio.from_url",
               "redis.asyncio.StrictRedis", "redis.RedisCluster", "redis.cluster.RedisCluster",
               "aioredis.from_url", "aioredis.Redis", "aioredis.create_redis_pool"], "redis.client")
R.factory("redis.client", ["pubsub"], "redis.pubsub")


def _redis(role: str, api: str, kind: str = "topic", **kw):
    return spec(role=role, library="redis", transport="redis", kind=kind, delivery="broadcast", api=api, **kw)


R.method("redis.client", ["publish", "spublish"], _redis("produce", "Redis.publish", channel=Arg(0, "channel"),
                                                           message=Arg(1, "message")))
R.method("redis.client", ["xadd"], _redis("produce", "Redis.xadd", kind="stream", channel=Arg(0, "name"),
                                          message=Arg(1, "fields")))
R.method("redis.client", ["xreadgroup"], _redis("consume", "Redis.xreadgroup", kind="stream",
                                                channel=DictKeys(Arg(2, "streams"))))
R.method("redis.client", ["xread"], _redis("consume", "Redis.xread", kind="stream",
                                           channel=DictKeys(Arg(0, "streams"))))


def _subscribe(info):
    """``subscribe("a", "b", c=handler)``: positional args and keyword names are channels."""
    ir, text = select_channel(info, AllPositional())
    items = [ir] if ir[0] != "list" else list(ir[1])
    if ir[0] == "unknown" and not text:
        items = []
    texts = [text] if text else []
    for arg in info["args"]:
        if arg["kw"] is not None:
            items.append(["lit", arg["kw"]])
            texts.append(arg["kw"])
        elif arg["star"] == "**" and arg["ir"][0] == "dict":
            items.extend(k for k, _ in arg["ir"][1])
            texts.append(arg["text"])
    if not items:
        return []
    pattern = info["method"] == "psubscribe"
    return [draft(info, role="consume", library="redis", transport="redis",
                  api="PubSub.psubscribe" if pattern else "PubSub.subscribe", kind="topic",
                  delivery="broadcast", channel_ir=["list", items] if len(items) > 1 else items[0],
                  channel_expr=", ".join(texts))]


R.method("redis.pubsub", ["subscribe", "psubscribe", "ssubscribe"], _subscribe)
