"""MQTT: paho-mqtt and aiomqtt (ex asyncio-mqtt) (api_catalog.md 5.3).

Every MQTT topic is broadcast: each subscriber whose filter matches gets a copy.
The channel is the topic or topic filter as written, wildcards ``+`` and ``#``
kept. ``subscribe`` takes a topic, a ``(topic, qos)`` tuple or a list of those:
one consume site per topic. ``publish.multiple(msgs)`` gives one produce site
per message (dicts with a ``"topic"`` key or ``(topic, payload, qos, retain)``
tuples). ``will_set(topic, payload)`` registers the last will, which the broker
publishes for the client when it disconnects: a produce site.
"""
from ..apis import REGISTRY as R, Arg, draft

R.library_roots("paho.mqtt", "aiomqtt", "asyncio_mqtt")

_PAHO = "mqtt.paho"
_AIO = "mqtt.aio"

R.constructor(["paho.mqtt.client.Client", "paho.mqtt.client.Mosquitto"], _PAHO)
R.constructor(["aiomqtt.Client", "aiomqtt.client.Client", "asyncio_mqtt.Client",
               "asyncio_mqtt.client.Client"], _AIO)


def _site(info, role, library, api, channel_ir, channel_expr, message=None, evidence=()):
    return draft(info, role=role, library=library, transport="mqtt", api=api, kind="topic",
                 delivery="broadcast", channel_ir=channel_ir, channel_expr=channel_expr, message=message,
                 evidence=evidence)


def _library(info) -> str:
    recv = info.get("recv") or {}
    return "aiomqtt" if recv.get("kind") == _AIO else "paho-mqtt"


def _is_text(ir) -> bool:
    return bool(ir) and ir[0] in ("lit", "cat", "ref", "env") and not (ir[0] == "lit" and not isinstance(ir[1], str))


def _split_list_text(text):
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


def topic_filters(ir, text):
    """The topics of a subscribe argument: a topic, ``(topic, qos)`` or a list of either."""
    if not ir or ir[0] != "list":
        return [(ir, text)]
    items = ir[1]
    stripped = (text or "").strip()
    # a (topic, qos) / (topic, SubscribeOptions(...)) pair: written as a tuple, or a name bound to one
    pair = len(items) == 2 and _is_text(items[0]) and (
        stripped.startswith("(") or (not stripped.startswith("[") and not _is_text(items[1])))
    if pair:
        element_texts = _split_list_text(text)
        return [(items[0], element_texts[0] if element_texts else text)]
    texts = _split_list_text(text) or []
    if len(texts) != len(items):
        texts = [text] * len(items)
    out = []
    for item, item_text in zip(items, texts):
        if item and item[0] == "list" and item[1]:  # (topic, qos) inside a list
            sub_texts = _split_list_text(item_text) or [item_text]
            out.append((item[1][0], sub_texts[0]))
        else:
            out.append((item, item_text))
    return out


def _subscribe(info):
    found = Arg(0, "topic").find(info)
    if found is None:
        return []
    library = _library(info)
    api = "Client.subscribe"
    return [_site(info, "consume", library, api, ir, text) for ir, text in topic_filters(found["ir"], found["text"])]


def _publish(info):
    found = Arg(0, "topic").find(info)
    if found is None:
        return []
    payload = Arg(1, "payload").find(info)
    return [_site(info, "produce", _library(info), "Client.publish", found["ir"], found["text"],
                  message=payload["cls"] if payload else None)]


def _will_set(info):
    found = Arg(0, "topic").find(info)
    if found is None:
        return []
    return [_site(info, "produce", "paho-mqtt", "Client.will_set", found["ir"], found["text"],
                  evidence=["last will: the broker publishes it when the client disconnects"])]


def _callback_add(info):
    found = Arg(0, "sub").find(info)
    if found is None:
        return []
    return [_site(info, "consume", "paho-mqtt", "Client.message_callback_add", found["ir"], found["text"])]


