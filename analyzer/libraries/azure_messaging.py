"""Azure Service Bus, Event Hubs, Event Grid and Functions v2 triggers (api_catalog.md 4.3-4.6).

Service Bus (``azure.servicebus``, ``.aio``): ``ServiceBusClient(...)`` /
``ServiceBusClient.from_connection_string(conn)``; ``get_queue_sender(queue_name)`` and
``get_topic_sender(topic_name)`` give senders whose ``send_messages`` / ``schedule_messages``
produce (queue: ``kind=queue``, point-to-point; topic: ``kind=topic``, broadcast).
``get_queue_receiver(queue_name)`` and ``get_subscription_receiver(topic_name,
subscription_name)`` are the consume sites themselves: a receiver is read by iterating it
(``for msg in receiver``) as often as by ``receive_messages``. A subscription receiver's
channel is its topic (``kind=topic``, broadcast; the subscription is evidence). The legacy
``ServiceBusService`` (``send_queue_message(queue, msg)``, ``receive_subscription_message
(topic, sub)``, ...) is read the same way.

Event Hubs (``azure.eventhub``, ``.aio``): ``EventHubProducerClient(fqns, eventhub_name,
credential)`` / ``.from_connection_string(conn, eventhub_name=)`` (else the connection
string's ``EntityPath``) -> ``send_batch`` / ``send_event``; ``EventHubConsumerClient(fqns,
eventhub_name, consumer_group, credential)`` / ``.from_connection_string(conn, consumer_group,
eventhub_name=)`` -> ``receive`` / ``receive_batch``. ``kind=stream``, broadcast.

Event Grid (``azure.eventgrid``): ``EventGridPublisherClient(endpoint, credential).send(events)``;
one site per event, channel = its type: ``EventGridEvent(subject, event_type, ...)``,
``azure.core.messaging.CloudEvent(source, type, ...)`` or a dict's ``eventType``/``type``.
``kind=event_type``, broadcast, the endpoint as evidence. ``EventGridConsumerClient.receive()``
(namespace pull delivery) consumes types it does not name: channel unknown.

Azure Functions v2 (``app = func.FunctionApp()`` or ``func.Blueprint()``): trigger decorators
are consume sites with the service's transport and kinds (``service_bus_queue_trigger``,
``service_bus_topic_trigger``, ``event_hub_message_trigger``, ``queue_trigger`` (Storage
queues), ``kafka_trigger``, ``dapr_topic_trigger``, ``event_grid_trigger`` (channel unknown)).
Output-binding decorators (``service_bus_queue_output``, ``event_hub_output``, ...) are produce
sites: the function body hands the message to the binding (``msg.set(...)``). A binding
expression ``"%SETTING%"`` names an app setting, read like an environment variable.
"""
import re

from ..apis import REGISTRY as R, Arg, draft

R.library_roots("azure.servicebus", "azure.eventhub", "azure.eventgrid", "azure.functions", "azure.durable_functions",
                prefilter=["azure.servicebus", "azure.eventhub", "azure.eventgrid", "azure.functions",
                           "azure.durable_functions",
                           "ServiceBusClient", "EventHubProducerClient", "EventHubConsumerClient",
                           "EventGridPublisherClient"])


def _both(module: str, names) -> list:
    return [f"{prefix}.{name}" for prefix in (module, f"{module}.aio") for name in names]


def _classmethods(classes, names=("from_connection_string",)) -> list:
    return [f"{cls}.{name}" for cls in classes for name in names]


def _ir(arg):
    return arg["ir"] if arg is not None else None


# -- Service Bus ---------------------------------------------------------------------------------
_SB_CLIENT = "azure.sb.client"
_SB_SENDER = "azure.sb.sender"
_SB_LEGACY = "azure.sb.legacy"
_SB = dict(library="azure-servicebus", transport="azure-servicebus")

_sb_clients = _both("azure.servicebus", ["ServiceBusClient"])
R.constructor(_sb_clients, _SB_CLIENT)
R.constructor(_classmethods(_sb_clients), _SB_CLIENT, annotation=False)
R.annotation(_both("azure.servicebus", ["ServiceBusSender"]), _SB_SENDER)
R.constructor(["azure.servicebus.ServiceBusService", "azure.servicebus.control_client.ServiceBusService",
               "azure.servicebus.control_client.servicebusservice.ServiceBusService"], _SB_LEGACY)


def _sender(entity: str, keyword: str):
    def attrs(base, info):
        found = Arg(0, keyword).find(info)
        return {"entity": entity, "name": _ir(found)}
    return attrs


