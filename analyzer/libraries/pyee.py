"""pyee event emitters (api_catalog.md 7.3): in-process, the channel is the event name.

``ee = EventEmitter()`` (or the asyncio/twisted/trio/executor variants, and
``uplift(...)``); ``ee.emit("event", ...)`` produces, ``ee.on("event", f)``,
``@ee.on("event")``, ``add_listener``, ``once`` and ``listens_to`` consume, as does
``pyee.cls.on("event")`` on a method of an ``@evented`` class.
"""
from ..calls import CallInfo
from ..registry import About, Arg, Registry, spec

_EMITTER = "pyee.emitter"


def _called(info: CallInfo) -> bool:
    """``@ee.on("event")``: the decorator form always names the event."""
    return bool(info.called)


def _pyee(role: str, api: str, **kw):
    return spec(role=role, library="pyee", transport="inproc", kind="event_type", delivery="broadcast", api=api,
                channel=Arg(0, "event"), **kw)


ABOUT = About(
    names="pyee",
    produce="`emit`",
    consume="`on`, `@ee.on`, `add_listener`, `once`",
    emits=("pyee",),
)


def register(r: Registry) -> None:
    r.library_roots("pyee")

    r.constructor([
        "pyee.EventEmitter", "pyee.base.EventEmitter",
        "pyee.asyncio.AsyncIOEventEmitter", "pyee.twisted.TwistedEventEmitter", "pyee.trio.TrioEventEmitter",
        "pyee.executor.ExecutorEventEmitter",
        # pyee < 9 exported every flavour from the package itself
        "pyee.BaseEventEmitter", "pyee.AsyncIOEventEmitter", "pyee.TwistedEventEmitter", "pyee.TrioEventEmitter",
        "pyee.ExecutorEventEmitter",
    ], _EMITTER)
    r.constructor(["pyee.uplift.uplift"], _EMITTER, annotation=False)

    r.method(_EMITTER, ["emit"], _pyee("produce", "EventEmitter.emit"))
    for method in ("on", "add_listener", "once", "listens_to"):
        r.method(_EMITTER, [method], _pyee("consume", f"EventEmitter.{method}"))
        r.decorator_method(_EMITTER, [method], _pyee("consume", f"@EventEmitter.{method}", when=_called))
    r.decorator_function(["pyee.cls.on"], _pyee("consume", "@pyee.cls.on", when=_called))
