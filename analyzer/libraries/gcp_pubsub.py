"""google-cloud-pubsub (api_catalog.md 4.2).

Produce: ``PublisherClient().publish(topic, data, ordering_key=, **attrs)``; the topic is a
``topic_path(project, topic)`` call (folded to ``topic`` when the value is read) or a full
``projects/p/topics/t`` string (folded to its last ``/`` segment). A topic copies each
message to every subscription: ``kind=topic``, broadcast. Extra keyword arguments are
message attributes; a literal ``event_type=``/``type=`` attribute names the message when
the payload does not.

Consume: ``SubscriberClient().subscribe(subscription, callback)`` and ``pull(subscription=
| request={"subscription": ...})``; the channel is the subscription's name (subscribers of
one subscription compete for its messages): ``kind=queue``, point-to-point. Which topic
feeds a subscription is topology (``create_subscription``), not a site.

The GAPIC clients of ``google.pubsub_v1`` take ``publish(request=None, *, topic=, messages=)``.
A publisher or subscriber handed in untyped is recognised by its first argument: a
``topic_path(...)``/``subscription_path(...)`` call or a ``projects/.../topics/...`` literal.
"""
from ..apis import REGISTRY as R, Arg, draft

R.library_roots("google.cloud.pubsub", "google.cloud.pubsub_v1", "google.pubsub", "google.pubsub_v1",
                prefilter=["pubsub", "pubsub_v1", "topic_path", "subscription_path"])

_PUBLISHER = "gcp.pubsub.publisher"
_SUBSCRIBER = "gcp.pubsub.subscriber"
_GAPIC_PUBLISHER = "gcp.pubsub.gapic_publisher"

_HIGH_LEVEL = ("google.cloud.pubsub_v1", "google.cloud.pubsub")


def _classes(modules, names):
    return [f"{module}.{name}" for module in modules for name in names]


_FACTORIES = ("from_service_account_file", "from_service_account_json", "from_service_account_info")

for _kind, _names in ((_PUBLISHER, ("PublisherClient", "publisher.Client", "publisher.client.Client")),
                      (_SUBSCRIBER, ("SubscriberClient", "subscriber.Client", "subscriber.client.Client"))):
    _quals = _classes(_HIGH_LEVEL, _names)
    R.constructor(_quals, _kind)
    R.constructor([f"{q}.{f}" for q in _quals for f in _FACTORIES], _kind, annotation=False)

_GAPIC = ("google.pubsub_v1", "google.pubsub", "google.pubsub_v1.services.publisher",
          "google.pubsub_v1.services.subscriber")
_gapic_pub = _classes(_GAPIC, ("PublisherClient", "PublisherAsyncClient"))
R.constructor(_gapic_pub, _GAPIC_PUBLISHER)
R.constructor([f"{q}.{f}" for q in _gapic_pub for f in _FACTORIES], _GAPIC_PUBLISHER, annotation=False)
_gapic_sub = _classes(_GAPIC, ("SubscriberClient", "SubscriberAsyncClient"))
R.constructor(_gapic_sub, _SUBSCRIBER)
R.constructor([f"{q}.{f}" for q in _gapic_sub for f in _FACTORIES], _SUBSCRIBER, annotation=False)

_LIB = dict(library="gcp-pubsub", transport="gcp-pubsub")
_PUBLISH_OPTIONS = {"topic", "data", "ordering_key", "retry", "timeout", "messages", "request", "metadata"}
_TYPE_ATTRIBUTES = ("event_type", "type", "eventType", "message_type", "messageType")


def _attribute_type(info):
    for name in _TYPE_ATTRIBUTES:
        found = Arg(None, name).find(info)
        if found is not None and found["ir"][0] == "lit":
            return found["ir"][1]
    return None


