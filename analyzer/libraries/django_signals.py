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
from typing import Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..facts import Draft
from ..model import LIBRARY_EMITS
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Items, Lit, Ref, Value

# Only the modules that define signals: is_library() for them, but not for all of
# Django. Prefilter words (matched on word boundaries, dots included): the import
# forms of those modules and the built-in signal names. "django" itself would let
# every file of a Django project in; "dispatch" or "signals" alone too many others.
_MODULES = ("django.dispatch", "django.db.models.signals", "django.core.signals", "django.test.signals",
            "django.contrib.auth.signals", "django.db.backends.signals", "django.utils.autoreload")

_SIGNAL = "django.signal"

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

_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$")


def defined_name(qual: Optional[str], value: Optional[Value], text: Optional[str]) -> Optional[str]:
    """``shop.signals.order_placed`` / ``Ref(...)`` / ``self.order_placed`` -> ``order_placed``."""
    if qual:
        return qual.rsplit(".", 1)[-1]
    if type(value) is Ref:
        return value.name.rsplit(".", 1)[-1]
    text = (text or "").strip()
    if _DOTTED.match(text):
        return text.rsplit(".", 1)[-1].strip()
    return None


def receiver_channel(info: CallInfo) -> tuple[Value, Optional[str]]:
    """The channel of a call on a signal object: its tag's name, else the name that reaches it."""
    recv = info.recv
    text = info.recv_text
    if recv is not None and recv.get("name") is not None:
        return recv.get("name"), recv.get("text") or text
    name = defined_name(info.recv_qual, None, text)
    return (Lit(name) if name else UNKNOWN), text


def split_elements(text: Optional[str]) -> list[str]:
    """``[a, b.c]`` -> ``["a", "b.c"]`` (signal lists hold plain names; no nesting needed)."""
    text = (text or "").strip()
    if len(text) >= 2 and text[0] + text[-1] in ("[]", "()", "{}"):
        text = text[1:-1]
    return [part.strip() for part in text.split(",") if part.strip()]


def arg_channels(arg: ArgInfo) -> list[tuple[Value, Optional[str]]]:
    """One ``(channel value, text)`` per signal an argument names: a signal or a list of them."""
    value = arg.value
    if type(value) is Items:
        texts: list[Optional[str]] = list(split_elements(arg.text))
        if len(texts) != len(value.items):
            texts = [None] * len(value.items)
        out: list[tuple[Value, Optional[str]]] = []
        for item, text in zip(value.items, texts):
            name = defined_name(None, item, text)
            out.append((Lit(name) if name else UNKNOWN, text))
        return out
    tag = arg.tag
    if tag is not None and tag.get("name") is not None:
        return [(tag.get("name"), arg.text)]
    name = defined_name(arg.qual, value, arg.text)
    return [(Lit(name) if name else UNKNOWN, arg.text)]


def _sender_evidence(info: CallInfo, position: Optional[int]) -> list[str]:
    sender = Arg(position, "sender").find(info)
    return [f"sender: {sender.text}"] if sender else []


def _send(info: CallInfo) -> list[Draft]:
    channel, text = receiver_channel(info)
    return [draft(info, role="produce", library="django-signals", transport="inproc",
                  api=f"Signal.{info.method}", kind="signal", delivery="broadcast", channel=channel,
                  channel_expr=text, evidence=_sender_evidence(info, 0))]


def _emitted(tag: Optional[Tag]) -> list[str]:
    """Django sends its built-in signals (post_save, request_finished) itself."""
    return [LIBRARY_EMITS] if tag is not None and tag.get("emitter") else []


def _connect(info: CallInfo) -> list[Draft]:
    channel, text = receiver_channel(info)
    return [draft(info, role="consume", library="django-signals", transport="inproc", api="Signal.connect",
                  kind="signal", delivery="broadcast", channel=channel, channel_expr=text,
                  evidence=_emitted(info.recv) + _sender_evidence(info, 1))]


def _receiver(info: CallInfo) -> list[Draft]:
    """``@receiver(sig)`` / ``@receiver([a, b], sender=Model)``: one site per signal."""
    signals = Arg(0, "signal").find(info)
    if signals is None or not info.called:
        return []
    evidence = _sender_evidence(info, None)
    emitted = _emitted(signals.tag) if type(signals.value) is not Items else []
    return [draft(info, role="consume", library="django-signals", transport="inproc", api="@receiver",
                  kind="signal", delivery="broadcast", channel=channel, channel_expr=text,
                  evidence=emitted + evidence)
            for channel, text in arg_channels(signals)]


def _imported_signal_connect(info: CallInfo) -> list[Draft]:
    """``user_signed_up.connect(handler)`` on a signal another package defines in its ``signals`` module
    (django-allauth, django-registration): untyped, but named by where it comes from, in a Django file."""
    qual = info.recv_qual or ""
    module, _, name = qual.rpartition(".")
    if "signals" not in module.split(".") or "django" not in info.imports:
        return []
    if Arg(0, "receiver").find(info) is None:
        return []
    return [draft(info, role="consume", library="django-signals", transport="inproc", api="Signal.connect",
                  kind="signal", delivery="broadcast", channel=Lit(name), channel_expr=info.recv_text,
                  evidence=[f"a signal of {module}"] + _sender_evidence(info, 1))]


ABOUT = About(
    names="Django signals",
    produce="`send`, `send_robust`, `asend`",
    consume="`@receiver`, `connect`",
    emits=("django-signals",),
)


def register(r: Registry) -> None:
    r.library_roots(*_MODULES, prefilter=("django.dispatch", "import dispatch", ".signals", "import signals"))

    r.constructor(["django.dispatch.Signal", "django.dispatch.dispatcher.Signal",
                   "django.db.models.signals.ModelSignal"], _SIGNAL)

    for module, names in _BUILTINS.items():
        for name in names:
            r.known_object([f"{module}.{name}"], _SIGNAL, name=Lit(name), emitter="django")
        r.prefilter_words.update(names)

    r.method(_SIGNAL, ["send", "send_robust", "asend", "asend_robust"], _send)
    r.method(_SIGNAL, ["connect"], _connect)
    r.fingerprint(["connect"], _imported_signal_connect, prefilter=False, gate=["django"])
    r.decorator_function(["django.dispatch.receiver", "django.dispatch.dispatcher.receiver"], _receiver)