R.factory(_SB_CLIENT, ["get_queue_sender"], _SB_SENDER, attrs=_sender("queue", "queue_name"))
R.factory(_SB_CLIENT, ["get_topic_sender"], _SB_SENDER, attrs=_sender("topic", "topic_name"))


def _sb_send(info):
    recv = info.get("recv") or {}
    entity = recv.get("entity")
    message = Arg(0, "message").find(info)
    kind, delivery = {"queue": ("queue", "point-to-point"), "topic": ("topic", "broadcast")}.get(
        entity, ("queue", "unknown"))
    return [draft(info, role="produce", api=f"ServiceBusSender.{info['method']}", kind=kind, delivery=delivery,
                  channel_ir=recv.get("name") or ["unknown"], channel_expr=info.get("recv_text"),
                  message=message["cls"] if message else None, **_SB)]


def _sb_queue_receiver(info):
    queue = Arg(0, "queue_name").find(info)
    if queue is None:
        return []
    return [draft(info, role="consume", api="ServiceBusClient.get_queue_receiver", kind="queue",
                  delivery="point-to-point", channel_ir=queue["ir"], channel_expr=queue["text"], **_SB)]


def _sb_subscription_receiver(info):
    topic = Arg(0, "topic_name").find(info)
    if topic is None:
        return []
    subscription = Arg(1, "subscription_name").find(info)
    return [draft(info, role="consume", api="ServiceBusClient.get_subscription_receiver", kind="topic",
                  delivery="broadcast", channel_ir=topic["ir"], channel_expr=topic["text"],
                  evidence_irs={"subscription": subscription["ir"]} if subscription else {}, **_SB)]


R.method(_SB_SENDER, ["send_messages", "schedule_messages"], _sb_send)
R.method(_SB_CLIENT, ["get_queue_receiver"], _sb_queue_receiver)
R.method(_SB_CLIENT, ["get_subscription_receiver"], _sb_subscription_receiver)
# A client handed in untyped: these method names are Service Bus's own; the entity keyword (or an
# import of azure.servicebus) confirms it.
R.fingerprint(["get_queue_receiver"], lambda info: _sb_queue_receiver(info) if _sb_evidence(info, "queue_name")
              else [])
R.fingerprint(["get_subscription_receiver"], lambda info: _sb_subscription_receiver(info)
              if _sb_evidence(info, "subscription_name") else [])


def _sb_evidence(info, keyword: str) -> bool:
    return any(arg["kw"] == keyword for arg in info["args"]) or "azure" in (info.get("imports") or ())


def _legacy(role: str, kind: str, keyword: str, message_arg=None):
    delivery = "point-to-point" if kind == "queue" else "broadcast"

    def spec(info):
        entity = Arg(0, keyword).find(info)
        if entity is None:
            return []
        message = Arg(1, message_arg).find(info) if message_arg else None
        subscription = Arg(1, "subscription_name").find(info) if role == "consume" and kind == "topic" else None
        return [draft(info, role=role, api=f"ServiceBusService.{info['method']}", kind=kind, delivery=delivery,
                      channel_ir=entity["ir"], channel_expr=entity["text"],
                      message=message["cls"] if message else None,
                      evidence_irs={"subscription": subscription["ir"]} if subscription else {}, **_SB)]
    return spec


R.method(_SB_LEGACY, ["send_queue_message", "send_queue_message_batch"],
         _legacy("produce", "queue", "queue_name", "message"))
R.method(_SB_LEGACY, ["send_topic_message", "send_topic_message_batch"],
         _legacy("produce", "topic", "topic_name", "message"))
R.method(_SB_LEGACY, ["receive_queue_message", "read_delete_queue_message", "peek_lock_queue_message"],
         _legacy("consume", "queue", "queue_name"))
R.method(_SB_LEGACY, ["receive_subscription_message", "read_delete_subscription_message",
                      "peek_lock_subscription_message"], _legacy("consume", "topic", "topic_name"))


# -- Event Hubs --------------------------------------------------------------------------------------
_EH_PRODUCER = "azure.eh.producer"
_EH_CONSUMER = "azure.eh.consumer"
_EH = dict(library="azure-eventhub", transport="azure-eventhub")
_ENTITY_PATH = re.compile(r"(?:^|;)\s*EntityPath=([^;]+)", re.IGNORECASE)


def _entity_path(info):
    """``EntityPath=<hub>`` inside a literal connection string."""
    conn = Arg(0, "conn_str").find(info)
    if conn is not None and conn["ir"][0] == "lit":
        found = _ENTITY_PATH.search(conn["ir"][1])
        if found:
            return ["lit", found.group(1).strip()]
    return None


