"""The pipeline up to the site inventory, one function per stage:

    discover -> extract_files (read, prefilter, extract in rounds) -> resolve_sites -> infer_intents

Graph, check and report follow in ``msglint`` (``msglint.api``, ``msglint.checker``, ``reporters/``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence

from .cache import FactsCache, open_store
from .components import Components
from .discover import Discovery, ModuleNames, discover, relative_path
from .facts import FileFacts
from .naming import NamingConfig, prepare as prepare_naming
from .model import Diagnostic, MessageType, Site
from .prefilter import Prefilter
from .libraries import build_registry
from .registry import Registry
from .resolve import pending_sites, resolve_sites
from .rounds import Rounds
from .intent import apply_intents, message_types
from .slicing import MIN_LINES
from .sources import Reading
from .workers import Extractor, Workers

Progress = Callable[[int, int], None]


@dataclass
class Inventory:
    root: Path
    sites: list[Site] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: list[FileFacts] = field(default_factory=list)
    message_types: list[MessageType] = field(default_factory=list)
    bindings: list[tuple[str, str, str]] = field(default_factory=list)  # (transport, source, target)
    files_seen: int = 0
    files: list[str] = field(default_factory=list)  # every analysed path, relative to the root
    cache_hits: int = 0
    cache_problem: Optional[str] = None
    files_parsed: int = 0


@dataclass(frozen=True)
class ExtractionSettings:
    """How files are extracted: the speed settings, never what is found."""

    jobs: int = 1  # worker processes
    cache_dir: Optional[Path] = None  # where the facts store lives (None: no store)
    cache_salt: str = ""  # what else changes the facts (the version, the configuration's APIs)
    use_prefilter: bool = True
    slice_lines: int = MIN_LINES  # files this long are parsed only in their relevant parts


def analyze(paths: Sequence[Path], root: Path, *, exclude: Optional[Iterable[str]] = None,
            extend_exclude: Iterable[str] = (), components: Optional[Mapping[str, Sequence[str]]] = None,
            use_prefilter: bool = True, naming: Optional[NamingConfig] = None, jobs: int = 1,
            cache_dir: Optional[Path] = None, cache_salt: str = "", progress: Optional[Progress] = None,
            slice_lines: int = MIN_LINES, found: Optional[Discovery] = None,
            idle: Optional[Callable[[], None]] = None, registry: Optional[Registry] = None) -> Inventory:
    """The site inventory of ``paths``. ``jobs`` > 1 extracts in worker processes; ``cache_dir`` keeps
    per-file facts between runs (see ``analyzer.cache``). Results are the same for every ``jobs``.
    ``found``: the files, when the caller discovered them already (to key a cached run); ``idle``: work
    for this process while the workers parse."""
    root = root.absolute()
    registry = registry if registry is not None else build_registry()
    found = found if found is not None else discover(paths, root, exclude=exclude, extend_exclude=extend_exclude)
    inventory = Inventory(root=root, files_seen=len(found.files),
                          files=[relative_path(path, root) for path in found.files],
                          diagnostics=[Diagnostic(path=path, message=reason) for path, reason in found.problems])
    settings = ExtractionSettings(jobs, cache_dir, cache_salt, use_prefilter, slice_lines)

    def while_workers_parse() -> None:
        prepare_naming(naming)  # the lexicon the message types need afterwards
        if idle is not None:
            idle()

    inventory.facts = extract_files(found.files, inventory, registry, settings, progress, while_workers_parse)
    for facts in inventory.facts:
        inventory.diagnostics.extend(facts.diagnostics)
    inventory.diagnostics.sort(key=lambda d: (d.path, d.line, d.column))
    inventory.files_parsed = sum(facts.parsed for facts in inventory.facts)
    sites, inventory.bindings = resolve_sites(inventory.facts, Components(root, components).component_of, registry)
    inventory.message_types, inventory.sites = infer_intents(inventory.facts, sites, naming)
    return inventory


def extract_files(files: Sequence[Path], inventory: Inventory, registry: Registry, settings: ExtractionSettings,
                  progress: Optional[Progress] = None, idle: Optional[Callable[[], None]] = None) -> list[FileFacts]:
    """Read and screen every file, then extract the ones that can matter, in rounds (``analyzer.rounds``).
    Round one starts while the files are read: each small admitted file goes to the extractor at once.
    Problems reading a file go to ``inventory.diagnostics``; the store's hits and problem to the inventory."""
    names = ModuleNames()
    prefilter = Prefilter(registry)
    rounds = Rounds(names, prefilter, settings.slice_lines, settings.use_prefilter,
                    pending_sites=lambda facts: pending_sites(facts, registry))
    store = open_store(settings.cache_dir, settings.cache_salt)
    workers = Workers(settings.jobs, registry, idle)
    extractor = Extractor(inventory.root, names, workers, store, progress, len(files))
    try:
        known = store.file_records() if store is not None else {}
        cold = store is None or store.empty()
        reading = Reading(files, inventory.files, known, prefilter, in_child=workers.will_start(len(files), cold))
        if reading.in_child:
            workers.preload()  # while the child reads: the workers, forked next, share libcst
        workers.start(len(files), cold)
        opening = extractor.stream()
        opened = []
        remembered: list[tuple[str, int, int, bytes]] = []
        for path, relative, (source, keep, problem) in reading:
            if source is None:
                inventory.diagnostics.append(Diagnostic(path=relative, message=problem or "cannot read"))
                continue
            if keep is not None:  # a racily recent file could change again unseen: not remembered
                remembered.append((relative, keep[0], keep[1], source.record()))
            item = rounds.admit(path, source)
            if item is not None:
                opened.append(item)
                opening.add(item)
        _remember(store, remembered)
        rounds.record(opened, opening.facts())
        for batch in rounds.later_batches():
            items = rounds.items(batch)
            rounds.record(items, extractor.extract(items))
        for path, problem in rounds.unreadable():  # gone since it was listed, and never extracted
            inventory.diagnostics.append(Diagnostic(path=relative_path(path, inventory.root), message=problem))
    finally:
        workers.close()
        if store is not None:
            inventory.cache_hits, inventory.cache_problem = store.hits, store.problem
            store.close()
    return rounds.facts


def _remember(store: Optional[FactsCache], rows: list[tuple[str, int, int, bytes]]) -> None:
    if store is not None:
        store.put_file_records(rows)


def infer_intents(facts: Sequence[FileFacts], sites: list[Site],
                  naming: Optional[NamingConfig]) -> tuple[list[MessageType], list[Site]]:
    """The message types, and each site's intent (command, event or unclear) with its evidence."""
    types = message_types(facts, sites, naming)
    return types, apply_intents(sites, types, naming)
