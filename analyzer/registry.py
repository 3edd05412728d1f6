"""The registry of messaging APIs, and the matching of call descriptions against it.

Each module in ``analyzer/libraries/`` describes one family of libraries in a function
``register(r: Registry)``: which constructors and factories make which client objects
(:class:`~analyzer.calls.Tag` kinds), which method calls, function calls and decorators on
them are produce or consume sites (*specs*: functions from a :class:`~analyzer.calls.CallInfo`
to :class:`~analyzer.facts.Draft` sites and declarations), and what else the engine must know
about the library (how its channel names fold, its message envelopes, its task signatures...).
``analyzer.libraries.build_registry`` builds one registry for an analysis, with the configuration's own
APIs (``[tool.msglint.apis]``); it is passed to every stage that needs it, never global.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping, Optional, Union

from .calls import ArgInfo, CallInfo, Tag
from .facts import Declaration, Draft, Route, TaskDef
from .values import UNKNOWN, Items, Pairs, Value

Produced = Union[Draft, Declaration]
SpecFn = Callable[[CallInfo], list]  # -> list[Draft | Declaration]
TagRule = Callable[[Optional[Tag], Optional[CallInfo]], Optional[Tag]]


class ValueArgs:
    """The arguments of a call whose value a library knows (``topic_path(project, topic)``), evaluated
    only when asked for."""

    def __init__(self, positional: list[Any], keywords: Mapping[str, Any],
                 evaluate: Callable[[Any], Value]) -> None:
        self._positional, self._keywords, self._evaluate = positional, keywords, evaluate

    def count(self) -> int:
        return len(self._positional)

    def has(self, keyword: str) -> bool:
        return keyword in self._keywords

    def positional(self, index: int) -> Value:
        return self._evaluate(self._positional[index])

    def keyword(self, name: str) -> Value:
        return self._evaluate(self._keywords[name])


ValueFn = Callable[[ValueArgs], Optional[Value]]


@dataclass(frozen=True)
class About:
    """What a library module covers, as users read it: the README's table of what is recognised is made
    from every module's ``ABOUT`` (``analyzer.libraries.about_table``; a test keeps the two equal)."""

    names: str  # the libraries, as their users name them
    produce: str  # the calls and decorators that produce
    consume: str
    emits: tuple[str, ...]  # the ``library`` its sites carry


def under(root: str, qualname: str) -> bool:
    return qualname == root or qualname.startswith(root + ".")


