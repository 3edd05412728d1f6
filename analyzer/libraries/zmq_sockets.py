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
The address comes from ``bind``/``connect`` on the same socket when the engine
records those calls on the tag (``address``); otherwise it is unknown. A TCP
address is written with the host ``*`` (``tcp://*:5557``) so both ends meet: here
when the address is written in the call, by the engine's ``endpoint`` fold when it
is only known once rendered (a constructor default, an imported constant).
"""
import re

from ..apis import REGISTRY as R, Arg, draft

R.library_roots("zmq")

_CONTEXT = "zmq.context"
_SOCKET = "zmq.socket"
_TYPES = {"PUB", "SUB", "XPUB", "XSUB", "PUSH", "PULL", "REQ", "REP", "DEALER", "ROUTER", "PAIR", "STREAM"}

R.constructor(["zmq.Context", "zmq.asyncio.Context", "zmq.green.Context", "zmq.sugar.context.Context"], _CONTEXT)
R.constructor(["zmq.Context.instance", "zmq.asyncio.Context.instance", "zmq.green.Context.instance"], _CONTEXT,
              annotation=False)


def socket_type(arg):
    """``zmq.PUB``, ``zmq.SocketType.PUB``, ``from zmq import PUB`` -> ``PUB``."""
    if arg is None:
        return None
    for text in (arg.get("qual"), arg.get("text")):
        if text:
            name = text.rsplit(".", 1)[-1].strip()
            if name in _TYPES:
                return name
    return None


def _socket_attrs(position):
    def attrs(*args):
        info = args[-1]
        found = socket_type(Arg(position, "socket_type").find(info))
        return {"type": found} if found else {}
    return attrs


def _stream_attrs(info):
    """``ZMQStream(sock)``: a stream over a socket has the socket's type."""
    found = Arg(0, "socket").find(info)
    tag = (found or {}).get("tag") or {}
    if tag.get("kind") != _SOCKET:
        return {}
    return {key: value for key, value in tag.items() if key != "kind"}


R.factory(_CONTEXT, ["socket"], _SOCKET, attrs=_socket_attrs(0))
R.constructor(["zmq.Socket", "zmq.asyncio.Socket", "zmq.green.Socket"], _SOCKET, attrs=_socket_attrs(1))
R.constructor(["zmq.eventloop.zmqstream.ZMQStream", "zmq.eventloop.ZMQStream"], _SOCKET, attrs=_stream_attrs)

_SENDS = ["send", "send_string", "send_unicode", "send_json", "send_pyobj", "send_multipart", "send_serialized"]
_RECVS = ["recv", "recv_string", "recv_unicode", "recv_json", "recv_pyobj", "recv_multipart", "recv_serialized",
          "on_recv", "on_recv_stream"]
_TEXT_SENDS = {"send", "send_string", "send_unicode"}

# socket type -> (delivery, reply) of its sends
_PRODUCERS = {"PUB": ("broadcast", False), "XPUB": ("broadcast", False), "PUSH": ("point-to-point", False),
              "REQ": ("point-to-point", True), "DEALER": ("point-to-point", False)}
_CONSUMERS = {"PULL", "REP", "ROUTER"}


def _has_literal(ir) -> bool:
    if not ir:
        return False
    if ir[0] == "lit":
        return ir[1] != ""  # an empty first frame carries no topic
    if ir[0] in ("ref", "env", "param"):
        return True
    if ir[0] == "cat":
        return any(_has_literal(part) for part in ir[1])
    return False


def _before_space(ir):
    """The topic of a one-frame message: its text up to the first space (all of it if none)."""
    if ir[0] == "lit":
        return ["lit", ir[1].split(" ", 1)[0]] if isinstance(ir[1], str) else None
    if ir[0] == "cat":
        parts = []
        for part in ir[1]:
            if part[0] == "lit" and isinstance(part[1], str) and " " in part[1]:
                head = part[1].split(" ", 1)[0]
                if head:
                    parts.append(["lit", head])
                break
            parts.append(part)
        if any(part[0] == "lit" for part in parts):
            return ["cat", parts]
    return None


def _sndmore(info) -> bool:
    flags = Arg(1, "flags").find(info)
    return bool(flags) and "SNDMORE" in (flags.get("text") or "")


def pub_topic(info):
    """(topic IR, text) of a PUB send, or None when the message carries no literal topic."""
    method = info["method"]
    data = Arg(0, "msg_parts" if method == "send_multipart" else None).find(info)
    if data is None and method in _TEXT_SENDS:
        data = Arg(None, "data").find(info) or Arg(None, "u").find(info)
    if data is None:
        return None
    ir = data["ir"]
    if method == "send_multipart":
        if ir[0] == "list" and ir[1] and _has_literal(ir[1][0]) and ir[1][0][0] != "list":
            return ir[1][0], data["text"]
        return None
    if method not in _TEXT_SENDS:
        return None
    if _sndmore(info):  # the topic frame of a multi-part message
        return (ir, data["text"]) if _has_literal(ir) else None
    topic = _before_space(ir)
    return (topic, data["text"]) if topic is not None else None


def _address(info):
    recv = info.get("recv") or {}
    return recv.get("address") or ["unknown"], recv.get("address_text")


def _evidence(info, extra=()):
    recv = info.get("recv") or {}
    evidence = [f"socket type: {recv.get('type')}"]
    if recv.get("address_via"):
        evidence.append(f"address from {recv['address_via']}()")
    evidence.extend(extra)
    return evidence


_TCP = re.compile(r"^((?:tcp|ws|wss|udp|pgm|epgm)://)(\[[^\]]*\]|[^:/]*)(:.*)?$")


def endpoint(ir):
    """``tcp://ventilator:5557`` (connect) and ``tcp://*:5557`` (bind) name the same endpoint:
    the host is written ``*``. ``ipc://`` and ``inproc://`` names are the same on both sides."""
    if ir[0] == "lit" and isinstance(ir[1], str):
        match = _TCP.match(ir[1])
        if match and match.group(3):
            return ["lit", f"{match.group(1)}*{match.group(3)}"]
        return ir
    if ir[0] == "cat" and ir[1] and ir[1][0][0] == "lit" and isinstance(ir[1][0][1], str):
        parts = list(ir[1])
        match = _TCP.match(parts[0][1])
        if not match:
            return ir
        if match.group(3):
            return ["cat", [["lit", f"{match.group(1)}*{match.group(3)}"]] + parts[1:]]
        for index, part in enumerate(parts[1:], start=1):
            if part[0] == "lit" and isinstance(part[1], str) and ":" in part[1]:
                port = part[1][part[1].index(":"):]
                return ["cat", [["lit", f"{match.group(1)}*{port}"]] + parts[index + 1:]]
    return ir


def _address_attrs(tag, info):
    found = Arg(0, "addr").find(info)
    if found is None:
        return {}
    return {"address": endpoint(found["ir"]), "address_text": found["text"], "address_via": info["method"]}


if hasattr(R, "setup"):  # engine support: calls that configure the object a variable holds
    R.setup(_SOCKET, ["bind", "connect"], _address_attrs)  # type: ignore[attr-defined]


def _continues_message(info) -> bool:
    """A frame after ``send(..., zmq.SNDMORE)`` on the same socket belongs to that message (engines
    that record the previous call on the same receiver give ``info["previous"]``)."""
    previous = info.get("previous")
    return bool(previous) and previous.get("method") in _SENDS and \
        any("SNDMORE" in (text or "") for text in previous.get("args") or ())


def _send(info):
    socket = (info.get("recv") or {}).get("type")
    if socket not in _PRODUCERS or _continues_message(info):
        return []
    delivery, reply = _PRODUCERS[socket]
    payload = Arg(0, None).find(info)
    message = payload["cls"] if payload else None
    if delivery == "broadcast":
        topic = pub_topic(info)
        if topic is not None:
            return [draft(info, role="produce", library="pyzmq", transport="zmq", api=f"{socket}.{info['method']}",
                          kind="topic", delivery=delivery, channel_ir=topic[0], channel_expr=topic[1],
                          message=message, evidence=_evidence(info))]
    channel_ir, channel_text = _address(info)
    return [draft(info, role="produce", library="pyzmq", transport="zmq", api=f"{socket}.{info['method']}",
                  kind="other", delivery=delivery, channel_ir=channel_ir, channel_expr=channel_text, reply=reply,
                  message=message, fold="endpoint", evidence=_evidence(info, ["channel: the socket's address"]))]


def _recv(info):
    socket = (info.get("recv") or {}).get("type")
    if socket not in _CONSUMERS:
        return []
    channel_ir, channel_text = _address(info)
    return [draft(info, role="consume", library="pyzmq", transport="zmq", api=f"{socket}.{info['method']}",
                  kind="other", delivery="point-to-point", channel_ir=channel_ir, channel_expr=channel_text,
                  fold="endpoint", evidence=_evidence(info, ["channel: the socket's address"]))]


def _is_subscribe_option(arg) -> bool:
    if arg is None:
        return False
    text = arg.get("qual") or arg.get("text") or ""
    return text.rsplit(".", 1)[-1].strip() == "SUBSCRIBE"


def _subscribe(info):
    socket = (info.get("recv") or {}).get("type")
    if socket not in ("SUB", "XSUB", None):
        return []
    method = info["method"]
    if method == "subscribe":
        topic = Arg(0, "topic").find(info)
    else:
        if not _is_subscribe_option(Arg(0, "option").find(info)):
            return []
        topic = Arg(1, "optval").find(info)
    if topic is None:
        return []
    ir = topic["ir"]
    evidence = _evidence(info)
    if ir[0] == "lit" and ir[1] == "":
        evidence.append("empty prefix: every topic")
    return [draft(info, role="consume", library="pyzmq", transport="zmq", api=f"SUB.{method}", kind="topic",
                  delivery="broadcast", channel_ir=ir, channel_expr=topic["text"], evidence=evidence)]


R.method(_SOCKET, _SENDS, _send)
R.method(_SOCKET, _RECVS, _recv)
R.method(_SOCKET, ["setsockopt", "setsockopt_string", "setsockopt_unicode", "subscribe"], _subscribe)
