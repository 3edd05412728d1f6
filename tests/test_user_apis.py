"""[tool.msglint.apis]: company SDKs declared in the configuration."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from helpers import write
from msglint.cli import main

CONFIG = """
[tool.msglint.apis."acme_bus.publish_event"]
role = "produce"
channel = 0
message = "payload"
transport = "kafka"
kind = "topic"
delivery = "broadcast"

[tool.msglint.apis."acme_bus.client.BusClient.subscribe"]
role = "consume"
channel = "topic"
transport = "kafka"
kind = "topic"
decorator = true

[tool.msglint.apis."acme_bus.client.BusClient.ask"]
role = "produce"
channel = 0
transport = "http-bus"
reply = true
"""


def test_declared_functions_methods_and_decorators_are_sites(tmp_path):
    write(tmp_path, {
        "pyproject.toml": CONFIG,
        "svc/app.py": """
            from acme_bus import publish_event as emit
            from acme_bus.client import BusClient

            bus = BusClient("kafka:9092")

            @bus.subscribe(topic="orders.placed")
            def on_order(event):
                emit("invoices.created", payload=InvoiceCreated(event["id"]))
                bus.ask("pricing.quote", {})

            def unrelated(things):
                things.publish_event("not.a.site")
            """,
    })
    result = CliRunner().invoke(main, ["sites", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    sites = [(s["line"], s["role"], s["library"], s["transport"], s["channel"], s["message"], s["reply"])
             for s in json.loads(result.stdout)["sites"]]
    assert sites == [
        (6, "consume", "acme_bus", "kafka", "orders.placed", None, False),
        (8, "produce", "acme_bus", "kafka", "invoices.created", "InvoiceCreated", False),
        (9, "produce", "acme_bus", "http-bus", "pricing.quote", None, True),
    ]


def test_declared_apis_do_not_leak_into_the_next_analysis(tmp_path):
    test_declared_functions_methods_and_decorators_are_sites(tmp_path / "declared")
    write(tmp_path / "plain", {"svc/app.py": (tmp_path / "declared" / "svc" / "app.py").read_text()})
    result = CliRunner().invoke(main, ["sites", str(tmp_path / "plain"), "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sites"] == []  # each analysis builds its own registry


@pytest.mark.parametrize("entry, message", [
    ('[tool.msglint.apis."acme.send"]\nchannel = 0\n', "'tool.msglint.apis.\"acme.send\".role' is required"),
    ('[tool.msglint.apis."acme.send"]\nrole = "emit"\n', "'tool.msglint.apis.\"acme.send\".role' must be"),
    ('[tool.msglint.apis."acme.send"]\nrole = "produce"\nchannel = 1.5\n', "channel' must be an argument"),
    ('[tool.msglint.apis."acme.send"]\nrole = "produce"\ntopic = 0\n', "unknown key 'tool.msglint.apis"),
    ('[tool.msglint.apis."send"]\nrole = "produce"\n', "must be a dotted Python name"),
])
def test_invalid_declarations_exit_2(tmp_path, entry, message):
    write(tmp_path, {"pyproject.toml": entry, "a.py": "x = 1\n"})
    result = CliRunner().invoke(main, ["sites", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.stderr
