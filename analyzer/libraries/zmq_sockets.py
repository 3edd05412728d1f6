"""pyzmq (api_catalog.md 5.4): the socket type decides what a send or receive means.

``ctx.socket(zmq.PUB)`` tags the socket with its type (``zmq.socket{type: PUB}``):
- PUB: every ``send*`` is a broadcast produce. Its channel is the topic, the prefix
  subscribers match: the first frame of ``send_multipart([b"topic", body])``, a frame
  sent with ``zmq.SNDMORE``, or the text before the first space of a single frame
  (``send_string(f"prices {data}")``). With no literal topic (``send_json(obj)``) the
  channel is the socket's address (kind ``other``).
- SUB: ``setsockopt(zmq.SUBSCRIBE, b"t")``, ``setsockopt_string(zmq.SUBSCRIBE, "t")``
  and ``subscribe("t")`` consume topic ``t`` (broadcast); ``recv*`` is not a site.
- PUSH ``send*`` produces, PULL ``recv*`` consumes, point-to-point, channel = address.
- REQ ``send*`` produces and waits for the answer (reply); REP ``recv*`` consumes.
  The answer (REP ``send``, REQ ``recv``) is not a site.
- DEALER ``send*`` produces, ROUTER ``recv*`` consumes (point-to-point).
The address comes from ``bind``/``connect`` on the same socket, recorded on the tag
(``address``); otherwise it is unknown. A TCP address is written with the host ``*``
(``tcp://*:5557``) so both ends meet: here when the address is written in the call,
by the ``endpoint`` fold (registered below) when it is only known once rendered (a
constructor default, an imported constant).
"""
import re
from typing import Iterable, Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Concat, EnvVar, Items, Lit, Param, Ref, Value

_CONTEXT = "zmq.context"
_SOCKET = "zmq.socket"
_TYPES = {"PUB", "SUB", "XPUB", "XSUB", "PUSH", "PULL", "REQ", "REP", "DEALER", "ROUTER", "PAIR", "STREAM"}


def socket_type(arg: Optional[ArgInfo]) -> Optional[str]:
    """``zmq.PUB``, ``zmq.SocketType.PUB``, ``from zmq import PUB`` -> ``PUB``."""
    if arg is None:
        return None
    for text in (arg.qual, arg.text):
        if text:
            name = text.rsplit(".", 1)[-1].strip()
            if name in _TYPES:
                return name
    return None


def _socket_attrs(position: int):
    """Attrs of ``ctx.socket(type)`` (factory: ``(tag, info)``) and ``Socket(ctx, type)`` (constructor: ``(info)``)."""
    def attrs(*args) -> dict:
        info: CallInfo = args[-1]
        found = socket_type(Arg(position, "socket_type").find(info))
        return {"type": found} if found else {}
    return attrs


def _stream_attrs(info: CallInfo) -> dict:
    """``ZMQStream(sock)``: a stream over a socket has the socket's type."""
    found = Arg(0, "socket").find(info)
    tag = found.tag if found is not None else None
    if tag is None or tag.kind != _SOCKET:
        return {}
    return dict(tag.attrs)


_SENDS = ["send", "send_string", "send_unicode", "send_json", "send_pyobj", "send_multipart", "send_serialized"]
_RECVS = ["recv", "recv_string", "recv_unicode", "recv_json", "recv_pyobj", "recv_multipart", "recv_serialized",
          "on_recv", "on_recv_stream"]
_TEXT_SENDS = {"send", "send_string", "send_unicode"}

# socket type -> (delivery, reply) of its sends
_PRODUCERS = {"PUB": ("broadcast", False), "XPUB": ("broadcast", False), "PUSH": ("point-to-point", False),
              "REQ": ("point-to-point", True), "DEALER": ("point-to-point", False)}
_CONSUMERS = {"PULL", "REP", "ROUTER"}


def _has_literal(value: Optional[Value]) -> bool:
    kind = type(value)
    if kind is Lit:
        return value.text != ""  # an empty first frame carries no topic
    if kind in (Ref, EnvVar, Param):
        return True
    if kind is Concat:
        return any(_has_literal(part) for part in value.parts)
    return False


