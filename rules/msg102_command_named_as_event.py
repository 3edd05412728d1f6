"""MSG102 command-named-as-event: an order sent to one receiver, named like a fact."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule, on_channel


class CommandNamedAsEvent(Rule):
    code = "MSG102"
    name = "command-named-as-event"
    severity = "warning"
    summary = "A message sent point-to-point to one receiver, or declared a command, whose name is a past-tense fact."
    why = ("A command says 'do this' to one known receiver, and the sender expects the job done. Naming it like "
           "a fact (OrderWasCharged into inventory's command queue) hides that coupling: readers and tools take "
           "it for an event anyone may ignore, and the receiver cannot tell an order from news.")
    fix = "Name the order (ReleaseParcel, ChargeCustomer) or, if it is news, broadcast it as an event."
    VALID = ['''
import boto3
boto3.client("sqs").send_message(QueueUrl="https://sqs/1/inventory-commands", MessageBody=ReleaseParcel(1))
''']
    INVALID = ['''
import boto3
boto3.client("sqs").send_message(QueueUrl="https://sqs/1/inventory-commands", MessageBody=OrderWasCharged(1))
''', '''
from dataclasses import dataclass
from celery import current_app

class Command:
    pass

@dataclass(frozen=True)
class PaymentCompleted(Command):
    order_id: str

current_app.send_task("billing.complete", args=[PaymentCompleted("1")])
''']

    def check(self, context: Context) -> Iterator[Finding]:
        reported = set()
        for message_type in context.message_types:
            if context.declared_for_type(message_type) == "command" and \
                    context.grammar(message_type.name).intent == "event":
                reported.add(message_type.name)
                yield self.finding(f"{message_type.name} is declared a command but its name is a past-tense "
                                   f"fact: name the order it gives", path=message_type.path,
                                   line=message_type.line, subject=message_type.name)
        broadcast_names = {s.message or s.channel for s in context.sites
                           if s.role == "produce" and s.delivery == "broadcast"}
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            if site.role != "produce" or site.delivery != "point-to-point" or site.reply:
                continue
            kind, name = context.subject(site)
            if not name or name in reported or context.declared(site) == "event" or name in broadcast_names:
                continue  # an event sent point-to-point is MSG203's business
            grammar = context.grammar(name)
            if grammar.intent == "event":
                receivers = sorted({c.component for c in context.graph.consumers(site.transport, site.channel)}
                                   - {site.component})
                to = f" to {', '.join(receivers)}" if receivers else ""
                yield self.at_site(site, f"{site.component} sends {kind} {name} point-to-point on "
                                         f"{on_channel(site)}{to}: a command named like a fact "
                                         f"({grammar.evidence[0]}); name the order it gives")
