"""``msglint graph --format json``: networkx node-link data, ``kind`` on every node and edge."""
from __future__ import annotations

import json

import networkx as nx

from msglint.analyzer.graph import MessageGraph


def render(graph: MessageGraph, view_name: str = "coupling") -> str:
    source = graph.coupling if view_name == "coupling" else graph.flow
    try:
        data = nx.node_link_data(source, edges="links")
    except TypeError:  # networkx < 3.4 has no ``edges`` argument
        data = nx.node_link_data(source)
    for edge in data.get("links", data.get("edges", ())):
        if "sites" in edge:
            edge["sites"] = [str(site) for site in edge["sites"]]  # ``path:line``
    data["view"] = view_name
    data["version"] = 1
    if view_name == "coupling":
        data["metrics"] = {"components": graph.component_metrics()}
    else:
        data["metrics"] = {"channels": graph.channel_metrics()}
    return json.dumps(data, indent=2, sort_keys=False, default=str) + "\n"
