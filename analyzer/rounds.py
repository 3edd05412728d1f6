"""Which files to extract, in which order, and what each round of extraction teaches the next.

Round one takes the files the prefilter admits (smaller ones first, as they are read, so that the
project words they reveal are known when the large ones are sliced). Then, one batch per round
until nothing new is learnt: files that use a project object another module exports (a producer
made in ``bus/clients.py`` and used in ``views.py``), sliced files whose slice words those names
change, and modules that define the constants and classes a site's channel refers to (a sliced
module is extracted again with the wanted definitions kept, ``=name``). Files that need none of
this are never parsed.

A project word (a wrapper, a factory, a task, an exported object) reaches a file only where the
file uses it through the module that defines it, or through a package whose ``__init__`` re-exports
it (``rpc.get_client``, ``from nova.rpc import get_client``): a file with its own ``get_client``,
or one that calls ``cyborg.get_client``, is not read for nova's. The message classes of an
in-process bus are the exception: any file may use them.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional, Sequence

from .discover import ModuleNames
from .facts import Draft, FactoryExport, FileFacts, PendingDecorator
from .prefilter import Prefilter
from .settings import DJANGO_SETTINGS, OSLO_CONF, is_settings_module, option_name
from .sources import Source
from .values import Ref, SelfAttr, refs
from .effects import draft_mentions_param, module_qual
from .names import MESSAGING_WORDS, name_words

_REF_ROUNDS = 4
_LARGE_FACTOR = 2  # files this many times the slicing threshold are extracted after the others
Item = tuple[Path, Source, Optional[list[str]]]  # a file to extract, with its slice words (None: whole)


class Rounds:
    def __init__(self, names: ModuleNames, prefilter: Prefilter, slice_lines: int, use_prefilter: bool = True,
                 pending_sites: Optional[Callable[[Sequence[FileFacts]], Mapping[str, Sequence[Draft]]]] = None) -> None:
        self.names = names
        self.pending_sites = pending_sites  # the sites pending calls make, given the facts so far
        self.prefilter = prefilter
        self.slice_lines = slice_lines
        self.large = slice_lines * _LARGE_FACTOR
        self.use_prefilter = use_prefilter
        self.sources: dict[Path, Source] = {}
        self.first: list[Path] = []  # admitted by the prefilter
        self.later: list[Path] = []  # not admitted: read only if a later round needs them
        self.facts: list[FileFacts] = []  # in the order first extracted
        self._position: dict[Path, int] = {}
        self._sliced: dict[Path, list[str]] = {}  # files extracted in part, with their slice words
        self._words: dict[str, set[str]] = {}  # names of project objects, with the modules they come from
        self._wanted: dict[Path, set[str]] = {}  # names other modules need from a file (its constants, classes)
        self._qualifiers: dict[tuple[str, str], frozenset] = {}
        self._references: dict[Path, _References] = {}
        self._messaging_names: dict[Path, bool] = {}  # does a file name an object like a bus (self._event_bus)
        self._slices: dict[Path, tuple[tuple[int, int, int, bool], Optional[list[str]]]] = {}
        self._grown: set[Path] = set()  # sliced files new words made relevant again: parsed whole
        self._module_tokens: Optional[dict[str, frozenset]] = None

    # -- round one: as the files are read --------------------------------------------------------------
    def admit(self, path: Path, source: Source) -> Optional[Item]:
        """Takes a file just read; returns it as a round-one item when it should be extracted at once."""
        self.sources[path] = source
        admitted = not self.use_prefilter or source.screened.admitted
        (self.first if admitted else self.later).append(path)
        if not admitted or source.lines >= self.large:
            return None
        used = None if self._whole(source) else self.prefilter.slice_words(source.screened, source.data_or_empty())
        return path, source, used

    def record(self, items: Sequence[Item], facts: Sequence[FileFacts]) -> None:
        """The facts of extracted items; a file extracted again (with more words) replaces its first facts."""
        for (path, _, used), found in zip(items, facts):
            if used is not None:
                self._sliced[path] = used
            else:
                self._sliced.pop(path, None)
            if path in self._position:
                self.facts[self._position[path]] = found
            else:
                self._position[path] = len(self.facts)
                self.facts.append(found)

    def unreadable(self) -> list[tuple[Path, str]]:
        """Files that could not be read when a round looked into them, and were not extracted."""
        return [(path, source.unreadable) for path, source in self.sources.items()
                if source.unreadable is not None and path not in self._position]

    def items(self, paths: Iterable[Path]) -> list[Item]:
        return [(path, self.sources[path], self._slice_words(path)) for path in dict.fromkeys(paths)]

    # -- later rounds ----------------------------------------------------------------------------------
    def later_batches(self) -> Iterator[list[Path]]:
        """The batches after round one; each is to be :meth:`record`-ed before the next is asked for."""
        _merge(self._words, self._project_words())
        yield [path for path in self.first if self.sources[path].lines >= self.large]
        new_words = set(self._words)
        stale: set[Path] = set()  # sliced files whose dropped parts hold a new word
        for _ in range(3 * _REF_ROUNDS):
            new_words |= _merge(self._words, self._project_words())
            matched: list[Path] = []
            if new_words:
                encoded = {word.encode() for word in new_words}
                matched = [path for path in self.later if not encoded.isdisjoint(self.sources[path].screened.tokens)
                           and self._project_words_in(path, new_words)]
                stale.update(path for path in self._sliced if self.facts[self._position[path]].dropped_words
                             and not encoded.isdisjoint(self.sources[path].screened.tokens))
            new_words = set()
            referenced = self._referenced()
            again: list[Path] = []
            if not matched and not referenced:
                # a sliced file's facts are a function of its slice words: extracted again when they
                # change (more words only ever keep more), once the other files have taught all they
                # can, so that a large file is not parsed again at every round
                again = self._again(stale - set(matched))
                stale = set()
                if not again:
                    return
            taken = set(matched) | set(referenced)
            self.later = [path for path in self.later if path not in taken]
            yield matched + again + referenced
        again = self._again(stale)
        if again:
            yield again

    def _again(self, paths: Iterable[Path]) -> list[Path]:
        again = [path for path in sorted(paths) if path in self._sliced and self._slice_words(path) != self._sliced[path]]
        self._grown.update(again)
        return again

    def _project_words(self) -> dict[str, set[str]]:
        return project_words(self.facts, self.pending_sites(self.facts) if self.pending_sites else None)

    def _referenced(self) -> list[Path]:
        """Files that define what a site's channel or message refers to, not yet read with that part."""
        by_module: dict[str, Path] = {}
        for path in self.later:
            by_module.setdefault(self.names.of(path)[0], path)
        partial = {self.facts[index].module: (path, self.facts[index])
                   for path, index in self._position.items() if self.facts[index].dropped_words}
        referenced = []
        for module, needed in sorted(referenced_modules(self.facts, by_module, partial, self._words).items()):
            path = by_module[module] if module in by_module else partial[module][0]
            self._wanted.setdefault(path, set()).update(needed)
            if path in self._sliced and self._slice_words(path) == self._sliced[path]:
                continue  # sliced with these names kept already: the name is not a definition there
            referenced.append(path)
        return referenced

    # -- which words make a file relevant ---------------------------------------------------------------
    def _slice_words(self, path: Path) -> Optional[list[str]]:
        """The words a file is sliced by, now (asked several times a round: kept until words change)."""
        key = (len(self._words), sum(len(modules) for modules in self._words.values()),
               len(self._wanted.get(path, ())), path in self._grown)
        cached = self._slices.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        found = self._slice_words_now(path)
        self._slices[path] = (key, found)
        return found

    def _slice_words_now(self, path: Path) -> Optional[list[str]]:
        source = self.sources[path]
        if self._whole(source) or path in self._grown:
            return None  # extracted again for new words: whole, so that it never needs a third time
        own = self.names.of(path)[0]  # its own wrappers too: their callers in the file are sites
        extra = self._project_words_in(path, self._words) | {
            word for word, modules in self._words.items() if own in modules or any(
                module.partition(":")[0] == own for module in modules)}
        return self.prefilter.slice_words(source.screened, source.data_or_empty(), extra,
                                          keep=self._wanted.get(path, ()))

    def _whole(self, source: Source) -> bool:
        """Small files are parsed whole, and so are files with a bus's shape: the shape is in methods that
        name no messaging word."""
        return source.lines + 1 < self.slice_lines or source.screened.by_shape

    def _project_words_in(self, path: Path, among: Iterable[str]) -> set[str]:
        tokens = self.sources[path].screened.tokens
        return {word for word in among if word.encode() in tokens and self._reaches(word, self._words[word], path)}

    def _names_messaging_object(self, path: Path) -> bool:
        found = self._messaging_names.get(path)
        if found is None:
            found = self._messaging_names[path] = any(
                MESSAGING_WORDS & name_words(token.decode(errors="replace"))
                for token in self.sources[path].screened.tokens)
        return found

    def _reaches(self, word: str, modules: set[str], path: Path) -> bool:
        """Can this file refer to ``word`` as another module's object? It must name that module (or a
        package that re-exports the word) with the word: ``rpc.get_client`` or ``from nova.rpc import
        get_client``; neutron's own ``get_client``, or ``cyborg.get_client``, is not nova.rpc's."""
        if self._module_tokens is None:
            self._module_tokens = {self.names.of(p)[0]: s.screened.tokens for p, s in self.sources.items()}
        own, tokens = self.names.of(path)[0], self.sources[path].screened.tokens
        for module in modules:
            name = word
            if ":" in module:  # a method of a class (``pkg.mod:Cls``): the file must use the class
                module, _, name = module.partition(":")
                if name.encode() not in tokens:
                    continue
            if module == own:
                continue
            if not module:  # a word any file may use (an in-process bus's message class)
                return True
            if module == _INJECTED:  # a bus's method, called on an object named like one (self._event_bus)
                if self._names_messaging_object(path):
                    return True
                continue
            key = (name, module)
            if key not in self._qualifiers:
                self._qualifiers[key] = _qualifiers(name, module, self._module_tokens)
            named = [qualifier for qualifier in self._qualifiers[key] if qualifier in tokens]
            if not named:
                continue
            refs = self._references.get(path)
            if refs is None:
                refs = self._references[path] = _References(self.sources[path].data_or_empty())
            named += refs.aliases.get(module.encode(), []) + refs.aliases.get(b"." + name_of(module), [])
            if refs.refers(named, name.encode()):
                return True
        return False


