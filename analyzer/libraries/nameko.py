"""Nameko RPC and events (api_catalog.md 6.3), 2.x and 3.x names.

A service is a class with ``name = "orders"``. Its ``@rpc`` methods consume the
routing key ``orders.<method>`` (point-to-point); an RPC proxy to a service
(``RpcProxy("products")`` / ``ServiceRpc`` as a class attribute, the standalone
``ServiceRpcProxy("products", config)``) produces ``products.<method>`` with
every method call, and waits for the answer (reply). ``dispatch = EventDispatcher()``
then ``self.dispatch("order_created", data)`` produces the event type,
``@event_handler("orders", "order_created")`` consumes it (broadcast).
"""
from ..calls import CallInfo, Tag
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import HOLE, Concat, Lit
from .amqp import amqp_publish

_LIB = dict(library="nameko", transport="amqp")
_PROXY = "nameko.rpc_proxy"  # bound to one service: any method call is an RPC call
_CLUSTER = "nameko.cluster_rpc"  # rpc.<service>.<method>(...)
_DISPATCHER = "nameko.dispatcher"  # self.dispatch(event_type, data)
_STANDALONE_DISPATCHER = "nameko.standalone_dispatcher"  # dispatch(service, event_type, data)


def _service(position: int, kw: str):
    def attrs(info: CallInfo) -> dict:
        found = Arg(position, kw).find(info)
        return {"service": found.value, "text": found.text} if found else {}
    return attrs


# Methods of the standalone client object itself, not calls to the remote service.
_CLIENT_OWN = {"start", "stop"}


def _rpc_call(info: CallInfo) -> list[Draft]:
    """``self.products_rpc.get(...)``: any method of a service proxy is a call of ``service.method``."""
    method = info.method
    if method in _CLIENT_OWN or method.startswith("__"):
        return []
    recv = info.recv
    service = recv.get("service") or HOLE
    evidence = ["exchange: nameko-rpc"]
    if recv.get("text"):
        evidence.append(f"service: {recv.get('text')}")
    return [draft(info, role="produce", api=f"RpcProxy.{method}", kind="routing_key", delivery="point-to-point",
                  channel=Concat((service, Lit(f".{method}"))),
                  channel_expr=f"{info.recv_text}.{method}", reply=True, evidence=evidence, **_LIB)]


def _dispatch(info: CallInfo) -> list[Draft]:
    """``self.dispatch(event_type, event_data)`` on an ``EventDispatcher`` class attribute."""
    event = Arg(0, "event_type").find(info)
    if event is None:
        return []
    data = Arg(1, "event_data").find(info)
    return [draft(info, role="produce", api="EventDispatcher.dispatch", kind="event_type", delivery="broadcast",
                  channel=event.value, channel_expr=event.text, message=data.message if data else None,
                  **_LIB)]


def _standalone_dispatch(info: CallInfo) -> list[Draft]:
    """``dispatch = event_dispatcher(config); dispatch("orders", "order_created", data)``."""
    source = Arg(0, "service_name").find(info)
    event = Arg(1, "event_type").find(info)
    if event is None:
        return []
    data = Arg(2, "event_data").find(info)
    return [draft(info, role="produce", api="event_dispatcher.dispatch", kind="event_type", delivery="broadcast",
                  channel=event.value, channel_expr=event.text, message=data.message if data else None,
                  evidence=[f"source service: {source.text}"] if source else [],
                  evidence_values={"exchange": Concat((source.value, Lit(".events")))} if source else {},
                  **_LIB)]


def _rpc_entrypoint(info: CallInfo) -> list[Draft]:
    """``@rpc`` on a method of a service class: routing key ``<name>.<method>``."""
    target = info.target
    if target.is_class or not info.in_class:
        return []
    name = target.class_attrs.get("name")
    return [draft(info, role="consume", api="@rpc", kind="routing_key", delivery="point-to-point",
                  channel=Concat((name or HOLE, Lit(f".{target.name}"))), channel_expr=None,
                  evidence=["exchange: nameko-rpc"],
                  evidence_values={"queue": Concat((Lit("rpc-"), name))} if name else {}, **_LIB)]


def _event_handler(info: CallInfo) -> list[Draft]:
    """``@event_handler(source_service, event_type, handler_type=...)``."""
    if not info.called:
        return []
    source = Arg(0, "source_service").find(info)
    event = Arg(1, "event_type").find(info)
    if event is None:
        return []
    evidence = []
    handler_type = Arg(2, "handler_type").find(info)
    if handler_type is not None:
        value = handler_type.value
        kind = value.text if type(value) is Lit else handler_type.text.rsplit(".", 1)[-1]
        evidence.append(f"handler type: {kind.lower()}")
    return [draft(info, role="consume", api="@event_handler", kind="event_type", delivery="broadcast",
                  channel=event.value, channel_expr=event.text, evidence=evidence,
                  evidence_values={"exchange": Concat((source.value, Lit(".events")))} if source else {},
                  **_LIB)]


# -- raw AMQP: nameko.messaging.Publisher / @consume (kombu entities) ---------------------------------
_PUBLISHER = "nameko.publisher"


