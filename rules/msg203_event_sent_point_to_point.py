"""MSG203 event-sent-point-to-point: a fact delivered straight into one receiver's queue."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Related, Rule, on_channel


class EventSentPointToPoint(Rule):
    code = "MSG203"
    name = "event-sent-point-to-point"
    severity = "warning"
    summary = "An event (declared, or also broadcast elsewhere) sent directly to one consumer's queue."
    why = ("An event's publisher should not know who reacts. Pushing the fact into one receiver's queue makes "
           "the publisher responsible for delivering it there, and for every future receiver too: the loose "
           "coupling events promise is lost.")
    fix = "Publish the event once on a broadcast channel (a topic, a fanout exchange, SNS) and let each receiver subscribe."
    VALID = ['''
from kafka import KafkaProducer
KafkaProducer().send("orders.placed", OrderPlaced(1))
''']
    INVALID = ['''
import boto3
from kafka import KafkaProducer

KafkaProducer().send("orders.placed", OrderPlaced(1))
boto3.client("sqs").send_message(QueueUrl="https://sqs/1/billing-queue", MessageBody=OrderPlaced(1))
''', '''
import boto3
boto3.client("sqs").send_message(QueueUrl="https://sqs/1/billing-queue", MessageBody=OrderPlacedEvent(1))
''']

    def check(self, context: Context) -> Iterator[Finding]:
        broadcast = {}
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            if site.role == "produce" and site.delivery == "broadcast" and site.message:
                broadcast.setdefault(site.message, site)
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            if site.role != "produce" or site.delivery != "point-to-point" or site.reply or not site.message:
                continue
            if site.channel_kind == "task":
                continue
            elsewhere = broadcast.get(site.message)
            if context.declared(site) != "event" and elsewhere is None:
                continue
            related = [Related(elsewhere.path, elsewhere.line, f"also broadcast on {elsewhere.transport} "
                                                               f"'{elsewhere.channel}'")] if elsewhere else []
            yield self.at_site(site, f"event {site.message} is sent point-to-point to "
                                     f"{on_channel(site)} by {site.component}: the publisher addresses one "
                                     f"receiver; publish the fact on a broadcast channel instead",
                               related=related)
