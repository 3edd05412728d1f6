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
from ..apis import REGISTRY as R, Arg, draft

R.library_roots("dapr", "flask_dapr")

_CLIENT = "dapr.client"
_GRPC_APP = "dapr.grpc_app"
_HTTP_APP = "dapr.http_app"

R.constructor(["dapr.clients.DaprClient", "dapr.aio.clients.DaprClient", "dapr.clients.grpc.client.DaprGrpcClient",
               "dapr.aio.clients.grpc.client.DaprGrpcClientAsync"], _CLIENT)
R.constructor(["dapr.ext.grpc.App", "dapr.ext.grpc.app.App"], _GRPC_APP)
R.constructor(["dapr.ext.fastapi.DaprApp", "dapr.ext.fastapi.app.DaprApp", "flask_dapr.DaprApp",
               "flask_dapr.app.DaprApp", "dapr.ext.flask.DaprApp"], _HTTP_APP)

_LIB = dict(library="dapr", transport="dapr")


def _pubsub_evidence(info, position, keyword):
    found = Arg(position, keyword).find(info)
    irs = {"pubsub component": found["ir"]} if found else {}
    dead_letter = Arg(None, "dead_letter_topic").find(info)
    if dead_letter is not None:
        irs["dead-letter topic"] = dead_letter["ir"]
    return irs


def _publish(info):
    topic = Arg(1, "topic_name").find(info)
    if topic is None:
        return []
    data = Arg(2, "data").find(info)
    return [draft(info, role="produce", api=f"DaprClient.{info['method']}", kind="topic", delivery="broadcast",
                  channel_ir=topic["ir"], channel_expr=topic["text"], message=data["cls"] if data else None,
                  evidence_irs=_pubsub_evidence(info, 0, "pubsub_name"), **_LIB)]


def _stream_subscribe(info):
    topic = Arg(1, "topic").find(info)
    if topic is None:
        return []
    return [draft(info, role="consume", api=f"DaprClient.{info['method']}", kind="topic", delivery="broadcast",
                  channel_ir=topic["ir"], channel_expr=topic["text"],
                  evidence_irs=_pubsub_evidence(info, 0, "pubsub_name"), **_LIB)]


def _invoke(info):
    app_id = Arg(0, "app_id").find(info) or Arg(None, "id").find(info)
    method = Arg(1, "method_name").find(info) or Arg(None, "method").find(info)
    if app_id is None or method is None:
        return []
    return [draft(info, role="produce", api=f"DaprClient.{info['method']}", kind="routing_key",
                  delivery="point-to-point", channel_ir=["cat", [app_id["ir"], ["lit", "."], method["ir"]]],
                  channel_expr=f"{app_id['text']}, {method['text']}", reply=True,
                  evidence=["service invocation: waits for the answer"], **_LIB)]


R.method(_CLIENT, ["publish_event", "publish_events"], _publish)
R.method(_CLIENT, ["subscribe", "subscribe_with_handler"], _stream_subscribe)
R.method(_CLIENT, ["invoke_method", "invoke_service"], _invoke)
R.fingerprint(["publish_event"], lambda info: _publish(info) if any(
    arg["kw"] == "pubsub_name" for arg in info["args"]) else [])


def _subscriber(keyword):
    """``@app.subscribe(pubsub_name=, topic=)`` (gRPC) / ``@dapr_app.subscribe(pubsub=, topic=)``."""
    def spec(info):
        if not info.get("called"):
            return []
        topic = Arg(1, "topic").find(info)
        if topic is None:
            return []
        return [draft(info, role="consume", api="@app.subscribe", kind="topic", delivery="broadcast",
                      channel_ir=topic["ir"], channel_expr=topic["text"],
                      evidence_irs=_pubsub_evidence(info, 0, keyword), **_LIB)]
    return spec


def _method(info):
    """``@app.method(name="reserve")``: the server side of ``invoke_method(app_id, "reserve")``."""
    if not info.get("called") or info["target"]["kind"] != "def":
        return []
    name = Arg(0, "name").find(info)
    name_ir = name["ir"] if name else ["lit", info["target"]["name"]]
    return [draft(info, role="consume", api="@app.method", kind="routing_key", delivery="point-to-point",
                  channel_ir=["cat", [["hole"], ["lit", "."], name_ir]], channel_expr=name["text"] if name else None,
                  evidence=["app id: set when the sidecar starts (--app-id), not in the code"], **_LIB)]


R.decorator_method(_GRPC_APP, ["subscribe"], _subscriber("pubsub_name"))
R.decorator_method(_GRPC_APP, ["method"], _method)
R.decorator_method(_HTTP_APP, ["subscribe"], _subscriber("pubsub"))