@dataclass
class Registry:
    roots: set[str] = field(default_factory=set)
    _constructors: dict[str, list] = field(default_factory=dict)  # last name -> [(root, rule)]
    _types: dict[str, list] = field(default_factory=dict)  # last name -> [(root, kind)] for annotations
    _objects: dict[str, Tag] = field(default_factory=dict)  # qualname -> Tag
    _entities: dict[str, list] = field(default_factory=dict)  # last name -> [(root, Arg)]
    factories: dict[tuple[str, str], TagRule] = field(default_factory=dict)  # (kind, method) -> rule
    attributes: dict[tuple[str, str], Callable] = field(default_factory=dict)  # (kind, attr) -> rule
    methods: dict[tuple[str, str], list[SpecFn]] = field(default_factory=dict)  # (kind, method) -> specs
    fingerprints: dict[str, list[SpecFn]] = field(default_factory=dict)  # method -> specs, untyped receivers
    object_calls: dict[str, list[SpecFn]] = field(default_factory=dict)  # kind -> specs, calling the object
    functions: dict[str, list] = field(default_factory=dict)  # last name -> [(root, spec)]
    decorator_methods: dict[tuple[str, str], list[SpecFn]] = field(default_factory=dict)
    decorator_functions: dict[str, list] = field(default_factory=dict)  # last name -> [(root, spec)]
    prefilter_words: set[str] = field(default_factory=set)
    fingerprint_words: set[str] = field(default_factory=set)  # fingerprint names that are prefilter words
    gated_fingerprints: dict[str, Optional[set[str]]] = field(default_factory=dict)  # name -> import roots
    keyword_words: set[str] = field(default_factory=set)  # keyword names that fingerprint a call
    slicing_keywords: set[str] = field(default_factory=set)  # those that also make a definition relevant
    class_attributes: dict[tuple[str, str], list[SpecFn]] = field(default_factory=dict)
    endpoint_attributes: dict[str, list[tuple[str, SpecFn]]] = field(default_factory=dict)  # attr -> [(kind, spec)]
    setups: dict[tuple[str, str], Callable] = field(default_factory=dict)  # (kind, method) -> attrs rule
    decorated_methods: dict[tuple[str, str], Callable] = field(default_factory=dict)
    decorated_functions: dict[str, list] = field(default_factory=dict)  # last name -> [(root, rule)]
    folds: dict[str, Callable[[str], Optional[str]]] = field(default_factory=dict)
    sync_bridges: set[str] = field(default_factory=set)
    envelopes: set[str] = field(default_factory=set)
    not_messages: set[str] = field(default_factory=set)
    not_message_annotations: set[str] = field(default_factory=set)
    signature_methods: set[str] = field(default_factory=set)
    signature_kinds: set[str] = field(default_factory=set)
    value_methods: dict[str, ValueFn] = field(default_factory=dict)
    result_waits: dict[str, set[str]] = field(default_factory=dict)  # transport -> methods on the result
    message_bases: dict[str, tuple[str, str]] = field(default_factory=dict)  # base class -> (root, feature)
    apis: dict[str, Any] = field(default_factory=dict)  # the configuration's APIs it was built with

    # -- declaring: objects ------------------------------------------------------------------------------
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
        """Constructors whose value, used as a channel, is their name argument (``Queue("orders")``)."""
        for qualname in qualnames:
            root, name = qualname.rsplit(".", 1)
            self._entities.setdefault(name, []).append((root, name_arg))

    def factory(self, kind: str, methods: Iterable[str], result: str,
                attrs: Optional[Callable[[Tag, CallInfo], dict]] = None) -> None:
        def rule(base: Optional[Tag], info: Optional[CallInfo]) -> Tag:
            return Tag.make(result, **(attrs(base, info) if attrs and base is not None and info else {}))
        for method in methods:
            self.factories[(kind, method)] = rule

    def attribute(self, kind: str, attr: str, result: str, derived: Optional[Callable[[Tag], dict]] = None,
                  **attrs: Any) -> None:
        """``obj.attr`` of a ``kind`` object is a ``result`` object, with ``attrs`` and what ``derived``
        reads from the object (an RPC client's ``target``: the target it was made with)."""
        def rule(base: Optional[Tag], _info: Any) -> Tag:
            return Tag.make(result, **{**(derived(base) if derived and base is not None else {}), **attrs})
        self.attributes[(kind, attr)] = rule

    def any_attribute(self, kind: str, result: str, attrs: Callable[[Tag, str], dict]) -> None:
        """Every attribute (or literal subscript) of a tagged object is an object too:
        nameko ``cluster_rpc.<service>`` is a proxy, ``proxy.<method>`` a remote method."""
        self.attributes[(kind, "*")] = lambda base, name: Tag.make(result, **attrs(base, name))

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

    # -- declaring: sites ----------------------------------------------------------------------------------
    def method(self, kind: str, methods: Iterable[str], spec: SpecFn) -> None:
        for method in methods:
            self.methods.setdefault((kind, method), []).append(spec)

    def call_of_object(self, kind: str, spec: SpecFn) -> None:
        """Calling the object itself is a site (nameko ``self.dispatch(type, data)``)."""
        self.object_calls.setdefault(kind, []).append(spec)

    def fingerprint(self, methods: Iterable[str], spec: SpecFn, prefilter: bool = True,
                    gate: Optional[Iterable[str]] = None) -> None:
        """A method name that identifies a call on an untyped receiver. ``prefilter=False``: the name is
        too common to let a file through the prefilter (``send``, ``subscribe``); the spec must then
        require evidence the prefilter already sees, such as an import of the library
        (``info.imports``). ``gate`` names the import roots whose presence lets the method name through
        after all (None: any library's; empty: none, because the spec needs a project task name,
        which later rounds find anyway)."""
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

    def fingerprint_keywords(self, words: Iterable[str], slicing: bool = True) -> None:
        """Keyword (or method) names that let a file through the prefilter on their own (``TopicArn=``);
        ``slicing``: they also make the definition they occur in relevant."""
        self.keyword_words.update(words)
        if slicing:
            self.slicing_keywords.update(words)

    def class_attribute(self, kind: str, attrs: Iterable[str], spec: SpecFn) -> None:
        """A class deriving from a library class (tagged ``kind``; ``"*"``: any class) that assigns
        ``attr`` in its body is a site (Channels ``groups = ["chat"]``); the spec gets the value as
        argument 0."""
        for attr in attrs:
            self.class_attributes.setdefault((kind, attr), []).append(spec)

    def endpoint_attribute(self, attr: str, kind: str, spec: SpecFn) -> None:
        """A class whose body sets ``attr`` to a ``kind`` object serves its public methods (oslo.messaging's
        ``target = Target(version="2.0")``): each method is a consume site, made by ``spec`` with the
        object as ``recv`` and the method's name as ``method``, on the method's ``def`` line."""
        self.endpoint_attributes.setdefault(attr, []).append((kind, spec))

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

    # -- declaring: what else the engine must know about a library -----------------------------------------
    def fold(self, how: str, fn: Callable[[str], Optional[str]]) -> None:
        """``Draft.fold`` / ``Fold(how, ...)``: how a rendered channel folds (an ARN to its topic name)."""
        if self.folds.get(how, fn) is not fn:
            raise ValueError(f"two libraries fold {how!r} differently")
        self.folds[how] = fn

    def sync_bridge(self, *qualnames: str) -> None:
        """Wrappers whose result is called with the wrapped callable's own arguments
        (``async_to_sync(layer.group_send)(group, message)``)."""
        self.sync_bridges.update(qualnames)

    def envelope(self, *names: str) -> None:
        """Message classes that wrap the payload (``ServiceBusMessage(body=OrderPlaced(...))``): the
        message is the payload's class."""
        self.envelopes.update(names)

    def not_message(self, *names: str) -> None:
        """Classes of the library passed with a message that are never the message (``BasicProperties``)."""
        self.not_messages.update(names)

    def not_message_annotation(self, *names: str) -> None:
        """The library's own message classes in a handler's annotation (``IncomingMessage``): they say
        nothing about the message type."""
        self.not_message_annotations.update(names)

    def task_signature(self, methods: Iterable[str] = (), kinds: Iterable[str] = ()) -> None:
        """Methods that make a signature of a task (``add.s(1)``, ``add.message()``), and object kinds that
        are one (``celery.signature``, whose ``name`` is the task's name): canvas members, ``task_qual``."""
        self.signature_methods.update(methods)
        self.signature_kinds.update(kinds)

    def value_method(self, methods: Iterable[str], fn: ValueFn) -> None:
        """Calls ``x.method(...)`` whose value is a channel name the library computes from its arguments
        (``topic_path(project, topic)`` is ``topic``)."""
        for method in methods:
            if self.value_methods.get(method, fn) is not fn:
                raise ValueError(f"two libraries compute the value of .{method}() differently")
            self.value_methods[method] = fn

    def message_base(self, qualname: str, feature: str) -> None:
        """A library's base class for message records (``faust.Record``): a class deriving from it is
        declared with ``feature`` (``ClassFacts.features``)."""
        root, name = qualname.rsplit(".", 1)
        self.message_bases[name] = (root, feature)

    def result_handle(self, transports: Iterable[str], waits: Iterable[str]) -> None:
        """Sends on ``transports`` return a result handle: a call of one of ``waits`` on it means the
        caller waits for the reply (``task.delay(x).get()``)."""
        for transport in transports:
            self.result_waits.setdefault(transport, set()).update(waits)

    # -- querying ------------------------------------------------------------------------------------------
    def decorated_tag(self, info: CallInfo) -> Optional[Tag]:
        """The tag a decorator (described like a call) gives the function it decorates."""
        if info.recv is not None and info.method:
            rule = self.decorated_methods.get((info.recv.kind, info.method))
            if rule is not None:
                return rule(info)
        found = self._by_root(self.decorated_functions, info.func)
        return found[0](info) if found else None

    @property
    def decorated_kinds(self) -> bool:
        return bool(self.decorated_methods or self.decorated_functions)

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

    def aliasable(self, qualname: Optional[str]) -> bool:
        """A library function, decorator or constructor a project may wrap under its own name: a subclass
        (``class MetricsJob(rq.decorators.job)``) or a partial (``job = partial(MetricsJob, connection=c)``)
        of it is used as it is."""
        return bool(self._by_root(self.decorator_functions, qualname) or self._by_root(self.functions, qualname)
                     or self._by_root(self.decorated_functions, qualname) or self._by_root(self._constructors, qualname))

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
    def wildcard_kinds(self) -> set[str]:
        """Kinds on which every method call is a site (an RPC proxy: ``proxy.any_method()``)."""
        return {kind for kind, method in self.methods if method == "*"}

    @property
    def setup_methods(self) -> set[str]:
        return {method for _, method in self.setups}

    @property
    def site_methods(self) -> set[str]:
        names = {method for _, method in self.methods}
        names.update(self.fingerprints)
        return names

    @property
    def site_functions(self) -> set[str]:
        return set(self.functions)

    # -- matching ------------------------------------------------------------------------------------------
    def match_call(self, info: CallInfo) -> list[Produced]:
        found: list[Produced] = []
        recv, method = info.recv, info.method
        if recv is not None and method:
            for fn in self.methods.get((recv.kind, method), ()) or self.methods.get((recv.kind, "*"), ()):
                found.extend(fn(info))
            if found:
                return self._waiting(info, found)
        if info.callee is not None:
            for fn in self.object_calls.get(info.callee.kind, ()):
                found.extend(fn(info))
            if found:
                return self._waiting(info, found)
        if info.func:
            for fn in self._by_root(self.functions, info.func):
                found.extend(fn(info))
            if found:
                return self._waiting(info, found)
        if method and recv is None and not self.is_library(info.recv_qual):
            for fn in self.fingerprints.get(method, ()):
                found.extend(fn(info))
        return self._waiting(info, found)

    def _waiting(self, info: CallInfo, found: list[Produced]) -> list[Produced]:
        """A produce site whose result handle the caller waits on (``.delay(x).get()``) is request-reply."""
        if info.then is None or not self.result_waits:
            return found
        return [replace(item, reply=True) if type(item) is Draft and not item.reply and item.role == "produce"
                and info.then in self.result_waits.get(item.transport, ()) else item for item in found]

    def match_decorator(self, info: CallInfo) -> list[Produced]:
        found: list[Produced] = []
        if info.recv is not None and info.method:
            for fn in self.decorator_methods.get((info.recv.kind, info.method), ()):
                found.extend(fn(info))
            if found:
                return found
        if info.func:
            for fn in self._by_root(self.decorator_functions, info.func):
                found.extend(fn(info))
        return found


