"""``msglint graph --format svg``: the DOT picture laid out by Graphviz.

Graphviz is not a Python package; when ``dot`` is missing we say how to
install it (exit code 2). :func:`simple_svg` is a dependency-free drawing (a
circle layout) that the HTML report uses when Graphviz is not installed.
"""
from __future__ import annotations

import html
import math
import shutil
import subprocess

from msglint.analyzer.graph import MessageGraph
from msglint.reporters import graph_dot
from msglint.reporters.graph_views import EDGE_STYLE, view

INSTALL_HINT = ("Graphviz's 'dot' program is needed for SVG output. Install it (Debian/Ubuntu: "
                "'apt-get install graphviz'; macOS: 'brew install graphviz'; Windows: 'winget install graphviz'), "
                "or use --format dot, mermaid or html.")


class GraphvizMissing(RuntimeError):
    pass


def render(graph: MessageGraph, view_name: str = "coupling") -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(INSTALL_HINT)
    result = subprocess.run([dot, "-Tsvg"], input=graph_dot.render(graph, view_name), capture_output=True,
                            text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise GraphvizMissing(f"Graphviz failed: {result.stderr.strip()[:300]}")
    return result.stdout


def simple_svg(graph: MessageGraph, view_name: str = "coupling") -> str:
    """A circle layout drawn by hand: no Graphviz, no JavaScript."""
    nodes, edges = view(graph, view_name)
    count = max(len(nodes), 1)
    radius = max(160, 40 * count)
    size = 2 * radius + 260
    centre = size / 2
    pos = {}
    for index, node in enumerate(nodes):
        angle = 2 * math.pi * index / count - math.pi / 2
        pos[node.id] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:.0f}" height="{size:.0f}" '
             f'viewBox="0 0 {size:.0f} {size:.0f}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>']
    for edge in edges:
        (x1, y1), (x2, y2) = pos[edge.source], pos[edge.target]
        colour, dashed = EDGE_STYLE.get(edge.kind, ("#495057", False))
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        x2, y2 = x2 - dx / length * 48, y2 - dy / length * 18
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                     f'stroke-width="2"{dash} marker-end="url(#arrow)"><title>{html.escape(edge.label)}</title></line>')
        parts.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 4:.1f}" fill="{colour}" font-size="10" '
                     f'text-anchor="middle">{html.escape(edge.label[:60])}</text>')
    for node in nodes:
        x, y = pos[node.id]
        fill = {"component": "#f8f9fa", "channel": "#e7f5ff", "message": "#fff9db"}.get(node.kind, "#f8f9fa")
        width = max(70, 7 * len(node.label) + 16)
        parts.append(f'<rect x="{x - width / 2:.1f}" y="{y - 14:.1f}" width="{width}" height="28" rx="6" '
                     f'fill="{fill}" stroke="#343a40"/>')
        parts.append(f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{html.escape(node.label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
