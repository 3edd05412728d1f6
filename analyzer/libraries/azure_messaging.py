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
from __future__ import annotations

import re
from typing import Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, EnvVar, Items, Lit, Pairs, Value


def _both(module: str, names) -> list[str]:
    return [f"{prefix}.{name}" for prefix in (module, f"{module}.aio") for name in names]


def _classmethods(classes, names=("from_connection_string",)) -> list[str]:
    return [f"{cls}.{name}" for cls in classes for name in names]


def _value(arg: Optional[ArgInfo]) -> Optional[Value]:
    return arg.value if arg is not None else None


def _recv(info: CallInfo) -> Tag:
    """The receiver's tag (a tag without settings when there is none)."""
    return info.recv if info.recv is not None else Tag.make("")


# -- Service Bus ---------------------------------------------------------------------------------
_SB_CLIENT = "azure.sb.client"
_SB_SENDER = "azure.sb.sender"
_SB_LEGACY = "azure.sb.legacy"
_SB = dict(library="azure-servicebus", transport="azure-servicebus")


def _sender(entity: str, keyword: str):
    def attrs(base: Tag, info: CallInfo) -> dict:
        found = Arg(0, keyword).find(info)
        return {"entity": entity, "name": _value(found)}
    return attrs


def _sb_send(info: CallInfo) -> list[Draft]:
    recv = _recv(info)
    entity = recv.get("entity")
    message = Arg(0, "message").find(info)
    kind, delivery = {"queue": ("queue", "point-to-point"), "topic": ("topic", "broadcast")}.get(
        entity, ("queue", "unknown"))
    return [draft(info, role="produce", api=f"ServiceBusSender.{info.method}", kind=kind, delivery=delivery,
                  channel=recv.get("name") or UNKNOWN, channel_expr=info.recv_text,
                  message=message.message if message else None, **_SB)]


def _sb_queue_receiver(info: CallInfo) -> list[Draft]:
    queue = Arg(0, "queue_name").find(info)
    if queue is None:
        return []
    return [draft(info, role="consume", api="ServiceBusClient.get_queue_receiver", kind="queue",
                  delivery="point-to-point", channel=queue.value, channel_expr=queue.text, **_SB)]


def _sb_subscription_receiver(info: CallInfo) -> list[Draft]:
    topic = Arg(0, "topic_name").find(info)
    if topic is None:
        return []
    subscription = Arg(1, "subscription_name").find(info)
    return [draft(info, role="consume", api="ServiceBusClient.get_subscription_receiver", kind="topic",
                  delivery="broadcast", channel=topic.value, channel_expr=topic.text,
                  evidence_values={"subscription": subscription.value} if subscription else {}, **_SB)]


def _sb_evidence(info: CallInfo, keyword: str) -> bool:
    return any(arg.kw == keyword for arg in info.args) or "azure" in info.imports


def _legacy(role: str, kind: str, keyword: str, message_arg: Optional[str] = None):
    delivery = "point-to-point" if kind == "queue" else "broadcast"

    def spec(info: CallInfo) -> list[Draft]:
        entity = Arg(0, keyword).find(info)
        if entity is None:
            return []
        message = Arg(1, message_arg).find(info) if message_arg else None
        subscription = Arg(1, "subscription_name").find(info) if role == "consume" and kind == "topic" else None
        return [draft(info, role=role, api=f"ServiceBusService.{info.method}", kind=kind, delivery=delivery,
                      channel=entity.value, channel_expr=entity.text,
                      message=message.message if message else None,
                      evidence_values={"subscription": subscription.value} if subscription else {}, **_SB)]
    return spec


# -- Event Hubs --------------------------------------------------------------------------------------
_EH_PRODUCER = "azure.eh.producer"
_EH_CONSUMER = "azure.eh.consumer"
_EH = dict(library="azure-eventhub", transport="azure-eventhub")
_ENTITY_PATH = re.compile(r"(?:^|;)\s*EntityPath=([^;]+)", re.IGNORECASE)


def _entity_path(info: CallInfo) -> Optional[Value]:
    """``EntityPath=<hub>`` inside a literal connection string."""
    conn = Arg(0, "conn_str").find(info)
    if conn is not None and type(conn.value) is Lit:
        found = _ENTITY_PATH.search(conn.value.text)
        if found:
            return Lit(found.group(1).strip())
    return None


def _hub_attrs(name_pos: Optional[int], group_pos: Optional[int]):
    def attrs(info: CallInfo) -> dict:
        name = Arg(name_pos, "eventhub_name").find(info)
        group = Arg(group_pos, "consumer_group").find(info) if group_pos is not None else None
        return {"name": _value(name) or (_entity_path(info) if name_pos is None else None), "group": _value(group)}
    return attrs


