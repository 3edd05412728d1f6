"""Django Channels channel layers (api_catalog.md 6.6).

- ``layer.group_send(group, {"type": "chat.message", ...})`` produces to the group:
  broadcast, kind ``topic``, channel = group name, message = the ``type`` value.
- ``layer.send(channel_name, message)`` produces to one named channel:
  point-to-point, kind ``queue``.
- ``layer.group_add(group, self.channel_name)`` subscribes: consume, broadcast.
- ``ChannelNameRouter({"thumbnails": Worker.as_asgi()})`` routes a named channel
  to a worker (``runworker thumbnails``): one consume site per key, point-to-point.
A websocket consumer's ``self.send(text_data=...)`` talks to the browser: not a site.

The layer is ``get_channel_layer()``, or ``self.channel_layer`` inside a consumer.
``group_send``/``group_add`` are recognised on an untyped receiver too when it is
spelled ``...channel_layer`` (or ``...layer`` in a file that imports Channels).
"""
from typing import Optional

from ..calls import ArgInfo, CallInfo
from ..facts import Draft
from ..registry import About, Arg, DictKeys, Registry, draft
from ..values import Items, Lit, Pairs, is_known

_MODULES = ("channels.layers", "channels.generic", "channels.consumer", "channels.routing", "channels.db",
            "channels.auth", "channels.exceptions")

_LAYER = "channels.layer"
# consumers: self.channel_layer is the layer (used where the engine reads attributes of library base classes)
_CONSUMER = "channels.consumer"

_LIB = dict(library="django-channels", transport="channels")


def message_type(arg: Optional[ArgInfo]) -> Optional[str]:
    """The ``"type"`` of a message dict written in the call (or bound to a local name)."""
    if arg is None or type(arg.value) is not Pairs:
        return None
    for key, value in arg.value.pairs:
        if key == Lit("type") and type(value) is Lit:
            return value.text
    return None


def _layer_call(method: str, channel_kw: str, role: str, kind: str, delivery: str):
    """A layer method whose first argument names the group or channel; a send's second argument is
    the message dict, whose ``type`` is the message. No channel argument, no site."""
    def spec(info: CallInfo) -> list[Draft]:
        channel = Arg(0, channel_kw).find(info)
        if channel is None:
            return []
        message = message_type(Arg(1, "message").find(info)) if role == "produce" else None
        return [draft(info, role=role, api=f"layer.{method}", kind=kind, delivery=delivery,
                      channel=channel.value, channel_expr=channel.text, message=message, **_LIB)]
    return spec


_group_send = _layer_call("group_send", "group", "produce", "topic", "broadcast")
_send = _layer_call("send", "channel", "produce", "queue", "point-to-point")
_group_add = _layer_call("group_add", "group", "consume", "topic", "broadcast")


def _layer_like(info: CallInfo) -> bool:
    """``self.channel_layer``, ``channel_layer``; ``layer`` in a file that imports Channels."""
    text = (info.recv_text or "").strip().lower()
    return text.endswith("channel_layer") or (text.endswith("layer") and "channels" in info.imports)


def _channel_name_router(info: CallInfo) -> list[Draft]:
    return [draft(info, role="consume", api="ChannelNameRouter", kind="queue", delivery="point-to-point",
                  channel=value, channel_expr=text, **_LIB)
            for value, text in [DictKeys(Arg(0, "application_mapping")).select(info)] if is_known(value)]


def _groups_attribute(info: CallInfo) -> list[Draft]:
    """``groups = ["announcements"]`` on a consumer class: it joins those groups on connect."""
    value = Arg(0, None).find(info)
    if value is None or (type(value.value) is Items and not value.value.items) \
            or not is_known(value.value):  # groups = []: joins nothing
        return []
    return [draft(info, role="consume", api="Consumer.groups", kind="topic", delivery="broadcast",
                  channel=value.value, channel_expr=value.text, **_LIB)]


ABOUT = About(
    names="Django Channels",
    produce="`group_send`, `send`",
    consume="`group_add`, consumer `groups`, `ChannelNameRouter`",
    emits=("django-channels",),
)


def register(r: Registry) -> None:
    r.library_roots(*_MODULES, prefilter=_MODULES + ("get_channel_layer", "channel_layer", "ChannelNameRouter"))
    # async_to_sync(layer.group_send)(group, message): the wrapped method's own arguments
    r.sync_bridge("asgiref.sync.async_to_sync", "asgiref.sync.sync_to_async", "channels.db.database_sync_to_async")

    r.constructor(["channels.layers.get_channel_layer"], _LAYER, annotation=False)
    r.annotation(["channels.layers.BaseChannelLayer", "channels.layers.InMemoryChannelLayer",
                  "channels_redis.core.RedisChannelLayer", "channels_redis.pubsub.RedisPubSubChannelLayer"], _LAYER)
    r.constructor(["channels.consumer.AsyncConsumer", "channels.consumer.SyncConsumer",
                   "channels.generic.websocket.WebsocketConsumer",
                   "channels.generic.websocket.AsyncWebsocketConsumer",
                   "channels.generic.websocket.JsonWebsocketConsumer",
                   "channels.generic.websocket.AsyncJsonWebsocketConsumer",
                   "channels.generic.http.AsyncHttpConsumer"], _CONSUMER)
    r.attribute(_CONSUMER, "channel_layer", _LAYER)

    r.method(_LAYER, ["group_send"], _group_send)
    r.method(_LAYER, ["send"], _send)
    r.method(_LAYER, ["group_add"], _group_add)

    r.fingerprint(["group_send"], lambda info: _group_send(info) if _layer_like(info) else [])
    r.fingerprint(["group_add"], lambda info: _group_add(info) if _layer_like(info) else [])
    # "send" must never become a prefilter word
    r.fingerprint(["send"], lambda info: _send(info) if (info.recv_text or "").endswith("channel_layer")
                  and "channels" in info.imports else [], prefilter=False, gate=["channels"])

    r.function(["channels.routing.ChannelNameRouter"], _channel_name_router)

    r.class_attribute(_CONSUMER, ["groups"], _groups_attribute)  # sites written as class attributes
