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
from __future__ import annotations

from typing import Optional

from ..calls import ArgInfo, CallInfo
from ..facts import ChannelBinding, Draft
from ..registry import About, Arg, Registry, ValueArgs, draft
from ..values import Concat, Fold, Lit, Pairs, Value

_PUBLISHER = "gcp.pubsub.publisher"
_SUBSCRIBER = "gcp.pubsub.subscriber"
_GAPIC_PUBLISHER = "gcp.pubsub.gapic_publisher"

_HIGH_LEVEL = ("google.cloud.pubsub_v1", "google.cloud.pubsub")


def last_path_segment(text: str) -> Optional[str]:
    """The ``"path"`` fold: ``projects/p/topics/t`` -> ``t``, ``/queue/orders`` -> ``orders``; other text
    is returned unchanged. (stomp_pulsar registers it too.)"""
    if "/" in text:
        return text.rstrip("/").rsplit("/", 1)[-1] or None
    return text


def _path_value(args: ValueArgs) -> Optional[Value]:
    """``topic_path(project, topic)`` / ``subscription_path(project, subscription)`` stand for their
    second argument."""
    if args.count() >= 2:
        return args.positional(1)
    return None


def _classes(modules, names) -> list[str]:
    return [f"{module}.{name}" for module in modules for name in names]


_FACTORIES = ("from_service_account_file", "from_service_account_json", "from_service_account_info")

_GAPIC = ("google.pubsub_v1", "google.pubsub", "google.pubsub_v1.services.publisher",
          "google.pubsub_v1.services.subscriber")

_LIB = dict(library="gcp-pubsub", transport="gcp-pubsub")
_PUBLISH_OPTIONS = {"topic", "data", "ordering_key", "retry", "timeout", "messages", "request", "metadata"}
_TYPE_ATTRIBUTES = ("event_type", "type", "eventType", "message_type", "messageType")


def _attribute_type(info: CallInfo) -> Optional[str]:
    for name in _TYPE_ATTRIBUTES:
        found = Arg(None, name).find(info)
        if found is not None and type(found.value) is Lit:
            return found.value.text
    return None


def _publish(info: CallInfo) -> list[Draft]:
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return []
    data = Arg(1, "data").find(info)
    attributes = sorted(arg.kw for arg in info.args if arg.kw and arg.kw not in _PUBLISH_OPTIONS)
    evidence = [f"attributes: {', '.join(attributes)}"] if attributes else []
    ordering = Arg(None, "ordering_key").find(info)
    return [draft(info, role="produce", api="PublisherClient.publish", kind="topic", delivery="broadcast",
                  channel=topic.value, channel_expr=topic.text, fold="path",
                  message=(data.message if data else None) or _attribute_type(info), evidence=evidence,
                  evidence_values={"ordering key": ordering.value} if ordering else {}, **_LIB)]


def _from_request(info: CallInfo, key: str) -> Optional[tuple[Value, Optional[str]]]:
    """``f(key=...)``, or ``f(request={key: ...})`` / ``f({key: ...})`` (GAPIC request dicts)."""
    found = Arg(None, key).find(info)
    if found is not None:
        return found.value, found.text
    request = Arg(0, "request").find(info)
    if request is not None and type(request.value) is Pairs:
        for k, v in request.value.pairs:
            if k == Lit(key):
                return v, request.text
    return None


def _gapic_publish(info: CallInfo) -> list[Draft]:
    found = _from_request(info, "topic")
    if found is None:
        return []
    return [draft(info, role="produce", api="PublisherClient.publish", kind="topic", delivery="broadcast",
                  channel=found[0], channel_expr=found[1], fold="path", **_LIB)]


def _consume(api: str, positional: bool):
    def spec(info: CallInfo) -> list[Draft]:
        if positional:
            arg = Arg(0, "subscription").find(info)
            found = (arg.value, arg.text) if arg else None
        else:
            found = _from_request(info, "subscription")
        if found is None:
            return []
        return [draft(info, role="consume", api=api, kind="queue", delivery="point-to-point",
                      channel=found[0], channel_expr=found[1], fold="path",
                      evidence=["a subscription: create_subscription names its topic"], **_LIB)]
    return spec


