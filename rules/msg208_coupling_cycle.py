"""MSG208 coupling-cycle: components that command or call each other in a cycle."""
from __future__ import annotations

from typing import Iterator

import networkx as nx

from .base import Context, Finding, Related, Rule

_CYCLE = {
    "a/pyproject.toml": "[project]\nname = 'a'\n",
    "b/pyproject.toml": "[project]\nname = 'b'\n",
    "a/tasks.py": '''
from celery import shared_task

@shared_task(name="a.reserve")
def reserve(order_id):
    pass
''',
    "b/tasks.py": '''
from celery import shared_task

@shared_task(name="b.charge")
def charge(order_id):
    pass
''',
    "a/calls.py": '''
from celery import current_app
current_app.send_task("b.charge", args=[1])
''',
}


class CouplingCycle(Rule):
    code = "MSG208"
    name = "coupling-cycle"
    severity = "warning"
    summary = "Components that command or call each other in a cycle."
    why = ("When A commands B and B commands A (directly or through others), neither can change, deploy or "
           "fail alone: the message flow has become a distributed monolith.")
    fix = ("Break the cycle: let one side publish an event the other reacts to, or move the shared "
           "responsibility into one component.")
    VALID = [_CYCLE]
    INVALID = [{**_CYCLE, "b/calls.py": '''
from celery import current_app
current_app.send_task("a.reserve", args=[1])
'''}]

    def check(self, context: Context) -> Iterator[Finding]:
        knowing = nx.DiGraph()
        edges = {}
        for u, v, data in context.graph.coupling.edges(data=True):
            if data["kind"] in ("command", "request-reply"):
                knowing.add_edge(u, v)
                edges.setdefault((u, v), data)
        for cycle in sorted(nx.simple_cycles(knowing), key=lambda c: sorted(c)):
            start = min(range(len(cycle)), key=lambda i: cycle[i])
            cycle = cycle[start:] + cycle[:start]
            names = [node.split(":", 1)[1] for node in cycle]
            first = edges[(cycle[0], cycle[1 % len(cycle)])]
            path, _, line = first["sites"][0].rpartition(":")
            related = []
            for i, node in enumerate(cycle):
                data = edges[(node, cycle[(i + 1) % len(cycle)])]
                where, _, at = data["sites"][0].rpartition(":")
                related.append(Related(where, int(at), f"{node.split(':', 1)[1]} -> "
                                                       f"{cycle[(i + 1) % len(cycle)].split(':', 1)[1]} "
                                                       f"({data['kind']}: {', '.join(data['channels'])})"))
            yield self.finding(f"components command each other in a cycle: {' -> '.join(names + names[:1])}; "
                               f"break it with an event", path=path, line=int(line), component=names[0],
                               subject="->".join(names), related=related)
