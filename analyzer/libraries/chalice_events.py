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
from __future__ import annotations

from ..calls import CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import Items, Lit, Pairs, Subscript, Value

_APP = "chalice.app"

_LIB = dict(library="chalice")


def _called(info: CallInfo) -> bool:
    return bool(info.called)


def _sqs(info: CallInfo) -> list[Draft]:
    if not _called(info):
        return []
    queue = Arg(0, "queue").find(info) or Arg(None, "queue_arn").find(info)
    if queue is None:
        return []
    return [draft(info, role="consume", api="@app.on_sqs_message", transport="sqs", kind="queue",
                  delivery="point-to-point", channel=queue.value, channel_expr=queue.text, fold="arn", **_LIB)]


def _sns(info: CallInfo) -> list[Draft]:
    if not _called(info):
        return []
    topic = Arg(0, "topic").find(info)
    if topic is None:
        return []
    return [draft(info, role="consume", api="@app.on_sns_message", transport="sns", kind="topic",
                  delivery="broadcast", channel=topic.value, channel_expr=topic.text, fold="arn", **_LIB)]


def _kinesis(info: CallInfo) -> list[Draft]:
    if not _called(info):
        return []
    stream = Arg(0, "stream").find(info)
    if stream is None:
        return []
    return [draft(info, role="consume", api="@app.on_kinesis_record", transport="kinesis", kind="stream",
                  delivery="broadcast", channel=stream.value, channel_expr=stream.text, fold="url", **_LIB)]


def _cw_event(info: CallInfo) -> list[Draft]:
    """One site per ``detail-type`` of the pattern: the renderer expands a list value into one
    site per item, also when the pattern is a constant of this or another module."""
    if not _called(info):
        return []
    pattern = Arg(0, "event_pattern").find(info)
    if pattern is None:
        return []
    return [draft(info, role="consume", api="@app.on_cw_event", transport="eventbridge", kind="event_type",
                  delivery="broadcast", channel=Subscript(pattern.value, Lit("detail-type")),
                  channel_expr=pattern.text, evidence=_sources(pattern.value), **_LIB)]


def _sources(pattern: Value) -> list[str]:
    """The pattern's ``source`` values, when the pattern is written in the decorator."""
    if type(pattern) is not Pairs:
        return []
    for key, value in pattern.pairs:
        if key == Lit("source"):
            items = value.items if type(value) is Items else (value,)
            names = [item.text for item in items if type(item) is Lit]
            return [f"source: {', '.join(names)}"] if names else []
    return []


ABOUT = About(
    names="Chalice",
    produce="",
    consume="`@app.on_sqs_message` / `on_sns_message` / `on_kinesis_record` / `on_cw_event`",
    emits=("chalice",),
)


def register(r: Registry) -> None:
    r.library_roots("chalice")
    r.constructor(["chalice.Chalice", "chalice.app.Chalice", "chalice.Blueprint", "chalice.app.Blueprint"], _APP)
    r.decorator_method(_APP, ["on_sqs_message"], _sqs)
    r.decorator_method(_APP, ["on_sns_message"], _sns)
    r.decorator_method(_APP, ["on_kinesis_record"], _kinesis)
    r.decorator_method(_APP, ["on_cw_event"], _cw_event)
