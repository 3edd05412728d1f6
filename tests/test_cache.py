"""Workers and the cache: the same results for every --jobs, and a cache that is never trusted blindly."""
from __future__ import annotations

import sqlite3

from conftest import FIXTURES
from helpers import KAFKA_SEND, write
from msglint.analyzer import cache as cache_module
from msglint.analyzer.pipeline import analyze


def _keys(inventory):
    return [s.to_json() for s in inventory.sites]


def test_results_are_identical_for_any_number_of_jobs(fixture_inventory):
    parallel = analyze([FIXTURES], FIXTURES, jobs=2)
    assert _keys(parallel) == _keys(fixture_inventory)
    assert [d.path for d in parallel.diagnostics] == [d.path for d in fixture_inventory.diagnostics]


def _project(tmp_path):
    return write(tmp_path / "proj", {
        "a.py": KAFKA_SEND,
        "b.py": "import redis\nredis.Redis().publish('prices', '{}')\n",
        "plain.py": "x = 1\n",
    })


def test_a_warm_run_reads_facts_from_the_cache(tmp_path):
    root = _project(tmp_path)
    cache = tmp_path / "cache"
    cold = analyze([root], root, cache_dir=cache)
    warm = analyze([root], root, cache_dir=cache)
    assert cold.cache_hits == 0 and warm.cache_hits == 2
    assert _keys(warm) == _keys(cold)
    assert (cache / ".gitignore").read_text().strip().endswith("*")


def test_content_changes_invalidate_the_entry(tmp_path):
    root = _project(tmp_path)
    cache = tmp_path / "cache"
    analyze([root], root, cache_dir=cache)
    (root / "b.py").write_text("import redis\nredis.Redis().publish('stock', '{}')\n")
    warm = analyze([root], root, cache_dir=cache)
    assert warm.cache_hits == 1
    assert sorted(s.channel for s in warm.sites) == ["orders.placed", "stock"]


def test_configuration_and_version_changes_invalidate_everything(tmp_path, monkeypatch):
    root = _project(tmp_path)
    cache = tmp_path / "cache"
    analyze([root], root, cache_dir=cache, cache_salt="apis-1")
    assert analyze([root], root, cache_dir=cache, cache_salt="apis-2").cache_hits == 0
    assert analyze([root], root, cache_dir=cache, cache_salt="apis-2").cache_hits == 2
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another-version")
    assert analyze([root], root, cache_dir=cache, cache_salt="apis-2").cache_hits == 0


def test_a_corrupt_entry_is_dropped_and_rebuilt(tmp_path):
    root = _project(tmp_path)
    cache = tmp_path / "cache"
    cold = analyze([root], root, cache_dir=cache)
    db = sqlite3.connect(cache / "facts.sqlite")
    db.execute("UPDATE facts SET value = ?", (b"not zlib at all",))
    db.commit()
    db.close()
    rebuilt = analyze([root], root, cache_dir=cache)
    assert rebuilt.cache_hits == 0 and _keys(rebuilt) == _keys(cold)
    assert analyze([root], root, cache_dir=cache).cache_hits == 2


def test_a_cache_file_that_is_not_a_database_is_replaced(tmp_path):
    root = _project(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "facts.sqlite").write_bytes(b"garbage" * 100)
    inventory = analyze([root], root, cache_dir=cache)
    assert inventory.cache_problem is None and len(inventory.sites) == 2
    assert analyze([root], root, cache_dir=cache).cache_hits == 2


def test_an_unwritable_cache_never_stops_the_run(tmp_path):
    root = _project(tmp_path)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    inventory = analyze([root], root, cache_dir=blocker / "cache")
    assert inventory.cache_problem and "cache disabled" in inventory.cache_problem
    assert len(inventory.sites) == 2