def _create_subscription(info: CallInfo) -> list[ChannelBinding]:
    """``create_subscription(name=sub, topic=topic)`` (or ``request={...}``): not a site, but the topic's
    messages reach the subscription's consumers (a binding, as an AMQP queue bound to an exchange)."""
    subscription, topic = _from_request(info, "name"), _from_request(info, "topic")
    if subscription is None or topic is None:
        return []
    return [ChannelBinding(Fold("path", topic[0]), Fold("path", subscription[0]), transport="gcp-pubsub")]


def _looks_like(arg: Optional[ArgInfo], helper: str, segment: str) -> bool:
    if arg is None:
        return False
    if f"{helper}(" in arg.text:
        return True
    text = _literal_text(arg.value)
    return text is not None and text.startswith("projects/") and f"/{segment}/" in text


def _literal_text(value: Value) -> Optional[str]:
    """The text of a literal or an f-string/concatenation of this file, holes as ``{}``."""
    if type(value) is Lit:
        return value.text
    if type(value) is Concat:
        parts = [_literal_text(part) for part in value.parts]
        return "".join("{}" if part is None else part for part in parts)
    return None


def _untyped_publish(info: CallInfo) -> list[Draft]:
    if not _looks_like(Arg(0, "topic").find(info), "topic_path", "topics"):
        return []
    return _publish(info)


def _untyped_subscribe(info: CallInfo) -> list[Draft]:
    if not _looks_like(Arg(0, "subscription").find(info), "subscription_path", "subscriptions"):
        return []
    return _consume("SubscriberClient.subscribe", positional=True)(info)


ABOUT = About(
    names="Google Cloud Pub/Sub",
    produce="`publisher.publish(topic_path(...))`",
    consume="`subscriber.subscribe(subscription_path(...))`, `pull` (topics linked by `create_subscription`)",
    emits=("gcp-pubsub",),
)


def register(r: Registry) -> None:
    r.library_roots("google.cloud.pubsub", "google.cloud.pubsub_v1", "google.pubsub", "google.pubsub_v1",
                    prefilter=["pubsub", "pubsub_v1", "topic_path", "subscription_path"])
    r.fold("path", last_path_segment)
    r.value_method(["topic_path", "subscription_path"], _path_value)
    r.envelope("PubsubMessage")

    for kind, names in ((_PUBLISHER, ("PublisherClient", "publisher.Client", "publisher.client.Client")),
                        (_SUBSCRIBER, ("SubscriberClient", "subscriber.Client", "subscriber.client.Client"))):
        quals = _classes(_HIGH_LEVEL, names)
        r.constructor(quals, kind)
        r.constructor([f"{q}.{f}" for q in quals for f in _FACTORIES], kind, annotation=False)

    gapic_pub = _classes(_GAPIC, ("PublisherClient", "PublisherAsyncClient"))
    r.constructor(gapic_pub, _GAPIC_PUBLISHER)
    r.constructor([f"{q}.{f}" for q in gapic_pub for f in _FACTORIES], _GAPIC_PUBLISHER, annotation=False)
    gapic_sub = _classes(_GAPIC, ("SubscriberClient", "SubscriberAsyncClient"))
    r.constructor(gapic_sub, _SUBSCRIBER)
    r.constructor([f"{q}.{f}" for q in gapic_sub for f in _FACTORIES], _SUBSCRIBER, annotation=False)

    r.method(_SUBSCRIBER, ["create_subscription"], _create_subscription)
    r.method(_PUBLISHER, ["publish"], _publish)
    r.method(_GAPIC_PUBLISHER, ["publish"], _gapic_publish)
    r.method(_SUBSCRIBER, ["subscribe"], _consume("SubscriberClient.subscribe", positional=True))
    r.method(_SUBSCRIBER, ["pull"], _consume("SubscriberClient.pull", positional=False))

    r.fingerprint(["publish"], _untyped_publish, prefilter=False, gate=["google"])
    r.fingerprint(["subscribe"], _untyped_subscribe, prefilter=False, gate=["google"])
