"""MSG101 event-named-as-command: an event (broadcast or declared) whose name is an order."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Related, Rule, on_channel

_DECLARED_EVENT = '''
from dataclasses import dataclass
from kafka import KafkaProducer

@dataclass(frozen=True)
class SendEmailEvent:
    to: str

KafkaProducer().send("notifications", SendEmailEvent(to="a@b.c"))
'''


class EventNamedAsCommand(Rule):
    code = "MSG101"
    name = "event-named-as-command"
    severity = "warning"
    summary = "An event (declared as one, or broadcast) whose name is an imperative order."
    why = ("An event states a fact that already happened; its publisher does not know who listens. A name like "
           "SendEmailEvent or create_invoice is an order addressed to someone: it hides a command, and the "
           "coupling of a command (the sender expects one known receiver to do the job) behind an event's "
           "loose form.")
    fix = ("Name the fact that happened (EmailRequested, InvoiceDue, OrderPlaced) and let the receiver decide "
           "what to do; or, if it really is an order to one receiver, make it a command sent point-to-point.")
    VALID = ['''
from dataclasses import dataclass
from kafka import KafkaProducer

@dataclass(frozen=True)
class EmailRequestedEvent:
    to: str

KafkaProducer().send("notifications", EmailRequestedEvent(to="a@b.c"))
''', '''
import boto3
boto3.client("sns").publish(TopicArn="arn:aws:sns:eu-west-1:1:order-placed", Message="{}")
''']
    INVALID = [_DECLARED_EVENT, '''
import boto3
boto3.client("sns").publish(TopicArn="arn:aws:sns:eu-west-1:1:create-invoice", Message="{}")
''']

    def check(self, context: Context) -> Iterator[Finding]:
        for message_type in context.message_types:
            if context.declared_for_type(message_type) != "event":
                continue
            grammar = context.grammar(message_type.name)
            if grammar.intent == "command":
                senders = [s for s in context.sites if s.message == message_type.name and s.role == "produce"]
                yield self.finding(
                    f"{message_type.name} is declared an event but its name is an order "
                    f"({'; '.join(grammar.evidence)}): name the fact that happened, or send it as a command",
                    path=message_type.path, line=message_type.line, subject=message_type.name,
                    related=[Related(s.path, s.line, f"sent by {s.component}") for s in senders[:5]])
        for site in context.sites:  # "create_invoice" on a fanout: a broadcast channel named as an order
            if context.repeats(site):
                continue  # judged where the function it calls sends
            if site.role != "produce" or site.delivery != "broadcast" or site.message or not site.channel:
                continue
            grammar = context.grammar(site.channel)
            if grammar.intent == "command":
                yield self.at_site(site, f"{site.component} broadcasts on {on_channel(site)}, a "
                                         f"name that reads as an order ({grammar.evidence[0]}): name the fact "
                                         f"that happened, or send the order point-to-point to its one receiver")
