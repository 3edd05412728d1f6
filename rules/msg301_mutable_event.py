"""MSG301 mutable-event: a fact that handlers can change."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class MutableEvent(Rule):
    code = "MSG301"
    name = "mutable-event"
    severity = "warning"
    summary = "An event type that is not immutable (non-frozen dataclass or attrs class, mutable pydantic model, setters)."
    why = ("An event is an immutable fact: what happened does not change. A mutable event object lets one "
           "handler alter what the next handler sees (in-process buses hand the same object to every "
           "subscriber), and replays no longer reproduce the past.")
    fix = ("Freeze it: @dataclass(frozen=True), @attrs.frozen, pydantic model_config = ConfigDict(frozen=True), "
           "a NamedTuple; remove setters and build a new event instead.")
    VALID = ['''
from dataclasses import dataclass
from kafka import KafkaProducer

@dataclass(frozen=True)
class OrderPlaced:
    order_id: str

KafkaProducer().send("orders", OrderPlaced("1"))
''', '''
from pydantic import BaseModel, ConfigDict
import redis

class PaymentCaptured(BaseModel):
    model_config = ConfigDict(frozen=True)
    amount: int

redis.Redis().publish("payments", PaymentCaptured(amount=1).model_dump_json())
''']
    INVALID = ['''
from dataclasses import dataclass
from kafka import KafkaProducer

@dataclass
class OrderPlaced:
    order_id: str

KafkaProducer().send("orders", OrderPlaced("1"))
''', '''
from pydantic import BaseModel
import redis

class PaymentCaptured(BaseModel):
    amount: int

redis.Redis().publish("payments", PaymentCaptured(amount=1).model_dump_json())
''', {
        "events.py": '''
from dataclasses import dataclass

class DomainEvent:
    pass

@dataclass(frozen=True)
class StockChanged(DomainEvent):
    sku: str

    def rename(self, sku):
        self.sku = sku
''',
        "publish.py": '''
import redis
from events import StockChanged

redis.Redis().publish("stock", StockChanged("x"))
'''}]

    def check(self, context: Context) -> Iterator[Finding]:
        for message_type in context.message_types:
            if message_type.intent != "event" or message_type.immutable is None:
                continue
            if message_type.immutable:
                continue
            how = (f"its method{'s' if len(message_type.setters) > 1 else ''} {', '.join(message_type.setters)} "
                   f"change{'' if len(message_type.setters) > 1 else 's'} it") if message_type.setters else \
                f"it is a mutable {message_type.kind}"
            yield self.finding(f"event {message_type.name} is not immutable ({how}): freeze it, a fact does not "
                               f"change", path=message_type.path, line=message_type.line,
                               subject=message_type.name)
