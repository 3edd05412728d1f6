"""The pipeline up to the site inventory: discover, prefilter, extract, resolve."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional, Sequence

from .components import Components
from .discover import discover
from .model import Diagnostic, FileFacts, MessageType, Site
from .prefilter import Prefilter
from .resolve import DJANGO_SETTINGS, is_settings_module, resolve_sites
from .semantics import apply_intents, message_types
from .workers import Extractor
from .wrappers import module_qual, param_refs


_REF_ROUNDS = 4


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


class ModuleNames:
    """Dotted module names from the file system: packages are folders with ``__init__.py``."""

    def __init__(self) -> None:
        self._package: dict[Path, bool] = {}

    def _is_package(self, folder: Path) -> bool:
        found = self._package.get(folder)
        if found is None:
            found = (folder / "__init__.py").is_file()
            self._package[folder] = found
        return found

    def of(self, path: Path) -> tuple[str, bool]:
        path = path.absolute()
        is_package = path.name == "__init__.py"
        parts = [] if is_package else [path.stem]
        folder = path.parent
        while self._is_package(folder) and folder.parent != folder:
            parts.insert(0, folder.name)
            folder = folder.parent
        return ".".join(parts), is_package


def relative_path(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def analyze(paths: Sequence[Path], root: Path, *, exclude: Optional[Iterable[str]] = None,
            extend_exclude: Iterable[str] = (), components: Optional[Mapping[str, Sequence[str]]] = None,
            use_prefilter: bool = True, naming: Optional[object] = None, jobs: int = 1,
            cache_dir: Optional[Path] = None, cache_salt: str = "",
            progress: Optional[Callable[[int, int], None]] = None) -> Inventory:
    """The site inventory of ``paths``. ``jobs`` > 1 extracts in worker processes; ``cache_dir`` keeps
    per-file facts between runs (see ``analyzer.cache``). Results are the same for every ``jobs``."""
    root = root.absolute()
    inventory = Inventory(root=root)
    found = discover(paths, root, exclude=exclude, extend_exclude=extend_exclude)
    for path, reason in found.problems:
        inventory.diagnostics.append(Diagnostic(path=path, message=reason))
    inventory.files_seen = len(found.files)
    inventory.files = [relative_path(path, root) for path in found.files]
    names = ModuleNames()
    prefilter = Prefilter()
    contents: dict[Path, bytes] = {}
    later: list[Path] = []
    first: list[Path] = []
    for path in found.files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            inventory.diagnostics.append(Diagnostic(path=relative_path(path, root),
                                                    message=f"cannot read: {exc.strerror or exc}"))
            continue
        contents[path] = data
        (first if not use_prefilter or prefilter.may_contain_sites(data) else later).append(path)
    with Extractor(root, names, jobs, cache_dir, cache_salt, progress, len(found.files)) as extractor:
        def run(batch: list[Path]) -> None:
            for facts in extractor.extract([(path, contents[path]) for path in batch]):
                inventory.facts.append(facts)
                inventory.files_parsed += facts.parsed

        run(first)
        # Round two: files that only use project objects (a producer made in another module).
        words: set[str] = set()
        for _ in range(_REF_ROUNDS):  # repeats while newly read files reveal new wrapper names
            new_words = _project_words(inventory.facts) - words
            if not new_words or not later:
                break
            words |= new_words
            second = Prefilter(extra_words=words)
            hits = {path for path in later if second.may_contain_sites(contents[path])}
            matched = [path for path in later if path in hits]
            later = [path for path in later if path not in hits]
            run(matched)
        # Round three: modules that only define the constants other modules refer to.
        if later:
            by_module: dict[str, Path] = {}
            for path in later:
                module, _ = names.of(path)
                by_module.setdefault(module, path)
            for _ in range(_REF_ROUNDS):
                wanted = _referenced_modules(inventory.facts, by_module)
                if not wanted:
                    break
                run([by_module.pop(module) for module in sorted(wanted)])
        inventory.cache_hits, inventory.cache_problem = extractor.cache_hits, extractor.cache_problem
    for facts in inventory.facts:
        for problem in facts.diagnostics:
            inventory.diagnostics.append(Diagnostic(path=problem["path"], message=problem["message"],
                                                    line=problem.get("line", 1), column=problem.get("column", 0)))
    resolver = Components(root, components)
    sites, inventory.bindings = resolve_sites(inventory.facts, resolver.component_of)
    inventory.message_types = message_types(inventory.facts, sites, naming)
    inventory.sites = apply_intents(sites, inventory.message_types, naming)
    inventory.diagnostics.sort(key=lambda d: (d.path, d.line, d.column))
    return inventory


def _referenced_modules(all_facts: Sequence[FileFacts], available: Mapping[str, Path]) -> set[str]:
    """Not-yet-read modules that define a name a site's channel expression reaches."""
    symbols: dict[str, object] = {}
    for facts in all_facts:
        prefix = f"{facts.module}." if facts.module else ""
        for name, ir in facts.constants.items():
            symbols[prefix + name] = ir
    todo = list(iter_refs([[f.sites, f.pending, f.message_refs] for f in all_facts]))
    seen: set[str] = set()
    wanted: set[str] = set()
    while todo:
        qualname = todo.pop()
        if qualname in seen:
            continue
        seen.add(qualname)
        if qualname in symbols:
            todo.extend(iter_refs(symbols[qualname]))
            continue
        if qualname.startswith(DJANGO_SETTINGS):  # read every settings module of the project
            wanted.update(module for module in available if is_settings_module(module))
            continue
        parts = qualname.split(".")
        for end in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:end])
            alias = symbols.get(head)
            if isinstance(alias, list) and alias and alias[0] == "ref":  # module alias: follow it
                todo.append(".".join([alias[1]] + parts[end:]))
                break
            if head in available:
                wanted.add(head)
                break
    return wanted