def _topic_callback(info):
    found = Arg(0, "sub").find(info)
    if found is None or not info.get("called"):
        return []
    return [_site(info, "consume", "paho-mqtt", "@client.topic_callback", found["ir"], found["text"])]


R.method(_PAHO, ["publish"], _publish)
R.method(_PAHO, ["subscribe"], _subscribe)
R.method(_PAHO, ["will_set"], _will_set)
R.method(_PAHO, ["message_callback_add"], _callback_add)
R.decorator_method(_PAHO, ["topic_callback"], _topic_callback)
R.method(_AIO, ["publish"], _publish)
R.method(_AIO, ["subscribe"], _subscribe)


# -- paho.mqtt.publish / paho.mqtt.subscribe helper functions ----------------------------------
def _single(info):
    found = Arg(0, "topic").find(info)
    if found is None:
        return []
    payload = Arg(1, "payload").find(info)
    return [_site(info, "produce", "paho-mqtt", "publish.single", found["ir"], found["text"],
                  message=payload["cls"] if payload else None)]


def _multiple(info):
    """``publish.multiple([{"topic": "a", "payload": ..}, ("b", payload, 0, False)])``."""
    found = Arg(0, "msgs").find(info)
    if found is None:
        return []
    ir = found["ir"]
    if ir[0] != "list":
        return [_site(info, "produce", "paho-mqtt", "publish.multiple", ["sub", ir, ["lit", "topic"]],
                      found["text"])]
    texts = _split_list_text(found["text"]) or []
    if len(texts) != len(ir[1]):
        texts = [found["text"]] * len(ir[1])
    out = []
    for item, text in zip(ir[1], texts):
        if item[0] == "dict":
            channel = ["sub", item, ["lit", "topic"]]
        elif item[0] == "list" and item[1]:
            channel = item[1][0]
        else:
            channel = ["unknown"]
        out.append(_site(info, "produce", "paho-mqtt", "publish.multiple", channel, text))
    return out


def _simple(info):
    found = Arg(0, "topics").find(info)
    if found is None:
        return []
    return [_site(info, "consume", "paho-mqtt", "subscribe.simple", ir, text)
            for ir, text in topic_filters(found["ir"], found["text"])]


def _callback(info):
    found = Arg(1, "topics").find(info)
    if found is None:
        return []
    return [_site(info, "consume", "paho-mqtt", "subscribe.callback", ir, text)
            for ir, text in topic_filters(found["ir"], found["text"])]


R.function(["paho.mqtt.publish.single"], _single)
R.function(["paho.mqtt.publish.multiple"], _multiple)
R.function(["paho.mqtt.subscribe.simple"], _simple)
R.function(["paho.mqtt.subscribe.callback"], _callback)


# -- the client handed to paho callbacks ---------------------------------------------------------
def _in_paho_callback(info) -> bool:
    """``def on_connect(client, userdata, flags, rc): client.subscribe(...)``: paho passes the client
    to its ``on_*`` callbacks as an untyped parameter; in a file that imports paho, that is the client."""
    if "paho" not in (info.get("imports") or ()):
        return False
    if info.get("recv_binding", "param") != "param":  # engines that say how the receiver is bound
        return False
    function = (info.get("function") or "").rsplit(".", 1)[-1]
    return function.startswith("on_")


def _callback_client(spec_fn):
    return lambda info: spec_fn(info) if _in_paho_callback(info) else []


# The file must import paho, so these names need not be prefilter words where the engine can keep a
# fingerprint out of the prefilter; elsewhere only "publish" (already a word, for boto3 SNS) is registered.
try:
    for _method, _spec in (("publish", _publish), ("subscribe", _subscribe), ("message_callback_add", _callback_add)):
        R.fingerprint([_method], _callback_client(_spec), prefilter=False)  # type: ignore[call-arg]
except TypeError:
    R.fingerprint(["publish"], _callback_client(_publish))