def _publish(info):
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return []
    data = Arg(1, "data").find(info)
    attributes = sorted(arg["kw"] for arg in info["args"] if arg["kw"] and arg["kw"] not in _PUBLISH_OPTIONS)
    evidence = [f"attributes: {', '.join(attributes)}"] if attributes else []
    ordering = Arg(None, "ordering_key").find(info)
    return [draft(info, role="produce", api="PublisherClient.publish", kind="topic", delivery="broadcast",
                  channel_ir=topic["ir"], channel_expr=topic["text"], fold="path",
                  message=(data["cls"] if data else None) or _attribute_type(info), evidence=evidence,
                  evidence_irs={"ordering key": ordering["ir"]} if ordering else {}, **_LIB)]


def _from_request(info, key):
    """``f(key=...)``, or ``f(request={key: ...})`` / ``f({key: ...})`` (GAPIC request dicts)."""
    found = Arg(None, key).find(info)
    if found is not None:
        return found["ir"], found["text"]
    request = Arg(0, "request").find(info)
    if request is not None and request["ir"][0] == "dict":
        for k, v in request["ir"][1]:
            if k == ["lit", key]:
                return v, request["text"]
    return None


def _gapic_publish(info):
    found = _from_request(info, "topic")
    if found is None:
        return []
    return [draft(info, role="produce", api="PublisherClient.publish", kind="topic", delivery="broadcast",
                  channel_ir=found[0], channel_expr=found[1], fold="path", **_LIB)]


def _consume(api, positional):
    def spec(info):
        if positional:
            found = Arg(0, "subscription").find(info)
            found = (found["ir"], found["text"]) if found else None
        else:
            found = _from_request(info, "subscription")
        if found is None:
            return []
        return [draft(info, role="consume", api=api, kind="queue", delivery="point-to-point",
                      channel_ir=found[0], channel_expr=found[1], fold="path",
                      evidence=["a subscription: create_subscription names its topic"], **_LIB)]
    return spec


def _create_subscription(info):
    """``create_subscription(name=sub, topic=topic)`` (or ``request={...}``): not a site, but the topic's
    messages reach the subscription's consumers (a binding, as an AMQP queue bound to an exchange)."""
    subscription, topic = _from_request(info, "name"), _from_request(info, "topic")
    if subscription is None or topic is None:
        return []
    return [{"declare": "binding", "transport": "gcp-pubsub", "name_ir": ["fold", "path", topic[0]],
             "queue_ir": ["fold", "path", subscription[0]]}]


R.method(_SUBSCRIBER, ["create_subscription"], _create_subscription)
R.method(_PUBLISHER, ["publish"], _publish)
R.method(_GAPIC_PUBLISHER, ["publish"], _gapic_publish)
R.method(_SUBSCRIBER, ["subscribe"], _consume("SubscriberClient.subscribe", positional=True))
R.method(_SUBSCRIBER, ["pull"], _consume("SubscriberClient.pull", positional=False))


def _looks_like(arg, helper: str, segment: str) -> bool:
    if arg is None:
        return False
    if f"{helper}(" in arg["text"]:
        return True
    text = _literal_text(arg["ir"])
    return text is not None and text.startswith("projects/") and f"/{segment}/" in text


def _literal_text(ir):
    """The text of a literal or an f-string/concatenation of this file, holes as ``{}``."""
    if ir[0] == "lit":
        return ir[1]
    if ir[0] == "cat":
        parts = [_literal_text(part) for part in ir[1]]
        return "".join("{}" if part is None else part for part in parts)
    return None


def _untyped_publish(info):
    if not _looks_like(Arg(0, "topic").find(info), "topic_path", "topics"):
        return []
    return _publish(info)


def _untyped_subscribe(info):
    if not _looks_like(Arg(0, "subscription").find(info), "subscription_path", "subscriptions"):
        return []
    return _consume("SubscriberClient.subscribe", positional=True)(info)


R.fingerprint(["publish"], _untyped_publish, prefilter=False, gate=["google"])
R.fingerprint(["subscribe"], _untyped_subscribe, prefilter=False, gate=["google"])
