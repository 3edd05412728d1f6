"""MQTT: paho-mqtt and aiomqtt (ex asyncio-mqtt) (api_catalog.md 5.3).

Every MQTT topic is broadcast: each subscriber whose filter matches gets a copy.
The channel is the topic or topic filter as written, wildcards ``+`` and ``#``
kept. ``subscribe`` takes a topic, a ``(topic, qos)`` tuple or a list of those:
one consume site per topic. ``publish.multiple(msgs)`` gives one produce site
per message (dicts with a ``"topic"`` key or ``(topic, payload, qos, retain)``
tuples). ``will_set(topic, payload)`` registers the last will, which the broker
publishes for the client when it disconnects: a produce site.
"""
from typing import Iterable, Optional

from ..calls import CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Concat, EnvVar, Items, Lit, Pairs, Ref, Subscript, Value

_PAHO = "mqtt.paho"
_AIO = "mqtt.aio"


def _site(info: CallInfo, role: str, library: str, api: str, channel: Value, channel_expr: Optional[str],
          message: Optional[str] = None, evidence: Iterable[str] = ()) -> Draft:
    return draft(info, role=role, library=library, transport="mqtt", api=api, kind="topic",
                 delivery="broadcast", channel=channel, channel_expr=channel_expr, message=message,
                 evidence=evidence)


def _library(info: CallInfo) -> str:
    return "aiomqtt" if info.recv is not None and info.recv.kind == _AIO else "paho-mqtt"


def _is_text(value: Optional[Value]) -> bool:
    return type(value) in (Lit, Concat, Ref, EnvVar)


def _split_list_text(text: Optional[str]) -> Optional[list[str]]:
    """``[("a", 0), ("b", 1)]`` -> ``['("a", 0)', '("b", 1)']``: top-level elements of a display."""
    text = (text or "").strip()
    if len(text) < 2 or text[0] + text[-1] not in ("[]", "()"):
        return None
    parts, depth, start, quote = [], 0, 1, None
    for index, char in enumerate(text[1:-1], start=1):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = None
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    last = text[start:-1].strip()
    if last:
        parts.append(last)
    return parts


def topic_filters(value: Value, text: Optional[str]) -> list[tuple[Value, Optional[str]]]:
    """The topics of a subscribe argument: a topic, ``(topic, qos)`` or a list of either."""
    if type(value) is not Items:
        return [(value, text)]
    items = value.items
    stripped = (text or "").strip()
    # a (topic, qos) / (topic, SubscribeOptions(...)) pair: written as a tuple, or a name bound to one
    pair = len(items) == 2 and _is_text(items[0]) and (
        stripped.startswith("(") or (not stripped.startswith("[") and not _is_text(items[1])))
    if pair:
        element_texts = _split_list_text(text)
        return [(items[0], element_texts[0] if element_texts else text)]
    texts: list[Optional[str]] = list(_split_list_text(text) or [])
    if len(texts) != len(items):
        texts = [text] * len(items)
    out: list[tuple[Value, Optional[str]]] = []
    for item, item_text in zip(items, texts):
        if type(item) is Items and item.items:  # (topic, qos) inside a list
            sub_texts = _split_list_text(item_text) or [item_text]
            out.append((item.items[0], sub_texts[0]))
        else:
            out.append((item, item_text))
    return out


def _subscribe(info: CallInfo) -> list[Draft]:
    found = Arg(0, "topic").find(info)
    if found is None:
        return []
    library = _library(info)
    api = "Client.subscribe"
    return [_site(info, "consume", library, api, value, text) for value, text in topic_filters(found.value, found.text)]


def _publish(info: CallInfo) -> list[Draft]:
    found = Arg(0, "topic").find(info)
    if found is None:
        return []
    payload = Arg(1, "payload").find(info)
    return [_site(info, "produce", _library(info), "Client.publish", found.value, found.text,
                  message=payload.message if payload else None)]


def _will_set(info: CallInfo) -> list[Draft]:
    found = Arg(0, "topic").find(info)
    if found is None:
        return []
    return [_site(info, "produce", "paho-mqtt", "Client.will_set", found.value, found.text,
                  evidence=["last will: the broker publishes it when the client disconnects"])]


def _callback_add(info: CallInfo) -> list[Draft]:
    found = Arg(0, "sub").find(info)
    if found is None:
        return []
    return [_site(info, "consume", "paho-mqtt", "Client.message_callback_add", found.value, found.text)]