class _References:
    """How one file names other modules' objects, read once: ``qualifier.word`` pairs, the names each
    ``from ... import`` takes from a module (by its last name), and the names modules are imported as."""

    _DOTTED = re.compile(rb"(?=\b([A-Za-z_][A-Za-z0-9_]*)[ \t]*\.[ \t]*([A-Za-z_][A-Za-z0-9_]*))")
    _FROM = re.compile(rb"\bfrom[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)")
    _IMPORT_AS = re.compile(rb"^[ \t]*import[ \t]+([\w.]+)[ \t]+as[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
    _AS = re.compile(rb"\b([A-Za-z_][A-Za-z0-9_]*)[ \t]+as[ \t]+([A-Za-z_][A-Za-z0-9_]*)")
    _WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")

    _COMMENT = re.compile(rb"#[^\n]*")

    def __init__(self, data: bytes) -> None:
        data = self._COMMENT.sub(b"", data)  # "see nova.virt.libvirt.cpu.api.API" in a comment is no use
        self.dotted = set(self._DOTTED.findall(data))
        self.imported: dict[bytes, set[bytes]] = {}  # by the last name of the module imported from
        self.aliases: dict[bytes, list[bytes]] = {}  # module -> the names it is imported as
        for module, names in self._FROM.findall(data):
            self.imported.setdefault(module.rpartition(b".")[2], set()).update(self._WORD.findall(names))
            for name, alias in self._AS.findall(names):  # from nova.compute import rpcapi as compute_rpcapi
                key = b"." + name if module.startswith(b".") else module + b"." + name  # relative: by name
                self.aliases.setdefault(key, []).append(alias)
        for module, alias in self._IMPORT_AS.findall(data):  # import nova.compute.rpcapi as compute_rpcapi
            self.aliases.setdefault(module, []).append(alias)

    def refers(self, qualifiers: Sequence[bytes], word: bytes) -> bool:
        """``qualifier.word`` (an attribute of the imported module) or an import of ``word`` from it,
        also inside a parenthesised import list."""
        return any((qualifier, word) in self.dotted or word in self.imported.get(qualifier, ())
                   for qualifier in qualifiers)


def _qualifiers(word: str, module: str, module_tokens: Mapping[str, frozenset]) -> frozenset:
    """The names through which a file reaches ``word`` of ``module``: the module's own name, and the
    name of each package above it whose ``__init__`` mentions the word (a re-export) or the submodule
    on the way to it (``from octoprint.plugin.types import *``)."""
    parts = module.split(".")
    found = {parts[-1].encode()}
    encoded = word.encode()
    for end in range(1, len(parts)):
        tokens = module_tokens.get(".".join(parts[:end]), ())
        if encoded in tokens or parts[end].encode() in tokens:
            found.add(parts[end - 1].encode())
    return frozenset(found)


def name_of(module: str) -> bytes:
    return module.rpartition(".")[2].encode()


def _class_part(qualname: str) -> Optional[str]:
    """``app.models.MqttData.client`` -> ``app.models.MqttData``: the name up to its last class-like part."""
    parts = qualname.split(".")
    for end in range(len(parts), 0, -1):
        if parts[end - 1][:1].isupper():
            return ".".join(parts[:end])
    return None


def _call_key(qualname: str) -> tuple[str, str]:
    """A function by its name and its class's or module's name (``("cast", "ComputeAPI")``)."""
    parts = qualname.rsplit(".", 2)
    return parts[-1], parts[-2] if len(parts) > 1 else ""


def _merge(words: dict[str, set[str]], found: Mapping[str, set[str]]) -> set[str]:
    """Adds ``found`` to ``words``; returns the words that are new or come from a new module."""
    changed = set()
    for word, modules in found.items():
        known = words.setdefault(word, set())
        if not modules <= known:
            known |= modules
            changed.add(word)
    return changed


_INJECTED = "~"  # a project word's module key: reached through an object named like a bus
_CHANNEL_WORDS = re.compile(r"queue|topic|channel|subject|stream|exchange|routing|event|signal", re.IGNORECASE)
_CONFIG_PARTS = frozenset(("conf", "config", "cfg", "opts", "options", "settings"))


def option_modules(options: Iterable[str], available: Mapping[str, Path]) -> list[str]:
    """The configuration modules not read yet (``nova.conf.compute``, ``cinder.common.config``) whose text
    declares one of the oslo.config ``options``."""
    quoted = [quote + option + quote for option in options for quote in ("'", '"')]
    found = []
    for module, path in available.items():
        parts = module.split(".")
        if _CONFIG_PARTS.isdisjoint(parts) and not parts[-1].endswith(("_opts", "_config", "_conf")):
            continue
        text = _text(path)
        if "Opt(" in text and any(word in text for word in quoted):
            found.append(module)
    return found


def _text(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _read(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)
def _read(path: Path, mtime: int, size: int) -> str:
    """A file's text, kept while it is unchanged (asked again each round)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def referenced_modules(all_facts: Sequence[FileFacts], available: Mapping[str, Path],
                       sliced: Mapping[str, tuple[Path, FileFacts]],
                       senders: Iterable[str] = ()) -> dict[str, set[str]]:
    """Modules to read for a name a site's channel or message expression reaches, each with the names
    wanted from it: modules not yet read, and sliced ones whose unparsed parts define such a name.
    ``senders``: the names of the project's functions known to send or consume (the rounds' words)."""
    symbols: dict[str, object] = {}
    for facts in all_facts:
        prefix = f"{facts.module}." if facts.module else ""
        for name, value in facts.constants.items():
            symbols[prefix + name] = value
    todo = [name for facts in all_facts for name in facts.refs]
    # and what the arguments of calls of the project's senders refer to (``bus.fire(EVENT_X)``): the
    # channel of the site the call turns out to be
    senders = set(senders) | {item.function.rsplit(".", 1)[-1] for facts in all_facts
                              for item in facts.sites + facts.effects if item.effect}
    todo += [name for facts in all_facts for call in facts.calls if call.callee.rsplit(".", 1)[-1] in senders
             for name in refs(tuple(arg.value for arg in call.args))]
    # and the class such a call is made on, when its module is not read (``notification.emit()`` of a
    # subclass of the class whose emit sends): its bases say whether it is that method
    classes = {qualname for facts in all_facts for qualname in facts.classes}
    todo += [owner for facts in all_facts for call in facts.calls
             for owner in [_class_part(call.callee.rpartition(".")[0])]
             if owner and call.callee.rpartition(".")[2] in senders and owner not in classes]
    # a project class constructed with a library object (``OrderService(KafkaProducer())``): its methods
    # use that object
    todo += [call.callee for facts in all_facts for call in facts.calls if any(arg.tag is not None for arg in call.args)]
    seen: set[str] = set()
    wanted: dict[str, set[str]] = {}
    options: set[str] = set()  # oslo.config options a channel reads
    while todo:
        qualname = todo.pop()
        if qualname in seen:
            continue
        seen.add(qualname)
        if qualname in symbols:
            todo.extend(refs(symbols[qualname]))
            continue
        if qualname.startswith(OSLO_CONF):  # read the configuration modules that declare the option
            options.add(option_name(qualname))
            continue
        if qualname.startswith(DJANGO_SETTINGS):  # read every settings module of the project
            for module in available:
                if is_settings_module(module):
                    wanted.setdefault(module, set())
            continue
        parts = qualname.removesuffix("()").split(".")  # what a function returns: read its module
        for end in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:end])
            alias = symbols.get(head)
            if type(alias) is Ref:  # module alias: follow it, unless it names something under itself
                if not alias.name.startswith(head + "."):  # (pkg.orders -> pkg.orders.orders: no end)
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
    for module in option_modules(options, available) if options else ():
        wanted.setdefault(module, set())
    return wanted


def project_words(all_facts: Iterable[FileFacts],
                  resolved: Optional[Mapping[str, Sequence[Draft]]] = None) -> dict[str, set[str]]:
    """Names through which other modules reach this project's messaging objects, each with the
    modules it comes from (a file's own names do not change how that file is read). ``resolved``: the
    sites pending calls make with what is known so far, by path (an RPC proxy's casts)."""
    all_facts = list(all_facts)
    resolved = resolved or {}
    words: dict[str, set[str]] = {}
    wrappers: dict[str, set[str]] = {}
    factories: set[str] = set()  # module functions returning a library object (get_client(target))
    methods: list[tuple[str, str]] = []  # (method, its class's qualified name) that send
    sender_functions: list[tuple[str, str]] = []  # (qualified name, module) of functions that send

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
        for qualname in facts.aliases:  # job = partial(rq's job): its uses are the library's
            add(words, qualname.rsplit(".", 1)[-1], module)
        for item in facts.pending:  # a function decorated by a project object (an agent, a task)
            target = item.call.target if type(item) is PendingDecorator else None
            if target is not None and not target.is_class and target.name:
                add(words, target.name, module)
        for hook in facts.hooks:  # a bus's plugin class: its subclasses override the hook
            head, _, name = hook.cls.rpartition(".")
            add(words, name, head)
        for name in facts.handlers:  # in-process bus messages: defined elsewhere, used anywhere
            if name.isidentifier():
                add(words, name, "")
        for item in facts.sites + facts.effects + tuple(resolved.get(facts.path, ())):
            function = item.function or "<module>"  # functions that send or consume: their callers are sites
            if not item.effect or function == "<module>":
                continue
            add(wrappers, function.rsplit(".", 1)[-1], module)
            sender_functions.append((module_qual(module, function), module))
            owner = module_qual(module, function).rpartition(".")[0]
            if owner in facts.classes:  # a method: files using its class (or a subclass) may call it
                methods.append((function.rsplit(".", 1)[-1], owner))
            if draft_mentions_param(item, owner + ".__init__"):  # a class that keeps the channel it is given
                add(wrappers, owner.rsplit(".", 1)[-1], module)

        factories.update(module_qual(module, name) for name, export in facts.exports.items()
                         if type(export) is FactoryExport)
    subclasses: dict[str, set[str]] = {}
    below: dict[str, set[str]] = {}  # class name -> the names of its subclasses
    for facts in all_facts:
        for qualname, declared in facts.classes.items():
            for base in declared.bases:
                subclasses.setdefault(base, set()).add(qualname)
                below.setdefault(base.rsplit(".", 1)[-1], set()).add(qualname.rsplit(".", 1)[-1])
    # the callers of a function that sends send too: matched by name and class (or module), so that a
    # thread's .start() is not taken for a service's start()
    sending: set[tuple[str, str]] = set()

    def mark(key: tuple[str, str]) -> bool:
        if key in sending:
            return False
        sending.add(key)
        for sub in below.get(key[1], ()):
            mark((key[0], sub))
        return True

    functions = {name for facts in all_facts for name in facts.functions}
    classes = {qualname for facts in all_facts for qualname in facts.classes}
    for name, module in sender_functions:
        mark(_call_key(name))
        outer = name.rpartition(".")[0]
        while outer in functions:  # a function defined inside another sends for it (a callback it hands on)
            mark(_call_key(outer))
            add(wrappers, outer.rsplit(".", 1)[-1], module)
            owner, _, method = outer.rpartition(".")
            if owner in classes:  # a method: files using its class (or a subclass) may call it
                methods.append((method, owner))
                break
            outer = owner
    returns = {function: signature.returns for facts in all_facts for function, signature in facts.functions.items()
               if signature.returns}

    def callee_key(callee: str) -> tuple[str, str]:
        """``octoprint.events.eventManager().fire``: ``fire`` of the class ``eventManager()`` returns."""
        head, _, method = callee.rpartition(".")
        if head.endswith("()") and head[:-2] in returns:
            return _call_key(f"{returns[head[:-2]]}.{method}")
        return _call_key(callee)

    calling = [(callee_key(call.callee), module_qual(facts.module, call.function), facts.module)
               for facts in all_facts for call in facts.calls if call.function != "<module>"]
    grew = True
    while grew:
        grew = False
        for callee, caller, module in calling:
            if callee in sending and mark(_call_key(caller)):
                add(wrappers, caller.rsplit(".", 1)[-1], module)
                owner, _, method = caller.rpartition(".")
                if owner in classes:  # a method: files using its class (or a subclass) may call it
                    methods.append((method, owner))
                grew = True
    # a base class that consumes on what its subclasses set (``start_json_consumer(self.queue_name)``):
    # files that subclass it, or decorate a class with a factory that sets attributes, hold its sites
    # (only an attribute named like a channel: choosing which files to read, not what a site is)
    for facts in all_facts:
        for call in facts.calls:
            attrs = [arg.value for arg in call.args if type(arg.value) is SelfAttr]
            if not attrs:
                continue
            owner = module_qual(facts.module, call.function).rpartition(".")[0]
            if owner in classes and callee_key(call.callee) in sending and any(
                    item.cls == owner and f"{owner}.{item.name}" not in functions and _CHANNEL_WORDS.search(item.name)
                    for item in attrs):
                name = owner.rsplit(".", 1)[-1]
                for word in {name} | below.get(name, set()):
                    add(words, word, facts.module)
        for factory in facts.class_setters:
            add(words, factory.rsplit(".", 1)[-1], facts.module)
    factory_keys = {_call_key(name) for name in factories}
    for callee, caller, module in calling:  # a class that keeps the channel its constructor is given
        if caller.endswith(".__init__") and (callee in sending or callee in factory_keys):
            add(words, caller.rsplit(".", 2)[-2], module)
    for name, modules in wrappers.items():
        words.setdefault(name, set()).update(modules)
    senders = {owner for _, owner in methods}
    for facts in all_facts:  # a function returning an instance of such a class (``eventManager().fire``)
        for function, signature in facts.functions.items():
            local = function[len(facts.module) + 1:] if facts.module else function
            if signature.returns in senders and "." not in local:
                add(words, function.rsplit(".", 1)[-1], facts.module)
    # a bus's methods, called on an object named like one that no code types (analyzer.effects duck)
    for facts in all_facts:
        for item in facts.effects:
            owner, _, method = module_qual(facts.module, item.function).rpartition(".")
            if owner in classes and MESSAGING_WORDS & name_words(owner.rsplit(".", 1)[-1]):
                add(words, method, _INJECTED)
    for method, owner in methods:  # reached through the class: ``self.record_event()`` in a subclass
        todo, seen = [owner], set()
        while todo:
            cls = todo.pop()
            if cls not in seen:
                seen.add(cls)
                head, _, name = cls.rpartition(".")
                add(words, method, f"{head}:{name}")
                todo.extend(subclasses.get(cls, ()))
    # dunder names (__init__) say nothing: every class has them
    return {word: modules for word, modules in words.items() if not word.startswith("__")}
