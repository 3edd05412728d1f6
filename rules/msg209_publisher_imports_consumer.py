"""MSG209 publisher-imports-consumer: the sender imports the receiver's code."""
from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule

_BASE = {
    "billing/pyproject.toml": "[project]\nname = 'billing'\n",
    "orders/pyproject.toml": "[project]\nname = 'orders'\n",
    "billing/billing/__init__.py": "",
    "billing/billing/tasks.py": '''
from celery import shared_task

@shared_task(name="billing.charge")
def charge(order_id):
    pass
''',
}


class PublisherImportsConsumer(Rule):
    code = "MSG209"
    name = "publisher-imports-consumer"
    severity = "warning"
    summary = "A producing module imports the code of a component that consumes its messages."
    why = ("Messages are meant to decouple components; a producer that imports the consumer's code is bound to "
           "its package, its release and its internals anyway, so the message adds latency without the "
           "independence.")
    fix = "Share only the message contract (a small schema package or a task name), not the consumer's code."
    VALID = [{**_BASE, "orders/orders/place.py": '''
from celery import current_app
current_app.send_task("billing.charge", args=[1])
'''}]
    INVALID = [{**_BASE, "orders/orders/place.py": '''
from billing.tasks import charge
charge.delay(1)
'''}]

    def check(self, context: Context) -> Iterator[Finding]:
        for edge in context.graph.couplings("import"):
            what = "; ".join(edge.evidence[:3])
            yield self.finding(f"{edge.source} sends messages and imports {edge.target}'s code ({what}): share only "
                               f"the message contract", path=edge.sites[0].path, line=edge.sites[0].line,
                               component=edge.source, subject=edge.target)
