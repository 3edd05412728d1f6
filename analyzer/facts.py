"""What extraction learns from one file (:class:`FileFacts`) and the records inside it.

A file's facts are a function of its text (and, for a file parsed in part, of its slice words),
so they are cached and computed in any process. Everything is an immutable record; the
project-wide resolution (``analyzer.resolve``) joins them.
"""
from __future__ import annotations

from dataclasses import field
from typing import Iterable, Mapping, Optional, Protocol, Union

from .calls import CallInfo, Origin, Tag
from .codec import record
from .model import Diagnostic
from .values import Param, Renderer, Value


class ProjectView(Protocol):
    """What a :class:`Route` may ask of the project while a site is finished."""

    renderer: Renderer
    exchange_types: Mapping[str, str]  # exchange name -> declared type (fanout, topic, direct, ...)


class Settling:
    """A site being finished: the parts a route may still change."""

    __slots__ = ("channel", "channel_expr", "channel_kind", "delivery", "fold", "evidence")

    def __init__(self, channel: Value, channel_expr: Optional[str], channel_kind: str, delivery: str,
                 fold: Optional[str], evidence: list[str]) -> None:
        self.channel, self.channel_expr, self.channel_kind = channel, channel_expr, channel_kind
        self.delivery, self.fold, self.evidence = delivery, fold, evidence


class Route(Protocol):
    """Library knowledge a site needs once the project is known (a record of the library's module): AMQP's
    default exchange and exchange types, STOMP's destination prefixes."""

    def settle(self, site: Settling, project: ProjectView) -> None: ...


@record
class TaskDef:
    """A task definition registers its name project-wide under ``key`` (``<module>.<function>``, or with
    a library prefix: ``rq:<module>.<function>``); calls refer to it as ``TaskRef(key)``."""

    key: str
    name: Value


@record
class Draft:
    """A site before project-wide resolution: its channel is still a :data:`Value`."""

    role: str
    library: str
    transport: str
    api: str
    channel_kind: str
    delivery: str
    channel: Value
    channel_expr: Optional[str]
    function: str = "<module>"
    reply: bool = False
    message: Optional[str] = None
    fold: Optional[str] = None  # how to fold the rendered channel (``Registry.fold``)
    evidence: tuple[str, ...] = ()
    evidence_values: tuple[tuple[str, Value], ...] = ()  # "label: <rendered value>" evidence
    route: Optional[Route] = None
    needs_task: bool = False  # a site only if its channel is a task the project defines ...
    unless_imported: Optional[str] = None  # ... or the file imports this library
    task_def: Optional[TaskDef] = None
    element: Optional[int] = None  # a class attribute's list element the site is on
    effect: bool = False  # made by a call in its function's body: every call of that function sends it too
    serves: bool = False  # a server: the objects its call is handed consume (``analyzer.endpoints``)
    guard: Optional[Param] = None  # sent only when this parameter is given (``if trigger_event:``)
    via: tuple[str, ...] = ()
    line: int = 0
    column: int = 0
    end_line: int = 0


@record
class ExchangeDeclaration:
    """A channel declared with a type (``exchange_declare("orders", "fanout")``)."""

    name: Value
    exchange_type: Optional[str]


@record
class ChannelBinding:
    """A queue bound to an exchange, a subscription to a topic: messages of ``name`` reach ``queue``."""

    name: Value
    queue: Value
    key: Optional[Value] = None
    transport: Optional[str] = None


Declaration = Union[ExchangeDeclaration, ChannelBinding]


# -- calls kept for the project-wide view ----------------------------------------------------------------
@record
class PendingCall:
    """A method call on an object another project module makes: matched once its exports are known."""

    call: CallInfo
    line: int
    column: int
    end_line: int
    recv_origin: Optional[Origin] = None  # how the receiver is made, when not simply imported


@record
class PendingObjectCall:
    """``add(1, 2)`` of a function another module decorates into an object (a huey task)."""

    call: CallInfo
    line: int
    column: int
    end_line: int


@record
class PendingDecorator:
    """A decorator on an object another project module makes (``@app.task`` with an imported ``app``)."""

    call: CallInfo
    line: int
    column: int
    end_line: int
    recv_origin: Optional[Origin] = None
    handler_message: Optional[str] = None  # the message class the handler's annotation names
    handler: Optional[str] = None  # the decorated function, module-relative
    by_name: bool = False  # the decorator is an imported project name that may stand for a library API

Pending = Union[PendingCall, PendingObjectCall, PendingDecorator]


@record
class CallArg:
    kw: Optional[str]
    star: str
    value: Value
    message: Optional[str]
    tag: Optional[Tag] = None  # the library object it is (``OrderService(KafkaProducer())``)


