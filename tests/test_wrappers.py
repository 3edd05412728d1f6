"""Project wrappers: a parameter that reaches a send makes the function a send API itself."""
from __future__ import annotations

from helpers import write
from msglint.analyzer.pipeline import analyze


def _sites(root):
    return [(s.path, s.line, s.library, s.channel, list(s.via)) for s in analyze([root], root).sites]


def test_three_level_chain_across_modules(tmp_path):
    write(tmp_path, {
        "app/__init__.py": "",
        "app/bus.py": """
            import redis

            r = redis.Redis()

            def publish(channel, payload):
                r.publish(channel, payload)
            """,
        "app/events.py": """
            from app.bus import publish

            def emit(name, payload):
                publish("events." + name, payload)
            """,
        "app/domain.py": """
            from app import events

            def announce(kind):
                events.emit(kind, {})
            """,
        "app/views.py": """
            from app.domain import announce

            def view():
                announce("order_placed")
            """,
    })
    assert _sites(tmp_path) == [  # every call of a function that sends is a site, holes and all
        ("app/bus.py", 6, "redis", None, []),
        # announce("order_placed") is announce's only call: its parameter is that everywhere
        ("app/domain.py", 4, "project", "events.order_placed", ["app.events.emit", "app.bus.publish", "Redis.publish"]),
        ("app/events.py", 4, "project", "events.{}", ["app.bus.publish", "Redis.publish"]),
        ("app/views.py", 4, "project", "events.order_placed",
         ["app.domain.announce", "app.events.emit", "app.bus.publish", "Redis.publish"]),
    ]


def test_methods_defaults_keywords_and_instances(tmp_path):
    write(tmp_path, {
        "svc.py": """
            from kafka import KafkaProducer

            class Publisher:
                def __init__(self):
                    self.producer = KafkaProducer()

                def send(self, topic="audit", value=b""):
                    self.producer.send(topic, value)

                def placed(self, order):
                    self.send("orders.placed", order)

            publisher = Publisher()

            def handler(event):
                publisher.send(topic="payments.captured", value=event)
                publisher.send(value=event)
            """,
    })
    sites = _sites(tmp_path)
    assert [(line, library, channel) for _, line, library, channel, _ in sites] == [
        (8, "kafka-python", "audit"),          # the library call shows the default
        (11, "project", "orders.placed"),       # self.send(...)
        (16, "project", "payments.captured"),   # instance of a project class, keyword argument
        (17, "project", "audit"),               # default filled in
    ]


def test_a_call_of_a_helper_that_passes_its_channel_on_is_a_site_without_a_channel(tmp_path):
    write(tmp_path, {
        "a.py": """
            import redis
            r = redis.Redis()

            def publish(channel, data):
                r.publish(channel, data)

            def forward(channel, data):
                publish(channel, data)
            """,
    })
    assert [(line, channel) for _, line, _, channel, _ in _sites(tmp_path)] == [(5, None), (8, None)]


def test_functools_partial_binds_the_channel(tmp_path):
    write(tmp_path, {
        "p.py": """
            import functools
            from functools import partial

            from kafka import KafkaProducer

            producer = KafkaProducer()
            send_order = partial(producer.send, "orders.placed")
            send_audit = functools.partial(send_order)

            def publish(topic, value):
                producer.send(topic, value)

            notify = partial(publish, "notifications")

            def handler(order):
                send_order(order)
                send_audit(order)
                notify(order)
            """,
    })
    sites = _sites(tmp_path)
    assert [(line, library, channel) for _, line, library, channel, _ in sites] == [
        (11, "kafka-python", "notifications"),  # its one use (through the partial) gives it
        (16, "kafka-python", "orders.placed"),
        (17, "kafka-python", "orders.placed"),
        (18, "project", "notifications"),
    ]


def test_a_class_that_keeps_its_channel_from_the_constructor(tmp_path):
    write(tmp_path, {
        "pubs/__init__.py": "",
        "pubs/base.py": """
            import redis

            class ChannelPublisher:
                def __init__(self, channel, client=None):
                    self.channel = channel
                    self.client = client or redis.Redis()

                def publish(self, payload):
                    self.client.publish(self.channel, payload)

            stock = ChannelPublisher("stock-levels")
            """,
        "pubs/use.py": """
            from pubs.base import ChannelPublisher, stock

            prices = ChannelPublisher(channel="price-changes")

            def on_change(payload):
                prices.publish(payload)
                stock.publish(payload)
            """,
    })
    sites = _sites(tmp_path)
    assert [(path, line, library, channel) for path, line, library, channel, _ in sites] == [
        ("pubs/base.py", 9, "redis", None),
        ("pubs/use.py", 6, "project", "price-changes"),
        ("pubs/use.py", 7, "project", "stock-levels"),
    ]


