"""blinker signals, and the Flask / Flask-Login ones built on it (api_catalog.md 7.2).

In-process, broadcast. The channel is the signal's name: ``signal("name")``,
``NamedSignal("name")`` and ``Namespace().signal("name")`` carry it; an anonymous
``Signal()`` is known by the name it is defined under (as Django signals are).
``sig.send(...)`` / ``await sig.send_async(...)`` produce; ``sig.connect(f)``,
``@sig.connect``, ``@sig.connect_via(sender)`` and ``with sig.connected_to(f)``
consume.
"""
from ..apis import REGISTRY as R, Arg, draft
from .django_signals import receiver_channel

R.library_roots("blinker")
# only the signal modules of Flask and Flask-Login, not all of them
R.library_roots("flask.signals", "flask_login.signals", prefilter=())

_SIGNAL = "blinker.signal"
_NAMESPACE = "blinker.namespace"


def _named(info):
    name = Arg(0, "name").find(info)
    return {"name": name["ir"], "text": name["text"]} if name else {}


R.constructor(["blinker.signal", "blinker.base.signal"], _SIGNAL, attrs=_named, annotation=False)
R.constructor(["blinker.NamedSignal", "blinker.base.NamedSignal"], _SIGNAL, attrs=_named)
R.constructor(["blinker.Signal", "blinker.base.Signal"], _SIGNAL)  # p0 is a doc string, not a name
R.constructor(["blinker.Namespace", "blinker.base.Namespace", "blinker.WeakNamespace",
               "blinker.base.WeakNamespace", "flask.signals.Namespace"], _NAMESPACE)
R.known_object(["blinker.default_namespace", "blinker.base.default_namespace"], _NAMESPACE)
R.factory(_NAMESPACE, ["signal"], _SIGNAL, attrs=lambda base, info: _named(info))

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
for _modules, _signals in _LIBRARY_SIGNALS.items():
    for _variable, _name in _signals.items():
        R.known_object([f"{module}.{_variable}" for module in _modules], _SIGNAL, name=["lit", _name],
                       text=repr(_name))
    R.prefilter_words.update(_signals)  # "from flask import request_finished" names no blinker module


def _site(info, role: str, api: str, evidence=()):
    channel_ir, text = receiver_channel(info)
    return [draft(info, role=role, library="blinker", transport="inproc", api=api, kind="signal",
                  delivery="broadcast", channel_ir=channel_ir, channel_expr=text, evidence=evidence)]


def _sender(info, arg: Arg):
    sender = arg.find(info)
    return [f"sender: {sender['text']}"] if sender else []


def _send(info):
    return _site(info, "produce", f"signal.{info['method']}", _sender(info, Arg(0)))


def _connect(info):
    return _site(info, "consume", "signal.connect", _sender(info, Arg(1, "sender")))


def _connect_via_call(info):
    """``sig.connect_via(app)(handler)``: a site only once the decorator is applied."""
    if info.get("then") != "()":
        return []
    return _site(info, "consume", "signal.connect_via", _sender(info, Arg(0, "sender")))


def _connected_to(info):
    return _site(info, "consume", "signal.connected_to", _sender(info, Arg(1, "sender")))


def _decorator_connect(info):
    return _site(info, "consume", "@signal.connect", _sender(info, Arg(None, "sender")))


def _decorator_connect_via(info):
    if not info.get("called"):
        return []
    return _site(info, "consume", "@signal.connect_via", _sender(info, Arg(0, "sender")))


R.method(_SIGNAL, ["send", "send_async"], _send)
R.method(_SIGNAL, ["connect"], _connect)
R.method(_SIGNAL, ["connect_via"], _connect_via_call)
R.method(_SIGNAL, ["connected_to"], _connected_to)
R.decorator_method(_SIGNAL, ["connect"], _decorator_connect)
R.decorator_method(_SIGNAL, ["connect_via"], _decorator_connect_via)
