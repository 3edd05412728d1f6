"""The shapes real code hides its messaging behind, each written as a small project: every call named in a
comment is a site on the channel the comment names (wrappers, an in-process bus, RPC proxies and
endpoints, decorator factories, calls through an abstract base)."""
from __future__ import annotations

from conftest import FIXTURES
from helpers import write
from msglint.analyzer.pipeline import analyze


def _sites(root, path):
    return sorted((s.line, s.role, s.channel, s.library) for s in analyze([root], root).sites if s.path == path)


def test_a_wrapper_that_does_more_than_send(tmp_path):
    write(tmp_path, {"mail.py": """
        from celery import shared_task

        @shared_task
        def send_mail(to, link): ...

        def make_link(user): return "x"

        def send_reset_email(user):
            link = make_link(user)
            if user.active:
                send_mail.delay([user.email], link)
            return link

        def reset(u):
            send_reset_email(u)
        """})
    assert _sites(tmp_path, "mail.py") == [
        (3, "consume", "mail.send_mail", "celery"),
        (11, "produce", "mail.send_mail", "celery"),
        (15, "produce", "mail.send_mail", "project"),  # via send_reset_email -> send_mail.delay
    ]


def test_the_projects_own_bus_reached_through_a_singleton_accessor(tmp_path):
    write(tmp_path, {"bus.py": """
        import enum
        import queue
        from collections import defaultdict

        class Events(enum.Enum):
            ORDER_PLACED = "OrderPlaced"

        class EventBus:
            def __init__(self): self._listeners = defaultdict(list); self._q = queue.Queue()
            def subscribe(self, event, cb): self._listeners[event].append(cb)
            def fire(self, event, payload=None): self._q.put((event, payload))
            def _work(self):
                event, payload = self._q.get()
                for cb in self._listeners[event]: cb(event, payload)

        _bus = EventBus()
        def event_bus(): return _bus

        def on_placed(event, payload): ...

        def main():
            event_bus().fire(Events.ORDER_PLACED, {"id": 1})
            event_bus().subscribe(Events.ORDER_PLACED, on_placed)
        """})
    assert _sites(tmp_path, "bus.py") == [
        (22, "produce", "OrderPlaced", "project"),
        (23, "consume", "OrderPlaced", "project"),
    ]


def test_rpc_proxies_through_properties_and_endpoints_served_by_a_base_class():
    """The snippet is the fixture ``stockroom/inventory.py`` (a proxy behind a classmethod singleton and a
    property; a service whose base class serves ``endpoints=[self]``)."""
    root = FIXTURES / "libraries" / "oslo_messaging"
    sites = [s for s in analyze([root], root).sites if s.path == "stockroom/inventory.py"]
    proxy = [(s.role, s.channel, s.reply, s.library) for s in sites if s.line == 30]
    assert proxy == [("produce", "inventory", True, "project")]  # self.inventory.reserve_item(...)
    served = [(s.role, s.channel) for s in sites if s.line == 37]
    assert served == [("consume", "inventory")]  # InventoryService.reserve_item


def test_decorator_factories_that_send_and_scheduled_jobs(tmp_path):
    write(tmp_path, {"orders.py": """
        import functools
        from kafka import KafkaProducer

        producer = KafkaProducer()

        def notify(topic):
            def deco(fn):
                @functools.wraps(fn)
                def wrapper(*a, **kw):
                    result = fn(*a, **kw)
                    producer.send(topic, result)
                    return result
                return wrapper
            return deco

        @notify("order.create")
        def create_order(data):
            return data
        """, "jobs.py": """
        from datetime import timedelta
        from functools import partial
        from redis import Redis
        import rq.decorators
        from rq_scheduler import Scheduler

        class MetricsJob(rq.decorators.job):
            pass

        job = partial(MetricsJob, connection=Redis())

        @job("metrics")
        def collect(x): ...

        def go():
            Scheduler(connection=Redis()).enqueue_in(timedelta(minutes=1), collect, 2)
        """})
    assert (16, "produce", "order.create", "project") in _sites(tmp_path, "orders.py")
    assert _sites(tmp_path, "jobs.py") == [(12, "consume", "jobs.collect", "rq"), (16, "produce", "jobs.collect", "rq")]


def test_a_call_through_an_abstract_base_sends_what_its_implementations_send(tmp_path):
    write(tmp_path, {"comms.py": """
        import paho.mqtt.client as mqtt

        class Communicator:
            def publish(self, topic, p): raise NotImplementedError

        class MqttComm(Communicator):
            def __init__(self): self.client = mqtt.Client()
            def publish(self, topic, p): self.client.publish(f"shop/{topic}", p)

        class Dispatcher:
            def __init__(self, comms: list[Communicator]): self.comms = comms
            def publish(self, topic, p):
                for c in self.comms: c.publish(topic, p)
            def announce(self): self.publish("available", "online")
            def on_aisle(self, aisle, n): self.publish(f"{aisle}/count", n)
        """})
    sites = analyze([tmp_path], tmp_path).sites
    assert sorted((s.line, s.channel) for s in sites) == [
        (8, "shop/{}"), (13, "shop/{}"), (14, "shop/available"), (15, "shop/{}/count")]
    union = next(s for s in sites if s.line == 13)
    assert any("Communicator.publish() is abstract" in item for item in union.evidence)