def test_unchanged_files_are_not_read_again(tmp_path, monkeypatch):
    """A file whose size and mtime are those of the last run (and not racily recent) is not read."""
    import os
    import time
    from pathlib import Path

    root = _project(tmp_path)
    past = time.time() - 60
    for path in root.rglob("*.py"):
        os.utime(path, (past, past))
    cache = tmp_path / "cache"
    cold = analyze([root], root, cache_dir=cache)
    read: list[str] = []
    original = Path.read_bytes

    def spy(self):
        if root in self.absolute().parents:  # msglint reads its own sources too (the code fingerprint)
            read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    warm = analyze([root], root, cache_dir=cache)
    assert read == [] and _keys(warm) == _keys(cold)
    (root / "b.py").write_text("import redis\nredis.Redis().publish('quotes', '{}')\n")
    os.utime(root / "b.py", (past + 10, past + 10))
    edited = analyze([root], root, cache_dir=cache)
    assert read == ["b.py"]
    assert "quotes" in [s.channel for s in edited.sites]
    (root / "plain.py").write_text("x = 2\n")  # just now: racily recent, so read whatever its stat says
    analyze([root], root, cache_dir=cache)
    assert read[-1] == "plain.py"
    analyze([root], root, cache_dir=cache)  # and its stat was not remembered: read again
    assert read[-2:] == ["plain.py", "plain.py"]


def test_a_file_edited_during_the_run_is_not_cached_under_its_old_hash(tmp_path, registry):
    """Facts of bytes read late (after the file changed) must not be stored under the hash the run
    started with: once the file is reverted, they would be wrong for good."""
    from msglint.analyzer.cache import cache_key, content_digest, open_store
    from msglint.analyzer.discover import ModuleNames
    from msglint.analyzer.prefilter import Screened
    from msglint.analyzer.sources import Source
    from msglint.analyzer.values import Lit
    from msglint.analyzer.workers import Extractor, Workers

    root = write(tmp_path / "proj", {"a.py": "from kafka import KafkaProducer\nKafkaProducer().send('new', b'')\n"})
    old = "from kafka import KafkaProducer\nKafkaProducer().send('old', b'')\n".encode()
    source = Source(root / "a.py", content_digest(old), 2, Screened(True, frozenset()), None)  # as recorded
    store = open_store(tmp_path / "cache", "")
    (facts,) = Extractor(root, ModuleNames(), Workers(1, registry), store).extract([(root / "a.py", source, None)])
    store.close()
    assert source.changed and facts.sites[0].channel == Lit("new")
    store = open_store(tmp_path / "cache", "")
    assert store.get(cache_key(content_digest(old), "a.py", "a", False, store.salt)) is None
    store.close()


def _many_files(tmp_path):
    files = {f"pkg/m{index:03}.py": f"VALUE_{index} = {index}\n" for index in range(120)}
    files["pkg/__init__.py"] = ""
    files["pkg/send.py"] = KAFKA_SEND
    files["pkg/publish.py"] = "import redis\nredis.Redis().publish('prices', '{}')\n"
    files["pkg/latin.py"] = "# -*- coding: ascii -*-\nfrom kafka import KafkaProducer\nx = 'caf\xe9'\n"
    return write(tmp_path / "proj", files)


def test_a_cold_parallel_run_reads_the_files_in_a_child_with_the_same_results(tmp_path, monkeypatch):
    from msglint.analyzer import sources

    root = _many_files(tmp_path)
    children = []
    original = sources._ScreeningChild.__init__

    def counting(self, *args):
        children.append(args)
        original(self, *args)

    monkeypatch.setattr(sources._ScreeningChild, "__init__", counting)
    parallel = analyze([root], root, jobs=2)
    assert len(children) == 1
    serial = analyze([root], root, jobs=1)
    assert len(children) == 1  # one job: read here
    assert _keys(parallel) == _keys(serial) and len(serial.sites) == 2
    assert [(d.path, d.message) for d in parallel.diagnostics] == [(d.path, d.message) for d in serial.diagnostics]
    assert any(d.path.endswith("latin.py") for d in parallel.diagnostics)