@record
class ProjectCall:
    """A call of a project function or method with arguments: it may turn out to call a wrapper."""

    callee: str  # qualified name
    args: tuple[CallArg, ...]
    line: int
    column: int
    end_line: int
    function: str  # the enclosing function
    receiver: Optional[Value]  # what ``x`` stands for
    text: str  # the callee's source text
    guard: Optional[Param] = None  # made only when this parameter of its function is given
    decorates: Optional[str] = None  # a decorator: the class or function it decorates (module-qualified)
    duck: Optional[str] = None  # ``?_event_bus.fire``: an untyped receiver named like a bus, if the callee fails


@record
class BusCall:
    """``bus.handle(cmd)``, ``self.events.append(Evt(...))``: a send if a handler map names the class."""

    message: str
    method: str
    receiver: str
    line: int
    column: int
    end_line: int
    function: str


@record
class ClassFacts:
    """A class's declaration: what makes it a message type, and whether it is immutable."""

    name: str
    bases: tuple[str, ...]
    features: tuple[str, ...]  # dataclass, attrs, pydantic, namedtuple, faust-record
    frozen: Optional[bool]
    setters: tuple[str, ...]
    line: int
    fields: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...] = ()  # instance attributes holding a project object: (name, class)


@record
class Signature:
    params: tuple[str, ...]  # positional parameters, ``self`` left out
    kwonly: tuple[str, ...]
    method: bool
    returns: Optional[str] = None  # the project class it returns an instance of (``pkg.mod.f()``: what f returns)
    line: int = 0  # where the ``def`` is
    abstract: bool = False  # a method its subclasses implement (``raise NotImplementedError``, ``@abstractmethod``)


@record
class Endpoints:
    """A call given a list of objects to serve (``get_rpc_server(target, endpoints=[self])``): if the call
    turns out to consume, so does every public method of those objects' classes."""

    line: int
    column: int
    classes: tuple[str, ...]  # ``InventoryManager()``: its methods
    bases: tuple[str, ...]  # ``self`` in a base class: the methods of its subclasses


@record
class Hook:
    """A method an in-process bus calls for every event on the plugins that implement it (``on_event``):
    each override in a subclass of ``cls`` is a consume site with no channel."""

    cls: str
    method: str


# -- what a module exports to the others --------------------------------------------------------------------
@record
class OriginExport:
    """An object made from other modules' objects (``topic = app.topic("orders")``, ``app`` imported)."""

    origin: Origin


@record
class DecoratedExport:
    """A function a decorator on an imported object makes an object (``@huey.task()``)."""

    decorator: CallInfo


@record
class FactoryExport:
    """A function returning a library object, maybe built from its parameters (``get_client(target)``)."""

    origin: Origin


Export = Union[Tag, OriginExport, DecoratedExport, FactoryExport]


@record
class Member:
    """What a project class's method returns or its attribute holds, when it is (or may be) a messaging
    object: a template over ``self`` (``SelfRoot``) and the parameters of ``function`` (``ParamRoot``),
    realised project-wide for the object it is asked of (``analyzer.resolve``)."""

    kind: str  # "method", "property" or "attribute"
    origin: Origin
    function: str  # module-qualified: whose parameters the template's ParamRoots are


@record
class FileFacts:
    path: str
    module: str
    sites: tuple[Draft, ...] = ()
    pending: tuple[Pending, ...] = ()
    constants: Mapping[str, Value] = field(default_factory=dict)
    exports: Mapping[str, Export] = field(default_factory=dict)
    declarations: tuple[Declaration, ...] = ()
    tasks: Mapping[str, Value] = field(default_factory=dict)  # task key -> registered name
    imports: tuple[str, ...] = ()  # import roots
    functions: Mapping[str, Signature] = field(default_factory=dict)  # qualified name -> signature
    calls: tuple[ProjectCall, ...] = ()
    handlers: Mapping[str, str] = field(default_factory=dict)  # message class -> delivery (handler maps)
    bus_calls: tuple[BusCall, ...] = ()
    classes: Mapping[str, ClassFacts] = field(default_factory=dict)  # qualified name -> declaration
    message_refs: Mapping[str, str] = field(default_factory=dict)  # message class -> qualified name
    aliases: Mapping[str, str] = field(default_factory=dict)  # project name -> the library API it stands for
    effects: tuple[Draft, ...] = ()  # what functions send or consume without a site of their own (a bus's fire)
    hooks: tuple[Hook, ...] = ()
    members: Mapping[str, Member] = field(default_factory=dict)  # "pkg.mod.Cls.name" -> template
    endpoints: tuple[Endpoints, ...] = ()
    options: Mapping[str, Value] = field(default_factory=dict)  # oslo.config option name -> its default
    # a class decorator factory -> (attribute, parameter): ``assign_queue(name)`` sets ``cls.queue_name = name``
    class_setters: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    imported_modules: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    parsed: bool = False
    dropped_words: tuple[str, ...] = ()  # words only in parts left unparsed (slicing)
    refs: tuple[str, ...] = ()  # the project names its sites, pending calls and message classes refer to

    def unparsed(self, words: Iterable[str]) -> bool:
        """Does one of ``words`` occur in a part of the file that was not parsed?"""
        return bool(self.dropped_words) and not set(self.dropped_words).isdisjoint(words)
