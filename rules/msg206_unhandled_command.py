"""MSG206 unhandled-command: an order that nothing in the scanned code handles."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class UnhandledCommand(Rule):
    code = "MSG206"
    name = "unhandled-command"
    severity = "info"
    summary = "A command channel that nothing in the scanned code consumes."
    why = ("A command expects a receiver to do the job. If no code consumes the channel, the job is done "
           "elsewhere (another repository, infrastructure) or not at all; either way the dependency is invisible here.")
    fix = ("Scan the receiving service too, or declare the receiver; remove the send if nobody handles it. "
           "(Info only: the consumer may live outside the scanned tree.)")
    VALID = ['''
from celery import shared_task

@shared_task
def send_invoice(order_id):
    pass

send_invoice.delay(1)
''']
    INVALID = ['''
from celery import current_app
current_app.send_task("billing.tasks.send_invoice", args=[1])
''']

    def check(self, context: Context) -> Iterator[Finding]:
        consumed = {(s.transport, s.channel) for s in context.sites if s.role == "consume" and s.channel}
        consumed_patterns = [(s.transport, s.channel) for s in context.sites if s.role == "consume" and s.channel
                             and any(ch in s.channel for ch in "*>#+{")]
        seen = set()
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            key = (site.transport, site.channel)
            if site.role != "produce" or site.intent != "command" or site.channel is None or key in seen:
                continue
            if key in consumed or _pattern_consumed(site, consumed_patterns):
                continue
            if site.channel_kind == "exchange":
                continue  # bindings to queues may be declared outside the code
            seen.add(key)
            yield self.at_site(site, f"nothing in the scanned code consumes the command channel {site.transport} "
                                     f"'{site.channel}' that {site.component} sends to", subject=site.channel)


def _pattern_consumed(site, patterns) -> bool:
    import fnmatch

    for transport, pattern in patterns:
        if transport == site.transport:
            glob = pattern.replace("{}", "*").replace(">", "*").replace("#", "*").replace("+", "*")
            if fnmatch.fnmatchcase(site.channel, glob):
                return True
    return False