# -- building specs ------------------------------------------------------------------------------------------
# the method name a call of a method chosen at run time is matched under (``getattr(notifier, level)(...)``):
# a library registers it for the kinds whose every such method does the same
BY_NAME = "__by_name__"


@dataclass(frozen=True)
class Arg:
    """A call argument by position (after ``self``) and/or keyword."""

    pos: Optional[int] = None
    kw: Optional[str] = None

    def find(self, info: CallInfo) -> Optional[ArgInfo]:
        return info.arg(self.pos, self.kw)


@dataclass(frozen=True)
class AllPositional:
    """Every positional argument is a channel (``KafkaConsumer("a", "b")``)."""

    kw: Optional[str] = None

    def select(self, info: CallInfo) -> tuple[Value, Optional[str]]:
        items = info.positional
        if not items and self.kw is not None:
            arg = info.arg(kw=self.kw)
            return (arg.value, arg.text) if arg else (UNKNOWN, None)
        if not items:
            return UNKNOWN, None
        if len(items) == 1:
            return items[0].value, items[0].text
        return Items(tuple(a.value for a in items)), ", ".join(a.text for a in items)


@dataclass(frozen=True)
class DictKeys:
    """The keys of a dict argument are the channels (``xread(streams={"s": "$"})``)."""

    arg: Arg

    def select(self, info: CallInfo) -> tuple[Value, Optional[str]]:
        found = self.arg.find(info)
        if found is None:
            return UNKNOWN, None
        if type(found.value) is Pairs:
            return Items(tuple(key for key, _ in found.value.pairs)), found.text
        return UNKNOWN, found.text


