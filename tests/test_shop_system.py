"""The example system end to end: its coupling graph edge by edge, and its full check output (golden)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import FIXTURES, REPO
from msglint.analyzer.graph import build_graph
from msglint.analyzer.pipeline import analyze
from msglint.cli import main

SHOP = FIXTURES / "shop"


def test_coupling_graph_edge_by_edge():
    inventory = analyze([SHOP], SHOP)
    graph = build_graph(inventory.sites, inventory.message_types, inventory.facts, inventory.bindings)
    edges = sorted((u.split(":", 1)[1], v.split(":", 1)[1], d["kind"], tuple(sorted(d["channels"])))
                   for u, v, d in graph.coupling.edges(data=True))
    assert edges == [
        ("billing", "inventory", "event", ("sqs:inventory-commands",)),
        ("billing", "inventory", "named-consumer", ("sqs:inventory-commands",)),
        ("inventory", "analytics", "event", ("redis:stock-levels",)),
        ("inventory", "billing", "request-reply", ("celery:billing.tasks.check_credit",)),
        ("orders", "analytics", "event", ("kafka:orders.placed",)),
        ("orders", "billing", "command", ("celery:billing.tasks.create_invoice", "kafka:invoices")),
        ("orders", "billing", "event", ("kafka:orders.placed", "sqs:billing-queue")),
        ("orders", "billing", "named-consumer", ("sqs:billing-queue",)),
        ("orders", "email-service", "command", ("amqp:customer-notifications",)),
        ("orders", "email-service", "named-consumer", ("amqp:customer-notifications",)),
        ("orders", "inventory", "event", ("kafka:orders.placed",)),
    ]
    # who knows whom, in the seed's terms
    assert graph.knows("orders", "billing") == ["command", "named-consumer"]
    assert graph.knows("orders", "analytics") == []
    assert graph.knows("inventory", "billing") == ["request-reply"]
    metrics = graph.component_metrics()
    assert metrics["orders"]["fan_out"] == 4 and metrics["orders"]["fan_in"] == 0
    assert metrics["analytics"] == {"fan_in": 2, "fan_out": 0, "instability": 0.0}


def test_message_types_of_the_shop():
    inventory = analyze([SHOP], SHOP)
    types = {t.name: t for t in inventory.message_types}
    assert types["OrderPlaced"].intent == "event" and types["OrderPlaced"].immutable is True
    assert types["StockLevelChanged"].immutable is False
    assert types["SendWelcomeEmail"].intent == "command"
    assert types["CreateInvoiceEvent"].intent == "command"  # the grammar of the rest decides
    assert types["OrderPlaced"].path == "shop_common/shop_common/events.py"


def test_full_check_output_matches_the_golden_file():
    result = CliRunner().invoke(main, ["check", str(SHOP), "--isolated", "--no-cache", "--output-format",
                                       "concise"])
    assert result.exit_code == 1
    golden = (REPO / "tests" / "golden" / "shop_check.txt").read_text(encoding="utf-8")
    assert result.stdout == golden


def test_every_rule_with_a_shop_example_fires_on_the_shop():
    result = CliRunner().invoke(main, ["check", str(SHOP), "--isolated", "--no-cache", "--output-format", "json"])
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert {"MSG101", "MSG102", "MSG201", "MSG202", "MSG203", "MSG204", "MSG207", "MSG301", "MSG302"} <= codes