def _publisher_attrs(info: CallInfo) -> dict:
    exchange = Arg(0, "exchange").find(info)
    queue = Arg(None, "queue").find(info)  # 2.x only (3.x: Publisher(exchange, declare))
    attrs = {}
    if exchange is not None:
        attrs.update(exchange=exchange.value, exchange_text=exchange.text,
                     exchange_type=exchange.tag.get("type") if exchange.tag else None)
    if queue is not None:
        attrs.update(queue=queue.value, queue_text=queue.text)
    return attrs


def _publish(info: CallInfo) -> list[Draft]:
    """``publish = Publisher(exchange=...)`` then ``self.publish(msg, routing_key=...)``."""
    recv = info.callee
    body = Arg(0, "msg").find(info)
    message = body.message if body else None
    key = Arg(None, "routing_key").find(info)
    if recv.get("exchange") is not None:
        return amqp_publish(info, library="nameko", api="Publisher", exchange=recv.get("exchange"),
                            exchange_text=recv.get("exchange_text"), key=key,
                            exchange_kind=recv.get("exchange_type"), message=message)
    if key is not None:  # no exchange: the default exchange, the routing key names the queue
        return amqp_publish(info, library="nameko", api="Publisher", exchange=Lit(""), exchange_text=None,
                            key=key, message=message)
    if recv.get("queue") is not None:
        return [draft(info, role="produce", api="Publisher", kind="queue", delivery="point-to-point",
                      channel=recv.get("queue"), channel_expr=recv.get("queue_text"), message=message, **_LIB)]
    return []


def _consume(info: CallInfo) -> list[Draft]:
    """``@consume(queue=Queue("name", exchange=...))``."""
    queue = Arg(0, "queue").find(info)
    if queue is None or not info.called:
        return []
    return [draft(info, role="consume", api="@consume", kind="queue", delivery="point-to-point",
                  channel=queue.value, channel_expr=queue.text, **_LIB)]


# -- cluster proxies and call_async (need Registry.any_attribute) ----------------------------------
_METHOD = "nameko.rpc_method"  # proxy.<method>, not called yet


def _call_async(info: CallInfo) -> list[Draft]:
    """``self.products_rpc.get.call_async(...)``: sends now, the reply is collected later."""
    recv = info.recv
    method = recv.get("method")
    return [draft(info, role="produce", api=f"RpcProxy.{method}.call_async", kind="routing_key",
                  delivery="point-to-point", channel=Concat((recv.get("service") or HOLE, Lit(f".{method}"))),
                  channel_expr=info.recv_text, reply=True,
                  evidence=["exchange: nameko-rpc", "reply collected later (call_async)"], **_LIB)]


def _proxy_attrs(base: Tag, name: str) -> dict:
    return {"service": Lit(name), "text": repr(name)}


def _method_attrs(base: Tag, name: str) -> dict:
    return {"service": base.get("service"), "text": base.get("text"), "method": name}


ABOUT = About(
    names="nameko",
    produce="RPC proxies (wait for reply), `dispatch`",
    consume="`@rpc`, `@event_handler`",
    emits=("nameko",),
)


def register(r: Registry) -> None:
    r.library_roots("nameko")

    r.constructor(["nameko.rpc.RpcProxy", "nameko.rpc.ServiceRpc"], _PROXY, attrs=_service(0, "target_service"))
    r.constructor(["nameko.standalone.rpc.ServiceRpcProxy", "nameko.standalone.rpc.ServiceRpcClient"], _PROXY,
                  attrs=_service(0, "service_name"))
    r.constructor(["nameko.rpc.ClusterRpc", "nameko.standalone.rpc.ClusterRpcProxy",
                   "nameko.standalone.rpc.ClusterRpcClient"], _CLUSTER)
    # the standalone clients are used as context managers or started by hand
    r.factory(_PROXY, ["start"], _PROXY, attrs=lambda base, info: dict(base.attrs))
    r.factory(_CLUSTER, ["start"], _CLUSTER)
    r.constructor(["nameko.events.EventDispatcher"], _DISPATCHER)
    r.constructor(["nameko.standalone.events.event_dispatcher"], _STANDALONE_DISPATCHER, annotation=False)

    r.method(_PROXY, ["*"], _rpc_call)

    r.call_of_object(_DISPATCHER, _dispatch)
    r.call_of_object(_STANDALONE_DISPATCHER, _standalone_dispatch)

    r.decorator_function(["nameko.rpc.rpc"], _rpc_entrypoint)
    r.decorator_function(["nameko.events.event_handler"], _event_handler)

    # raw AMQP
    r.constructor(["nameko.messaging.Publisher"], _PUBLISHER, attrs=_publisher_attrs)
    r.call_of_object(_PUBLISHER, _publish)
    r.decorator_function(["nameko.messaging.consume"], _consume)

    # cluster proxies and call_async
    r.any_attribute(_CLUSTER, _PROXY, _proxy_attrs)
    r.any_attribute(_PROXY, _METHOD, _method_attrs)
    r.method(_METHOD, ["call_async"], _call_async)
