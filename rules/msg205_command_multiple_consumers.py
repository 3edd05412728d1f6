"""MSG205 command-multiple-consumers: an order with more than one owner."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from .base import Context, Finding, Related, Rule

_CONSUMER = '''
import boto3
boto3.client("sqs").receive_message(QueueUrl="https://sqs/1/charge-customer")
'''


class CommandMultipleConsumers(Rule):
    code = "MSG205"
    name = "command-multiple-consumers"
    severity = "warning"
    summary = "A command channel consumed by more than one component."
    why = ("A command has one owner who does the job. When two components consume the same command channel, "
           "each gets some of the orders (competing) or both act on each (duplicated work), and nobody is "
           "accountable for the outcome.")
    fix = "Give the command one owning component; if several need to react, publish an event after the owner acts."
    VALID = [{"a/pyproject.toml": "[project]\nname = 'a'\n", "a/c.py": _CONSUMER,
              "p/pyproject.toml": "[project]\nname = 'p'\n", "p/s.py": '''
import boto3
boto3.client("sqs").send_message(QueueUrl="https://sqs/1/charge-customer", MessageBody="{}")
'''}]
    INVALID = [{"a/pyproject.toml": "[project]\nname = 'a'\n", "a/c.py": _CONSUMER,
                "b/pyproject.toml": "[project]\nname = 'b'\n", "b/c.py": _CONSUMER,
                "p/pyproject.toml": "[project]\nname = 'p'\n", "p/s.py": '''
import boto3
boto3.client("sqs").send_message(QueueUrl="https://sqs/1/charge-customer", MessageBody="{}")
'''}]

    def check(self, context: Context) -> Iterator[Finding]:
        by_channel = defaultdict(list)
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            if site.channel is not None:
                by_channel[(site.transport, site.channel)].append(site)
        for (transport, channel), sites in sorted(by_channel.items()):
            producers = [s for s in sites if s.role == "produce" and s.intent == "command"]
            consumers = sorted({s.component for s in sites if s.role == "consume"})
            if not producers or len(consumers) < 2:
                continue
            site = producers[0]
            yield self.at_site(site, f"command channel {transport} '{channel}' is consumed by {len(consumers)} "
                                     f"components ({', '.join(consumers)}): a command needs one owner",
                               related=[Related(s.path, s.line, f"consumed by {s.component}")
                                        for s in sites if s.role == "consume"][:6], subject=channel)
