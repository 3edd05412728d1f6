"""boto3 / aiobotocore / aioboto3: SNS, SQS and EventBridge (api_catalog.md 4.1).

Every AWS parameter is keyword-only, so untyped clients are still recognised by
their fingerprints (``publish(TopicArn=...)``, ``send_message(QueueUrl=...)``).
"""
from ..apis import REGISTRY as R, Arg, draft, spec

R.library_roots("boto3", "botocore", "aiobotocore", "aioboto3")


def _service(info) -> dict:
    found = Arg(0, "service_name").find(info)
    if found and found["ir"][0] == "lit":
        return {"service": found["ir"][1]}
    return {}


R.constructor(["boto3.client", "boto3.session.Session.client"], "aws.client", attrs=_service, annotation=False)
R.constructor(["boto3.resource"], "aws.resource", attrs=_service, annotation=False)
R.constructor(["boto3.Session", "boto3.session.Session", "aioboto3.Session", "aioboto3.session.Session",
               "aiobotocore.session.get_session", "aiobotocore.session.AioSession",
               "aiobotocore.get_session", "botocore.session.get_session"], "aws.session")
R.factory("aws.session", ["client", "create_client"], "aws.client", attrs=lambda base, info: _service(info))
R.factory("aws.session", ["resource"], "aws.resource", attrs=lambda base, info: _service(info))


def _first_or(keyword: str):
    def attrs(base, info):
        found = Arg(0, keyword).find(info)
        return {"name": found["ir"]} if found else {}
    return attrs


def _queue_url(base, info):
    found = Arg(0, "url").find(info)
    return {"name": ["fold", "url", found["ir"]]} if found else {}


def _topic_arn(base, info):
    found = Arg(0, "arn").find(info)
    return {"name": ["fold", "arn", found["ir"]]} if found else {}


R.factory("aws.resource", ["Queue"], "aws.sqs.queue", attrs=_queue_url)
R.factory("aws.resource", ["get_queue_by_name", "create_queue"], "aws.sqs.queue",
          attrs=lambda base, info: _first_or("QueueName")(base, info))
R.factory("aws.resource", ["Topic", "PlatformEndpoint"], "aws.sns.topic", attrs=_topic_arn)
R.factory("aws.resource", ["create_topic"], "aws.sns.topic", attrs=lambda base, info: _first_or("Name")(base, info))


def _for_service(service: str, keywords: tuple):
    """Typed clients match by service; clients of unknown service by keyword fingerprint."""
    def when(info) -> bool:
        known = (info.get("recv") or {}).get("service")
        if known is not None:
            return known == service
        return any(arg["kw"] in keywords for arg in info["args"])
    return when


def _arn_or_target(info):
    found = Arg(None, "TopicArn").find(info) or Arg(None, "TargetArn").find(info)
    return (found["ir"], found["text"]) if found else (["unknown"], None)


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


def _put_events(info):
    if not _for_service("events", ("Entries",))(info):
        return []
    entries = Arg(None, "Entries").find(info)
    if entries is None:
        return []
    ir = entries["ir"]
    items = ir[1] if ir[0] == "list" else [["sub", ir, ["lit", 0]]]
    drafts = []
    for entry in items:
        bus = ["sub", entry, ["lit", "EventBusName"]]
        drafts.append(draft(info, role="produce", library="boto3-eventbridge", transport="eventbridge",
                            api="events.put_events", kind="event_type", delivery="broadcast",
                            channel_ir=["sub", entry, ["lit", "DetailType"]], channel_expr=entries["text"],
                            evidence_irs={"event bus": bus, "source": ["sub", entry, ["lit", "Source"]]}))
    return drafts


for kind in ("aws.client",):
    R.method(kind, ["publish"], _sns_publish)
    R.method(kind, ["publish_batch"], _sns_batch)
    R.method(kind, ["send_message"], _sqs_send)
    R.method(kind, ["send_message_batch"], _sqs_batch)
    R.method(kind, ["receive_message"], _sqs_receive)
    R.method(kind, ["put_events"], _put_events)
R.fingerprint(["publish"], _sns_publish)
R.fingerprint(["publish_batch"], _sns_batch)
R.fingerprint(["send_message"], _sqs_send)
R.fingerprint(["send_message_batch"], _sqs_batch)
R.fingerprint(["receive_message"], _sqs_receive)
R.fingerprint(["put_events"], _put_events)


def _recv_name(info):
    return (info["recv"].get("name", ["unknown"]), info.get("recv_text"))


R.method("aws.sqs.queue", ["send_message", "send_messages"], spec(
    role="produce", library="boto3-sqs", transport="sqs", kind="queue", delivery="point-to-point",
    api="Queue.send_message", channel=_recv_name, message=Arg(None, "MessageBody")))
R.method("aws.sqs.queue", ["receive_messages"], spec(
    role="consume", library="boto3-sqs", transport="sqs", kind="queue", delivery="point-to-point",
    api="Queue.receive_messages", channel=_recv_name))
R.method("aws.sns.topic", ["publish"], spec(
    role="produce", library="boto3-sns", transport="sns", kind="topic", delivery="broadcast",
    api="Topic.publish", channel=_recv_name, message=Arg(None, "Message")))
