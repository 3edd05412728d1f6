"""The prefilter never loses a site, and keeps uninteresting files away from the parser."""
from __future__ import annotations

from helpers import write
from conftest import FIXTURES
from msglint.analyzer.prefilter import Prefilter
from msglint.analyzer.project import analyze


def _keys(inventory):
    return [(s.path, s.line, s.role, s.channel) for s in inventory.sites]


def test_every_fixture_site_survives_the_prefilter(fixture_inventory):
    unfiltered = analyze([FIXTURES], FIXTURES, use_prefilter=False)
    assert unfiltered.sites, "the fixtures hold sites"
    assert _keys(fixture_inventory) == _keys(unfiltered)


def test_files_without_messaging_are_not_parsed(tmp_path):
    files = {f"plain/m{i}.py": "def f(x):\n    return x + 1\n" for i in range(20)}
    files["svc/send.py"] = "from kafka import KafkaProducer\nKafkaProducer().send('t', b'')\n"
    write(tmp_path, files)
    inventory = analyze([tmp_path], tmp_path)
    assert inventory.files_seen == 21
    assert inventory.files_parsed == 1
    assert [s.channel for s in inventory.sites] == ["t"]


def test_modules_that_only_hold_constants_are_read_when_a_site_needs_them(tmp_path):
    write(tmp_path, {
        "shop/__init__.py": "from .names import ORDERS\n",
        "shop/names.py": "ORDERS = 'orders.placed'\nUNUSED = 'x'\n",
        "shop/unrelated.py": "VALUE = 1\n",
        "app.py": "from kafka import KafkaProducer\nfrom shop import ORDERS\nKafkaProducer().send(ORDERS, b'')\n",
    })
    inventory = analyze([tmp_path], tmp_path)
    assert [s.channel for s in inventory.sites] == ["orders.placed"]
    parsed = {f.path for f in inventory.facts}
    assert "shop/unrelated.py" not in parsed


def test_objects_made_in_another_module_reach_files_without_library_words(tmp_path):
    write(tmp_path, {
        "bus/__init__.py": "",
        "bus/clients.py": "import redis\nr = redis.Redis()\n",
        "views.py": "from bus.clients import r\n\ndef notify():\n    r.publish('line_allocated', '{}')\n",
    })
    inventory = analyze([tmp_path], tmp_path)
    assert [(s.path, s.channel, s.library) for s in inventory.sites] == [("views.py", "line_allocated", "redis")]


def test_pattern_matches_library_imports_and_fingerprints():
    prefilter = Prefilter()
    assert prefilter.may_contain_sites(b"import aio_pika\n")
    assert prefilter.may_contain_sites(b"sqs.send_message(QueueUrl=url)")
    assert prefilter.may_contain_sites(b"task.apply_async(args=[1])")
    assert not prefilter.may_contain_sites(b"def add(a, b):\n    return a + b\n")