def _eh_send(info: CallInfo) -> list[Draft]:
    recv = _recv(info)
    event = Arg(0, None).find(info) or Arg(None, "event_data").find(info) or Arg(None, "event_data_batch").find(info)
    return [draft(info, role="produce", api=f"EventHubProducerClient.{info.method}", kind="stream",
                  delivery="broadcast", channel=recv.get("name") or UNKNOWN, channel_expr=info.recv_text,
                  message=event.message if event else None, **_EH)]


def _eh_receive(info: CallInfo) -> list[Draft]:
    recv = _recv(info)
    group = recv.get("group")
    return [draft(info, role="consume", api=f"EventHubConsumerClient.{info.method}", kind="stream",
                  delivery="broadcast", channel=recv.get("name") or UNKNOWN, channel_expr=info.recv_text,
                  evidence_values={"consumer group": group} if group else {}, **_EH)]


# -- Event Grid --------------------------------------------------------------------------------------
_EG_PUBLISHER = "azure.eg.publisher"
_EG_CONSUMER = "azure.eg.consumer"
_EG = dict(library="azure-eventgrid", transport="azure-eventgrid")


def _publisher_attrs(info: CallInfo) -> dict:
    endpoint = Arg(0, "endpoint").find(info)
    topic = Arg(None, "namespace_topic").find(info)
    return {"endpoint": _value(endpoint), "topic": _value(topic)}


def _consumer_attrs(info: CallInfo) -> dict:
    topic = Arg(None, "namespace_topic").find(info)
    subscription = Arg(None, "subscription").find(info)
    return {"topic": _value(topic), "subscription": _value(subscription)}


_TYPE_KEYS = (Lit("eventType"), Lit("event_type"), Lit("type"))


def _event_type(event: Value) -> Value:
    """An event's type: entities are already folded to it; a dict event keeps it under a key."""
    if type(event) is Pairs:
        for key, value in event.pairs:
            if key in _TYPE_KEYS:
                return value
        return UNKNOWN
    return event


def _eg_send(info: CallInfo) -> list[Draft]:
    events = Arg(0, "events").find(info)
    if events is None:
        return []
    recv = _recv(info)
    value = events.value
    items = value.items if type(value) is Items else (value,)
    evidence_values = {label: recv.get(key) for key, label in (("endpoint", "endpoint"), ("topic", "namespace topic"))
                       if recv.get(key)}
    return [draft(info, role="produce", api="EventGridPublisherClient.send", kind="event_type",
                  delivery="broadcast", channel=_event_type(item), channel_expr=events.text,
                  message=events.message if len(items) == 1 else None, evidence_values=evidence_values, **_EG)
            for item in items]


def _eg_receive(info: CallInfo) -> list[Draft]:
    recv = _recv(info)
    evidence_values = {label: recv.get(key) for key, label in (("topic", "namespace topic"),
                                                               ("subscription", "subscription")) if recv.get(key)}
    return [draft(info, role="consume", api="EventGridConsumerClient.receive", kind="event_type",
                  delivery="broadcast", channel=UNKNOWN, channel_expr=None, evidence_values=evidence_values,
                  evidence=["event types are chosen by the subscription's filters"], **_EG)]


# -- Azure Functions v2 ----------------------------------------------------------------------------
_FUNC_APP = "azure.functions.app"

_SETTING = re.compile(r"^%([^%]+)%$")


def _binding_value(value: Value) -> Value:
    """``"%ORDERS_QUEUE%"`` is a binding expression: the app setting ORDERS_QUEUE."""
    if type(value) is Lit:
        found = _SETTING.match(value.text)
        if found:
            return EnvVar(found.group(1), None)
    return value


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

    def spec(info: CallInfo) -> list[Draft]:
        if not info.called or info.target.is_class:
            return []
        found = channel.find(info) if channel is not None else None
        if channel is not None and found is None:
            return []
        evidence_values = {}
        for label, arg in evidence_args.items():
            value = arg.find(info)
            if value is not None:
                evidence_values[label] = _binding_value(value.value)
        evidence = []
        if role == "produce":
            arg_name = Arg(0, "arg_name").find(info)
            name = arg_name.value.text if arg_name and type(arg_name.value) is Lit else "its output argument"
            evidence.append(f"output binding: the function body sets {name}")
        return [draft(info, role=role, library="azure-functions", transport=transport, api=f"@app.{decorator}",
                      kind=kind, delivery=delivery, channel=_binding_value(found.value) if found else UNKNOWN,
                      channel_expr=found.text if found else None, evidence=evidence,
                      evidence_values=evidence_values)]
    return spec


ABOUT = About(
    names="Azure Service Bus, Event Hubs, Event Grid, Functions",
    produce="`send_messages`, `send_batch`, `send`",
    consume="receivers, `EventHubConsumerClient`, triggers (`@app.service_bus_queue_trigger`, ...)",
    emits=("azure-servicebus", "azure-eventhub", "azure-eventgrid", "azure-functions"),
)


