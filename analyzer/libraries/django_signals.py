"""Django signals (api_catalog.md 7.1): in-process, the channel is the signal's defining name.

A project signal ``order_placed = Signal()`` is the channel ``order_placed``, the
built-in ones (``post_save``, ``request_finished``, ``user_logged_in``...) their
own names. ``sig.send/send_robust/asend/asend_robust`` produce; ``sig.connect(f)``
and ``@receiver(sig)`` / ``@receiver([a, b])`` (one site per signal) consume.

A ``Signal()`` object does not know the name it is bound to, so the name is taken
from the expression that reaches it: the qualified name of an imported signal
(``shop.signals.order_placed``), else the last part of a plain dotted expression
(``order_placed``, ``self.order_placed``, ``Cart.checked_out``).
"""
import re

from ..apis import REGISTRY as R, Arg, draft
from ..model import LIBRARY_EMITS

# Only the modules that define signals: is_library() for them, but not for all of
# Django. Prefilter words (matched on word boundaries, dots included): the import
# forms of those modules and the built-in signal names. "django" itself would let
# every file of a Django project in; "dispatch" or "signals" alone too many others.
_MODULES = ("django.dispatch", "django.db.models.signals", "django.core.signals", "django.test.signals",
            "django.contrib.auth.signals", "django.db.backends.signals", "django.utils.autoreload")
R.library_roots(*_MODULES, prefilter=("django.dispatch", "import dispatch", ".signals", "import signals"))

_SIGNAL = "django.signal"
R.constructor(["django.dispatch.Signal", "django.dispatch.dispatcher.Signal",
               "django.db.models.signals.ModelSignal"], _SIGNAL)

_BUILTINS = {
    "django.db.models.signals": ("pre_init", "post_init", "pre_save", "post_save", "pre_delete", "post_delete",
                                 "m2m_changed", "pre_migrate", "post_migrate", "class_prepared"),
    "django.core.signals": ("request_started", "request_finished", "got_request_exception", "setting_changed"),
    "django.test.signals": ("setting_changed", "template_rendered"),
    "django.contrib.auth.signals": ("user_logged_in", "user_logged_out", "user_login_failed"),
    "django.contrib.auth": ("user_logged_in", "user_logged_out", "user_login_failed"),
    "django.db.backends.signals": ("connection_created",),
    "django.utils.autoreload": ("autoreload_started", "file_changed"),
}
for _module, _names in _BUILTINS.items():
    for _name in _names:
        R.known_object([f"{_module}.{_name}"], _SIGNAL, name=["lit", _name], emitter="django")
    R.prefilter_words.update(_names)

_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$")


def defined_name(qual, ir, text):
    """``shop.signals.order_placed`` / ``["ref", ...]`` / ``self.order_placed`` -> ``order_placed``."""
    if qual:
        return qual.rsplit(".", 1)[-1]
    if ir and ir[0] == "ref":
        return ir[1].rsplit(".", 1)[-1]
    text = (text or "").strip()
    if _DOTTED.match(text):
        return text.rsplit(".", 1)[-1].strip()
    return None


def receiver_channel(info):
    """The channel of a call on a signal object: its tag's name, else the name that reaches it."""
    recv = info.get("recv") or {}
    text = info.get("recv_text")
    if recv.get("name"):
        return recv["name"], recv.get("text") or text
    name = defined_name(info.get("recv_qual"), None, text)
    return (["lit", name] if name else ["unknown"]), text


def split_elements(text):
    """``[a, b.c]`` -> ``["a", "b.c"]`` (signal lists hold plain names; no nesting needed)."""
    text = (text or "").strip()
    if len(text) >= 2 and text[0] + text[-1] in ("[]", "()", "{}"):
        text = text[1:-1]
    return [part.strip() for part in text.split(",") if part.strip()]


def arg_channels(arg):
    """One ``(channel_ir, text)`` per signal an argument names: a signal or a list of them."""
    ir = arg["ir"]
    if ir and ir[0] == "list":
        texts = split_elements(arg["text"])
        if len(texts) != len(ir[1]):
            texts = [None] * len(ir[1])
        out = []
        for item, text in zip(ir[1], texts):
            name = defined_name(None, item, text)
            out.append((["lit", name] if name else ["unknown"], text))
        return out
    tag = arg.get("tag") or {}
    if tag.get("name"):
        return [(tag["name"], arg["text"])]
    name = defined_name(arg.get("qual"), ir, arg["text"])
    return [(["lit", name] if name else ["unknown"], arg["text"])]


def _sender_evidence(info, position):
    sender = Arg(position, "sender").find(info)
    return [f"sender: {sender['text']}"] if sender else []


def _send(info):
    channel_ir, text = receiver_channel(info)
    return [draft(info, role="produce", library="django-signals", transport="inproc",
                  api=f"Signal.{info['method']}", kind="signal", delivery="broadcast", channel_ir=channel_ir,
                  channel_expr=text, evidence=_sender_evidence(info, 0))]


def _emitted(tag):
    """Django sends its built-in signals (post_save, request_finished) itself."""
    return [LIBRARY_EMITS] if (tag or {}).get("emitter") else []


def _connect(info):
    channel_ir, text = receiver_channel(info)
    return [draft(info, role="consume", library="django-signals", transport="inproc", api="Signal.connect",
                  kind="signal", delivery="broadcast", channel_ir=channel_ir, channel_expr=text,
                  evidence=_emitted(info.get("recv")) + _sender_evidence(info, 1))]


def _receiver(info):
    """``@receiver(sig)`` / ``@receiver([a, b], sender=Model)``: one site per signal."""
    signals = Arg(0, "signal").find(info)
    if signals is None or not info.get("called"):
        return []
    evidence = _sender_evidence(info, None)
    emitted = _emitted(signals.get("tag")) if (signals["ir"] or [None])[0] != "list" else []
    return [draft(info, role="consume", library="django-signals", transport="inproc", api="@receiver",
                  kind="signal", delivery="broadcast", channel_ir=channel_ir, channel_expr=text,
                  evidence=emitted + evidence)
            for channel_ir, text in arg_channels(signals)]


R.method(_SIGNAL, ["send", "send_robust", "asend", "asend_robust"], _send)
R.method(_SIGNAL, ["connect"], _connect)
R.decorator_function(["django.dispatch.receiver", "django.dispatch.dispatcher.receiver"], _receiver)
