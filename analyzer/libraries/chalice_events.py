"""Chalice event-source decorators (api_catalog.md 4.1, "Serverless consumers").

``app = Chalice(app_name=...)`` (or a ``Blueprint``) registers Lambda handlers whose
event source is named in the decorator; each decorator is a consume site:

- ``@app.on_sqs_message(queue="orders", batch_size=, queue_arn=)``: SQS queue, point-to-point
  (a queue ARN folds to its last ``:`` segment);
- ``@app.on_sns_message(topic="name" | "arn:aws:sns:...")``: SNS topic, broadcast;
- ``@app.on_kinesis_record(stream="clicks")``: Kinesis stream, broadcast;
- ``@app.on_cw_event(event_pattern={"source": [...], "detail-type": [...]})``: an
  EventBridge rule; one site per ``detail-type`` (the channel EventBridge producers
  name in ``put_events``), the pattern's ``source`` as evidence. A pattern without
  ``detail-type`` gives one site with an unknown channel.

``@app.schedule``, ``@app.on_s3_event``, ``@app.on_dynamodb_record`` and websocket
handlers are not messaging channels.
"""
from ..apis import REGISTRY as R, Arg, draft

R.library_roots("chalice")

_APP = "chalice.app"
R.constructor(["chalice.Chalice", "chalice.app.Chalice", "chalice.Blueprint", "chalice.app.Blueprint"], _APP)

_LIB = dict(library="chalice")


def _called(info) -> bool:
    return bool(info.get("called"))


def _sqs(info):
    if not _called(info):
        return []
    queue = Arg(0, "queue").find(info) or Arg(None, "queue_arn").find(info)
    if queue is None:
        return []
    return [draft(info, role="consume", api="@app.on_sqs_message", transport="sqs", kind="queue",
                  delivery="point-to-point", channel_ir=queue["ir"], channel_expr=queue["text"], fold="arn", **_LIB)]


def _sns(info):
    if not _called(info):
        return []
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return []
    return [draft(info, role="consume", api="@app.on_sns_message", transport="sns", kind="topic",
                  delivery="broadcast", channel_ir=topic["ir"], channel_expr=topic["text"], fold="arn", **_LIB)]


def _kinesis(info):
    if not _called(info):
        return []
    stream = Arg(0, "stream").find(info)
    if stream is None:
        return []
    return [draft(info, role="consume", api="@app.on_kinesis_record", transport="kinesis", kind="stream",
                  delivery="broadcast", channel_ir=stream["ir"], channel_expr=stream["text"], fold="url", **_LIB)]


def _cw_event(info):
    """One site per ``detail-type`` of the pattern: the renderer expands a list value into one
    site per item, also when the pattern is a constant of this or another module."""
    if not _called(info):
        return []
    pattern = Arg(0, "event_pattern").find(info)
    if pattern is None:
        return []
    return [draft(info, role="consume", api="@app.on_cw_event", transport="eventbridge", kind="event_type",
                  delivery="broadcast", channel_ir=["sub", pattern["ir"], ["lit", "detail-type"]],
                  channel_expr=pattern["text"], evidence=_sources(pattern["ir"]), **_LIB)]


def _sources(pattern_ir) -> list:
    """The pattern's ``source`` values, when the pattern is written in the decorator."""
    if pattern_ir[0] != "dict":
        return []
    for key, value in pattern_ir[1]:
        if key == ["lit", "source"]:
            items = value[1] if value[0] == "list" else [value]
            names = [item[1] for item in items if item[0] == "lit"]
            return [f"source: {', '.join(names)}"] if names else []
    return []


R.decorator_method(_APP, ["on_sqs_message"], _sqs)
R.decorator_method(_APP, ["on_sns_message"], _sns)
R.decorator_method(_APP, ["on_kinesis_record"], _kinesis)
R.decorator_method(_APP, ["on_cw_event"], _cw_event)
