"""Nameko RPC and events (api_catalog.md 6.3), 2.x and 3.x names.

A service is a class with ``name = "orders"``. Its ``@rpc`` methods consume the
routing key ``orders.<method>`` (point-to-point); an RPC proxy to a service
(``RpcProxy("products")`` / ``ServiceRpc`` as a class attribute, the standalone
``ServiceRpcProxy("products", config)``) produces ``products.<method>`` with
every method call, and waits for the answer (reply). ``dispatch = EventDispatcher()``
then ``self.dispatch("order_created", data)`` produces the event type,
``@event_handler("orders", "order_created")`` consumes it (broadcast).
"""
from ..apis import REGISTRY as R, Arg, draft
from .amqp import amqp_publish

R.library_roots("nameko")

_LIB = dict(library="nameko", transport="amqp")
_PROXY = "nameko.rpc_proxy"  # bound to one service: any method call is an RPC call
_CLUSTER = "nameko.cluster_rpc"  # rpc.<service>.<method>(...)
_DISPATCHER = "nameko.dispatcher"  # self.dispatch(event_type, data)
_STANDALONE_DISPATCHER = "nameko.standalone_dispatcher"  # dispatch(service, event_type, data)


def _service(position: int, kw: str):
    def attrs(info):
        found = Arg(position, kw).find(info)
        return {"service": found["ir"], "text": found["text"]} if found else {}
    return attrs


R.constructor(["nameko.rpc.RpcProxy", "nameko.rpc.ServiceRpc"], _PROXY, attrs=_service(0, "target_service"))
R.constructor(["nameko.standalone.rpc.ServiceRpcProxy", "nameko.standalone.rpc.ServiceRpcClient"], _PROXY,
              attrs=_service(0, "service_name"))
R.constructor(["nameko.rpc.ClusterRpc", "nameko.standalone.rpc.ClusterRpcProxy",
               "nameko.standalone.rpc.ClusterRpcClient"], _CLUSTER)
# the standalone clients are used as context managers or started by hand
R.factory(_PROXY, ["start"], _PROXY, attrs=lambda base, info: dict(base.attrs))
R.factory(_CLUSTER, ["start"], _CLUSTER)
R.constructor(["nameko.events.EventDispatcher"], _DISPATCHER)
R.constructor(["nameko.standalone.events.event_dispatcher"], _STANDALONE_DISPATCHER, annotation=False)

# Methods of the standalone client object itself, not calls to the remote service.
_CLIENT_OWN = {"start", "stop"}


def _rpc_call(info):
    """``self.products_rpc.get(...)``: any method of a service proxy is a call of ``service.method``."""
    method = info["method"]
    if method in _CLIENT_OWN or method.startswith("__"):
        return []
    recv = info["recv"]
    service = recv.get("service") or ["hole"]
    evidence = ["exchange: nameko-rpc"]
    if recv.get("text"):
        evidence.append(f"service: {recv['text']}")
    return [draft(info, role="produce", api=f"RpcProxy.{method}", kind="routing_key", delivery="point-to-point",
                  channel_ir=["cat", [service, ["lit", f".{method}"]]],
                  channel_expr=f"{info.get('recv_text')}.{method}", reply=True, evidence=evidence, **_LIB)]


R.method(_PROXY, ["*"], _rpc_call)


def _dispatch(info):
    """``self.dispatch(event_type, event_data)`` on an ``EventDispatcher`` class attribute."""
    event = Arg(0, "event_type").find(info)
    if event is None:
        return []
    data = Arg(1, "event_data").find(info)
    return [draft(info, role="produce", api="EventDispatcher.dispatch", kind="event_type", delivery="broadcast",
                  channel_ir=event["ir"], channel_expr=event["text"], message=data["cls"] if data else None,
                  **_LIB)]


def _standalone_dispatch(info):
    """``dispatch = event_dispatcher(config); dispatch("orders", "order_created", data)``."""
    source = Arg(0, "service_name").find(info)
    event = Arg(1, "event_type").find(info)
    if event is None:
        return []
    data = Arg(2, "event_data").find(info)
    return [draft(info, role="produce", api="event_dispatcher.dispatch", kind="event_type", delivery="broadcast",
                  channel_ir=event["ir"], channel_expr=event["text"], message=data["cls"] if data else None,
                  evidence=[f"source service: {source['text']}"] if source else [],
                  evidence_irs={"exchange": ["cat", [source["ir"], ["lit", ".events"]]]} if source else {},
                  **_LIB)]


R.call_of_object(_DISPATCHER, _dispatch)
R.call_of_object(_STANDALONE_DISPATCHER, _standalone_dispatch)