def test_a_reading_child_that_dies_leaves_the_reading_to_this_process(tmp_path, monkeypatch):
    import os

    from msglint.analyzer import sources

    root = _many_files(tmp_path)
    monkeypatch.setattr(sources, "_screen", lambda *args: os._exit(3))
    parallel = analyze([root], root, jobs=2)
    assert _keys(parallel) == _keys(analyze([root], root, jobs=1))
    assert len(parallel.sites) == 2 and parallel.files_seen == 124


def test_an_entry_with_fields_of_the_wrong_type_is_refused(tmp_path):
    """A cached entry that decodes but holds a number where a channel's text was is dropped, not trusted."""
    import zlib
    root = _project(tmp_path)
    cache = tmp_path / "cache"
    cold = analyze([root], root, cache_dir=cache)
    db = sqlite3.connect(cache / "facts.sqlite")
    rows = db.execute("SELECT key, value FROM facts").fetchall()
    for key, value in rows:
        text = zlib.decompress(value).decode().replace('{"@Lit":["orders.placed"]}', '{"@Lit":[12345]}')
        db.execute("UPDATE facts SET value = ? WHERE key = ?", (zlib.compress(text.encode()), key))
    db.commit()
    db.close()
    rebuilt = analyze([root], root, cache_dir=cache)
    assert rebuilt.cache_hits == 1 and _keys(rebuilt) == _keys(cold)


def test_handler_map_keys_that_look_like_records_survive_the_cache(tmp_path):
    """The cache writes records as {"@Name": [...]}: a project's own "@..." keys must stay keys."""
    root = write(tmp_path / "proj", {"bus.py": (
        "def notify(e):\n    pass\n\n\ndef audit(e):\n    pass\n\n\n"
        "EVENT_HANDLERS = {\"@Draft\": [notify], \"@mentions\": [audit]}\n")})
    cache = tmp_path / "cache"
    cold = analyze([root], root, cache_dir=cache)
    warm = analyze([root], root, cache_dir=cache)
    assert warm.cache_hits == 1 and _keys(warm) == _keys(cold)
    assert sorted(s.channel for s in warm.sites) == ["@Draft", "@mentions"]


def test_a_garbage_file_record_means_the_file_is_read(tmp_path):
    root = _project(tmp_path)
    cache = tmp_path / "cache"
    cold = analyze([root], root, cache_dir=cache)
    db = sqlite3.connect(cache / "facts.sqlite")
    db.execute("UPDATE files SET record = ?", (b"\xff\xfe not a record",))
    db.commit()
    db.close()
    assert _keys(analyze([root], root, cache_dir=cache)) == _keys(cold)


def test_a_file_deleted_after_it_was_listed_gets_a_diagnostic(tmp_path, monkeypatch):
    """Warm runs read unchanged files only when a round needs them: one may be gone by then."""
    from msglint.analyzer import sources
    files = {"a.py": KAFKA_SEND, "big.py": "from a import producer\n" + "x = 1\n" * 500 +
             "producer.send('late', b'x')\n"}
    root = write(tmp_path / "proj", files)
    cache = tmp_path / "cache"
    analyze([root], root, cache_dir=cache)
    (root / "big.py").write_text(files["big.py"])  # changed: not in the cache, read late
    original = sources.look

    def look_then_delete(path, record, racy, prefilter):
        found = original(path, record, racy, prefilter)
        if path.name == "big.py" and found[0] is not None:
            found[0]._data = None  # as if only its record had been read
            path.unlink()
        return found
    monkeypatch.setattr(sources, "look", look_then_delete)
    inventory = analyze([root], root, cache_dir=cache)
    assert [s.channel for s in inventory.sites] == ["orders.placed"]
    assert [d.path for d in inventory.diagnostics] == ["big.py"]
    assert "cannot read" in inventory.diagnostics[0].message
