"""Extraction of many files: from the facts store where possible, else in worker processes.

Per-file extraction is pure, so files can be spread over processes in any order; results come
back in the order asked for, so every ``--jobs`` gives the same output. Small batches stay in
this process: starting workers costs more than parsing a handful of files.

- :class:`Workers`: the process pool (forked, so the workers share what this process loaded:
  libcst, the registry), and the idle work of this process while they parse;
- :class:`Extractor`: the facts of files, from the store (``analyzer.cache``) or made by the
  workers, with progress;
- :class:`Stream`: files handed over one at a time as they are read, returned in that order.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence, Union

from .cache import FactsCache, cache_key
from .discover import ModuleNames, relative_path
from .facts import FileFacts
from .model import Diagnostic
from .libraries import build_registry
from .registry import Registry
from .sources import Source

_MIN_PARALLEL = 6  # fewer misses than this are parsed in-process
Job = tuple[str, str, bool, bytes, Optional[list[str]]]  # relative path, module, is_package, content, slice words
Item = tuple[Path, Source, Optional[list[str]]]  # a file, and its slice words (None: parsed whole)

_worker_registry: Optional[Registry] = None  # in a worker process: the registry its extractions use


def _extract(job: Job) -> FileFacts:
    from .extract import extract_file

    path, module, is_package, data, words = job
    return extract_file(path, module, is_package, data, _worker_registry, words)  # type: ignore[arg-type]


def _start_worker(registry: Union[Registry, dict]) -> None:
    """Each worker takes the registry (forked: the parent's own; spawned: built again from the
    configuration's APIs) and imports the extractor (libcst) at once, while the main process is still
    reading files."""
    global _worker_registry
    _worker_registry = registry if isinstance(registry, Registry) else build_registry(registry)
    from . import extract  # noqa: F401


def _ready() -> bool:
    return True


def _quietly(work: Callable[[], None]) -> None:
    """Idle work only does early what the caller would do anyway: a failure shows there, not here."""
    try:
        work()
    except Exception:  # noqa: BLE001
        pass


class Workers:
    """Worker processes for extraction, started only for a cold run with enough files."""

    def __init__(self, jobs: int, registry: Registry, idle: Optional[Callable[[], None]] = None) -> None:
        self.jobs = max(1, jobs)
        self.registry = registry
        self.idle = idle  # work for this process while the workers parse (called once, in a thread)
        self._idle_thread: Optional[threading.Thread] = None
        self._pool: Optional[ProcessPoolExecutor] = None

    def close(self) -> None:
        self.finish_idle()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def will_start(self, expected_files: int, cold: bool) -> bool:
        """Whether :meth:`start` starts the workers: a cold run (no stored facts) with enough files."""
        return self.jobs > 1 and cold and expected_files >= _MIN_PARALLEL

    def preload(self) -> None:
        """Loads libcst in this process, so that workers forked from it have it loaded."""
        from . import extract  # noqa: F401

    def start(self, expected_files: int, cold: bool) -> None:
        """Start the workers now if the run will need them, so that they are ready (libcst loaded)
        by the time the files are read (that import costs about a third of a second)."""
        if self.will_start(expected_files, cold):
            self._get_pool().submit(_ready)

    def submit(self, job: Job) -> Optional[Future]:
        """The job, sent to the running workers; None when there are none (any more)."""
        if self._pool is None:
            return None
        try:
            return self._pool.submit(_extract, job)
        except BrokenProcessPool:
            self.lose_pool()
            return None

    def run(self, jobs: list[Job], tick: Callable[[], None]) -> Iterator[FileFacts]:
        """The facts of ``jobs`` in order: by the workers once they run, else in this process."""
        if not jobs:
            return
        if self.jobs == 1 or (len(jobs) < _MIN_PARALLEL and self._pool is None):
            from .extract import extract_file  # libcst is imported only when something must be parsed

            for path, module, is_package, data, words in jobs:
                facts = extract_file(path, module, is_package, data, self.registry, words)
                tick()  # before yielding: the consumer may not ask for the next one
                yield facts
            return
        pool = self._get_pool()  # once started, the workers take every batch: they have libcst loaded
        chunk = max(1, len(jobs) // (self.jobs * 4))
        done = 0
        try:
            results = pool.map(_extract, jobs, chunksize=chunk)
            self.while_waiting()
            for facts in results:
                tick()
                done += 1
                yield facts
        except BrokenProcessPool:  # a worker died (killed, out of memory): this process does the rest
            self.lose_pool()
            yield from self.run(jobs[done:], tick)

    def lose_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool, self.jobs = None, 1

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            # fork shares what this process already imported (libcst, the registry with user APIs)
            context = multiprocessing.get_context("fork" if "fork" in methods and os.name == "posix" else "spawn")
            given = self.registry if context.get_start_method() == "fork" else self.registry.apis
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context,
                                             initializer=_start_worker, initargs=(given,))
        return self._pool

    def while_waiting(self) -> None:
        """Starts the idle work in a thread: this process only waits for the workers from here on,
        and a thread does not hold up the next batch when the workers finish first."""
        if self.idle is not None:
            idle, self.idle = self.idle, None
            self._idle_thread = threading.Thread(target=_quietly, args=(idle,), name="msglint-idle", daemon=True)
            self._idle_thread.start()

    def finish_idle(self) -> None:
        """Waits for the idle work, if it was started (its results are about to be used)."""
        if self._idle_thread is not None:
            self._idle_thread.join()
            self._idle_thread = None


class Extractor:
    """The facts of files: stored ones where the store has them, else made by the workers."""

    def __init__(self, root: Path, names: ModuleNames, workers: Workers, store: Optional[FactsCache] = None,
                 progress: Optional[Callable[[int, int], None]] = None, total: int = 0) -> None:
        self.root = root
        self.names = names
        self.workers = workers
        self.store = store
        self.progress = progress
        self.total = total
        self.done = 0

    def extract(self, items: Sequence[Item]) -> list[FileFacts]:
        """The facts of ``items``, in their order."""
        stream = self.stream()
        for item in items:
            stream.add(item)
        return stream.facts()

    def stream(self) -> "Stream":
        """Files handed over one at a time (as they are read): once the workers run, each goes to
        them at once, so parsing starts before the last file is read."""
        return Stream(self)

    def lookup(self, item: Item) -> tuple[Optional[FileFacts], Optional[Job], Optional[str]]:
        """The stored facts of ``item``, or the job that makes them and the key to store them under."""
        path, source, words = item
        module, is_package = self.names.of(path)
        relative = relative_path(path, self.root)
        key = None
        if self.store is not None:
            key = cache_key(source.digest, relative, module, is_package, self.store.salt, words)
            stored = self.store.get(key)
            if stored is not None:
                self.tick()
                return stored, None, None
        try:
            data = source.data()
        except OSError as exc:  # gone or unreadable since it was listed
            self.tick()
            return FileFacts(path=relative, module=module, diagnostics=(
                Diagnostic(path=relative, message=f"cannot read: {exc.strerror or exc}"),)), None, None
        if source.changed:  # edited since this run looked at it: its facts are not stored under the old key
            key = None
        return None, (relative, module, is_package, data, words), key

    def made(self, facts: FileFacts, key: Optional[str]) -> None:
        if self.store is not None and key is not None:
            self.store.put(key, facts)

    def flush(self) -> None:
        if self.store is not None:
            self.store.flush()

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


class Stream:
    """Facts asked for one file at a time and returned in that order. With the workers running, each
    job is submitted when it is added; otherwise the jobs wait for :meth:`facts` and run as one batch
    (in this process when there are few)."""

    def __init__(self, extractor: Extractor) -> None:
        self._extractor = extractor
        self._slots: list[Union[FileFacts, Future, None]] = []  # None: a deferred job
        self._jobs: dict[int, tuple[Job, Optional[str]]] = {}  # slot: the job and its store key
        self._deferred: list[int] = []

    def add(self, item: Item) -> None:
        facts, job, key = self._extractor.lookup(item)
        slot = len(self._slots)
        if job is None:
            self._slots.append(facts)
            return
        self._jobs[slot] = (job, key)
        future = self._extractor.workers.submit(job)
        self._slots.append(future)
        if future is None:
            self._deferred.append(slot)

    def facts(self) -> list[FileFacts]:
        extractor, workers = self._extractor, self._extractor.workers
        if any(isinstance(slot, Future) for slot in self._slots):
            workers.while_waiting()
        broken = False
        for slot, result in enumerate(self._slots):
            if isinstance(result, Future):
                try:
                    facts = result.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): this process does it
                    broken = True
                    self._deferred.append(slot)
                    continue
                extractor.tick()
                self._slots[slot] = facts
                extractor.made(facts, self._jobs[slot][1])
        if self._deferred:
            if broken:
                workers.lose_pool()
            jobs = [self._jobs[slot][0] for slot in self._deferred]
            for slot, facts in zip(self._deferred, workers.run(jobs, extractor.tick)):
                self._slots[slot] = facts
                extractor.made(facts, self._jobs[slot][1])
            self._deferred = []
        extractor.flush()
        return list(self._slots)  # type: ignore[arg-type]
