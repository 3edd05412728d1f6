"""boto3 / aiobotocore / aioboto3: SNS, SQS and EventBridge (api_catalog.md 4.1).

Every AWS parameter is keyword-only, so untyped clients are still recognised by
their fingerprints (``publish(TopicArn=...)``, ``send_message(QueueUrl=...)``).
"""
from __future__ import annotations

from typing import Optional

from ..calls import CallInfo, Tag
from ..facts import Draft
from ..registry import About, Arg, Registry, ValueArgs, draft, spec
from ..values import UNKNOWN, Fold, Items, Lit, Pairs, Subscript, Value


# -- folds: an ARN or a queue URL to the resource name it ends with ------------------------------------
def fold_arn(text: str) -> Optional[str]:
    """``arn:aws:sns:r:a:orders`` -> ``orders``; other text is returned unchanged."""
    if text.startswith("arn:"):
        return text.rsplit(":", 1)[-1] or None
    return text


def fold_url(text: str) -> Optional[str]:
    """``https://sqs.r.amazonaws.com/a/orders`` -> ``orders``; other text is returned unchanged."""
    if "/" in text:
        return text.rstrip("/").rsplit("/", 1)[-1] or None
    return text


# -- values: calls whose result stands for a channel name ------------------------------------------------
def _queue_url_value(args: ValueArgs) -> Optional[Value]:
    """``sqs.get_queue_url(QueueName=q)`` / ``sqs.create_queue(QueueName=q)``: ``{"QueueUrl": q}``."""
    if args.has("QueueName"):
        return Pairs(((Lit("QueueUrl"), args.keyword("QueueName")),))
    return None


def _topic_arn_value(args: ValueArgs) -> Optional[Value]:
    """``sns.create_topic(Name=t)``: ``{"TopicArn": t}``."""
    if args.has("Name"):
        return Pairs(((Lit("TopicArn"), args.keyword("Name")),))
    return None


# -- clients ---------------------------------------------------------------------------------------------
def _service(info: CallInfo) -> dict:
    found = Arg(0, "service_name").find(info)
    if found and type(found.value) is Lit:
        return {"service": found.value.text}
    return {}


def _first_or(keyword: str):
    def attrs(base: Tag, info: CallInfo) -> dict:
        found = Arg(0, keyword).find(info)
        return {"name": found.value} if found else {}
    return attrs


def _queue_url(base: Tag, info: CallInfo) -> dict:
    found = Arg(0, "url").find(info)
    return {"name": Fold("url", found.value)} if found else {}


def _topic_arn(base: Tag, info: CallInfo) -> dict:
    found = Arg(0, "arn").find(info)
    return {"name": Fold("arn", found.value)} if found else {}


def _for_service(service: str, keywords: tuple):
    """Typed clients match by service; clients of unknown service by keyword fingerprint."""
    def when(info: CallInfo) -> bool:
        known = info.recv.get("service") if info.recv is not None else None
        if known is not None:
            return known == service
        return any(arg.kw in keywords for arg in info.args)
    return when


def _arn_or_target(info: CallInfo) -> tuple[Value, Optional[str]]:
    found = Arg(None, "TopicArn").find(info) or Arg(None, "TargetArn").find(info)
    return (found.value, found.text) if found else (UNKNOWN, None)


_sns_publish = spec(role="produce", library="boto3-sns", transport="sns", kind="topic", delivery="broadcast",
                    api="sns.publish", channel=_arn_or_target, message=Arg(None, "Message"), fold="arn",
                    when=_for_service("sns", ("TopicArn", "TargetArn")))
_sns_batch = spec(role="produce", library="boto3-sns", transport="sns", kind="topic", delivery="broadcast",
                  api="sns.publish_batch", channel=Arg(None, "TopicArn"), fold="arn",
                  when=_for_service("sns", ("TopicArn",)))
_sqs_send = spec(role="produce", library="boto3-sqs", transport="sqs", kind="queue", delivery="point-to-point",
                 api="sqs.send_message", channel=Arg(None, "QueueUrl"), message=Arg(None, "MessageBody"),
                 fold="url", when=_for_service("sqs", ("QueueUrl",)))
_sqs_batch = spec(role="produce", library="boto3-sqs", transport="sqs", kind="queue", delivery="point-to-point",
                  api="sqs.send_message_batch", channel=Arg(None, "QueueUrl"), fold="url",
                  when=_for_service("sqs", ("QueueUrl",)))
