"""Large files are parsed only in their relevant parts, and that never changes what is found."""
from __future__ import annotations

import textwrap

import pytest

from conftest import FIXTURES
from helpers import write
from msglint.analyzer.pipeline import analyze
from msglint.analyzer.slicing import slice_source


def _kept(source: str, words: list[str]) -> tuple[str, list[int]]:
    result = slice_source(textwrap.dedent(source), words, min_lines=0)
    return result.source, result.line_map or list(range(1, result.source.count("\n") + 1))


def _defs(source: str) -> set[str]:
    """The definitions kept with their bodies (a dropped method stays as its signature over ``pass``)."""
    lines = source.splitlines()
    return {line.split("def ", 1)[1].split("(")[0] for index, line in enumerate(lines) if "def " in line
            and not (index + 1 < len(lines) and lines[index + 1].strip() == "pass")}


def _stubs(source: str) -> set[str]:
    lines = source.splitlines()
    return {line.split("def ", 1)[1].split("(")[0] for index, line in enumerate(lines) if "def " in line
            and index + 1 < len(lines) and lines[index + 1].strip() == "pass"}


MANAGER = '''
    import oslo_messaging as messaging


    def helper_unrelated(x):
        # Target host: a word in a comment is prose, not code
        return x + 1


    class Manager:
        """Serves the Target topic (a docstring is prose too)."""
        target = messaging.Target(version="1.0")

        def __init__(self, transport):
            target = messaging.Target(topic="jobs")
            self.client = messaging.get_rpc_client(transport, target)
            self.cache = {}

        def start(self, ctxt):
            self.client.cast(ctxt, "start")

        def _call_start(self, ctxt):
            return self.start(ctxt)

        @messaging.expected_exceptions(ValueError)
        def lookup(self, key):
            return self.cache.get(key)

        def stats(self):
            return len(self.cache)
'''


def test_only_relevant_definitions_and_their_users_are_kept():
    source, _ = _kept(MANAGER, ["Target", "get_rpc_client"])
    # __init__ names the library; start uses the client it set; _call_start calls start (a wrapper)
    assert _defs(source) == {"__init__", "start", "_call_start"}
    assert 'target = messaging.Target(version="1.0")' in source  # statements outside functions stay
    # dropped methods keep their decorators and signatures: what the class serves stays known
    assert _stubs(source) == {"lookup", "stats"}
    assert "@messaging.expected_exceptions(ValueError)\n    def lookup(self, key):\n        pass" in source


def test_line_map_gives_each_kept_line_its_number_in_the_file():
    original = textwrap.dedent(MANAGER)
    source, line_map = _kept(MANAGER, ["Target", "get_rpc_client"])
    lines = original.splitlines()
    for number, text in zip(line_map, source.splitlines()):
        if text.strip() != "pass":
            assert lines[number - 1] == text
    assert compile(source, "sliced", "exec")  # still valid Python


def test_dropped_words_name_what_was_not_parsed():
    result = slice_source(textwrap.dedent(MANAGER), ["Target", "get_rpc_client"], min_lines=0)
    assert {"helper_unrelated", "lookup", "stats"} <= set(result.dropped_words)
    assert "client" not in result.dropped_words


def test_wanted_definitions_and_module_level_objects_stay():
    source = '''
        class Topics:
            ORDERS = "orders"

        class Settings:
            queue = "billing"

        def unrelated():
            return 1

        settings = Settings()
    '''
    kept, _ = _kept(source, ["=Topics"])
    assert "class Topics" in kept and "class Settings" in kept and "def unrelated" not in kept


def test_a_subclass_of_a_library_class_keeps_every_method():
    source = '''
        from pyee import EventEmitter

        class Player(EventEmitter):
            def play(self, track):
                self.emit("track-started", track)

        def unrelated():
            return 1
    '''
    kept, _ = _kept(source, ["EventEmitter"])
    assert "def play" in kept and "def unrelated" not in kept


def test_globals_and_class_attributes_set_from_library_objects_are_followed():
    source = '''
        import oslo_messaging as messaging
        from blinker import Signal

        NOTIFIER = None

        def init(transport):
            global NOTIFIER
            NOTIFIER = messaging.Notifier(transport)

        def get_notifier(service):
            return NOTIFIER.prepare(publisher_id=service)

        class Catalog:
            removed = Signal()

            def remove(self, sku):
                self.removed.send(self, sku=sku)

            def count(self):
                return 0
    '''
    kept, _ = _kept(source, ["Notifier", "Signal"])
    assert _defs(kept) == {"init", "get_notifier", "remove"}


