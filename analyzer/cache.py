"""A per-file cache of extracted facts, so a warm run re-reads only changed files.

A second table remembers, per path, the size and modification time the file had
when it was last read, with its content hash and what the prefilter found in it:
a file whose size and mtime are unchanged (and not racily recent) is not read at all.

Entries are keyed by the file's content hash, its path and module name, the
msglint version and a fingerprint of everything else that changes extraction
(the registry, which ``[tool.msglint.apis]`` extends). They live in one SQLite
file under ``.msglint_cache/`` (or ``cache-dir``): writes are transactions, so a
killed run leaves no half-written entry, and two runs can share the cache
(SQLite locks; a busy cache is skipped, never waited on for long). An entry that
does not decode is dropped and rebuilt; a cache file that is not a database is
replaced.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import zlib
from pathlib import Path
from typing import Optional, Sequence

from . import codec, fingerprint
from .facts import FileFacts

SCHEMA = 2  # 2: typed records (analyzer.codec)
_FILE = "facts.sqlite"


def code_fingerprint() -> str:
    """Changes whenever msglint's analysis code changes, so a store never outlives its code."""
    return fingerprint.code_fingerprint([os.path.dirname(os.path.abspath(__file__))])[:16]


def open_store(folder: Optional[Path], salt: str) -> Optional["FactsCache"]:
    """The facts store in ``folder`` (None: no store), for this code and ``salt`` (what else changes
    extraction: the version, the configuration's APIs)."""
    return FactsCache(folder, f"{code_fingerprint()}|{salt}") if folder is not None else None


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_key(content: str, path: str, module: str, is_package: bool, salt: str,
              slice_words: Optional[Sequence[str]] = None) -> str:
    """``content``: the file's :func:`content_digest`. The slice words are part of the key: a sliced
    file's facts depend on them (and on nothing else)."""
    digest = hashlib.sha256()
    digest.update(content.encode("ascii"))
    digest.update(f"\0{path}\0{module}\0{is_package}\0{salt}".encode("utf-8", "surrogateescape"))
    digest.update(b"\0whole" if slice_words is None else "\0".join(["\0slice", *slice_words]).encode("utf-8"))
    return digest.hexdigest()


class FactsCache:
    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self.hits = 0
        self.problem: Optional[str] = None
        self._db: Optional[sqlite3.Connection] = None
        self._pending: list[tuple[str, bytes]] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by msglint\n*\n", encoding="utf-8")
            self._db = self._open(folder / _FILE)
        except (OSError, sqlite3.Error) as exc:
            self.problem = f"cache disabled: {exc}"
            self._db = None

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        for attempt in range(2):
            try:
                db = sqlite3.connect(str(path), timeout=5, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, schema INTEGER, value BLOB)")
                db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, salt TEXT, size INTEGER, "
                           "mtime INTEGER, record BLOB)")
                return db
            except sqlite3.DatabaseError:
                if attempt:
                    raise
                path.unlink(missing_ok=True)  # not a database (corrupt or foreign): start again
        raise sqlite3.DatabaseError("unreachable")

    def empty(self) -> bool:
        """No entry at all (a first run, or after ``msglint clean``)."""
        if self._db is None:
            return True
        try:
            return self._db.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    @staticmethod
    def path_key(path: str) -> str:
        """File names that are not UTF-8 (surrogate escapes) as text SQLite can store."""
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    def file_records(self) -> dict[str, tuple[int, int, bytes]]:
        """What the last run learnt of each file without parsing it, by path: (size, mtime, record)."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute("SELECT path, size, mtime, record FROM files WHERE salt = ?", (self.salt,))
            return {path: (size, mtime, record) for path, size, mtime, record in rows}  # keys: path_key
        except sqlite3.Error:
            return {}

    def put_file_records(self, rows: list[tuple[str, int, int, bytes]]) -> None:
        if self._db is None or not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO files (path, salt, size, mtime, record) "
                                     "VALUES (?, ?, ?, ?, ?)",
                                     [(self.path_key(p), self.salt, s, m, r) for p, s, m, r in rows])
        except sqlite3.Error as exc:
            self.problem = f"cache not updated: {exc}"

    def get(self, key: str) -> Optional[FileFacts]:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT schema, value FROM facts WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            if row[0] != SCHEMA:
                raise ValueError("old schema")
            facts = codec.loads(zlib.decompress(row[1]).decode("utf-8"))
            if type(facts) is not FileFacts:
                raise ValueError("not a file's facts")
        except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError, MemoryError, zlib.error):
            self._drop(key)  # a corrupt entry is never trusted
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts: FileFacts) -> None:
        if self._db is not None:
            self._pending.append((key, zlib.compress(codec.dumps(facts).encode("utf-8"), 1)))

    def flush(self) -> None:
        if self._db is None or not self._pending:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO facts (key, schema, value) VALUES (?, ?, ?)",
                                     [(key, SCHEMA, value) for key, value in self._pending])
        except sqlite3.Error as exc:  # another run holds the lock: this run's results are simply not kept
            self.problem = f"cache not updated: {exc}"
        self._pending.clear()

    def _drop(self, key: str) -> None:
        try:
            self._db.execute("DELETE FROM facts WHERE key = ?", (key,))  # type: ignore[union-attr]
        except sqlite3.Error:
            pass

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None


def clean(folder: Path) -> bool:
    """Remove the cache folder msglint made (only if it looks like ours)."""
    if not (folder / _FILE).exists() and not (folder / ".gitignore").exists():
        return False
    for child in folder.iterdir():
        if child.is_file() and (child.name.startswith(_FILE) or child.name == ".gitignore"):
            child.unlink()
        elif child.is_dir() and child.name == "runs":  # results of whole runs (msglint.memo)
            for entry in child.iterdir():
                entry.unlink()
            child.rmdir()
    try:
        folder.rmdir()
    except OSError:
        pass
    return True
