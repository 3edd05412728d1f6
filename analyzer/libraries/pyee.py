"""pyee event emitters (api_catalog.md 7.3): in-process, the channel is the event name.

``ee = EventEmitter()`` (or the asyncio/twisted/trio/executor variants, and
``uplift(...)``); ``ee.emit("event", ...)`` produces, ``ee.on("event", f)``,
``@ee.on("event")``, ``add_listener``, ``once`` and ``listens_to`` consume, as does
``pyee.cls.on("event")`` on a method of an ``@evented`` class.
"""
from ..apis import REGISTRY as R, Arg, spec

R.library_roots("pyee")

_EMITTER = "pyee.emitter"
R.constructor([
    "pyee.EventEmitter", "pyee.base.EventEmitter",
    "pyee.asyncio.AsyncIOEventEmitter", "pyee.twisted.TwistedEventEmitter", "pyee.trio.TrioEventEmitter",
    "pyee.executor.ExecutorEventEmitter",
    # pyee < 9 exported every flavour from the package itself
    "pyee.BaseEventEmitter", "pyee.AsyncIOEventEmitter", "pyee.TwistedEventEmitter", "pyee.TrioEventEmitter",
    "pyee.ExecutorEventEmitter",
], _EMITTER)
R.constructor(["pyee.uplift.uplift"], _EMITTER, annotation=False)


def _called(info) -> bool:
    """``@ee.on("event")``: the decorator form always names the event."""
    return bool(info.get("called"))


def _pyee(role: str, api: str, **kw):
    return spec(role=role, library="pyee", transport="inproc", kind="event_type", delivery="broadcast", api=api,
                channel=Arg(0, "event"), **kw)


R.method(_EMITTER, ["emit"], _pyee("produce", "EventEmitter.emit"))
for _method in ("on", "add_listener", "once", "listens_to"):
    R.method(_EMITTER, [_method], _pyee("consume", f"EventEmitter.{_method}"))
    R.decorator_method(_EMITTER, [_method], _pyee("consume", f"@EventEmitter.{_method}", when=_called))
R.decorator_function(["pyee.cls.on"], _pyee("consume", "@pyee.cls.on", when=_called))
