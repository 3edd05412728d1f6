"""Call descriptions: what a library module's specs read about one call or decorator.

Extraction describes every call that may be a site as a :class:`CallInfo` (``analyzer.describe``);
the registry matches it against the library specs, inside one file or, for an object another
module makes, at resolve time. Everything here is immutable and can be cached.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional, Union

from .codec import record
from .values import Value


@record
class Tag:
    """What kind of messaging object an expression holds (``kafka.producer``), with its known settings
    (values, texts or flags, by name)."""

    kind: str
    attrs: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        for name, value in self.attrs:
            if name == key:
                return value
        return default

    @classmethod
    def make(cls, kind: str, **attrs: Any) -> "Tag":
        return cls(kind, tuple(sorted((k, v) for k, v in attrs.items() if v is not None)))


@record
class ArgInfo:
    """One argument of a call."""

    kw: Optional[str]  # the keyword, None when positional
    star: str  # "", "*" or "**"
    value: Value  # what it stands for, as a channel name would
    text: str  # its source text
    tag: Optional[Tag] = None  # the messaging object it holds
    qual: Optional[str] = None  # the qualified name it refers to
    message: Optional[str] = None  # the message class it is built from (``OrderPlaced(...)``)
    callable: bool = False  # a name, attribute or lambda (a callback, a task function)
    signatures: tuple[Value, ...] = ()  # task names of the canvas members it holds (``[a.s(), b.si()]``)
    param: Optional[str] = None  # the parameter of a project factory function it is
    origin: Optional["Origin"] = None  # how it is made from another module's objects

    @property
    def positional(self) -> bool:
        return self.kw is None and not self.star


@record
class Target:
    """The definition a decorator decorates."""

    name: str
    qualname: str  # module-relative
    is_class: bool
    class_attrs: Mapping[str, Value]  # string-valued class attributes (of a method's class)
    returns: Optional[str] = None  # the message class its return annotation names


@record
class PreviousCall:
    """The call before this one on the same receiver in the same function (ZMQ's ``SNDMORE`` frames)."""

    method: str
    args: tuple[str, ...]  # source texts


@record
class CallInfo:
    """A call (or a decorator, then with a ``target``) as the library specs see it."""

    func: Optional[str]  # the callee's qualified name (``kafka.KafkaProducer``)
    name: Optional[str]  # the callee's last name
    method: Optional[str] = None  # for ``x.m(...)``: ``m``
    callee: Optional[Tag] = None  # the object called itself (``self.dispatch(...)``, a huey task)
    recv: Optional[Tag] = None  # for ``x.m(...)``: the object ``x`` holds
    recv_qual: Optional[str] = None  # for ``x.m(...)``: the qualified name ``x`` refers to
    recv_text: Optional[str] = None  # for ``x.m(...)``: the source text of ``x``
    recv_binding: Optional[str] = None  # how an untyped receiver name is bound: "param", "expr", ...
    task_qual: Optional[str] = None  # the function behind ``add.s(1).delay()``
    args: tuple[ArgInfo, ...] = ()
    then: Optional[str] = None  # the method called on the call's result, "()" when it is called
    function: str = "<module>"  # the enclosing function, module-relative
    in_class: Optional[str] = None  # the enclosing class, module-relative
    module: str = ""
    imports: tuple[str, ...] = ()  # the import roots of the file
    previous: Optional[PreviousCall] = None
    bound_decorators: tuple["CallInfo", ...] = ()  # of the function whose first parameter is the receiver
    target: Optional[Target] = None  # a decorator's definition
    called: bool = False  # a decorator written with parentheses

    def arg(self, pos: Optional[int] = None, kw: Optional[str] = None) -> Optional[ArgInfo]:
        """The argument given by keyword ``kw``, else the ``pos``-th positional one (after ``self``)."""
        if kw is not None:
            for arg in self.args:
                if arg.kw == kw:
                    return arg
        if pos is not None:
            index = 0
            for arg in self.args:
                if arg.kw is None and not arg.star:
                    if index == pos:
                        return arg
                    index += 1
        return None

    @property
    def positional(self) -> list[ArgInfo]:
        return [arg for arg in self.args if arg.kw is None and not arg.star]

    @property
    def keywords(self) -> set[str]:
        return {arg.kw for arg in self.args if arg.kw is not None}


# -- origins: objects made from other modules' objects, typed once those are known ------------------------
@record
class RefRoot:
    """An imported project name."""

    qualname: str


@record
class TagRoot:
    """A library object typed in this file."""

    tag: Tag


@record
class CtorRoot:
    """A library constructor call."""

    qualname: str
    call: CallInfo


@record
class SelfRoot:
    """``self`` in a method of the project class ``cls`` (module-qualified): at resolve time, the object
    the method is called on, of ``cls`` or a subclass."""

    cls: str


@record
class ParamRoot:
    """A parameter of the function an origin is the template of (``self.default_client = default_client``
    in ``__init__``): bound to the caller's argument at resolve time."""

    name: str


@record
class MethodStep:
    name: str
    call: CallInfo


@record
class AttrStep:
    name: str


@record
class Origin:
    """How an object is made: a root, then method calls and attributes (``rpc.get_client(t).prepare()``)."""

    root: Union[RefRoot, TagRoot, CtorRoot, SelfRoot, ParamRoot]
    steps: tuple[Union[MethodStep, AttrStep], ...] = ()

    @property
    def project_rooted(self) -> bool:
        """Made from a project object, typed only project-wide."""
        return type(self.root) is RefRoot or type(self.root) is SelfRoot

    def then(self, step: Union[MethodStep, AttrStep]) -> "Origin":
        return Origin(self.root, self.steps + (step,))
