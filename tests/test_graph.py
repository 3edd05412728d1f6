"""The flow and coupling graphs, and their pictures (JSON, Mermaid, DOT, GraphML, SVG, HTML)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from msglint.analyzer.graph import build_graph, words
from msglint.analyzer.facts import FileFacts
from msglint.analyzer.model import Site
from msglint.reporters import graph_dot, graph_graphml, graph_html, graph_json, graph_mermaid, graph_svg


def site(component, role, channel, *, transport="kafka", intent="event", reply=False, message=None,
         delivery="broadcast", path=None, line=1):
    return Site(path=path or f"{component}/m.py", line=line, column=0, end_line=line, role=role, library="x",
                api="api", transport=transport, channel=channel, channel_expr=None, channel_kind="topic",
                delivery=delivery, message=message, reply=reply, component=component, intent=intent)


SITES = [
    site("orders", "produce", "orders.placed", message="OrderPlaced", line=3),
    site("billing", "consume", "orders.placed"),
    site("analytics", "consume", "orders.placed"),
    site("orders", "produce", "billing-queue", transport="sqs", intent="event", delivery="point-to-point", line=5),
    site("billing", "consume", "billing-queue", transport="sqs", delivery="point-to-point"),
    site("inventory", "produce", "billing.tasks.check_credit", transport="celery", intent="command", reply=True,
         delivery="point-to-point", line=7),
    site("billing", "consume", "billing.tasks.check_credit", transport="celery", intent="command",
         delivery="point-to-point"),
    site("billing", "produce", "inventory-commands", transport="sqs", intent="command",
         delivery="point-to-point", line=9),
    site("inventory", "consume", "inventory-commands", transport="sqs", intent="command",
         delivery="point-to-point"),
    site("orders", "produce", "customer-notifications", transport="amqp", intent="command", line=11),
    site("email-service", "consume", "email.welcome", transport="amqp", delivery="point-to-point"),
    site("orders", "produce", None, line=13),  # unresolved: not in the graph
]


def _edges(graph):
    return sorted((u.split(":", 1)[1], v.split(":", 1)[1], d["kind"], tuple(d["channels"]))
                  for u, v, d in graph.coupling.edges(data=True))


def test_coupling_edges_and_kinds():
    graph = build_graph(SITES, bindings=[("amqp", "customer-notifications", "email.welcome")])
    assert _edges(graph) == [
        ("billing", "inventory", "command", ("sqs:inventory-commands",)),
        ("billing", "inventory", "named-consumer", ("sqs:inventory-commands",)),
        ("inventory", "billing", "named-consumer", ("celery:billing.tasks.check_credit",)),
        ("inventory", "billing", "request-reply", ("celery:billing.tasks.check_credit",)),
        ("orders", "analytics", "event", ("kafka:orders.placed",)),
        ("orders", "billing", "event", ("kafka:orders.placed", "sqs:billing-queue")),
        ("orders", "billing", "named-consumer", ("sqs:billing-queue",)),
        ("orders", "email-service", "command", ("amqp:customer-notifications",)),
    ]
    assert graph.knows("orders", "billing") == ["named-consumer"]
    assert graph.knows("orders", "analytics") == []
    assert graph.knows("inventory", "billing") == ["named-consumer", "request-reply"]


def test_flow_graph_nodes_and_edges():
    graph = build_graph(SITES, bindings=[("amqp", "customer-notifications", "email.welcome")])
    flow = graph.flow
    assert flow.nodes["channel:kafka:orders.placed"]["kind"] == "channel"
    assert flow.has_edge("component:orders", "channel:kafka:orders.placed", key="produces")
    assert flow.has_edge("channel:kafka:orders.placed", "component:billing", key="consumes")
    assert flow.has_edge("channel:kafka:orders.placed", "message:OrderPlaced", key="carries")
    assert flow.has_edge("channel:amqp:customer-notifications", "channel:amqp:email.welcome", key="binds")
    assert flow.edges["component:orders", "channel:kafka:orders.placed", "produces"]["sites"] == [("orders/m.py", 3)]
    assert flow.nodes["channel:kafka:orders.placed"]["intent"] == "event"
    assert flow.nodes["channel:sqs:inventory-commands"]["intent"] == "command"
    consumed_only = flow.nodes["channel:amqp:email.welcome"]
    assert consumed_only["evidence"][0].startswith("name: ")  # no producer: the name's grammar decides
    # a Redis channel and a Kafka topic with the same name stay apart
    same = build_graph([site("a", "produce", "x"), site("b", "consume", "x", transport="redis")])
    assert same.coupling.number_of_edges() == 0


def test_import_edges():
    sites = [site("orders", "produce", "t", path="orders/pub.py"), site("billing", "consume", "t",
                                                                        path="billing/worker.py")]
    facts = [FileFacts(path="orders/pub.py", module="orders.pub", imported_modules=("billing.worker", "json")),
             FileFacts(path="billing/worker.py", module="billing.worker")]
    graph = build_graph(sites, facts=facts)
    assert ("orders", "billing", "import", ("import:billing.worker",)) in _edges(graph)


def test_metrics():
    graph = build_graph(SITES, bindings=[("amqp", "customer-notifications", "email.welcome")])
    metrics = graph.component_metrics()
    assert metrics["orders"] == {"fan_in": 0, "fan_out": 3, "instability": 1.0}
    assert metrics["billing"] == {"fan_in": 2, "fan_out": 1, "instability": 0.333}
    channels = graph.channel_metrics()
    assert channels["channel:kafka:orders.placed"] == {"producers": ["component:orders"],
                                                       "consumers": ["component:analytics", "component:billing"]}


def test_words_split_every_naming_style():
    assert words("email-service.commands") == ["email", "service", "commands"]
    assert words("NotifyBillingOfOrder") == ["notify", "billing", "of", "order"]
    assert words("HTTPRequestSent") == ["http", "request", "sent"]


GRAPH = build_graph(SITES, bindings=[("amqp", "customer-notifications", "email.welcome")])


def test_json_is_node_link_data_with_kinds():
    data = json.loads(graph_json.render(GRAPH))
    assert data["directed"] and data["multigraph"] and data["view"] == "coupling"
    assert {n["id"] for n in data["nodes"]} == {"component:analytics", "component:billing",
                                                "component:email-service", "component:inventory",
                                                "component:orders"}
    assert all(link["kind"] for link in data["links"])
    assert len(data["links"]) == 8
    assert data["metrics"]["components"]["orders"]["fan_out"] == 3
    flow = json.loads(graph_json.render(GRAPH, "flow"))
    assert any(n["kind"] == "channel" for n in flow["nodes"])


def test_mermaid_structure():
    text = graph_mermaid.render(GRAPH)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes = [line for line in lines if re.match(r"^    n\d+\[\"", line)]
    assert len(nodes) == 5
    edges = [line for line in lines if re.match(r"^    n\d+ (-->|-\.->)\|", line)]
    assert len(edges) == 8
    assert sum("-.->" in line for line in edges) == 2  # events are dashed
    assert all(line.count("|") == 2 for line in edges)
    assert len([line for line in lines if line.startswith("    linkStyle ")]) == 8


def test_dot_structure_and_rendering():
    text = graph_dot.render(GRAPH)
    assert text.startswith("digraph msglint_coupling {") and text.rstrip().endswith("}")
    assert text.count(" -> ") == 8
    assert text.count("style=dashed") == 2
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (CI installs it)")
    result = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, check=True)
    assert "<svg" in result.stdout and "orders" in result.stdout


def test_graphml_parses():
    root = ET.fromstring(graph_graphml.render(GRAPH, "flow"))
    namespace = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", namespace)) == GRAPH.flow.number_of_nodes()
    assert len(root.findall(".//g:edge", namespace)) == GRAPH.flow.number_of_edges()


def test_svg_needs_graphviz_and_says_how_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(graph_svg.GraphvizMissing, match="apt-get install graphviz"):
        graph_svg.render(GRAPH)


def test_html_is_self_contained_even_without_graphviz(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    page = graph_html.render(GRAPH)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "request-reply" in page and "billing.tasks.check_credit" in page
    assert "built-in layout" in page


def test_many_classes_sharing_a_name_do_not_make_message_types_exponential(monkeypatch):
    """saleor declares hundreds of ``class Meta`` / ``class Arguments``: the search for message-like bases
    must not revisit them at every depth (it took minutes)."""
    from msglint.analyzer import intent
    from msglint.analyzer.facts import ClassFacts, FileFacts
    from msglint.analyzer.intent import message_types

    class Counted:  # fails fast where the search would run for hours
        def __init__(self, pattern):
            self.pattern, self.calls = pattern, 0

        def search(self, text):
            self.calls += 1
            assert self.calls < 100_000, "the base-class search revisits classes"
            return self.pattern.search(text)

    monkeypatch.setattr(intent, "_MESSAGE_BASE", Counted(intent._MESSAGE_BASE))

    classes = {}
    for index in range(300):
        classes[f"app.m{index}.Meta"] = ClassFacts("Meta", ("Meta", "Base"), (), None, (), 1, ())
        classes[f"app.m{index}.Base"] = ClassFacts("Base", ("Meta",), (), None, (), 2, ())
    classes["app.events.OrderPlaced"] = ClassFacts("OrderPlaced", ("app.events.DomainEvent",), (), True, (), 3, ())
    facts = [FileFacts("app/m.py", "app.m", classes=classes)]
    found = message_types(facts, [])
    assert [t.name for t in found] == ["OrderPlaced"]