def register(r: Registry) -> None:
    r.library_roots("azure.servicebus", "azure.eventhub", "azure.eventgrid", "azure.functions",
                    "azure.durable_functions",
                    prefilter=["azure.servicebus", "azure.eventhub", "azure.eventgrid", "azure.functions",
                               "azure.durable_functions",
                               "ServiceBusClient", "EventHubProducerClient", "EventHubConsumerClient",
                               "EventGridPublisherClient"])
    r.envelope("ServiceBusMessage", "EventData", "CloudEvent", "EventGridEvent")

    # Service Bus
    sb_clients = _both("azure.servicebus", ["ServiceBusClient"])
    r.constructor(sb_clients, _SB_CLIENT)
    r.constructor(_classmethods(sb_clients), _SB_CLIENT, annotation=False)
    r.annotation(_both("azure.servicebus", ["ServiceBusSender"]), _SB_SENDER)
    r.constructor(["azure.servicebus.ServiceBusService", "azure.servicebus.control_client.ServiceBusService",
                   "azure.servicebus.control_client.servicebusservice.ServiceBusService"], _SB_LEGACY)
    r.factory(_SB_CLIENT, ["get_queue_sender"], _SB_SENDER, attrs=_sender("queue", "queue_name"))
    r.factory(_SB_CLIENT, ["get_topic_sender"], _SB_SENDER, attrs=_sender("topic", "topic_name"))
    r.method(_SB_SENDER, ["send_messages", "schedule_messages"], _sb_send)
    r.method(_SB_CLIENT, ["get_queue_receiver"], _sb_queue_receiver)
    r.method(_SB_CLIENT, ["get_subscription_receiver"], _sb_subscription_receiver)
    # A client handed in untyped: these method names are Service Bus's own; the entity keyword (or an
    # import of azure.servicebus) confirms it.
    r.fingerprint(["get_queue_receiver"], lambda info: _sb_queue_receiver(info)
                  if _sb_evidence(info, "queue_name") else [])
    r.fingerprint(["get_subscription_receiver"], lambda info: _sb_subscription_receiver(info)
                  if _sb_evidence(info, "subscription_name") else [])
    r.method(_SB_LEGACY, ["send_queue_message", "send_queue_message_batch"],
             _legacy("produce", "queue", "queue_name", "message"))
    r.method(_SB_LEGACY, ["send_topic_message", "send_topic_message_batch"],
             _legacy("produce", "topic", "topic_name", "message"))
    r.method(_SB_LEGACY, ["receive_queue_message", "read_delete_queue_message", "peek_lock_queue_message"],
             _legacy("consume", "queue", "queue_name"))
    r.method(_SB_LEGACY, ["receive_subscription_message", "read_delete_subscription_message",
                          "peek_lock_subscription_message"], _legacy("consume", "topic", "topic_name"))

    # Event Hubs
    producers = _both("azure.eventhub", ["EventHubProducerClient"])
    consumers = _both("azure.eventhub", ["EventHubConsumerClient"])
    r.constructor(producers, _EH_PRODUCER, attrs=_hub_attrs(1, None))
    r.constructor(_classmethods(producers), _EH_PRODUCER, attrs=_hub_attrs(None, None), annotation=False)
    r.constructor(consumers, _EH_CONSUMER, attrs=_hub_attrs(1, 2))
    r.constructor(_classmethods(consumers), _EH_CONSUMER, attrs=_hub_attrs(None, 1), annotation=False)
    r.method(_EH_PRODUCER, ["send_batch", "send_event"], _eh_send)
    r.method(_EH_CONSUMER, ["receive", "receive_batch"], _eh_receive)

    # Event Grid
    # An event used as a channel stands for its type (value_of folds the constructor call).
    r.entity(["azure.eventgrid.EventGridEvent", "azure.eventgrid.models.EventGridEvent"], Arg(1, "event_type"))
    r.entity(["azure.core.messaging.CloudEvent", "azure.eventgrid.CloudEvent"], Arg(1, "type"))
    r.constructor(_both("azure.eventgrid", ["EventGridPublisherClient"]), _EG_PUBLISHER, attrs=_publisher_attrs)
    r.constructor(_both("azure.eventgrid", ["EventGridConsumerClient"]), _EG_CONSUMER, attrs=_consumer_attrs)
    r.method(_EG_PUBLISHER, ["send"], _eg_send)
    r.method(_EG_CONSUMER, ["receive"], _eg_receive)

    # Azure Functions v2
    r.constructor([f"{module}.{name}" for module in ("azure.functions", "azure.functions.decorators",
                                                      "azure.functions.decorators.function_app")
                   for name in ("FunctionApp", "Blueprint", "AsgiFunctionApp", "WsgiFunctionApp")] +
                  ["azure.durable_functions.DFApp", "azure.durable_functions.Blueprint"], _FUNC_APP)
    for decorator in _BINDINGS:
        r.decorator_method(_FUNC_APP, [decorator], _binding(decorator))
