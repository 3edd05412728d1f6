"""blinker signals, and the Flask / Flask-Login ones built on it (api_catalog.md 7.2).

In-process, broadcast. The channel is the signal's name: ``signal("name")``,
``NamedSignal("name")`` and ``Namespace().signal("name")`` carry it; an anonymous
``Signal()`` is known by the name it is defined under (as Django signals are).
``sig.send(...)`` / ``await sig.send_async(...)`` produce; ``sig.connect(f)``,
``@sig.connect``, ``@sig.connect_via(sender)`` and ``with sig.connected_to(f)``
consume.
"""
from typing import Iterable

from ..calls import CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import Lit
from .django_signals import receiver_channel

_SIGNAL = "blinker.signal"
_NAMESPACE = "blinker.namespace"


def _named(info: CallInfo) -> dict:
    name = Arg(0, "name").find(info)
    return {"name": name.value, "text": name.text} if name else {}


# Signals that libraries define with Namespace().signal("...") (the name is the string).
_LIBRARY_SIGNALS = {
    ("flask", "flask.signals"): {
        "template_rendered": "template-rendered", "before_render_template": "before-render-template",
        "request_started": "request-started", "request_finished": "request-finished",
        "request_tearing_down": "request-tearing-down", "got_request_exception": "got-request-exception",
        "appcontext_tearing_down": "appcontext-tearing-down", "appcontext_pushed": "appcontext-pushed",
        "appcontext_popped": "appcontext-popped", "message_flashed": "message-flashed",
    },
    ("flask_login", "flask_login.signals"): {
        "user_logged_in": "logged-in", "user_logged_out": "logged-out",
        "user_loaded_from_cookie": "loaded-from-cookie", "user_loaded_from_header": "loaded-from-header",
        "user_loaded_from_request": "loaded-from-request", "user_login_confirmed": "login-confirmed",
        "user_unauthorized": "unauthorized", "user_needs_refresh": "needs-refresh",
        "user_accessed": "accessed", "session_protected": "session-protected",
    },
}


def _site(info: CallInfo, role: str, api: str, evidence: Iterable[str] = ()) -> list[Draft]:
    channel, text = receiver_channel(info)
    return [draft(info, role=role, library="blinker", transport="inproc", api=api, kind="signal",
                  delivery="broadcast", channel=channel, channel_expr=text, evidence=evidence)]


def _sender(info: CallInfo, arg: Arg) -> list[str]:
    sender = arg.find(info)
    return [f"sender: {sender.text}"] if sender else []


def _send(info: CallInfo) -> list[Draft]:
    return _site(info, "produce", f"signal.{info.method}", _sender(info, Arg(0)))


def _connect(info: CallInfo) -> list[Draft]:
    return _site(info, "consume", "signal.connect", _sender(info, Arg(1, "sender")))


def _connect_via_call(info: CallInfo) -> list[Draft]:
    """``sig.connect_via(app)(handler)``: a site only once the decorator is applied."""
    if info.then != "()":
        return []
    return _site(info, "consume", "signal.connect_via", _sender(info, Arg(0, "sender")))


def _connected_to(info: CallInfo) -> list[Draft]:
    return _site(info, "consume", "signal.connected_to", _sender(info, Arg(1, "sender")))


def _decorator_connect(info: CallInfo) -> list[Draft]:
    return _site(info, "consume", "@signal.connect", _sender(info, Arg(None, "sender")))


def _decorator_connect_via(info: CallInfo) -> list[Draft]:
    if not info.called:
        return []
    return _site(info, "consume", "@signal.connect_via", _sender(info, Arg(0, "sender")))


ABOUT = About(
    names="blinker (and Flask signals)",
    produce="`send`, `send_async`",
    consume="`connect`, `@sig.connect`, `connect_via`, `connected_to`",
    emits=("blinker",),
)


def register(r: Registry) -> None:
    r.library_roots("blinker")
    # only the signal modules of Flask and Flask-Login, not all of them
    r.library_roots("flask.signals", "flask_login.signals", prefilter=())

    r.constructor(["blinker.signal", "blinker.base.signal"], _SIGNAL, attrs=_named, annotation=False)
    r.constructor(["blinker.NamedSignal", "blinker.base.NamedSignal"], _SIGNAL, attrs=_named)
    r.constructor(["blinker.Signal", "blinker.base.Signal"], _SIGNAL)  # p0 is a doc string, not a name
    r.constructor(["blinker.Namespace", "blinker.base.Namespace", "blinker.WeakNamespace",
                   "blinker.base.WeakNamespace", "flask.signals.Namespace"], _NAMESPACE)
    r.known_object(["blinker.default_namespace", "blinker.base.default_namespace"], _NAMESPACE)
    r.factory(_NAMESPACE, ["signal"], _SIGNAL, attrs=lambda base, info: _named(info))

    for modules, signals in _LIBRARY_SIGNALS.items():
        for variable, name in signals.items():
            r.known_object([f"{module}.{variable}" for module in modules], _SIGNAL, name=Lit(name),
                           text=repr(name))
        r.prefilter_words.update(signals)  # "from flask import request_finished" names no blinker module

    r.method(_SIGNAL, ["send", "send_async"], _send)
    r.method(_SIGNAL, ["connect"], _connect)
    r.method(_SIGNAL, ["connect_via"], _connect_via_call)
    r.method(_SIGNAL, ["connected_to"], _connected_to)
    r.decorator_method(_SIGNAL, ["connect"], _decorator_connect)
    r.decorator_method(_SIGNAL, ["connect_via"], _decorator_connect_via)