def test_a_name_the_file_defines_itself_is_not_a_project_word_there():
    source = '''
        def get_client(context):
            return object()

        def lookup(context):
            return get_client(context).find()
    '''
    kept, _ = _kept(source, ["get_client"])  # the project's get_client lives in another module
    assert _defs(kept) == set()


def test_handler_maps_keep_their_handlers():
    source = '''
        def notify(event):
            print(event)

        def unrelated():
            return 1

        EVENT_HANDLERS = {
            "OrderPlaced": [notify],
        }
    '''
    kept, _ = _kept(source, [])
    assert _defs(kept) == {"notify"}


def test_small_files_and_broken_files_are_left_whole():
    assert slice_source("def f():\n    return 1\n", [], min_lines=400).line_map is None
    broken = "def f(:\n" * 500
    assert slice_source(broken, [], min_lines=0).source == broken


@pytest.fixture(scope="module")
def sliced_inventory():
    return analyze([FIXTURES], FIXTURES, slice_lines=0)


def _site_keys(inventory):
    return sorted((s.path, s.line, s.column, s.end_line, s.role, s.library, s.channel, s.delivery, s.message)
                  for s in inventory.sites)


def test_every_fixture_gives_the_same_sites_when_every_file_is_sliced(fixture_inventory, sliced_inventory):
    """Every fixture sliced (threshold 0) against every fixture whole: the same sites, to the column."""
    assert _site_keys(sliced_inventory) == _site_keys(fixture_inventory)


def test_a_large_file_is_sliced_and_its_sites_keep_their_positions(tmp_path):
    filler = "".join(f"\ndef helper_{n}(x):\n    return x + {n}\n" for n in range(300))
    text = ("from kafka import KafkaProducer\n" + filler +
            "\n\ndef publish(payload):\n    KafkaProducer().send('orders', payload)\n")
    write(tmp_path, {"big.py": text})
    inventory = analyze([tmp_path], tmp_path)
    (facts,) = inventory.facts
    assert "helper_7" in facts.dropped_words
    (site,) = inventory.sites
    expected_line = text.splitlines().index("    KafkaProducer().send('orders', payload)") + 1
    assert expected_line > 900 and (site.line, site.column, site.channel) == (expected_line, 4, "orders")


def _large(body: str, helpers: int = 150, head: str = "") -> str:
    filler = "".join(f"\n\ndef helper_{n}(x):\n    return x + {n}\n" for n in range(helpers))
    return "from kafka import KafkaProducer\n" + head + filler + body


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_form_feeds_and_windows_newlines_keep_line_numbers(tmp_path, newline):
    """A form feed is not a line end for Python (str.splitlines thinks it is)."""
    text = _large("\n\ndef publish(payload):\n    KafkaProducer().send('orders', payload)\n", head="\x0c\n# page 2\x0c\n")
    write(tmp_path, {"big.py": text.replace("\n", newline).encode()})
    (site,) = analyze([tmp_path], tmp_path).sites
    expected = text.split("\n").index("    KafkaProducer().send('orders', payload)") + 1
    assert (site.line, site.column, site.channel) == (expected, 4, "orders")


def test_a_large_file_with_a_syntax_error_gets_one_diagnostic(tmp_path):
    write(tmp_path, {"big.py": _large("\n\ndef broken(:\n    pass\n")})
    inventory = analyze([tmp_path], tmp_path)
    (diagnostic,) = inventory.diagnostics
    assert diagnostic.path == "big.py" and diagnostic.message.startswith("syntax error")
    assert diagnostic.line == _large("\n\ndef broken(:\n    pass\n").split("\n").index("def broken(:") + 1


def test_tab_indented_definitions_stay_valid_python():
    source = "import x\n\n\nclass A:\n\tdef a(self):\n\t\treturn 1\n\n\tdef b(self):\n\t\treturn RPCClient()\n"
    result = slice_source(source, ["RPCClient"], min_lines=0)
    assert "\tpass\n" in result.source and "def a" not in result.source
    compile(result.source, "sliced", "exec")
    # a class that names a relevant word itself keeps its dropped methods' signatures, tabs and all
    served = source.replace("class A:\n", "class A:\n\ttarget = Target()\n")
    result = slice_source(served, ["RPCClient", "Target"], min_lines=0)
    assert "\tdef a(self):\n\t\tpass\n" in result.source and "return 1" not in result.source
    compile(result.source, "sliced", "exec")