def _hub_attrs(name_pos, group_pos):
    def attrs(info):
        name = Arg(name_pos, "eventhub_name").find(info)
        group = Arg(group_pos, "consumer_group").find(info) if group_pos is not None else None
        return {"name": _ir(name) or (_entity_path(info) if name_pos is None else None), "group": _ir(group)}
    return attrs


_producers = _both("azure.eventhub", ["EventHubProducerClient"])
_consumers = _both("azure.eventhub", ["EventHubConsumerClient"])
R.constructor(_producers, _EH_PRODUCER, attrs=_hub_attrs(1, None))
R.constructor(_classmethods(_producers), _EH_PRODUCER, attrs=_hub_attrs(None, None), annotation=False)
R.constructor(_consumers, _EH_CONSUMER, attrs=_hub_attrs(1, 2))
R.constructor(_classmethods(_consumers), _EH_CONSUMER, attrs=_hub_attrs(None, 1), annotation=False)


def _eh_send(info):
    recv = info.get("recv") or {}
    event = Arg(0, None).find(info) or Arg(None, "event_data").find(info) or Arg(None, "event_data_batch").find(info)
    return [draft(info, role="produce", api=f"EventHubProducerClient.{info['method']}", kind="stream",
                  delivery="broadcast", channel_ir=recv.get("name") or ["unknown"], channel_expr=info.get("recv_text"),
                  message=event["cls"] if event else None, **_EH)]


def _eh_receive(info):
    recv = info.get("recv") or {}
    group = recv.get("group")
    return [draft(info, role="consume", api=f"EventHubConsumerClient.{info['method']}", kind="stream",
                  delivery="broadcast", channel_ir=recv.get("name") or ["unknown"], channel_expr=info.get("recv_text"),
                  evidence_irs={"consumer group": group} if group else {}, **_EH)]


R.method(_EH_PRODUCER, ["send_batch", "send_event"], _eh_send)
R.method(_EH_CONSUMER, ["receive", "receive_batch"], _eh_receive)


# -- Event Grid --------------------------------------------------------------------------------------
_EG_PUBLISHER = "azure.eg.publisher"
_EG_CONSUMER = "azure.eg.consumer"
_EG = dict(library="azure-eventgrid", transport="azure-eventgrid")

# An event used as a channel stands for its type (value_of folds the constructor call).
R.entity(["azure.eventgrid.EventGridEvent", "azure.eventgrid.models.EventGridEvent"], Arg(1, "event_type"))
R.entity(["azure.core.messaging.CloudEvent", "azure.eventgrid.CloudEvent"], Arg(1, "type"))


def _publisher_attrs(info):
    endpoint = Arg(0, "endpoint").find(info)
    topic = Arg(None, "namespace_topic").find(info)
    return {"endpoint": _ir(endpoint), "topic": _ir(topic)}


def _consumer_attrs(info):
    topic = Arg(None, "namespace_topic").find(info)
    subscription = Arg(None, "subscription").find(info)
    return {"topic": _ir(topic), "subscription": _ir(subscription)}


R.constructor(_both("azure.eventgrid", ["EventGridPublisherClient"]), _EG_PUBLISHER, attrs=_publisher_attrs)
R.constructor(_both("azure.eventgrid", ["EventGridConsumerClient"]), _EG_CONSUMER, attrs=_consumer_attrs)

_TYPE_KEYS = (["lit", "eventType"], ["lit", "event_type"], ["lit", "type"])


def _event_type(ir):
    """An event's type: entities are already folded to it; a dict event keeps it under a key."""
    if ir[0] == "dict":
        for key, value in ir[1]:
            if key in _TYPE_KEYS:
                return value
        return ["unknown"]
    return ir


def _eg_send(info):
    events = Arg(0, "events").find(info)
    if events is None:
        return []
    recv = info.get("recv") or {}
    ir = events["ir"]
    items = ir[1] if ir[0] == "list" else [ir]
    evidence_irs = {label: recv[key] for key, label in (("endpoint", "endpoint"), ("topic", "namespace topic"))
                    if recv.get(key)}
    return [draft(info, role="produce", api="EventGridPublisherClient.send", kind="event_type",
                  delivery="broadcast", channel_ir=_event_type(item), channel_expr=events["text"],
                  message=events["cls"] if len(items) == 1 else None, evidence_irs=evidence_irs, **_EG)
            for item in items]