def test_a_caller_consumes_only_what_it_hands_on(tmp_path):
    """A helper that subscribes with its caller's callback makes each call a consume site; a helper
    that sets up a listener of its own does not make its callers consumers."""
    write(tmp_path, {
        "app/__init__.py": "",
        "app/listen.py": """
            import redis

            r = redis.Redis()

            def on_orders(callback):
                r.pubsub().subscribe(orders=callback)

            def start_audit():
                r.pubsub().subscribe(audit=print)
            """,
        "app/main.py": """
            from app.listen import on_orders, start_audit

            def main():
                on_orders(print)
                start_audit()
            """,
    })
    assert [(path, line, library) for path, line, library, _, _ in _sites(tmp_path)] == [
        ("app/listen.py", 6, "redis"),
        ("app/listen.py", 9, "redis"),
        ("app/main.py", 4, "project"),
    ]


def test_grouping_helpers_are_not_a_bus(tmp_path):
    """Functions that group values by a key and read them back do not make a bus: nothing is run."""
    write(tmp_path, {
        "app/__init__.py": "",
        "app/groups.py": """
            def add(groups, key, item):
                groups[key].append(item)

            def collect(groups, key):
                found = []
                for item in groups.get(key, []):
                    found.append(item)
                return found
            """,
        "app/main.py": """
            from app.groups import add, collect

            def main(groups):
                add(groups, "orders", 1)
                return collect(groups, "orders")
            """,
    })
    assert _sites(tmp_path) == []


def test_only_a_server_serves_the_objects_it_is_handed(tmp_path):
    """``add_entities([self], cb)`` of a helper that subscribes consumes, but is no RPC server: the public
    methods of what it is handed are not consume sites."""
    write(tmp_path, {
        "app/__init__.py": "",
        "app/platform.py": """
            import redis

            r = redis.Redis()

            def add_entities(entities, callback):
                r.pubsub().subscribe(entities=callback)

            class Lamp:
                def setup(self):
                    add_entities([self], print)

                def turn_on(self):
                    pass
            """,
    })
    assert [(path, line) for path, line, *_ in _sites(tmp_path)] == [("app/platform.py", 6), ("app/platform.py", 10)]


def test_a_send_under_a_flag_that_defaults_to_false_is_made_only_by_calls_that_give_it(tmp_path):
    write(tmp_path, {
        "app/__init__.py": "",
        "app/store.py": """
            import redis

            r = redis.Redis()

            class Store:
                def save(self, force=False, trigger_event=False):
                    if trigger_event:
                        r.publish("store.saved", "{}")

                def update(self, notify=False):
                    self.save(trigger_event=notify)

                def folder(self):
                    self.save()
                    return "/tmp"
            """,
        "app/main.py": """
            from app.store import Store

            def main(store: Store):
                store.folder()
                store.save(force=True)
                store.save(trigger_event=True)
                store.update()
                store.update(notify=True)
            """,
    })
    assert [(path, line, channel) for path, line, _, channel, _ in _sites(tmp_path)] == [
        ("app/main.py", 6, "store.saved"),
        ("app/main.py", 8, "store.saved"),
        ("app/store.py", 8, "store.saved"),
        ("app/store.py", 11, "store.saved"),
    ]


def test_channels_the_code_computes_take_their_plain_case(tmp_path):
    """A function's return value names the channel (its first return: the plain case); a name extended
    with a shard suffix is the name as first given; a send on a fixed name is preferred over one with holes."""
    write(tmp_path, {
        "app/__init__.py": "",
        "app/names.py": """
            from django.conf import settings

            def queue_name(port):
                if settings.PROCESSES == 1:
                    return "notify"
                return f"notify_port_{port}"
            """,
        "app/send.py": """
            import pika
            from django.conf import settings
            from app.names import queue_name

            channel = pika.BlockingConnection().channel()

            def publish(name, body):
                channel.basic_publish(exchange="", routing_key=name, body=body)

            def notify(port, body):
                publish(queue_name(port), body)

            def push(user_id, body):
                if settings.SHARDS > 1:
                    publish(f"push_shard{user_id % settings.SHARDS + 1}", body)
                else:
                    publish("push", body)

            def clear(user_id):
                push(user_id, "{}")

            class Worker:
                queue = "mobile"

                def __init__(self, shard):
                    self.queue = self.queue + f"_shard{shard}"

                def retry(self, body):
                    publish(self.queue, body)
            """,
    })
    found = {line: channel for path, line, _, channel, _ in _sites(tmp_path) if path == "app/send.py"}
    assert found == {8: None, 11: "notify", 15: "push_shard{}", 17: "push", 20: "push", 29: "mobile"}


def test_a_method_the_class_defines_is_not_the_librarys_of_the_same_name(tmp_path):
    """In a module that imports paho, ``self.publish(...)`` of a class defining ``publish`` is the
    project's method: its call is no paho site (the library call inside it is)."""
    write(tmp_path, {
        "shop/__init__.py": "",
        "shop/comm.py": """
            import paho.mqtt.client as mqtt

            class Announcer:
                def __init__(self):
                    self.client = mqtt.Client()

                def publish(self, topic, payload):
                    self.client.publish(f"shop/{topic}", payload)

                def on_aisle(self, aisle, n):
                    self.publish(f"{aisle}/count", n)
            """,
    })
    assert [(line, library, channel) for _, line, library, channel, _ in _sites(tmp_path)] == [
        (8, "paho-mqtt", "shop/{}"),
        (11, "project", "shop/{}/count"),
    ]