_REF = re.compile(r'\["ref", "((?:[^"\\]|\\.)*)"\]')


def iter_refs(value: object) -> Iterator[str]:
    """Every ``["ref", name]`` inside nested lists and dicts (found in their JSON text: much faster than
    walking the Python objects, and the facts are JSON-able by contract)."""
    return iter(_REF.findall(json.dumps(value)))


def _project_words(all_facts: Iterable[FileFacts]) -> set[str]:
    """Names through which other modules reach this project's messaging objects."""
    all_facts = list(all_facts)
    words: set[str] = set()
    wrappers: set[str] = set()
    for facts in all_facts:
        exported = [name for name in facts.exports if name != "__declarations__"]
        words.update(exported)
        words.update(qualname.rsplit(".", 1)[-1] for qualname in facts.tasks)
        words.update(name for name in facts.handlers if name.isidentifier())  # in-process bus messages
        for item in facts.sites:  # wrappers: functions whose parameter reaches a send
            function = item.get("function") or "<module>"
            qualified = module_qual(facts.module, function)
            if param_refs([item.get("channel_ir"), item.get("amqp")], qualified):
                wrappers.add(function.rsplit(".", 1)[-1])
            owner = qualified.rpartition(".")[0]
            if param_refs([item.get("channel_ir"), item.get("amqp")], owner + ".__init__"):
                wrappers.update({owner.rsplit(".", 1)[-1], function.rsplit(".", 1)[-1]})
    forwarding = [(call["callee"].rsplit(".", 1)[-1], call["function"].rsplit(".", 1)[-1])
                  for facts in all_facts for call in facts.calls
                  if param_refs(call["args"], module_qual(facts.module, call["function"]))]
    grew = True
    while grew:  # callers that pass their own parameter on to a wrapper are wrappers too
        grew = False
        for callee, caller in forwarding:
            if callee in wrappers and caller not in wrappers:
                wrappers.add(caller)
                grew = True
    return words | wrappers
