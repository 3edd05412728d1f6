"""redis-py (sync and asyncio) pub/sub and streams (api_catalog.md 5.2)."""
from ..calls import CallInfo
from ..facts import Draft
from ..registry import About, AllPositional, Arg, DictKeys, Registry, draft, select_channel, spec
from ..values import Items, Lit, Pairs, Unknown, Value


def _redis(role: str, api: str, kind: str = "topic", **kw):
    return spec(role=role, library="redis", transport="redis", kind=kind, delivery="broadcast", api=api, **kw)


def _subscribe(info: CallInfo) -> list[Draft]:
    """``subscribe("a", "b", c=handler)``: positional args and keyword names are channels."""
    value, text = select_channel(info, AllPositional())
    items: list[Value] = [value] if type(value) is not Items else list(value.items)
    if type(value) is Unknown and not text:
        items = []
    texts = [text] if text else []
    for arg in info.args:
        if arg.kw is not None:
            items.append(Lit(arg.kw))
            texts.append(arg.kw)
        elif arg.star == "**" and type(arg.value) is Pairs:
            items.extend(k for k, _ in arg.value.pairs)
            texts.append(arg.text)
    if not items:
        return []
    pattern = info.method == "psubscribe"
    return [draft(info, role="consume", library="redis", transport="redis",
                  api="PubSub.psubscribe" if pattern else "PubSub.subscribe", kind="topic",
                  delivery="broadcast", channel=Items(tuple(items)) if len(items) > 1 else items[0],
                  channel_expr=", ".join(texts))]


ABOUT = About(
    names="redis-py",
    produce="`publish`, `xadd`",
    consume="`pubsub().subscribe/psubscribe`, `xread`, `xreadgroup`",
    emits=("redis",),
)


def register(r: Registry) -> None:
    r.library_roots("redis", "aioredis")
    r.constructor(["redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url",
                   "redis.StrictRedis.from_url", "redis.asyncio.Redis", "redis.asyncio.from_url",
                   "redis.asyncio.StrictRedis", "redis.RedisCluster", "redis.cluster.RedisCluster",
                   "aioredis.from_url", "aioredis.Redis", "aioredis.create_redis_pool"], "redis.client")
    r.factory("redis.client", ["pubsub"], "redis.pubsub")

    r.method("redis.client", ["publish", "spublish"], _redis("produce", "Redis.publish", channel=Arg(0, "channel"),
                                                               message=Arg(1, "message")))
    r.method("redis.client", ["xadd"], _redis("produce", "Redis.xadd", kind="stream", channel=Arg(0, "name"),
                                              message=Arg(1, "fields")))
    r.method("redis.client", ["xreadgroup"], _redis("consume", "Redis.xreadgroup", kind="stream",
                                                    channel=DictKeys(Arg(2, "streams"))))
    r.method("redis.client", ["xread"], _redis("consume", "Redis.xread", kind="stream",
                                               channel=DictKeys(Arg(0, "streams"))))

    r.method("redis.pubsub", ["subscribe", "psubscribe", "ssubscribe"], _subscribe)