_sqs_receive = spec(role="consume", library="boto3-sqs", transport="sqs", kind="queue",
                    delivery="point-to-point", api="sqs.receive_message", channel=Arg(None, "QueueUrl"),
                    fold="url", when=_for_service("sqs", ("QueueUrl",)))


def _put_events(info: CallInfo) -> list[Draft]:
    if not _for_service("events", ("Entries",))(info):
        return []
    entries = Arg(None, "Entries").find(info)
    if entries is None:
        return []
    value = entries.value
    items = value.items if type(value) is Items else (Subscript(value, Lit("0")),)
    drafts = []
    for entry in items:
        bus = Subscript(entry, Lit("EventBusName"))
        drafts.append(draft(info, role="produce", library="boto3-eventbridge", transport="eventbridge",
                            api="events.put_events", kind="event_type", delivery="broadcast",
                            channel=Subscript(entry, Lit("DetailType")), channel_expr=entries.text,
                            evidence_values={"event bus": bus, "source": Subscript(entry, Lit("Source"))}))
    return drafts


def _recv_name(info: CallInfo) -> tuple[Value, Optional[str]]:
    return (info.recv.get("name", UNKNOWN), info.recv_text)


ABOUT = About(
    names="boto3 / aioboto3 / aiobotocore: SNS, SQS, EventBridge",
    produce="SNS `publish`, SQS `send_message(_batch)`, EventBridge `put_events`, resource `Queue`/`Topic`",
    consume="SQS `receive_message`, `Queue.receive_messages`",
    emits=("boto3-sns", "boto3-sqs", "boto3-eventbridge"),
)


def register(r: Registry) -> None:
    r.library_roots("boto3", "botocore", "aiobotocore", "aioboto3")
    r.fold("arn", fold_arn)
    r.fold("url", fold_url)
    r.value_method(["get_queue_url", "create_queue"], _queue_url_value)
    r.value_method(["create_topic"], _topic_arn_value)
    r.not_message("MessageAttributeValue")
    # Keyword names that fingerprint an AWS call even on an untyped client.
    r.fingerprint_keywords(("TopicArn", "TargetArn", "QueueUrl"))
    r.fingerprint_keywords(("Entries",), slicing=False)

    r.constructor(["boto3.client", "boto3.session.Session.client"], "aws.client", attrs=_service, annotation=False)
    r.constructor(["boto3.resource"], "aws.resource", attrs=_service, annotation=False)
    r.constructor(["boto3.Session", "boto3.session.Session", "aioboto3.Session", "aioboto3.session.Session",
                   "aiobotocore.session.get_session", "aiobotocore.session.AioSession",
                   "aiobotocore.get_session", "botocore.session.get_session"], "aws.session")
    r.factory("aws.session", ["client", "create_client"], "aws.client", attrs=lambda base, info: _service(info))
    r.factory("aws.session", ["resource"], "aws.resource", attrs=lambda base, info: _service(info))

    r.factory("aws.resource", ["Queue"], "aws.sqs.queue", attrs=_queue_url)
    r.factory("aws.resource", ["get_queue_by_name", "create_queue"], "aws.sqs.queue",
              attrs=lambda base, info: _first_or("QueueName")(base, info))
    r.factory("aws.resource", ["Topic", "PlatformEndpoint"], "aws.sns.topic", attrs=_topic_arn)
    r.factory("aws.resource", ["create_topic"], "aws.sns.topic",
              attrs=lambda base, info: _first_or("Name")(base, info))

    client_calls = (("publish", _sns_publish), ("publish_batch", _sns_batch), ("send_message", _sqs_send),
                    ("send_message_batch", _sqs_batch), ("receive_message", _sqs_receive),
                    ("put_events", _put_events))
    for name, site in client_calls:  # on a client known to be AWS's, or on any receiver by its keywords
        r.method("aws.client", [name], site)
    for name, site in client_calls:
        r.fingerprint([name], site)

    r.method("aws.sqs.queue", ["send_message", "send_messages"], spec(
        role="produce", library="boto3-sqs", transport="sqs", kind="queue", delivery="point-to-point",
        api="Queue.send_message", channel=_recv_name, message=Arg(None, "MessageBody")))
    r.method("aws.sqs.queue", ["receive_messages"], spec(
        role="consume", library="boto3-sqs", transport="sqs", kind="queue", delivery="point-to-point",
        api="Queue.receive_messages", channel=_recv_name))
    r.method("aws.sns.topic", ["publish"], spec(
        role="produce", library="boto3-sns", transport="sns", kind="topic", delivery="broadcast",
        api="Topic.publish", channel=_recv_name, message=Arg(None, "Message")))