def _eg_receive(info):
    recv = info.get("recv") or {}
    evidence_irs = {label: recv[key] for key, label in (("topic", "namespace topic"),
                                                         ("subscription", "subscription")) if recv.get(key)}
    return [draft(info, role="consume", api="EventGridConsumerClient.receive", kind="event_type",
                  delivery="broadcast", channel_ir=["unknown"], channel_expr=None, evidence_irs=evidence_irs,
                  evidence=["event types are chosen by the subscription's filters"], **_EG)]


R.method(_EG_PUBLISHER, ["send"], _eg_send)
R.method(_EG_CONSUMER, ["receive"], _eg_receive)


# -- Azure Functions v2 ----------------------------------------------------------------------------
_FUNC_APP = "azure.functions.app"
R.constructor([f"{module}.{name}" for module in ("azure.functions", "azure.functions.decorators",
                                                  "azure.functions.decorators.function_app")
               for name in ("FunctionApp", "Blueprint", "AsgiFunctionApp", "WsgiFunctionApp")] +
              ["azure.durable_functions.DFApp", "azure.durable_functions.Blueprint"], _FUNC_APP)

_SETTING = re.compile(r"^%([^%]+)%$")


def _binding_value(ir):
    """``"%ORDERS_QUEUE%"`` is a binding expression: the app setting ORDERS_QUEUE."""
    if ir[0] == "lit":
        found = _SETTING.match(ir[1])
        if found:
            return ["env", found.group(1), None]
    return ir


# decorator -> (role, transport, kind, delivery, channel Arg, {evidence label: Arg})
_BINDINGS = {
    "service_bus_queue_trigger": ("consume", "azure-servicebus", "queue", "point-to-point", Arg(2, "queue_name"), {}),
    "service_bus_topic_trigger": ("consume", "azure-servicebus", "topic", "broadcast", Arg(2, "topic_name"),
                                  {"subscription": Arg(3, "subscription_name")}),
    "event_hub_message_trigger": ("consume", "azure-eventhub", "stream", "broadcast", Arg(2, "event_hub_name"),
                                  {"consumer group": Arg(None, "consumer_group")}),
    "queue_trigger": ("consume", "azure-storage-queue", "queue", "point-to-point", Arg(1, "queue_name"), {}),
    "kafka_trigger": ("consume", "kafka", "topic", "broadcast", Arg(1, "topic"),
                      {"consumer group": Arg(None, "consumer_group")}),
    "dapr_topic_trigger": ("consume", "dapr", "topic", "broadcast", Arg(2, "topic"),
                           {"pubsub component": Arg(1, "pub_sub_name")}),
    "event_grid_trigger": ("consume", "azure-eventgrid", "event_type", "broadcast", None, {}),
    "service_bus_queue_output": ("produce", "azure-servicebus", "queue", "point-to-point", Arg(2, "queue_name"), {}),
    "service_bus_topic_output": ("produce", "azure-servicebus", "topic", "broadcast", Arg(2, "topic_name"), {}),
    "event_hub_output": ("produce", "azure-eventhub", "stream", "broadcast", Arg(2, "event_hub_name"), {}),
    "queue_output": ("produce", "azure-storage-queue", "queue", "point-to-point", Arg(1, "queue_name"), {}),
    "kafka_output": ("produce", "kafka", "topic", "broadcast", Arg(1, "topic"), {}),
    "dapr_publish_output": ("produce", "dapr", "topic", "broadcast", Arg(2, "topic"),
                            {"pubsub component": Arg(1, "pub_sub_name")}),
}


def _binding(decorator: str):
    role, transport, kind, delivery, channel, evidence_args = _BINDINGS[decorator]

    def spec(info):
        if not info.get("called") or info["target"]["kind"] != "def":
            return []
        found = channel.find(info) if channel is not None else None
        if channel is not None and found is None:
            return []
        evidence_irs = {}
        for label, arg in evidence_args.items():
            value = arg.find(info)
            if value is not None:
                evidence_irs[label] = _binding_value(value["ir"])
        evidence = []
        if role == "produce":
            arg_name = Arg(0, "arg_name").find(info)
            name = arg_name["ir"][1] if arg_name and arg_name["ir"][0] == "lit" else "its output argument"
            evidence.append(f"output binding: the function body sets {name}")
        return [draft(info, role=role, library="azure-functions", transport=transport, api=f"@app.{decorator}",
                      kind=kind, delivery=delivery, channel_ir=_binding_value(found["ir"]) if found else ["unknown"],
                      channel_expr=found["text"] if found else None, evidence=evidence,
                      evidence_irs=evidence_irs)]
    return spec


for _decorator in _BINDINGS:
    R.decorator_method(_FUNC_APP, [_decorator], _binding(_decorator))
