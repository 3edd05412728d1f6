"""MSG208 coupling-cycle: components that command or call each other in a cycle."""
from __future__ import annotations

from typing import Iterator

import networkx as nx

from msglint.analyzer.graph import CouplingEdge

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
        edges: dict[tuple[str, str], CouplingEdge] = {}
        for edge in context.graph.couplings("command", "request-reply"):
            knowing.add_edge(edge.source, edge.target)
            pair = (edge.source, edge.target)
            # one edge per pair, the same whatever the kinds: the one whose channel sorts first (the
            # finding's location must not move, or its noqa comment stops working)
            if pair not in edges or _order(edge) < _order(edges[pair]):
                edges[pair] = edge
        for cycle in sorted(nx.simple_cycles(knowing), key=lambda c: sorted(c)):
            start = min(range(len(cycle)), key=lambda i: cycle[i])
            names = cycle[start:] + cycle[:start]
            steps = [edges[(name, names[(i + 1) % len(names)])] for i, name in enumerate(names)]
            related = [Related(step.sites[0].path, step.sites[0].line,
                               f"{step.source} -> {step.target} ({step.kind}: {', '.join(step.channels)})")
                       for step in steps]
            yield self.finding(f"components command each other in a cycle: {' -> '.join(names + names[:1])}; "
                               f"break it with an event", path=steps[0].sites[0].path, line=steps[0].sites[0].line,
                               component=names[0], subject="->".join(names), related=related)


def _order(edge: CouplingEdge) -> tuple[str, str]:
    return (min(edge.channels, default=""), edge.kind)
