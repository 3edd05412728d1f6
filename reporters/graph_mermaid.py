"""``msglint graph --format mermaid``: a flowchart that renders in GitHub markdown."""
from __future__ import annotations

from msglint.analyzer.graph import MessageGraph
from msglint.reporters.graph_views import EDGE_STYLE, view

_SHAPES = {"component": ('["', '"]'), "channel": ('[("', '")]'), "message": ('>"', '"]')}


def _escape(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;")


def render(graph: MessageGraph, view_name: str = "coupling") -> str:
    nodes, edges = view(graph, view_name)
    ids = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    lines = ["flowchart LR"]
    for node in nodes:
        left, right = _SHAPES.get(node.kind, _SHAPES["component"])
        lines.append(f"    {ids[node.id]}{left}{_escape(node.label)}{right}")
    styles = []
    for index, edge in enumerate(edges):
        arrow = "-.->" if EDGE_STYLE.get(edge.kind, ("", False))[1] else "-->"
        lines.append(f"    {ids[edge.source]} {arrow}|{_escape(edge.label)}| {ids[edge.target]}")
        colour, _ = EDGE_STYLE.get(edge.kind, ("#495057", False))
        styles.append(f"    linkStyle {index} stroke:{colour},stroke-width:2px")
    lines.extend(styles)
    lines.append("    classDef component fill:#f8f9fa,stroke:#343a40")
    lines.append("    classDef channel fill:#e7f5ff,stroke:#1971c2")
    lines.append("    classDef message fill:#fff9db,stroke:#f08c00")
    for kind in ("component", "channel", "message"):
        members = [ids[n.id] for n in nodes if n.kind == kind]
        if members:
            lines.append(f"    class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"