def _topic_callback(info: CallInfo) -> list[Draft]:
    found = Arg(0, "sub").find(info)
    if found is None or not info.called:
        return []
    return [_site(info, "consume", "paho-mqtt", "@client.topic_callback", found.value, found.text)]


# -- paho.mqtt.publish / paho.mqtt.subscribe helper functions ----------------------------------
def _single(info: CallInfo) -> list[Draft]:
    found = Arg(0, "topic").find(info)
    if found is None:
        return []
    payload = Arg(1, "payload").find(info)
    return [_site(info, "produce", "paho-mqtt", "publish.single", found.value, found.text,
                  message=payload.message if payload else None)]


def _multiple(info: CallInfo) -> list[Draft]:
    """``publish.multiple([{"topic": "a", "payload": ..}, ("b", payload, 0, False)])``."""
    found = Arg(0, "msgs").find(info)
    if found is None:
        return []
    value = found.value
    if type(value) is not Items:
        return [_site(info, "produce", "paho-mqtt", "publish.multiple", Subscript(value, Lit("topic")),
                      found.text)]
    texts: list[Optional[str]] = list(_split_list_text(found.text) or [])
    if len(texts) != len(value.items):
        texts = [found.text] * len(value.items)
    out = []
    for item, text in zip(value.items, texts):
        if type(item) is Pairs:
            channel: Value = Subscript(item, Lit("topic"))
        elif type(item) is Items and item.items:
            channel = item.items[0]
        else:
            channel = UNKNOWN
        out.append(_site(info, "produce", "paho-mqtt", "publish.multiple", channel, text))
    return out


def _simple(info: CallInfo) -> list[Draft]:
    found = Arg(0, "topics").find(info)
    if found is None:
        return []
    return [_site(info, "consume", "paho-mqtt", "subscribe.simple", value, text)
            for value, text in topic_filters(found.value, found.text)]


def _callback(info: CallInfo) -> list[Draft]:
    found = Arg(1, "topics").find(info)
    if found is None:
        return []
    return [_site(info, "consume", "paho-mqtt", "subscribe.callback", value, text)
            for value, text in topic_filters(found.value, found.text)]


# -- the client handed to paho callbacks ---------------------------------------------------------
def _in_paho_callback(info: CallInfo) -> bool:
    """``def on_connect(client, userdata, flags, rc): client.subscribe(...)``: paho passes the client
    to its ``on_*`` callbacks as an untyped parameter; in a file that imports paho, that is the client."""
    if "paho" not in info.imports:
        return False
    if info.recv_binding != "param":  # the engine says how the receiver is bound
        return False
    function = (info.function or "").rsplit(".", 1)[-1]
    return function.startswith("on_")


def _callback_client(spec_fn):
    return lambda info: spec_fn(info) if _in_paho_callback(info) else []


ABOUT = About(
    names="paho-mqtt, aiomqtt",
    produce="`publish`, `publish.single`",
    consume="`subscribe`, `message_callback_add`",
    emits=("paho-mqtt", "aiomqtt"),
)


def register(r: Registry) -> None:
    r.library_roots("paho.mqtt", "aiomqtt", "asyncio_mqtt")

    r.constructor(["paho.mqtt.client.Client", "paho.mqtt.client.Mosquitto"], _PAHO)
    r.constructor(["aiomqtt.Client", "aiomqtt.client.Client", "asyncio_mqtt.Client",
                   "asyncio_mqtt.client.Client"], _AIO)

    r.method(_PAHO, ["publish"], _publish)
    r.method(_PAHO, ["subscribe"], _subscribe)
    r.method(_PAHO, ["will_set"], _will_set)
    r.method(_PAHO, ["message_callback_add"], _callback_add)
    r.decorator_method(_PAHO, ["topic_callback"], _topic_callback)
    r.method(_AIO, ["publish"], _publish)
    r.method(_AIO, ["subscribe"], _subscribe)

    r.function(["paho.mqtt.publish.single"], _single)
    r.function(["paho.mqtt.publish.multiple"], _multiple)
    r.function(["paho.mqtt.subscribe.simple"], _simple)
    r.function(["paho.mqtt.subscribe.callback"], _callback)

    # The file must import paho, so these names need not be prefilter words: the engine keeps these
    # fingerprints out of the prefilter.
    for method, spec_fn in (("publish", _publish), ("subscribe", _subscribe),
                            ("message_callback_add", _callback_add)):
        r.fingerprint([method], _callback_client(spec_fn), prefilter=False)