def _rpc_entrypoint(info):
    """``@rpc`` on a method of a service class: routing key ``<name>.<method>``."""
    target = info["target"]
    if target["kind"] != "def" or not info.get("class"):
        return []
    name = (target.get("class_attrs") or {}).get("name")
    return [draft(info, role="consume", api="@rpc", kind="routing_key", delivery="point-to-point",
                  channel_ir=["cat", [name or ["hole"], ["lit", f".{target['name']}"]]], channel_expr=None,
                  evidence=["exchange: nameko-rpc"],
                  evidence_irs={"queue": ["cat", [["lit", "rpc-"], name]]} if name else {}, **_LIB)]


def _event_handler(info):
    """``@event_handler(source_service, event_type, handler_type=...)``."""
    if not info.get("called"):
        return []
    source = Arg(0, "source_service").find(info)
    event = Arg(1, "event_type").find(info)
    if event is None:
        return []
    evidence = []
    handler_type = Arg(2, "handler_type").find(info)
    if handler_type is not None:
        ir = handler_type["ir"]
        kind = ir[1] if ir[0] == "lit" else handler_type["text"].rsplit(".", 1)[-1]
        evidence.append(f"handler type: {str(kind).lower()}")
    return [draft(info, role="consume", api="@event_handler", kind="event_type", delivery="broadcast",
                  channel_ir=event["ir"], channel_expr=event["text"], evidence=evidence,
                  evidence_irs={"exchange": ["cat", [source["ir"], ["lit", ".events"]]]} if source else {},
                  **_LIB)]


R.decorator_function(["nameko.rpc.rpc"], _rpc_entrypoint)
R.decorator_function(["nameko.events.event_handler"], _event_handler)


# -- raw AMQP: nameko.messaging.Publisher / @consume (kombu entities) ---------------------------------
_PUBLISHER = "nameko.publisher"


def _publisher_attrs(info):
    exchange = Arg(0, "exchange").find(info)
    queue = Arg(None, "queue").find(info)  # 2.x only (3.x: Publisher(exchange, declare))
    attrs = {}
    if exchange is not None:
        attrs.update(exchange=exchange["ir"], exchange_text=exchange["text"],
                     exchange_type=((exchange.get("tag") or {}).get("type")))
    if queue is not None:
        attrs.update(queue=queue["ir"], queue_text=queue["text"])
    return attrs


R.constructor(["nameko.messaging.Publisher"], _PUBLISHER, attrs=_publisher_attrs)


def _publish(info):
    """``publish = Publisher(exchange=...)`` then ``self.publish(msg, routing_key=...)``."""
    recv = info["callee"]
    body = Arg(0, "msg").find(info)
    message = body["cls"] if body else None
    key = Arg(None, "routing_key").find(info)
    if recv.get("exchange") is not None:
        return amqp_publish(info, library="nameko", api="Publisher", exchange_ir=recv["exchange"],
                            exchange_text=recv.get("exchange_text"), key=key,
                            exchange_kind=recv.get("exchange_type"), message=message)
    if key is not None:  # no exchange: the default exchange, the routing key names the queue
        return amqp_publish(info, library="nameko", api="Publisher", exchange_ir=["lit", ""], exchange_text=None,
                            key=key, message=message)
    if recv.get("queue") is not None:
        return [draft(info, role="produce", api="Publisher", kind="queue", delivery="point-to-point",
                      channel_ir=recv["queue"], channel_expr=recv.get("queue_text"), message=message, **_LIB)]
    return []


R.call_of_object(_PUBLISHER, _publish)


def _consume(info):
    """``@consume(queue=Queue("name", exchange=...))``."""
    queue = Arg(0, "queue").find(info)
    if queue is None or not info.get("called"):
        return []
    return [draft(info, role="consume", api="@consume", kind="queue", delivery="point-to-point",
                  channel_ir=queue["ir"], channel_expr=queue["text"], **_LIB)]


R.decorator_function(["nameko.messaging.consume"], _consume)

# -- cluster proxies and call_async (need Registry.any_attribute) ----------------------------------
_METHOD = "nameko.rpc_method"  # proxy.<method>, not called yet
R.any_attribute(_CLUSTER, _PROXY, lambda base, name: {"service": ["lit", name], "text": repr(name)})
R.any_attribute(_PROXY, _METHOD, lambda base, name: {"service": base.get("service"), "text": base.get("text"),
                                                     "method": name})


def _call_async(info):
    """``self.products_rpc.get.call_async(...)``: sends now, the reply is collected later."""
    recv = info["recv"]
    method = recv.get("method")
    return [draft(info, role="produce", api=f"RpcProxy.{method}.call_async", kind="routing_key",
                  delivery="point-to-point", channel_ir=["cat", [recv.get("service") or ["hole"], ["lit", f".{method}"]]],
                  channel_expr=info.get("recv_text"), reply=True,
                  evidence=["exchange: nameko-rpc", "reply collected later (call_async)"], **_LIB)]


R.method(_METHOD, ["call_async"], _call_async)