def test_a_parameter_every_call_gives_the_same_value_is_that_value(tmp_path):
    write(tmp_path, {"audit.py": """
        from kafka import KafkaProducer

        producer = KafkaProducer()

        def audit(topic, payload):
            producer.send(topic, payload)

        def notify(topic, payload):
            producer.send(topic, payload)

        def log_in(user):
            audit("audit.logins", user)
            audit("audit.logins", user)
            notify("alpha", user)
            notify("beta", user)
        """, "tests/test_audit.py": """
        from audit import audit

        def test_audit():
            audit("a-test-topic", b"")  # a test exercises the function: not a value it is configured with
        """})
    sites = [(s.line, s.channel) for s in analyze([tmp_path], tmp_path).sites if s.path == "audit.py"]
    assert (6, "audit.logins") in sites  # both calls give it
    assert (9, None) in sites  # two values: each call's own site says which
    assert (14, "alpha") in sites and (15, "beta") in sites


def test_a_dataclass_field_typed_with_a_project_class_reaches_its_methods(tmp_path):
    write(tmp_path, {
        "app/__init__.py": "",
        "app/client.py": """
            import paho.mqtt.client as mqtt

            class MQTT:
                def __init__(self):
                    self._mqttc = mqtt.Client()

                def publish(self, topic, payload):
                    self._mqttc.publish(topic, payload)
            """,
        "app/models.py": """
            from dataclasses import dataclass

            from app.client import MQTT

            @dataclass
            class MqttData:
                client: MQTT
                retries: int = 3
            """,
        "app/use.py": """
            from app.client import MQTT
            from app.models import MqttData

            def go(data: MqttData) -> None:
                data.client.publish("home/lights", b"on")

            def make() -> MQTT:
                return MQTT()
            """,
    })
    assert ("app/use.py", 5, "project", "home/lights", ["app.client.MQTT.publish", "Client.publish"]) in _sites(tmp_path)


def test_a_framework_api_whose_messages_are_a_side_effect_is_not_a_site_at_each_call(tmp_path):
    """``self.async_write_ha_state()`` in every integration fires ``state_changed`` on the project's bus;
    called from many places in many modules, named for something else, on a channel its callers do not
    give: its calls are not sites (its own send is). A function named for sending stays a site."""
    files = {"core/__init__.py": "", "core/states.py": """
        import redis

        r = redis.Redis()

        class Entity:
            def write_state(self):
                r.publish("state_changed", b"{}")

        def send_alert(text):
            r.publish("alerts", text)
        """}
    for module in range(12):
        files[f"integration_{module}.py"] = "from core.states import Entity, send_alert\n\n" + "".join(
            f"class Light{n}(Entity):\n    def turn_on(self):\n        self.write_state()\n        send_alert('on')\n\n"
            for n in range(5))
    write(tmp_path, files)
    sites = analyze([tmp_path], tmp_path).sites
    assert [(s.path, s.channel) for s in sites if s.path == "core/states.py"] == [
        ("core/states.py", "state_changed"), ("core/states.py", "alerts")]
    assert not [s for s in sites if s.api == "self.write_state()"]
    assert len([s for s in sites if s.api == "send_alert()"]) == 60


def test_an_attribute_a_base_class_in_another_module_declares(tmp_path):
    """``self.hass.bus.fire()`` in a subclass: ``hass`` is declared by the base class elsewhere
    (``hass: Hub``), and ``Hub.bus`` holds the project's bus."""
    write(tmp_path, {
        "hub/__init__.py": "",
        "hub/core.py": """
            from collections import defaultdict

            class EventBus:
                def __init__(self):
                    self._listeners = defaultdict(list)

                def listen(self, event, callback):
                    self._listeners[event].append(callback)

                def fire(self, event, data=None):
                    for callback in self._listeners[event]:
                        callback(data)

            class Hub:
                def __init__(self):
                    self.bus = EventBus()
            """,
        "hub/entity.py": """
            from hub.core import Hub

            class Entity:
                hass: Hub
            """,
        "timer.py": """
            from hub.entity import Entity

            class Timer(Entity):
                def start(self):
                    self.hass.bus.fire("timer.started")
            """,
    })
    # resolution alone (every file parsed): the rounds do not yet read a module that only a subclass's
    # base class and an annotation lead to, when nothing in it sends
    sites = analyze([tmp_path], tmp_path, use_prefilter=False).sites
    assert ("timer.py", 5, "project", "timer.started") in [(s.path, s.line, s.library, s.channel) for s in sites]
