"""The prefilter never loses a site, and keeps uninteresting files away from the parser."""
from __future__ import annotations

from helpers import write
from conftest import FIXTURES
from msglint.analyzer.prefilter import Prefilter
from msglint.analyzer.pipeline import analyze


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


def test_pattern_matches_library_imports_and_fingerprints(registry):
    prefilter = Prefilter(registry)
    assert prefilter.screen(b"import aio_pika\nconn = await aio_pika.connect_robust(url)\n").admitted
    assert prefilter.screen(b"from kafka import KafkaProducer\n").admitted
    assert prefilter.screen(b"import nats\nasync def f(nc):\n    await nc.publish('a', b'')\n").admitted
    assert prefilter.screen(b"sqs.send_message(QueueUrl=url)").admitted
    assert prefilter.screen(b"task.apply_async(args=[1])").admitted
    assert not prefilter.screen(b"def add(a, b):\n    return a + b\n").admitted


def test_an_import_alone_is_not_enough(registry):
    """A module that imports a library only for its exceptions cannot hold a site of that library."""
    prefilter = Prefilter(registry)
    assert not prefilter.screen(
        b"import oslo_messaging as messaging\n\ndef f():\n    raise messaging.MessagingTimeout()\n").admitted
    assert prefilter.screen(
        b"import oslo_messaging as messaging\n\ntarget = messaging.Target(topic='compute')\n").admitted
    assert not prefilter.screen(b"import pika\nexcept pika.exceptions.AMQPError:\n    pass\n").admitted


def test_slice_words_are_the_files_own_relevant_words(registry):
    prefilter = Prefilter(registry)
    data = (b"import oslo_messaging as messaging\nfrom kafka import errors\n\n"
            b"def f(client):\n    client.send(messaging.Target(topic='t'))\n")
    screened = prefilter.screen(data)
    assert screened.admitted
    words = prefilter.slice_words(screened, data, extra=["notify_all", "absent_word"])
    assert "Target" in words and "notify_all" not in words and "absent_word" not in words
    assert "send" not in words  # oslo.messaging has no untyped send; only some libraries' imports gate one
    gcp = b"from google.cloud import pubsub_v1\n\ndef f(client, topic):\n    client.publish(topic, b'')\n"
    assert "publish" in prefilter.slice_words(prefilter.screen(gcp), gcp)
    assert words == sorted(words)
    kept = prefilter.slice_words(screened, data, keep=["f", "absent"])
    assert "=f" in kept and "=absent" not in kept


def test_identifiers_are_those_a_token_regex_finds_and_numbers():
    import re

    from msglint.analyzer.prefilter import identifiers

    def regex_words(data: bytes) -> frozenset:
        return frozenset(re.findall(rb"[A-Za-z_][A-Za-z0-9_]*", data))

    def letter_led(words: frozenset) -> frozenset:
        return frozenset(word for word in words if not word[:1].isdigit())

    sample = "x = 2fa + 0x1f; été_ok = f(a_1, _b); c2 = 'café' # 99 bottles\n".encode() + bytes(range(256))
    found = identifiers(sample)
    assert letter_led(found) == regex_words(sample) - {b"fa", b"x1f"}
    assert {b"2fa", b"0x1f", b"99"} <= found
    for path in FIXTURES.rglob("*.py"):
        data = path.read_bytes()
        assert letter_led(identifiers(data)) <= regex_words(data), path


def test_a_project_word_reaches_only_files_that_name_its_module(tmp_path):
    """nova's rpc.get_client is a project factory; a module using its own get_client, or another
    package's, is not read for it. Reaching it through the module or an import of the word is."""
    write(tmp_path, {
        "fleet/__init__.py": "",
        "fleet/rpc.py": "import oslo_messaging as messaging\n\nTRANSPORT = None\n\n\n"
                        "def get_client(target):\n    return messaging.get_rpc_client(TRANSPORT, target)\n",
        "fleet/api.py": "from fleet import rpc\nimport oslo_messaging as messaging\n\n\n"
                        "def ping(ctxt):\n    rpc.get_client(messaging.Target(topic='ping')).cast(ctxt, 'ping')\n",
        "fleet/direct.py": "from fleet.rpc import (\n    get_client,\n)\nimport oslo_messaging as messaging\n\n\n"
                           "def pong(ctxt):\n    get_client(messaging.Target(topic='pong')).cast(ctxt, 'pong')\n",
        "fleet/neutron.py": "from fleet import cyborg, rpc\n\n\ndef get_client(context):\n    return rpc.TRANSPORT\n\n\n"
                            "def ports(context):\n    return get_client(context).list() + cyborg.get_client(context).x()\n",
        "fleet/cyborg.py": "def get_client(context):\n    return object()\n",
    })
    inventory = analyze([tmp_path], tmp_path)
    parsed = {facts.path for facts in inventory.facts if facts.parsed}
    assert {"fleet/api.py", "fleet/direct.py", "fleet/rpc.py"} <= parsed
    assert "fleet/neutron.py" not in parsed
    assert sorted((s.path, s.channel) for s in inventory.sites if s.role == "produce") == [
        ("fleet/api.py", "ping"), ("fleet/direct.py", "pong")]


def test_a_registry_of_callbacks_in_functions_is_a_shape_and_grouping_data_is_not(registry):
    prefilter = Prefilter(registry)
    bus = (b"def connect(hub, signal, target):\n    hub.data[signal][target] = None\n\n"
           b"def send(hub, signal, *args):\n    for target in hub.data.get(signal, {}):\n        target(*args)\n")
    grouping = (b"def group(rows):\n    by_host = {}\n    for host, row in rows:\n"
                b"        by_host[host].append(row)\n    return by_host\n")
    grouping_params = b"def add(groups, key, item):\n    groups[key].append(item)\n"
    assert prefilter.screen(bus).admitted and prefilter.screen(bus).by_shape
    assert not prefilter.screen(grouping).admitted
    assert not prefilter.screen(grouping_params).admitted
