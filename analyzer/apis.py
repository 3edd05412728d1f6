"""The registry of messaging APIs and the engine that matches calls against it.

Library modules in ``analyzer/libraries/`` describe each library declaratively:
which constructors and factories produce which client objects ("tags"), and
which method calls, function calls and decorators on those objects are
produce or consume sites. The matcher works on JSON-able call descriptions
(see :meth:`analyzer.scan.Evaluator.call_info`), so the same specs serve calls
typed inside one file and calls on objects imported from other project modules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional, Union

from . import values as V

CallInfo = dict  # see Evaluator.call_info
Draft = dict  # a site before project-wide resolution
SpecFn = Callable[[CallInfo], list]


@dataclass(frozen=True)
class Tag:
    """What kind of messaging object an expression holds, with its known settings."""

    kind: str
    attrs: tuple = ()

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.attrs:
            if k == key:
                return v
        return default

    def to_json(self) -> dict:
        data = {k: v for k, v in self.attrs}
        data["kind"] = self.kind
        return data

    @classmethod
    def make(cls, kind: str, **attrs: Any) -> "Tag":
        return cls(kind, tuple(sorted((k, v) for k, v in attrs.items() if v is not None)))


TagRule = Callable[[Optional[Tag], Optional[CallInfo]], Optional[Tag]]


def under(root: str, qualname: str) -> bool:
    return qualname == root or qualname.startswith(root + ".")


@dataclass
class Registry:
    roots: set = field(default_factory=set)
    _constructors: dict = field(default_factory=dict)  # last name -> [(root, rule)]
    _types: dict = field(default_factory=dict)  # last name -> [(root, kind)] for annotations
    _objects: dict = field(default_factory=dict)  # qualname -> Tag
    _entities: dict = field(default_factory=dict)  # last name -> [(root, Arg)]
    factories: dict = field(default_factory=dict)  # (kind, method) -> rule
    attributes: dict = field(default_factory=dict)  # (kind, attr) -> rule
    methods: dict = field(default_factory=dict)  # (kind, method) -> [spec]
    fingerprints: dict = field(default_factory=dict)  # method -> [spec], untyped receivers
    object_calls: dict = field(default_factory=dict)  # kind -> [spec], calling a tagged object itself
    functions: dict = field(default_factory=dict)  # last name -> [(root, spec)]
    decorator_methods: dict = field(default_factory=dict)  # (kind, method) -> [spec]
    decorator_functions: dict = field(default_factory=dict)  # last name -> [(root, spec)]
    prefilter_words: set = field(default_factory=set)
    fingerprint_words: set = field(default_factory=set)  # fingerprint names that are prefilter words
    gated_fingerprints: dict = field(default_factory=dict)  # other fingerprint names -> import roots or None
    class_attributes: dict = field(default_factory=dict)  # (kind, attr) -> [spec], class body assignments
    setups: dict = field(default_factory=dict)  # (kind, method) -> attrs rule, calls that configure an object
    decorated_methods: dict = field(default_factory=dict)  # (kind, method) -> rule, decorators that make objects
    decorated_functions: dict = field(default_factory=dict)  # last name -> [(root, rule)]

    # -- declaring ------------------------------------------------------------------
    def library_roots(self, *roots: str, prefilter: Optional[Iterable[str]] = None) -> None:
        """Import roots that make a name a library name; ``prefilter`` replaces their first segments
        as prefilter words where those would be too common (``django``, ``flask``)."""
        self.roots.update(roots)
        self.prefilter_words.update(prefilter if prefilter is not None else (r.split(".")[0] for r in roots))

    def constructor(self, qualnames: Iterable[str], kind: str,
                    attrs: Optional[Callable[[CallInfo], dict]] = None, annotation: bool = True) -> None:
        def rule(_base: Optional[Tag], info: Optional[CallInfo]) -> Tag:
            return Tag.make(kind, **(attrs(info) if attrs and info else {}))
        for qualname in qualnames:
            root, name = qualname.rsplit(".", 1)
            self._constructors.setdefault(name, []).append((root, rule))
            if annotation:
                self._types.setdefault(name, []).append((root, kind))

    def annotation(self, qualnames: Iterable[str], kind: str) -> None:
        for qualname in qualnames:
            root, name = qualname.rsplit(".", 1)
            self._types.setdefault(name, []).append((root, kind))

    def known_object(self, qualnames: Iterable[str], kind: str, **attrs: Any) -> None:
        for qualname in qualnames:
            self._objects[qualname] = Tag.make(kind, **attrs)

    def entity(self, qualnames: Iterable[str], name_arg: "Arg") -> None:
        """Constructors whose value, used as a channel, is their name argument."""
        for qualname in qualnames:
            root, name = qualname.rsplit(".", 1)
            self._entities.setdefault(name, []).append((root, name_arg))

    def factory(self, kind: str, methods: Iterable[str], result: str,
                attrs: Optional[Callable[[Tag, CallInfo], dict]] = None) -> None:
        def rule(base: Optional[Tag], info: Optional[CallInfo]) -> Tag:
            return Tag.make(result, **(attrs(base, info) if attrs and base is not None and info else {}))
        for method in methods:
            self.factories[(kind, method)] = rule

    def attribute(self, kind: str, attr: str, result: str, **attrs: Any) -> None:
        self.attributes[(kind, attr)] = lambda base, info: Tag.make(result, **attrs)

    def any_attribute(self, kind: str, result: str, attrs: Callable[[Tag, str], dict]) -> None:
        """Every attribute (or literal subscript) of a tagged object is an object too:
        nameko ``cluster_rpc.<service>`` is a proxy, ``proxy.<method>`` a remote method."""
        self.attributes[(kind, "*")] = lambda base, name: Tag.make(result, **attrs(base, name))

    def method(self, kind: str, methods: Iterable[str], spec: SpecFn) -> None:
        for method in methods:
            self.methods.setdefault((kind, method), []).append(spec)

    def call_of_object(self, kind: str, spec: SpecFn) -> None:
        """Calling the object itself is a site (nameko ``self.dispatch(type, data)``)."""
        self.object_calls.setdefault(kind, []).append(spec)

    def fingerprint(self, methods: Iterable[str], spec: SpecFn, prefilter: bool = True,
                    gate: Optional[Iterable[str]] = None) -> None:
        """``prefilter=False``: the method name is too common to let a file through the prefilter
        (``send``, ``subscribe``); the spec must then require evidence the prefilter already sees,
        such as an import of the library (``info["imports"]``). ``gate`` names the import roots
        whose presence lets the method name through after all (None: any library's; empty: none,
        because the spec needs a project task name, which later rounds find anyway)."""
        for method in methods:
            self.fingerprints.setdefault(method, []).append(spec)
            if prefilter:
                self.fingerprint_words.add(method)
            else:
                roots = self.gated_fingerprints.setdefault(method, set())
                if roots is not None:
                    if gate is None:
                        self.gated_fingerprints[method] = None
                    else:
                        roots.update(root.split(".")[0] for root in gate)

    def class_attribute(self, kind: str, attrs: Iterable[str], spec: SpecFn) -> None:
        """A class deriving from a library class (tagged ``kind``) that assigns ``attr`` in its body
        is a site (Channels ``groups = ["chat"]``); the spec gets the value as argument 0."""
        for attr in attrs:
            self.class_attributes.setdefault((kind, attr), []).append(spec)

    def setup(self, kind: str, methods: Iterable[str], attrs: Callable[[Tag, CallInfo], dict]) -> None:
        """Calls of ``methods`` on the same variable or ``self`` attribute that holds a ``kind`` object
        add ``attrs(tag, info)`` to its tag: ``sock.bind(address)`` gives a ZMQ socket its address."""
        for method in methods:
            self.setups[(kind, method)] = attrs

    def decorated_method(self, kind: str, methods: Iterable[str], result: str,
                         attrs: Optional[Callable[[CallInfo], dict]] = None) -> None:
        """A function decorated with ``@<kind object>.<method>`` holds a ``result`` object (huey's
        ``@huey.task()`` makes a TaskWrapper): ``attrs(decorator info)`` gives its settings. Calls on it
        (``add.schedule()``), of it (``add(1, 2)``) and, through exports, in other modules are typed."""
        def rule(info: CallInfo) -> Tag:
            return Tag.make(result, **(attrs(info) if attrs else {}))
        for method in methods:
            self.decorated_methods[(kind, method)] = rule

    def decorated_function(self, qualnames: Iterable[str], result: str,
                           attrs: Optional[Callable[[CallInfo], dict]] = None) -> None:
        """Like :meth:`decorated_method` for module-level decorators (``@dramatiq.actor``)."""
        def rule(info: CallInfo) -> Tag:
            return Tag.make(result, **(attrs(info) if attrs else {}))
        for qualname in qualnames:
            root, name = qualname.rsplit(".", 1)
            self.decorated_functions.setdefault(name, []).append((root, rule))

    def decorated_tag(self, info: CallInfo) -> Optional[Tag]:
        """The tag a decorator (described like :func:`match_decorator`'s info) gives the function."""
        recv, method = info.get("recv"), info.get("method")
        if recv and method:
            rule = self.decorated_methods.get((recv["kind"], method))
            if rule is not None:
                return rule(info)
        found = self._by_root(self.decorated_functions, info.get("func"))
        return found[0](info) if found else None

    @property
    def decorated_kinds(self) -> bool:
        return bool(self.decorated_methods or self.decorated_functions)

    def function(self, qualnames: Iterable[str], spec: SpecFn) -> None:
        for qualname in qualnames:
            root, name = qualname.rsplit(".", 1)
            self.functions.setdefault(name, []).append((root, spec))

    def decorator_method(self, kind: str, methods: Iterable[str], spec: SpecFn) -> None:
        for method in methods:
            self.decorator_methods.setdefault((kind, method), []).append(spec)

    def decorator_function(self, qualnames: Iterable[str], spec: SpecFn) -> None:
        for qualname in qualnames:
            root, name = qualname.rsplit(".", 1)
            self.decorator_functions.setdefault(name, []).append((root, spec))

    def entry_words(self) -> dict[str, set[str]]:
        """Per import root's first segment, the last names of its constructors, functions, decorators,
        annotation types and known objects: code makes or types a library object only by naming one."""
        words: dict[str, set[str]] = {}
        for table in (self._constructors, self._types, self._entities, self.functions,
                      self.decorator_functions, self.decorated_functions):
            for name, entries in table.items():
                for root, _ in entries:
                    words.setdefault(root.split(".")[0], set()).add(name)
        for qualname in self._objects:
            words.setdefault(qualname.split(".")[0], set()).add(qualname.rsplit(".", 1)[-1])
        return words

    # -- querying --------------------------------------------------------------------
    @staticmethod
    def _by_root(table: dict, qualname: Optional[str]) -> list:
        if not qualname or "." not in qualname:
            return []
        root_part, name = qualname.rsplit(".", 1)
        found, seen = [], set()  # one spec registered under two paths (celery.chain, celery.canvas.chain): once
        for root, item in table.get(name, ()):
            if under(root, root_part) and id(item) not in seen:
                seen.add(id(item))
                found.append(item)
        return found

    def constructor_rule(self, qualname: Optional[str]) -> Optional[TagRule]:
        found = self._by_root(self._constructors, qualname)
        return found[0] if found else None

    def annotation_tag(self, qualname: str) -> Optional[Tag]:
        found = self._by_root(self._types, qualname)
        return Tag.make(found[0]) if found else self._objects.get(qualname)

    def object_tag(self, qualname: Optional[str]) -> Optional[Tag]:
        return self._objects.get(qualname) if qualname else None

    def entity_name_arg(self, qualname: Optional[str]) -> Optional["Arg"]:
        found = self._by_root(self._entities, qualname)
        return found[0] if found else None

    def is_library(self, qualname: Optional[str]) -> bool:
        """Is ``qualname`` a library root or under one? (Tests each dotted prefix: a set lookup each.)"""
        if not qualname:
            return False
        roots = self.roots
        if qualname in roots:
            return True
        dot = qualname.find(".")
        while dot > 0:
            if qualname[:dot] in roots:
                return True
            dot = qualname.find(".", dot + 1)
        return False

    @property
    def wildcard_kinds(self) -> set:
        """Kinds on which every method call is a site (an RPC proxy: ``proxy.any_method()``)."""
        return {kind for kind, method in self.methods if method == "*"}

    @property
    def setup_methods(self) -> set:
        return {method for _, method in self.setups}

    @property
    def site_methods(self) -> set:
        names = {method for _, method in self.methods}
        names.update(self.fingerprints)
        return names

    @property
    def site_functions(self) -> set:
        return set(self.functions)


REGISTRY = Registry()


# -- building specs ------------------------------------------------------------------------
@dataclass(frozen=True)
class Arg:
    """A call argument by position (after ``self``) and/or keyword."""

    pos: Optional[int] = None
    kw: Optional[str] = None

    def find(self, info: CallInfo) -> Optional[dict]:
        args = info["args"]
        if self.kw is not None:
            for arg in args:
                if arg["kw"] == self.kw:
                    return arg
        if self.pos is not None:
            positional = [arg for arg in args if arg["kw"] is None and not arg["star"]]
            if self.pos < len(positional):
                return positional[self.pos]
        return None


@dataclass(frozen=True)
class AllPositional:
    """Every positional argument is a channel (``KafkaConsumer("a", "b")``)."""

    kw: Optional[str] = None

    def select(self, info: CallInfo) -> tuple[V.IR, Optional[str]]:
        items = [arg for arg in info["args"] if arg["kw"] is None and not arg["star"]]
        if not items and self.kw is not None:
            arg = Arg(kw=self.kw).find(info)
            return (arg["ir"], arg["text"]) if arg else (V.UNKNOWN, None)
        if not items:
            return V.UNKNOWN, None
        if len(items) == 1:
            return items[0]["ir"], items[0]["text"]
        return ["list", [a["ir"] for a in items]], ", ".join(a["text"] for a in items)


@dataclass(frozen=True)
class DictKeys:
    """The keys of a dict argument are the channels (``xread(streams={"s": "$"})``)."""

    arg: Arg

    def select(self, info: CallInfo) -> tuple[V.IR, Optional[str]]:
        found = self.arg.find(info)
        if found is None:
            return V.UNKNOWN, None
        ir = found["ir"]
        if ir and ir[0] == "dict":
            return ["list", [k for k, _ in ir[1]]], found["text"]
        return V.UNKNOWN, found["text"]


ChannelSel = Union[Arg, AllPositional, DictKeys, Callable[[CallInfo], tuple], None]


def select_channel(info: CallInfo, channel: ChannelSel) -> tuple[V.IR, Optional[str]]:
    if channel is None:
        return V.UNKNOWN, None
    if isinstance(channel, Arg):
        found = channel.find(info)
        return (found["ir"], found["text"]) if found else (V.UNKNOWN, None)
    if isinstance(channel, (AllPositional, DictKeys)):
        return channel.select(info)
    return channel(info)


def message_of(info: CallInfo, message: Optional[Arg]) -> Optional[str]:
    if message is None:
        return None
    found = message.find(info)
    return found["cls"] if found else None


def draft(info: CallInfo, *, role: str, library: str, transport: str, api: str, kind: str,
          delivery: str, channel_ir: V.IR, channel_expr: Optional[str], reply: bool = False,
          message: Optional[str] = None, fold: Optional[str] = None,
          evidence: Iterable[str] = (), **extra: Any) -> Draft:
    data = {
        "role": role, "library": library, "transport": transport, "api": api,
        "channel_kind": kind, "delivery": delivery, "channel_ir": channel_ir,
        "channel_expr": channel_expr, "reply": reply or info.get("then") in _REPLY_WAITS and role == "produce"
        and transport in _RESULT_TRANSPORTS,
        "message": message, "fold": fold, "evidence": list(evidence),
        "function": info.get("function", "<module>"),
    }
    data.update(extra)
    return data


# ``needs_task="strict"``: the draft is a site only if its ``["task", key]`` channel is a task the project
# defines (``needs_task=True`` also keeps it in a file that imports Celery: Celery's ``x.delay()``)
NEEDS_TASK_STRICT = True

_REPLY_WAITS = {"get", "wait", "join", "collect", "get_result", "wait_result", "result", "latest_result"}
_RESULT_TRANSPORTS = {"celery", "dramatiq", "rq", "huey", "arq", "taskiq"}


def spec(*, role: str, library: str, transport: str, kind: str, delivery: str, api: str,
         channel: ChannelSel = Arg(0), message: Optional[Arg] = None, reply: bool = False,
         fold: Optional[str] = None, requires: Iterable[str] = (),
         when: Optional[Callable[[CallInfo], bool]] = None) -> SpecFn:
    """The common case: one site whose channel is one argument (or a list of them)."""
    required = set(requires)

    def fn(info: CallInfo) -> list:
        if required and not any(arg["kw"] in required for arg in info["args"]):
            return []
        if when is not None and not when(info):
            return []
        channel_ir, channel_expr = select_channel(info, channel)
        return [draft(info, role=role, library=library, transport=transport, api=api, kind=kind,
                      delivery=delivery, channel_ir=channel_ir, channel_expr=channel_expr, reply=reply,
                      message=message_of(info, message), fold=fold)]
    return fn


# -- matching ----------------------------------------------------------------------------------
def match_call(info: CallInfo, registry: Registry = REGISTRY) -> list:
    drafts: list = []
    recv = info.get("recv")
    method = info.get("method")
    if recv and method:
        for fn in registry.methods.get((recv["kind"], method), ()) or registry.methods.get((recv["kind"], "*"), ()):
            drafts.extend(fn(info))
        if drafts:
            return drafts
    callee = info.get("callee")
    if callee:
        for fn in registry.object_calls.get(callee["kind"], ()):
            drafts.extend(fn(info))
        if drafts:
            return drafts
    func = info.get("func")
    if func:
        for fn in registry._by_root(registry.functions, func):
            drafts.extend(fn(info))
        if drafts:
            return drafts
    if method and not recv and not registry.is_library(info.get("recv_qual")):
        for fn in registry.fingerprints.get(method, ()):
            drafts.extend(fn(info))
    return drafts


def match_decorator(info: CallInfo, registry: Registry = REGISTRY) -> list:
    drafts: list = []
    recv = info.get("recv")
    method = info.get("method")
    if recv and method:
        for fn in registry.decorator_methods.get((recv["kind"], method), ()):
            drafts.extend(fn(info))
        if drafts:
            return drafts
    func = info.get("func")
    if func:
        for fn in registry._by_root(registry.decorator_functions, func):
            drafts.extend(fn(info))
    return drafts


def _load_libraries() -> None:
    from . import libraries  # noqa: F401  (registers every library into REGISTRY)


_load_libraries()
