"""``msglint graph --format dot``: Graphviz source (``dot -Tsvg`` renders it)."""
from __future__ import annotations

from msglint.analyzer.graph import MessageGraph
from msglint.reporters.graph_views import EDGE_STYLE, view

_NODE_STYLE = {
    "component": 'shape=box, style="rounded,filled", fillcolor="#f8f9fa", color="#343a40"',
    "channel": 'shape=cylinder, style=filled, fillcolor="#e7f5ff", color="#1971c2"',
    "message": 'shape=note, style=filled, fillcolor="#fff9db", color="#f08c00"',
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(graph: MessageGraph, view_name: str = "coupling") -> str:
    nodes, edges = view(graph, view_name)
    lines = [f"digraph msglint_{view_name} {{", "    rankdir=LR;",
             '    node [fontname="Helvetica", fontsize=11];', '    edge [fontname="Helvetica", fontsize=9];']
    for node in nodes:
        lines.append(f"    {_quote(node.id)} [label={_quote(node.label)}, {_NODE_STYLE.get(node.kind, '')}];")
    for edge in edges:
        colour, dashed = EDGE_STYLE.get(edge.kind, ("#495057", False))
        style = "dashed" if dashed else "solid"
        lines.append(f"    {_quote(edge.source)} -> {_quote(edge.target)} [label={_quote(edge.label)}, "
                     f"color={_quote(colour)}, fontcolor={_quote(colour)}, style={style}, "
                     f"kind={_quote(edge.kind)}, penwidth={1.2 if dashed else 2}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
