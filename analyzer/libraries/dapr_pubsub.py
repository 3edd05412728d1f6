"""Dapr Python SDK (api_catalog.md 6.5): pub/sub and service invocation.

Pub/sub topics are broadcast; the channel is the topic (the pub/sub component's
name goes in the evidence): ``client.publish_event(pubsub_name, topic_name, data)``
and ``publish_events`` produce; the gRPC extension's ``@app.subscribe(pubsub_name=,
topic=)``, the FastAPI/Flask extensions' ``@dapr_app.subscribe(pubsub=, topic=)`` and
the streaming ``client.subscribe(pubsub_name, topic)`` /
``subscribe_with_handler(...)`` consume.

Service invocation ``client.invoke_method(app_id, method_name, data)`` is a
request-reply call of ``app_id.method_name`` (kind ``routing_key``). Its server side,
``@app.method(name=)``, does not know its own app id (set with ``--app-id`` when the
sidecar starts), so that part of its channel is a hole: ``{}.method_name``.
"""
from __future__ import annotations

from typing import Optional

from ..calls import CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import HOLE, Concat, Lit, Value

_CLIENT = "dapr.client"
_GRPC_APP = "dapr.grpc_app"
_HTTP_APP = "dapr.http_app"

_LIB = dict(library="dapr", transport="dapr")


def _pubsub_evidence(info: CallInfo, position: Optional[int], keyword: str) -> dict[str, Value]:
    found = Arg(position, keyword).find(info)
    values = {"pubsub component": found.value} if found else {}
    dead_letter = Arg(None, "dead_letter_topic").find(info)
    if dead_letter is not None:
        values["dead-letter topic"] = dead_letter.value
    return values


def _publish(info: CallInfo) -> list[Draft]:
    topic = Arg(1, "topic_name").find(info)
    if topic is None:
        return []
    data = Arg(2, "data").find(info)
    return [draft(info, role="produce", api=f"DaprClient.{info.method}", kind="topic", delivery="broadcast",
                  channel=topic.value, channel_expr=topic.text, message=data.message if data else None,
                  evidence_values=_pubsub_evidence(info, 0, "pubsub_name"), **_LIB)]


def _stream_subscribe(info: CallInfo) -> list[Draft]:
    topic = Arg(1, "topic").find(info)
    if topic is None:
        return []
    return [draft(info, role="consume", api=f"DaprClient.{info.method}", kind="topic", delivery="broadcast",
                  channel=topic.value, channel_expr=topic.text,
                  evidence_values=_pubsub_evidence(info, 0, "pubsub_name"), **_LIB)]


def _invoke(info: CallInfo) -> list[Draft]:
    app_id = Arg(0, "app_id").find(info) or Arg(None, "id").find(info)
    method = Arg(1, "method_name").find(info) or Arg(None, "method").find(info)
    if app_id is None or method is None:
        return []
    return [draft(info, role="produce", api=f"DaprClient.{info.method}", kind="routing_key",
                  delivery="point-to-point", channel=Concat((app_id.value, Lit("."), method.value)),
                  channel_expr=f"{app_id.text}, {method.text}", reply=True,
                  evidence=["service invocation: waits for the answer"], **_LIB)]


def _subscriber(keyword: str):
    """``@app.subscribe(pubsub_name=, topic=)`` (gRPC) / ``@dapr_app.subscribe(pubsub=, topic=)``."""
    def spec(info: CallInfo) -> list[Draft]:
        if not info.called:
            return []
        topic = Arg(1, "topic").find(info)
        if topic is None:
            return []
        return [draft(info, role="consume", api="@app.subscribe", kind="topic", delivery="broadcast",
                      channel=topic.value, channel_expr=topic.text,
                      evidence_values=_pubsub_evidence(info, 0, keyword), **_LIB)]
    return spec


def _method(info: CallInfo) -> list[Draft]:
    """``@app.method(name="reserve")``: the server side of ``invoke_method(app_id, "reserve")``."""
    if not info.called or info.target.is_class:
        return []
    name = Arg(0, "name").find(info)
    name_value = name.value if name else Lit(info.target.name)
    return [draft(info, role="consume", api="@app.method", kind="routing_key", delivery="point-to-point",
                  channel=Concat((HOLE, Lit("."), name_value)), channel_expr=name.text if name else None,
                  evidence=["app id: set when the sidecar starts (--app-id), not in the code"], **_LIB)]


ABOUT = About(
    names="Dapr",
    produce="`publish_event`, `invoke_method` (waits for reply)",
    consume="`@app.subscribe`, `client.subscribe`, `@app.method`",
    emits=("dapr",),
)


def register(r: Registry) -> None:
    r.library_roots("dapr", "flask_dapr")
    r.constructor(["dapr.clients.DaprClient", "dapr.aio.clients.DaprClient",
                   "dapr.clients.grpc.client.DaprGrpcClient", "dapr.aio.clients.grpc.client.DaprGrpcClientAsync"],
                  _CLIENT)
    r.constructor(["dapr.ext.grpc.App", "dapr.ext.grpc.app.App"], _GRPC_APP)
    r.constructor(["dapr.ext.fastapi.DaprApp", "dapr.ext.fastapi.app.DaprApp", "flask_dapr.DaprApp",
                   "flask_dapr.app.DaprApp", "dapr.ext.flask.DaprApp"], _HTTP_APP)

    r.method(_CLIENT, ["publish_event", "publish_events"], _publish)
    r.method(_CLIENT, ["subscribe", "subscribe_with_handler"], _stream_subscribe)
    r.method(_CLIENT, ["invoke_method", "invoke_service"], _invoke)
    r.fingerprint(["publish_event"], lambda info: _publish(info) if any(
        arg.kw == "pubsub_name" for arg in info.args) else [])

    r.decorator_method(_GRPC_APP, ["subscribe"], _subscriber("pubsub_name"))
    r.decorator_method(_GRPC_APP, ["method"], _method)
    r.decorator_method(_HTTP_APP, ["subscribe"], _subscriber("pubsub"))
