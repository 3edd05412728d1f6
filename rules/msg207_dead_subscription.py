"""MSG207 dead-subscription: a consumer of a channel nothing produces."""
from __future__ import annotations

from typing import Iterator

from msglint.analyzer.model import LIBRARY_EMITS

from .base import Context, Finding, Rule


class DeadSubscription(Rule):
    code = "MSG207"
    name = "dead-subscription"
    severity = "info"
    summary = "A consumer of a channel that nothing in the scanned code produces."
    why = ("A subscription to a channel nobody publishes on is either fed from outside the scanned code "
           "(another repository, an SNS subscription, infrastructure) or dead code waiting for messages that "
           "never come.")
    fix = ("Scan the producer too, or remove the subscription. (Info only: producers may live outside the "
           "scanned tree.)")
    VALID = ['''
import redis
r = redis.Redis()
r.publish("price-changes", "{}")
r.pubsub().subscribe("price-changes")
''', '''
from celery.signals import task_prerun


@task_prerun.connect
def start_timer(sender=None, task_id=None, **kwargs):
    pass
''']
    INVALID = ['''
import redis
redis.Redis().pubsub().subscribe("price-changes")
''']

    def check(self, context: Context) -> Iterator[Finding]:
        produced = {(s.transport, s.channel) for s in context.sites if s.role == "produce" and s.channel}
        for transport, exchange, queue in context.graph.bound():  # a queue bound to a used exchange
            if (transport, exchange) in produced:
                produced.add((transport, queue))
        produced_any = {s.transport for s in context.sites if s.role == "produce" and s.channel is None}
        seen = set()
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            key = (site.transport, site.channel)
            if site.role != "consume" or site.channel is None or key in produced or key in seen:
                continue
            if site.transport in produced_any and site.transport in ("inproc",):
                continue
            if any(ch in site.channel for ch in "*>#+{"):
                continue  # a pattern subscription: too loose to call dead
            if LIBRARY_EMITS in site.evidence:
                continue  # Celery's task_prerun, Django's post_save: the library is the producer
            seen.add(key)
            yield self.at_site(site, f"nothing in the scanned code produces on {site.transport} "
                                     f"'{site.channel}' that {site.component} consumes", subject=site.channel)
