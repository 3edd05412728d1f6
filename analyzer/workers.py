"""Extraction of many files: from the cache where possible, else in worker processes.

Per-file extraction is pure, so files can be spread over processes in any order;
results come back in the order asked for, so every ``--jobs`` gives the same
output. Small batches stay in this process: starting workers costs more than
parsing a handful of files.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from . import fingerprint
from .cache import FactsCache, cache_key
from .discover import relative_path
from .model import FileFacts

_MIN_PARALLEL = 6  # fewer misses than this are parsed in-process
Job = tuple[str, str, bool, bytes, Optional[list[str]]]  # relative path, module, is_package, content, slice words
Item = tuple[Path, Any, Optional[list[str]]]  # path, its project.Source, slice words (None: whole)


def _extract(job: Job) -> dict:
    from .extract import extract_file

    return extract_file(*job).to_json()


def _start_worker(apis: dict) -> None:
    """Each worker registers the configuration's APIs and imports the extractor (libcst) at once,
    while the main process is still reading files."""
    from .user_apis import ensure_registered

    ensure_registered(apis)
    from . import extract  # noqa: F401


def _ready() -> bool:
    return True


def code_fingerprint() -> str:
    """Changes whenever msglint's extraction code changes, so a cache never outlives its code."""
    return fingerprint.code_fingerprint([os.path.dirname(os.path.abspath(__file__))])[:16]


class Extractor:
    def __init__(self, root: Path, names, jobs: int, cache_dir: Optional[Path], salt: str,
                 progress: Optional[Callable[[int, int], None]], total: int,
                 idle: Optional[Callable[[], None]] = None) -> None:
        self.idle = idle  # work for this process while the workers parse (called once)
        self.root = root
        self.names = names
        self.jobs = max(1, jobs)
        self.cache = FactsCache(cache_dir, f"{code_fingerprint()}|{salt}") if cache_dir is not None else None
        self.progress = progress
        self.total = total
        self.done = 0
        self._pool: Optional[ProcessPoolExecutor] = None

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.cache is not None:
            self.cache.close()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    @property
    def cache_hits(self) -> int:
        return self.cache.hits if self.cache is not None else 0

    @property
    def cache_problem(self) -> Optional[str]:
        return self.cache.problem if self.cache is not None else None

    def extract(self, items: Sequence[Item]) -> list[FileFacts]:
        results: list[Optional[FileFacts]] = [None] * len(items)
        misses: list[tuple[int, Job, Optional[str]]] = []
        for index, (path, source, words) in enumerate(items):
            module, is_package = self.names.of(path)
            relative = relative_path(path, self.root)
            key = None
            if self.cache is not None:
                key = cache_key(source.digest, relative, module, is_package, self.cache.salt, words)
                cached = self.cache.get(key)
                if cached is not None:
                    results[index] = cached
                    self._tick()
                    continue
            try:
                data = source.data()
            except OSError as exc:  # gone or unreadable since it was listed
                results[index] = FileFacts(path=relative, module=module, diagnostics=[
                    {"path": relative, "message": f"cannot read: {exc.strerror or exc}", "line": 1, "column": 0}])
                self._tick()
                continue
            if source.changed:  # edited since this run looked at it: its facts are not cached under the old key
                key = None
            misses.append((index, (relative, module, is_package, data, words), key))
        for (index, _, key), facts in zip(misses, self._run([job for _, job, _ in misses])):
            results[index] = facts
            if self.cache is not None and key is not None:
                self.cache.put(key, facts)
        if self.cache is not None:
            self.cache.flush()
        return [facts for facts in results if facts is not None]

    def file_records(self) -> dict[str, tuple[int, int, bytes]]:
        return self.cache.file_records() if self.cache is not None else {}

    def put_file_records(self, rows: list[tuple[str, int, int, bytes]]) -> None:
        if self.cache is not None:
            self.cache.put_file_records(rows)

    def start(self, expected_files: int) -> None:
        """Start the workers now if the run will need them, so that they import libcst while this
        process reads and screens the files (that import costs about a third of a second)."""
        cold = self.cache is None or self.cache.empty()
        if self.jobs > 1 and cold and expected_files >= _MIN_PARALLEL:
            self._get_pool().submit(_ready)

    def _run(self, jobs: list[Job]):
        if not jobs:
            return
        if self.jobs == 1 or (len(jobs) < _MIN_PARALLEL and self._pool is None):
            from .extract import extract_file  # libcst is imported only when something must be parsed

            for job in jobs:
                facts = extract_file(*job)
                self._tick()  # before yielding: the consumer may not ask for the next one
                yield facts
            return
        pool = self._get_pool()  # once started, the workers take every batch: they have libcst loaded
        chunk = max(1, len(jobs) // (self.jobs * 4))
        results = pool.map(_extract, jobs, chunksize=chunk)
        if self.idle is not None:
            idle, self.idle = self.idle, None
            idle()
        for data in results:
            self._tick()
            yield FileFacts.from_json(data)

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            # fork shares what this process already imported (libcst, the registry with user APIs)
            context = multiprocessing.get_context("fork" if "fork" in methods and os.name == "posix" else "spawn")
            from .user_apis import ACTIVE

            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context,
                                             initializer=_start_worker, initargs=(dict(ACTIVE),))
        return self._pool

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
