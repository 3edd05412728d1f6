"""MSG204 request-reply-coupling: a send that waits for the answer."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule, on_channel


class RequestReplyCoupling(Rule):
    code = "MSG204"
    name = "request-reply-coupling"
    severity = "warning"
    summary = "A send that waits for the reply (temporal coupling), above all inside a message handler."
    why = ("Waiting for another component's answer ties the caller to the callee's speed and availability. "
           "Inside a message handler it is worse: the handler blocks a consumer slot, retries multiply the "
           "calls, and an asynchronous flow quietly becomes a synchronous chain.")
    fix = ("Continue the flow with a reply event or a callback message (correlation id), or have the callee "
           "publish its result; if an answer is truly needed now, make it an explicit RPC and budget the timeout.")
    VALID = ['''
from celery import shared_task

@shared_task
def check_credit(order_id):
    return True

def handle(order_id):
    check_credit.delay(order_id)
''']
    INVALID = ['''
from celery import shared_task
from kafka import KafkaConsumer

@shared_task
def check_credit(order_id):
    return True

def run():
    for message in KafkaConsumer("orders.placed"):
        check_credit.delay(message.value).get(timeout=30)
''']

    def check(self, context: Context) -> Iterator[Finding]:
        for site in context.sites:
            if site.role != "produce" or not site.reply:
                continue
            in_handler = context.in_handler(site)
            if context.repeats(site) and not in_handler:
                continue  # judged where the function it calls waits; a handler calling it waits too
            where = f" inside the message handler {site.function}" if in_handler else ""
            finding = self.at_site(site, f"{site.component} waits for the reply to "
                                         f"{on_channel(site)}{where}: temporal coupling to its receiver; continue "
                                         f"with a reply message instead of blocking")
            if not in_handler:
                finding = _as_info(finding)
            yield finding


def _as_info(finding: Finding) -> Finding:
    from dataclasses import replace

    return replace(finding, severity="info")