ChannelSel = Union[Arg, AllPositional, DictKeys, Callable[[CallInfo], tuple], None]


def select_channel(info: CallInfo, channel: ChannelSel) -> tuple[Value, Optional[str]]:
    if channel is None:
        return UNKNOWN, None
    if isinstance(channel, Arg):
        found = channel.find(info)
        return (found.value, found.text) if found else (UNKNOWN, None)
    if isinstance(channel, (AllPositional, DictKeys)):
        return channel.select(info)
    return channel(info)


def message_of(info: CallInfo, message: Optional[Arg]) -> Optional[str]:
    if message is None:
        return None
    found = message.find(info)
    return found.message if found else None


def draft(info: CallInfo, *, role: str, library: str, transport: str, api: str, kind: str, delivery: str,
          channel: Value, channel_expr: Optional[str], reply: bool = False, message: Optional[str] = None,
          fold: Optional[str] = None, evidence: Iterable[str] = (),
          evidence_values: Union[Mapping[str, Value], Iterable[tuple[str, Value]], None] = None,
          route: Optional[Route] = None, needs_task: bool = False, unless_imported: Optional[str] = None,
          task_def: Optional[TaskDef] = None, element: Optional[int] = None, serves: bool = False) -> Draft:
    """A site of the call ``info`` describes (``kind``: the channel kind)."""
    if isinstance(evidence_values, Mapping):
        evidence_values = evidence_values.items()
    return Draft(role=role, library=library, transport=transport, api=api, channel_kind=kind, delivery=delivery,
                 channel=channel, channel_expr=channel_expr, function=info.function, reply=reply, message=message,
                 fold=fold, evidence=tuple(evidence), evidence_values=tuple(evidence_values or ()), route=route,
                 needs_task=needs_task, unless_imported=unless_imported, task_def=task_def, element=element,
                 serves=serves)


def spec(*, role: str, library: str, transport: str, kind: str, delivery: str, api: str,
         channel: ChannelSel = Arg(0), message: Optional[Arg] = None, reply: bool = False,
         fold: Optional[str] = None, requires: Iterable[str] = (),
         when: Optional[Callable[[CallInfo], bool]] = None) -> SpecFn:
    """The common case: one site whose channel is one argument (or a list of them). ``requires``: keywords
    of which one must be given; ``when``: a further condition on the call."""
    required = set(requires)

    def fn(info: CallInfo) -> list[Produced]:
        if required and not any(arg.kw in required for arg in info.args):
            return []
        if when is not None and not when(info):
            return []
        channel_value, channel_expr = select_channel(info, channel)
        return [draft(info, role=role, library=library, transport=transport, api=api, kind=kind,
                      delivery=delivery, channel=channel_value, channel_expr=channel_expr, reply=reply,
                      message=message_of(info, message), fold=fold)]
    return fn
