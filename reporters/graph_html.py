"""``msglint graph --format html``: one self-contained page, usable offline.

The picture (Graphviz SVG when ``dot`` is installed, else a built-in drawing),
the coupling table with metrics, the message types and the site inventory.
No script, no external stylesheet or font.
"""
from __future__ import annotations

import html
from typing import Sequence

from msglint.analyzer.graph import KNOWING_KINDS, MessageGraph
from msglint.reporters import graph_svg
from msglint.reporters.graph_views import EDGE_STYLE

_CSS = """
body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#212529}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #dee2e6;padding:.3em .6em;text-align:left}
th{background:#f1f3f5}.kind{font-weight:bold}.legend span{display:inline-block;margin-right:1.5em}
.figure{overflow:auto;border:1px solid #dee2e6;padding:1em}
"""


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(graph: MessageGraph, view_name: str = "coupling", title: str = "msglint: who knows whom") -> str:
    try:
        picture = graph_svg.render(graph, view_name)
        picture = picture[picture.find("<svg"):]  # drop the XML prolog and doctype
        drawn_by = "Graphviz"
    except graph_svg.GraphvizMissing:
        picture = graph_svg.simple_svg(graph, view_name)
        drawn_by = "msglint's built-in layout (install Graphviz for a better one)"
    legend = "".join(f'<span style="color:{colour}">{"- - -" if dashed else "&#8212;&#8212;"} {kind}</span>'
                     for kind, (colour, dashed) in EDGE_STYLE.items()
                     if kind in KNOWING_KINDS or kind == "event")
    metrics = graph.component_metrics()
    coupling_rows = []
    for u, v, data in sorted(graph.coupling.edges(data=True), key=lambda e: (e[0], e[1], e[2]["kind"])):
        colour = EDGE_STYLE.get(data["kind"], ("#000", False))[0]
        coupling_rows.append([
            html.escape(u.split(":", 1)[1]), html.escape(v.split(":", 1)[1]),
            f'<span class="kind" style="color:{colour}">{html.escape(data["kind"])}</span>',
            html.escape(", ".join(c.split(":", 1)[-1] for c in data.get("channels", []))),
            html.escape(", ".join(str(site) for site in data.get("sites", [])[:5]))])
    metric_rows = [[html.escape(name), str(m["fan_in"]), str(m["fan_out"]), f'{m["instability"]:.2f}']
                   for name, m in sorted(metrics.items())]
    type_rows = [[html.escape(t.name), html.escape(t.intent), "yes" if t.immutable else "no" if t.immutable is False
                  else "?", html.escape(t.kind), html.escape(f"{t.path}:{t.line}"),
                  html.escape("; ".join(t.evidence[:2]))] for t in graph.message_types]
    site_rows = [[html.escape(f"{s.path}:{s.line}"), html.escape(s.component), html.escape(s.role),
                  html.escape(s.transport), html.escape(f"{s.channel_kind} {s.channel if s.channel is not None else '?'}"),
                  html.escape(s.delivery), html.escape(s.intent), html.escape(s.message or ""), html.escape(s.api)]
                 for s in graph.sites]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p>{len(graph.components)} components, {graph.coupling.number_of_edges()} coupling edges, {len(graph.sites)} sites.
Commands, request-reply, named consumers and imports mean the sender <em>knows</em> the receiver; events do not.</p>
<p class="legend">{legend}</p>
<div class="figure">{picture}</div>
<p><small>Drawn by {html.escape(drawn_by)}; view: {html.escape(view_name)}.</small></p>
<h2>Coupling</h2>
{_table(["from", "to", "kind", "channels", "sites"], coupling_rows)}
<h2>Components</h2>
{_table(["component", "fan-in", "fan-out", "instability"], metric_rows)}
<h2>Message types</h2>
{_table(["message", "intent", "immutable", "declared as", "where", "evidence"], type_rows)}
<h2>Sites</h2>
{_table(["where", "component", "role", "transport", "channel", "delivery", "intent", "message", "api"], site_rows)}
</body></html>
"""
