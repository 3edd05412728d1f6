"""``msglint graph --format graphml``: for yEd, Gephi and other graph tools."""
from __future__ import annotations

import io

import networkx as nx

from msglint.analyzer.graph import MessageGraph


def render(graph: MessageGraph, view_name: str = "coupling") -> str:
    source = graph.coupling if view_name == "coupling" else graph.flow
    plain = nx.MultiDiGraph()
    for node, data in source.nodes(data=True):
        plain.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for u, v, key, data in source.edges(keys=True, data=True):
        plain.add_edge(u, v, key=key, **{k: _scalar(val) for k, val in data.items()})
    out = io.BytesIO()
    nx.write_graphml(plain, out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def _scalar(value: object) -> object:
    """GraphML holds strings, numbers and booleans: lists become comma-separated text."""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return value