def _before_space(value: Value) -> Optional[Value]:
    """The topic of a one-frame message: its text up to the first space (all of it if none)."""
    if type(value) is Lit:
        return Lit(value.text.split(" ", 1)[0])
    if type(value) is Concat:
        parts: list[Value] = []
        for part in value.parts:
            if type(part) is Lit and " " in part.text:
                head = part.text.split(" ", 1)[0]
                if head:
                    parts.append(Lit(head))
                break
            parts.append(part)
        if any(type(part) is Lit for part in parts):
            return Concat(tuple(parts))
    return None


def _sndmore(info: CallInfo) -> bool:
    flags = Arg(1, "flags").find(info)
    return bool(flags) and "SNDMORE" in (flags.text or "")


def pub_topic(info: CallInfo) -> Optional[tuple[Value, str]]:
    """(topic value, text) of a PUB send, or None when the message carries no literal topic."""
    method = info.method
    data = Arg(0, "msg_parts" if method == "send_multipart" else None).find(info)
    if data is None and method in _TEXT_SENDS:
        data = Arg(None, "data").find(info) or Arg(None, "u").find(info)
    if data is None:
        return None
    value = data.value
    if method == "send_multipart":
        if type(value) is Items and value.items and _has_literal(value.items[0]) and type(value.items[0]) is not Items:
            return value.items[0], data.text
        return None
    if method not in _TEXT_SENDS:
        return None
    if _sndmore(info):  # the topic frame of a multi-part message
        return (value, data.text) if _has_literal(value) else None
    topic = _before_space(value)
    return (topic, data.text) if topic is not None else None


def _address(info: CallInfo) -> tuple[Value, Optional[str]]:
    recv = info.recv
    if recv is None:
        return UNKNOWN, None
    return recv.get("address") or UNKNOWN, recv.get("address_text")


def _evidence(info: CallInfo, extra: Iterable[str] = ()) -> list[str]:
    recv = info.recv
    evidence = [f"socket type: {recv.get('type') if recv is not None else None}"]
    if recv is not None and recv.get("address_via"):
        evidence.append(f"address from {recv.get('address_via')}()")
    evidence.extend(extra)
    return evidence


_TCP = re.compile(r"^((?:tcp|ws|wss|udp|pgm|epgm)://)(\[[^\]]*\]|[^:/]*)(:.*)?$")


def endpoint(value: Value) -> Value:
    """``tcp://ventilator:5557`` (connect) and ``tcp://*:5557`` (bind) name the same endpoint:
    the host is written ``*``. ``ipc://`` and ``inproc://`` names are the same on both sides."""
    if type(value) is Lit:
        match = _TCP.match(value.text)
        if match and match.group(3):
            return Lit(f"{match.group(1)}*{match.group(3)}")
        return value
    if type(value) is Concat and value.parts and type(value.parts[0]) is Lit:
        parts = value.parts
        match = _TCP.match(parts[0].text)
        if not match:
            return value
        if match.group(3):
            return Concat((Lit(f"{match.group(1)}*{match.group(3)}"),) + parts[1:])
        for index, part in enumerate(parts[1:], start=1):
            if type(part) is Lit and ":" in part.text:
                port = part.text[part.text.index(":"):]
                return Concat((Lit(f"{match.group(1)}*{port}"),) + parts[index + 1:])
    return value


_ENDPOINT = re.compile(r"^((?:tcp|ws|wss|udp|pgm|epgm)://)(?:\[[^\]]*\]|[^:/]*):")


def fold_endpoint(text: str) -> Optional[str]:
    """The ``endpoint`` fold of a rendered address: ZMQ ``tcp://host:5557`` (connect) and
    ``tcp://*:5557`` (bind) are one endpoint; any other text is left as it is."""
    return _ENDPOINT.sub(r"\1*:", text)


def _address_attrs(tag: Tag, info: CallInfo) -> dict:
    found = Arg(0, "addr").find(info)
    if found is None:
        return {}
    return {"address": endpoint(found.value), "address_text": found.text, "address_via": info.method}


