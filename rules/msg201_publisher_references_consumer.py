"""MSG201 publisher-references-consumer: the sender names its receiver."""
from __future__ import annotations

from typing import Iterator

from msglint.analyzer.graph import SiteRef, naming_evidence, words

from .base import Context, Finding, Related, Rule

_PROJECT = {
    "orders/pyproject.toml": "[project]\nname = 'orders'\n",
    "billing/pyproject.toml": "[project]\nname = 'billing'\n",
    "billing/worker.py": '''
import boto3
boto3.client("sqs").receive_message(QueueUrl="https://sqs/1/billing-queue")
''',
}


_COMMAND_INBOX = {"command", "commands", "cmd", "cmds", "inbox"}


class PublisherReferencesConsumer(Rule):
    code = "MSG201"
    name = "publisher-references-consumer"
    severity = "warning"
    summary = "A send whose channel or message names a specific consumer component."
    why = ("When the channel or message names its receiver (billing-queue, NotifyBilling), the sender knows "
           "who will handle it: adding or replacing a receiver means changing the sender. That is "
           "message-driven coupling, even when the broker is the same one events travel on.")
    fix = ("If it is a fact, publish it under the producer's name (orders.placed) and let receivers "
           "subscribe; if it is a command to that receiver, make the dependency explicit (a command channel "
           "owned by the receiver, e.g. billing.commands, and a command name).")
    VALID = [{**_PROJECT, "orders/pub.py": '''
import boto3
boto3.client("sqs").send_message(QueueUrl="https://sqs/1/orders-placed", MessageBody="{}")
'''}]
    INVALID = [{**_PROJECT, "orders/pub.py": '''
import boto3
boto3.client("sqs").send_message(QueueUrl="https://sqs/1/billing-queue", MessageBody="{}")
'''}]

    def check(self, context: Context) -> Iterator[Finding]:
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            if site.role != "produce" or site.channel is None:
                continue
            if set(words(site.channel)) & _COMMAND_INBOX:
                continue  # billing.commands: the receiver's own command channel, the explicit form this rule asks for
            label = f"{site.transport}:{site.channel}"
            for edge in context.graph.couplings("named-consumer", source=site.component):
                if label not in edge.channels or SiteRef(site.path, site.line) not in edge.sites:
                    continue
                consumer = edge.target
                receivers = [c for c in context.graph.consumers(site.transport, site.channel)
                             if c.component == consumer]
                yield self.at_site(
                    site, f"{site.component} knows its receiver: {naming_evidence(site, consumer)}; publish a "
                          f"fact under the sender's own name, or make it an explicit command to {consumer}",
                    related=[Related(r.path, r.line, f"{consumer} consumes it here") for r in receivers[:5]],
                    subject=consumer)
