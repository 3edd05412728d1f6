"""boto3 / aiobotocore / aioboto3: Kinesis Data Streams and Firehose (api_catalog.md 4.1).

The clients are the ``aws.client`` objects of ``aws.py`` (``boto3.client("kinesis")``,
``session.create_client("firehose")``); a client whose service is known matches by
service, a client of unknown service (a parameter, a factory of another module) by
the keyword that only that service takes:

- Kinesis ``put_record(StreamName=|StreamARN=, Data=, PartitionKey=)`` and
  ``put_records(Records=, StreamName=|StreamARN=)`` produce; ``get_shard_iterator
  (StreamName=|StreamARN=, ShardId=)`` is where a polling consumer starts reading a
  stream (``get_records(ShardIterator=)`` then reads on, with no stream name), and
  ``subscribe_to_shard(ConsumerARN=)`` an enhanced fan-out consumer. A stream is
  read by every consumer: ``kind=stream``, broadcast.
- Firehose ``put_record(DeliveryStreamName=, Record=)`` and ``put_record_batch
  (DeliveryStreamName=, Records=)`` produce. A delivery stream has one destination
  (S3, Redshift, ...): ``kind=stream``, point-to-point. It has no consumer API.

Stream ARNs (``arn:aws:kinesis:r:a:stream/clicks``, ``...:deliverystream/audit``)
fold to their last ``/`` segment.
"""
from __future__ import annotations

import re
from typing import Optional

from ..calls import ArgInfo, CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Lit, Value

_KINESIS_KEYS = ("StreamName", "StreamARN")
_FIREHOSE_KEYS = ("DeliveryStreamName",)


def _matches(service: str, keywords: tuple):
    """Typed clients match by service; clients of unknown service by keyword."""
    def when(info: CallInfo) -> bool:
        if not any(arg.kw in keywords for arg in info.args):
            return False
        known = info.recv.get("service") if info.recv is not None else None
        return known is None or known == service
    return when


def _stream_arg(info: CallInfo, keywords: tuple) -> Optional[ArgInfo]:
    for keyword in keywords:
        found = Arg(None, keyword).find(info)
        if found is not None:
            return found
    return None


def _producer(service: str, library: str, delivery: str, keywords: tuple, message_kw: Optional[str] = None):
    when = _matches(service, keywords)

    def spec(info: CallInfo) -> list[Draft]:
        if not when(info):
            return []
        stream = _stream_arg(info, keywords)
        message = Arg(None, message_kw).find(info) if message_kw else None
        return [draft(info, role="produce", library=library, transport=service, api=f"{service}.{info.method}",
                      kind="stream", delivery=delivery, channel=stream.value, channel_expr=stream.text,
                      message=message.message if message else None, fold="url")]
    return spec


_kinesis_put = _producer("kinesis", "boto3-kinesis", "broadcast", _KINESIS_KEYS, message_kw="Data")
_kinesis_put_many = _producer("kinesis", "boto3-kinesis", "broadcast", _KINESIS_KEYS)
_firehose_put = _producer("firehose", "boto3-firehose", "point-to-point", _FIREHOSE_KEYS)


def _shard_iterator(info: CallInfo) -> list[Draft]:
    if not _matches("kinesis", _KINESIS_KEYS)(info):
        return []
    stream = _stream_arg(info, _KINESIS_KEYS)
    shard = Arg(None, "ShardId").find(info)
    return [draft(info, role="consume", library="boto3-kinesis", transport="kinesis",
                  api="kinesis.get_shard_iterator", kind="stream", delivery="broadcast",
                  channel=stream.value, channel_expr=stream.text, fold="url",
                  evidence_values={"shard": shard.value} if shard else {})]


_CONSUMER_ARN = re.compile(r"^arn:[^:]+:kinesis:[^:]*:[^:]*:stream/([^/]+)/consumer/")


def _subscribe_to_shard(info: CallInfo) -> list[Draft]:
    """``subscribe_to_shard(ConsumerARN=...)``: the stream is inside the consumer's ARN
    (``arn:aws:kinesis:r:a:stream/clicks/consumer/name:123``), readable when literal."""
    if not _matches("kinesis", ("ConsumerARN",))(info):
        return []
    arn = Arg(None, "ConsumerARN").find(info)
    channel: Value = UNKNOWN
    if type(arn.value) is Lit:
        found = _CONSUMER_ARN.match(arn.value.text)
        if found:
            channel = Lit(found.group(1))
    return [draft(info, role="consume", library="boto3-kinesis", transport="kinesis",
                  api="kinesis.subscribe_to_shard", kind="stream", delivery="broadcast",
                  channel=channel, channel_expr=arn.text, evidence=["enhanced fan-out consumer"])]


_SPECS = {
    "put_record": [_kinesis_put, _firehose_put],
    "put_records": [_kinesis_put_many],
    "put_record_batch": [_firehose_put],
    "get_shard_iterator": [_shard_iterator],
    "subscribe_to_shard": [_subscribe_to_shard],
}


ABOUT = About(
    names="boto3: Kinesis, Firehose",
    produce="`put_record(s)`, `put_record_batch`",
    consume="`get_shard_iterator`, `subscribe_to_shard`",
    emits=("boto3-kinesis", "boto3-firehose"),
)


def register(r: Registry) -> None:
    for method, specs in _SPECS.items():
        for method_spec in specs:
            r.method("aws.client", [method], method_spec)
            r.fingerprint([method], method_spec)
