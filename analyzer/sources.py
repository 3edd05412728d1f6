"""Reading the files: each one's content hash, line count and prefilter verdict.

A file whose size and mtime match the last run's record is not read at all. On a
cold run that will use workers, a forked child reads and screens the files while
this process loads libcst; the workers, forked after that, share the loaded
libcst instead of each loading it again (about 0.3 s of CPU each).
"""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Sequence

from .cache import FactsCache, content_digest
from .prefilter import Prefilter, Screened

RACY_NS = 2_000_000_000  # a file changed this recently is read, whatever its size and mtime say
_CHILD_MIN_FILES = 100  # fewer files are read here: forking costs more than they take

# what reading one file gives: the file (None if it cannot be read), the size and mtime to remember
# it by (None when it changed too recently to trust them), and the problem if there is one
Looked = tuple[Optional["Source"], Optional[tuple[int, int]], Optional[str]]


class Source:
    """One file as this run knows it: content hash, line count and prefilter verdict, either read now
    or remembered from the last run for an unchanged file (whose bytes are then read only if needed)."""

    __slots__ = ("path", "digest", "lines", "screened", "_data", "changed", "_record", "unreadable")

    def __init__(self, path: Path, digest: str, lines: int, screened: Screened, data: Optional[bytes]) -> None:
        self.path, self.digest, self.lines, self.screened, self._data = path, digest, lines, screened, data
        self.changed = False  # the bytes read late differ from what the record said
        self._record: Optional[bytes] = None
        self.unreadable: Optional[str] = None  # why reading it late failed (deleted since it was listed)

    @classmethod
    def read(cls, path: Path, prefilter: Prefilter) -> "Source":
        data = path.read_bytes()
        return cls(path, content_digest(data), data.count(b"\n"), prefilter.screen(data), data)

    @classmethod
    def from_record(cls, path: Path, record: bytes) -> "Source":
        head, _, tokens = record.partition(b"\n")
        digest, lines, admitted, by_shape = head.decode("ascii").split(" ")
        screened = Screened(admitted == "1", frozenset(tokens.split(b" ")) if tokens else frozenset(),
                            by_shape == "1")
        source = cls(path, digest, int(lines), screened, None)
        source._record = record
        return source

    def record(self) -> bytes:
        if self._record is None:
            head = f"{self.digest} {self.lines} {int(self.screened.admitted)} {int(self.screened.by_shape)}\n"
            self._record = head.encode("ascii") + b" ".join(self.screened.tokens)
        return self._record

    def data(self) -> bytes:
        """Its bytes; raises OSError when they cannot be read any more (see :meth:`data_or_empty`)."""
        if self._data is None:
            try:
                self._data = self.path.read_bytes()
            except OSError as exc:
                self.unreadable = f"cannot read: {exc.strerror or exc}"
                raise
            self.changed = content_digest(self._data) != self.digest
        return self._data

    def data_or_empty(self) -> bytes:
        """Its bytes, or none when it cannot be read (``unreadable`` says why): for the rounds, which only
        look for words in it."""
        try:
            return self.data()
        except OSError:
            return b""


def look(path: Path, record: Optional[tuple[int, int, bytes]], racy: int, prefilter: Prefilter) -> Looked:
    """One file: from its ``record`` of the last run if its size and mtime still match, else read."""
    try:
        info = path.stat()
        if record is not None and record[:2] == (info.st_size, info.st_mtime_ns) and info.st_mtime_ns < racy:
            try:
                return Source.from_record(path, record[2]), None, None  # unchanged: not even read
            except (ValueError, UnicodeDecodeError):
                pass  # a record this code did not write: read the file
        source = Source.read(path, prefilter)
    except OSError as exc:
        return None, None, f"cannot read: {exc.strerror or exc}"
    return source, ((info.st_size, info.st_mtime_ns) if info.st_mtime_ns < racy else None), None


class Reading:
    """Every file as :func:`look` gives it, in order, when iterated. ``in_child``: a forked child reads and
    screens them (worth it on a cold run that will use workers: this process meanwhile loads libcst, which
    the workers, forked afterwards, then share); it does so only for enough files, none of them known."""

    def __init__(self, paths: Sequence[Path], relatives: Sequence[str], known: Mapping[str, tuple[int, int, bytes]],
                 prefilter: Prefilter, in_child: bool = False) -> None:
        self.paths, self.relatives, self.known, self.prefilter = paths, relatives, known, prefilter
        self.racy = time.time_ns() - RACY_NS
        self._child: Optional[_ScreeningChild] = None
        if in_child and not known and len(paths) >= _CHILD_MIN_FILES and \
                "fork" in multiprocessing.get_all_start_methods():
            self._child = _ScreeningChild(paths, self.racy, prefilter)

    @property
    def in_child(self) -> bool:
        return self._child is not None

    def __iter__(self) -> Iterator[tuple[Path, str, Looked]]:
        rows = self._child.rows() if self._child is not None else None
        if rows is None or len(rows) != len(self.paths):  # no child, or it failed: read them here
            for path, relative in zip(self.paths, self.relatives):
                yield path, relative, look(path, self.known.get(FactsCache.path_key(relative)), self.racy,
                                           self.prefilter)
            return
        for path, relative, (record, keep, problem) in zip(self.paths, self.relatives, rows):
            yield path, relative, ((Source.from_record(path, record) if record is not None else None), keep, problem)


class _ScreeningChild:
    """Reads and screens files in a forked process; what it found comes back as records."""

    def __init__(self, paths: Sequence[Path], racy: int, prefilter: Prefilter) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_screen, args=(send, paths, racy, prefilter),
                                        name="msglint-reader", daemon=True)
        self._process.start()
        send.close()

    def rows(self) -> Optional[list[tuple[Optional[bytes], Optional[tuple[int, int]], Optional[str]]]]:
        try:
            return self._receive.recv()
        except (EOFError, OSError):  # the child died: the caller reads the files itself
            return None
        finally:
            self._receive.close()
            self._process.join()


def _screen(send: Any, paths: Sequence[Path], racy: int, prefilter: Prefilter) -> None:
    rows = []
    for path in paths:
        source, keep, problem = look(path, None, racy, prefilter)
        rows.append((source.record() if source is not None else None, keep, problem))
    send.send(rows)
    send.close()