def _continues_message(info: CallInfo) -> bool:
    """A frame after ``send(..., zmq.SNDMORE)`` on the same socket belongs to that message (the engine
    records the previous call on the same receiver in ``info.previous``)."""
    previous = info.previous
    return previous is not None and previous.method in _SENDS and \
        any("SNDMORE" in (text or "") for text in previous.args or ())


def _send(info: CallInfo) -> list[Draft]:
    socket = info.recv.get("type") if info.recv is not None else None
    if socket not in _PRODUCERS or _continues_message(info):
        return []
    delivery, reply = _PRODUCERS[socket]
    payload = Arg(0, None).find(info)
    message = payload.message if payload else None
    if delivery == "broadcast":
        topic = pub_topic(info)
        if topic is not None:
            return [draft(info, role="produce", library="pyzmq", transport="zmq", api=f"{socket}.{info.method}",
                          kind="topic", delivery=delivery, channel=topic[0], channel_expr=topic[1],
                          message=message, evidence=_evidence(info))]
    channel, channel_text = _address(info)
    return [draft(info, role="produce", library="pyzmq", transport="zmq", api=f"{socket}.{info.method}",
                  kind="other", delivery=delivery, channel=channel, channel_expr=channel_text, reply=reply,
                  message=message, fold="endpoint", evidence=_evidence(info, ["channel: the socket's address"]))]


def _recv(info: CallInfo) -> list[Draft]:
    socket = info.recv.get("type") if info.recv is not None else None
    if socket not in _CONSUMERS:
        return []
    channel, channel_text = _address(info)
    return [draft(info, role="consume", library="pyzmq", transport="zmq", api=f"{socket}.{info.method}",
                  kind="other", delivery="point-to-point", channel=channel, channel_expr=channel_text,
                  fold="endpoint", evidence=_evidence(info, ["channel: the socket's address"]))]


def _is_subscribe_option(arg: Optional[ArgInfo]) -> bool:
    if arg is None:
        return False
    text = arg.qual or arg.text or ""
    return text.rsplit(".", 1)[-1].strip() == "SUBSCRIBE"


def _subscribe(info: CallInfo) -> list[Draft]:
    socket = info.recv.get("type") if info.recv is not None else None
    if socket not in ("SUB", "XSUB", None):
        return []
    method = info.method
    if method == "subscribe":
        topic = Arg(0, "topic").find(info)
    else:
        if not _is_subscribe_option(Arg(0, "option").find(info)):
            return []
        topic = Arg(1, "optval").find(info)
    if topic is None:
        return []
    value = topic.value
    evidence = _evidence(info)
    if type(value) is Lit and value.text == "":
        evidence.append("empty prefix: every topic")
    return [draft(info, role="consume", library="pyzmq", transport="zmq", api=f"SUB.{method}", kind="topic",
                  delivery="broadcast", channel=value, channel_expr=topic.text, evidence=evidence)]


ABOUT = About(
    names="pyzmq",
    produce="PUB/PUSH/REQ sockets by type",
    consume="SUB/PULL/REP sockets",
    emits=("pyzmq",),
)


def register(r: Registry) -> None:
    r.library_roots("zmq")
    r.fold("endpoint", fold_endpoint)

    r.constructor(["zmq.Context", "zmq.asyncio.Context", "zmq.green.Context", "zmq.sugar.context.Context"],
                  _CONTEXT)
    r.constructor(["zmq.Context.instance", "zmq.asyncio.Context.instance", "zmq.green.Context.instance"],
                  _CONTEXT, annotation=False)

    r.factory(_CONTEXT, ["socket"], _SOCKET, attrs=_socket_attrs(0))
    r.constructor(["zmq.Socket", "zmq.asyncio.Socket", "zmq.green.Socket"], _SOCKET, attrs=_socket_attrs(1))
    r.constructor(["zmq.eventloop.zmqstream.ZMQStream", "zmq.eventloop.ZMQStream"], _SOCKET, attrs=_stream_attrs)

    r.setup(_SOCKET, ["bind", "connect"], _address_attrs)  # calls that configure the socket a variable holds

    r.method(_SOCKET, _SENDS, _send)
    r.method(_SOCKET, _RECVS, _recv)
    r.method(_SOCKET, ["setsockopt", "setsockopt_string", "setsockopt_unicode", "subscribe"], _subscribe)
