"""What each picture shows: the coupling view (components and how they know each other) or the flow view
(components, channels and messages). Shared by every graph format, so they all draw the same thing."""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from msglint.analyzer.graph import MessageGraph

# kind -> (colour, dashed?) : commands and request-reply solid and warm, events dashed and cool.
EDGE_STYLE = {
    "request-reply": ("#c92a2a", False),
    "command": ("#e8590c", False),
    "named-consumer": ("#f08c00", False),
    "import": ("#862e9c", False),
    "event": ("#1971c2", True),
    "produces": ("#495057", False),
    "consumes": ("#495057", False),
    "carries": ("#adb5bd", True),
}


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # component, channel, message


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str
    label: str
    sites: tuple[str, ...]


def view(graph: MessageGraph, name: str = "coupling") -> tuple[list[Node], list[Edge]]:
    source: nx.MultiDiGraph = graph.coupling if name == "coupling" else graph.flow
    nodes = [Node(node, _label(data), data.get("kind", "component")) for node, data in sorted(source.nodes(data=True))]
    edges = []
    for u, v, data in sorted(source.edges(data=True), key=lambda e: (e[0], e[1], e[2]["kind"])):
        label = data["kind"]
        channels = data.get("channels")
        if channels:
            label += ": " + ", ".join(c.split(":", 1)[-1] for c in channels[:3]) + (" ..." if len(channels) > 3 else "")
        edges.append(Edge(u, v, data["kind"], label, tuple(str(site) for site in data.get("sites", ()))))
    return nodes, edges


def _label(data: dict) -> str:
    if data.get("kind") == "channel":
        return f"{data.get('transport')}: {data.get('name')}"
    return str(data.get("name"))

