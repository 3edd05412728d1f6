"""MSG202 command-broadcast: an order published to everyone."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule, on_channel


class CommandBroadcast(Rule):
    code = "MSG202"
    name = "command-broadcast"
    severity = "warning"
    summary = "A command (declared, or named as an order) published on a broadcast channel."
    why = ("A command should reach exactly one handler that is responsible for doing the job. On a fanout "
           "exchange, an SNS topic or a pub/sub channel every subscriber gets a copy: a second subscriber sends "
           "the e-mail twice, and nobody owns the outcome.")
    fix = ("Send the command point-to-point to its owner's queue (a direct exchange, an SQS queue, a task), "
           "or turn it into an event that states what happened and let subscribers decide.")
    VALID = ['''
import pika
channel = pika.BlockingConnection().channel()
channel.basic_publish(exchange="", routing_key="email-jobs", body=SendWelcomeEmail("a@b.c").json())
''']
    INVALID = ['''
import pika
channel = pika.BlockingConnection().channel()
channel.exchange_declare(exchange="customer-notifications", exchange_type="fanout")
channel.basic_publish(exchange="customer-notifications", routing_key="", body=SendWelcomeEmail("a@b.c").json())
''']

    def check(self, context: Context) -> Iterator[Finding]:
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            if site.role != "produce" or site.delivery != "broadcast" or not site.message:
                continue
            declared = context.declared(site)
            if declared == "event":
                continue  # an event named as an order is MSG101's business
            grammar = context.grammar(site.message)
            if declared == "command" or grammar.intent == "command":
                why = "declared a command" if declared == "command" else grammar.evidence[0]
                yield self.at_site(site, f"command {site.message} ({why}) is broadcast on "
                                         f"{on_channel(site)} by {site.component}: every subscriber gets the order; "
                                         f"send it point-to-point to its one owner")
