"""The pipeline up to the site inventory: discover, prefilter, extract, resolve."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence

from .components import Components
from .discover import Discovery, discover, relative_path
from .intent import prepare as prepare_naming
from .facts import FactoryExport, FileFacts, PendingDecorator
from .model import Diagnostic, MessageType, Site
from .registry import Registry, build_registry
from .prefilter import Prefilter, Screened
from .sources import Source, read_files
from .slicing import MIN_LINES
from .resolve import DJANGO_SETTINGS, is_settings_module, resolve_sites
from .semantics import apply_intents, message_types
from .workers import Extractor
from .values import Ref, refs
from .wrappers import draft_mentions_param, mentions_param, module_qual


_REF_ROUNDS = 4
_LARGE_FACTOR = 2  # files this many times the slicing threshold are extracted after the others


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
        self._package: dict[str, bool] = {}
        self._names: dict[str, tuple[str, bool]] = {}

    def _is_package(self, folder: str) -> bool:
        found = self._package.get(folder)
        if found is None:
            found = os.path.isfile(os.path.join(folder, "__init__.py"))
            self._package[folder] = found
        return found

    def of(self, path: Path) -> tuple[str, bool]:
        key = str(path)
        found = self._names.get(key)
        if found is not None:
            return found
        folder, name = os.path.split(os.path.abspath(key))
        is_package = name == "__init__.py"
        parts = [] if is_package else [os.path.splitext(name)[0]]
        while self._is_package(folder):
            parent, name = os.path.split(folder)
            if parent == folder:
                break
            parts.append(name)
            folder = parent
        found = self._names[key] = (".".join(reversed(parts)), is_package)
        return found


def analyze(paths: Sequence[Path], root: Path, *, exclude: Optional[Iterable[str]] = None,
            extend_exclude: Iterable[str] = (), components: Optional[Mapping[str, Sequence[str]]] = None,
            use_prefilter: bool = True, naming: Optional[object] = None, jobs: int = 1,
            cache_dir: Optional[Path] = None, cache_salt: str = "",
            progress: Optional[Callable[[int, int], None]] = None, slice_lines: int = MIN_LINES,
            found: Optional[Discovery] = None, idle: Optional[Callable[[], None]] = None,
            registry: Optional[Registry] = None) -> Inventory:
    """The site inventory of ``paths``. ``jobs`` > 1 extracts in worker processes; ``cache_dir`` keeps
    per-file facts between runs (see ``analyzer.cache``). Results are the same for every ``jobs``.
    Files of ``slice_lines`` lines or more are parsed only in their relevant parts (``analyzer.slicing``)."""
    root = root.absolute()
    registry = registry if registry is not None else build_registry()
    inventory = Inventory(root=root)
    if found is None:  # ``found``: the caller discovered the files already (to key a cached run)
        found = discover(paths, root, exclude=exclude, extend_exclude=extend_exclude)
    for path, reason in found.problems:
        inventory.diagnostics.append(Diagnostic(path=path, message=reason))
    inventory.files_seen = len(found.files)
    inventory.files = [relative_path(path, root) for path in found.files]
    names = ModuleNames()
    prefilter = Prefilter(registry)
    contents: dict[Path, Source] = {}
    screens: dict[Path, Screened] = {}
    later: list[Path] = []
    first: list[Path] = []

    def while_workers_parse() -> None:
        prepare_naming(naming)  # the lexicon the message types need afterwards
        if idle is not None:
            idle()

    extractor = Extractor(root, names, jobs, cache_dir, cache_salt, progress, len(found.files), registry,
                          while_workers_parse)
    large = slice_lines * _LARGE_FACTOR
    # round one starts while the files are read: the smaller files first, whose slices (if any) depend
    # on nothing but their own text, since no project word is known yet
    opening = extractor.stream()
    opened: list[tuple[Path, Optional[list[str]]]] = []  # the files round one took, with their slice words
    try:
        known = extractor.file_records()
        fresh: list[tuple[str, int, int, bytes]] = []
        for path, relative, (source, keep, problem) in read_files(found.files, inventory.files, known, prefilter,
                                                                  extractor):
            if source is None:
                inventory.diagnostics.append(Diagnostic(path=relative, message=problem or "cannot read"))
                continue
            if keep is not None:  # a racily recent file could change again unseen: not kept
                fresh.append((relative, keep[0], keep[1], source.record()))
            contents[path] = source
            screens[path] = screened = source.screened
            admitted = not use_prefilter or screened.admitted
            (first if admitted else later).append(path)
            if admitted and source.lines < large:
                used = None if source.lines + 1 < slice_lines else prefilter.slice_words(screened, source.data())
                opened.append((path, used))
                opening.add((path, source, used))
        extractor.put_file_records(fresh)
    except BaseException:
        extractor.__exit__(None, None, None)
        raise
    words: dict[str, set[str]] = {}  # names of project objects, learnt round by round, with their modules
    wanted: dict[Path, set[str]] = {}  # names other modules need from a file (its constants, classes)
    position: dict[Path, int] = {}

    sliced: dict[Path, list[str]] = {}  # files extracted in part, with the words their slice was made of

    module_tokens = {names.of(path)[0]: screens[path].tokens for path in contents}
    qualifiers: dict[tuple[str, str], frozenset] = {}

    def reaches(word: str, modules: set[str], path: Path) -> bool:
        """Can this file refer to ``word`` as another module's object? It must name that module (or a
        package that re-exports the word) with the word: ``rpc.get_client`` or ``from nova.rpc import
        get_client``; neutron's own ``get_client``, or ``cyborg.get_client``, is not nova.rpc's."""
        own, tokens = names.of(path)[0], screens[path].tokens
        for module in modules:
            if module == own:
                continue
            if not module:  # a word any file may use (an in-process bus's message class)
                return True
            key = (word, module)
            if key not in qualifiers:
                qualifiers[key] = _qualifiers(word, module, module_tokens)
            named = [qualifier for qualifier in qualifiers[key] if qualifier in tokens]
            if named and _refers(contents[path].data(), named, word.encode()):
                return True
        return False

    def project_words(path: Path, among: Iterable[str]) -> set[str]:
        tokens = screens[path].tokens
        return {word for word in among if word.encode() in tokens and reaches(word, words[word], path)}

    def slice_words(path: Path) -> Optional[list[str]]:
        source = contents[path]
        if source.lines + 1 < slice_lines:
            return None
        extra = project_words(path, words)
        return prefilter.slice_words(screens[path], source.data(), extra, keep=wanted.get(path, ()))

    with extractor:
        def record(batch: list[Path], all_facts: list[FileFacts]) -> None:
            for path, facts in zip(batch, all_facts):
                if path in position:  # extracted again with more words: replaces the first facts
                    inventory.facts[position[path]] = facts
                else:
                    position[path] = len(inventory.facts)
                    inventory.facts.append(facts)

        def run(batch: list[Path]) -> None:
            batch = list(dict.fromkeys(batch))
            items = [(path, contents[path], slice_words(path)) for path in batch]
            sliced.update((path, used) for path, _, used in items if used is not None)
            record(batch, extractor.extract(items))

        # Round one, smaller files first: the project words they reveal (a wrapper, a factory) are
        # then known when the large files are sliced, which saves extracting those twice.
        record([path for path, _ in opened], opening.facts())
        sliced.update((path, used) for path, used in opened if used is not None)
        _merge(words, _project_words(inventory.facts))
        run([path for path in first if contents[path].lines >= large])
        # Later rounds, each one batch, until nothing new is learnt:
        # - files that only use project objects (a producer made in another module), and sliced files
        #   that name a new one (their slice depends on these words);
        # - modules that define the constants and classes other modules' sites refer to.
        new_words = set(words)
        for _ in range(2 * _REF_ROUNDS):
            new_words |= _merge(words, _project_words(inventory.facts))
            matched: list[Path] = []
            again: list[Path] = []
            if new_words:
                encoded = {word.encode() for word in new_words}
                matched = [path for path in later if not encoded.isdisjoint(screens[path].tokens)
                           and project_words(path, new_words)]
                # a sliced file's facts are a function of its slice words: extracted again when they
                # change, unless nothing was left out (more words only ever keep more)
                again = [path for path, used in sliced.items() if path not in matched
                         and inventory.facts[position[path]].dropped_words
                         and not encoded.isdisjoint(screens[path].tokens) and slice_words(path) != used]
            new_words = set()
            by_module: dict[str, Path] = {}
            for path in later:
                by_module.setdefault(names.of(path)[0], path)
            partial = {inventory.facts[index].module: (path, inventory.facts[index])
                       for path, index in position.items() if inventory.facts[index].dropped_words}
            referenced = []
            for module, needed_names in sorted(_referenced_modules(inventory.facts, by_module, partial).items()):
                path = by_module[module] if module in by_module else partial[module][0]
                wanted.setdefault(path, set()).update(needed_names)
                if path in sliced and slice_words(path) == sliced[path]:
                    continue  # sliced with these names kept already: the name is not a definition there
                referenced.append(path)
            if not matched and not again and not referenced:
                break
            taken = set(matched) | set(referenced)
            later = [path for path in later if path not in taken]
            run(matched + again + referenced)
        inventory.cache_hits, inventory.cache_problem = extractor.cache_hits, extractor.cache_problem
    inventory.files_parsed = sum(facts.parsed for facts in inventory.facts)
    for facts in inventory.facts:
        inventory.diagnostics.extend(facts.diagnostics)
    resolver = Components(root, components)
    sites, inventory.bindings = resolve_sites(inventory.facts, resolver.component_of, registry)
    inventory.message_types = message_types(inventory.facts, sites, naming)
    inventory.sites = apply_intents(sites, inventory.message_types, naming)
    inventory.diagnostics.sort(key=lambda d: (d.path, d.line, d.column))
    return inventory


def _refers(data: bytes, qualifiers: Sequence[bytes], word: bytes) -> bool:
    """``qualifier.word`` (an attribute of the imported module) or an import of ``word`` from it,
    also inside a parenthesised import list."""
    for qualifier in qualifiers:
        q, w = re.escape(qualifier), re.escape(word)
        if re.search(rb"\b" + q + rb"[ \t]*\.[ \t]*" + w + rb"\b", data) or re.search(
                rb"\bfrom[ \t]+[\w.]*\b" + q + rb"[ \t]+import[ \t]+(?:\([^)]*\b" + w + rb"\b|[^\n]*\b" + w + rb"\b)",
                data):
            return True
    return False


def _qualifiers(word: str, module: str, module_tokens: Mapping[str, frozenset]) -> frozenset:
    """The names through which a file reaches ``word`` of ``module``: the module's own name, and the
    name of each package above it whose ``__init__`` mentions the word (a re-export)."""
    parts = module.split(".")
    found = {parts[-1].encode()}
    encoded = word.encode()
    for end in range(1, len(parts)):
        if encoded in module_tokens.get(".".join(parts[:end]), ()):
            found.add(parts[end - 1].encode())
    return frozenset(found)


def _merge(words: dict[str, set[str]], found: Mapping[str, set[str]]) -> set[str]:
    """Adds ``found`` to ``words``; returns the words that are new or come from a new module."""
    changed = set()
    for word, modules in found.items():
        known = words.setdefault(word, set())
        if not modules <= known:
            known |= modules
            changed.add(word)
    return changed


def _referenced_modules(all_facts: Sequence[FileFacts], available: Mapping[str, Path],
                        sliced: Mapping[str, tuple[Path, FileFacts]]) -> dict[str, set[str]]:
    """Modules to read for a name a site's channel or message expression reaches, each with the names
    wanted from it: modules not yet read, and sliced ones whose unparsed parts define such a name."""
    symbols: dict[str, object] = {}
    for facts in all_facts:
        prefix = f"{facts.module}." if facts.module else ""
        for name, value in facts.constants.items():
            symbols[prefix + name] = value
    todo = [name for facts in all_facts for name in facts.refs]
    seen: set[str] = set()
    wanted: dict[str, set[str]] = {}
    while todo:
        qualname = todo.pop()
        if qualname in seen:
            continue
        seen.add(qualname)
        if qualname in symbols:
            todo.extend(refs(symbols[qualname]))
            continue
        if qualname.startswith(DJANGO_SETTINGS):  # read every settings module of the project
            for module in available:
                if is_settings_module(module):
                    wanted.setdefault(module, set())
            continue
        parts = qualname.split(".")
        for end in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:end])
            alias = symbols.get(head)
            if type(alias) is Ref:  # module alias: follow it
                todo.append(".".join([alias.name] + parts[end:]))
                break
            if head in available:
                wanted.setdefault(head, set()).update(parts[end:end + 1])
                break
            if head in sliced:
                name = parts[end]
                if sliced[head][1].unparsed([name]):
                    wanted.setdefault(head, set()).add(name)
                break
    return wanted


def _project_words(all_facts: Iterable[FileFacts]) -> dict[str, set[str]]:
    """Names through which other modules reach this project's messaging objects, each with the
    modules it comes from (a file's own names do not change how that file is read)."""
    all_facts = list(all_facts)
    words: dict[str, set[str]] = {}
    wrappers: dict[str, set[str]] = {}
    factories: set[str] = set()  # module functions returning a library object (get_client(target))

    def add(table: dict[str, set[str]], name: str, module: str) -> bool:
        if name in table and module in table[name]:
            return False
        table.setdefault(name, set()).add(module)
        return True

    for facts in all_facts:
        module = facts.module
        for name in facts.exports:
            add(words, name, module)
        for qualname in facts.tasks:
            add(words, qualname.rsplit(".", 1)[-1], module)
        for item in facts.pending:  # a function decorated by a project object (an agent, a task)
            target = item.call.target if type(item) is PendingDecorator else None
            if target is not None and not target.is_class and target.name:
                add(words, target.name, module)
        for name in facts.handlers:  # in-process bus messages: defined elsewhere, used anywhere
            if name.isidentifier():
                add(words, name, "")
        for item in facts.sites:  # wrappers: functions whose parameter reaches a send
            function = item.function or "<module>"
            qualified = module_qual(module, function)
            if item.thin_wrapper or draft_mentions_param(item, qualified):
                add(wrappers, function.rsplit(".", 1)[-1], module)
            owner = qualified.rpartition(".")[0]
            if draft_mentions_param(item, owner + ".__init__"):
                add(wrappers, owner.rsplit(".", 1)[-1], module)
                add(wrappers, function.rsplit(".", 1)[-1], module)
        factories.update(name for name, export in facts.exports.items() if type(export) is FactoryExport)
    forwarding = [(call.callee.rsplit(".", 1)[-1], call.function, facts.module)
                  for facts in all_facts for call in facts.calls
                  if mentions_param(call.args, module_qual(facts.module, call.function))]
    grew = True
    while grew:  # callers that pass their own parameter on to a wrapper are wrappers too
        grew = False
        for callee, caller, module in forwarding:
            if callee in wrappers:
                grew = add(wrappers, caller.rsplit(".", 1)[-1], module) or grew
    for callee, caller, module in forwarding:  # a class that keeps the channel its constructor is given
        if caller.endswith(".__init__") and (callee in wrappers or callee in factories):
            add(words, caller.rsplit(".", 2)[-2], module)
    for name, modules in wrappers.items():
        words.setdefault(name, set()).update(modules)
    # dunder names (__init__) say nothing: every class has them
    return {word: modules for word, modules in words.items() if not word.startswith("__")}
