"""taskiq (api_catalog.md 3.6): tasks and the calls that kick them (see ``_task_queues`` for what the task
queues share).

A task's registered name is ``task_name=``, else ``<module>:<function>`` (colon).
Its definition registers that name under the key ``taskiq:<module>.<function>``;
``add.kiq()`` refers to it as ``TaskRef(key)`` with ``needs_task``. Tasks made by
``@broker.task`` are typed: ``add.kiq()``, ``add.kicker().kiq()`` and the
``schedule_by_*`` calls are matched as methods of that object, in the module and,
through exports, in the modules that import it.
"""
from __future__ import annotations

from typing import Optional

from ..calls import CallInfo
from ..facts import Draft, TaskDef
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Lit, TaskRef, Value, is_known
from ._task_queues import (RESULT_WAITS, colon, define, function_ref, known_task_call, kw_or_none, module_qual,
                           produce, queue_evidence)

_TASKIQ_BROKERS = [
    "taskiq.AsyncBroker", "taskiq.abc.broker.AsyncBroker", "taskiq.abc.AsyncBroker",
    "taskiq.InMemoryBroker", "taskiq.brokers.inmemory_broker.InMemoryBroker",
    "taskiq.ZeroMQBroker", "taskiq.brokers.zmq_broker.ZeroMQBroker",
    "taskiq_redis.ListQueueBroker", "taskiq_redis.ListQueueClusterBroker", "taskiq_redis.ListQueueSentinelBroker",
    "taskiq_redis.RedisStreamBroker", "taskiq_redis.RedisStreamClusterBroker",
    "taskiq_redis.RedisStreamSentinelBroker", "taskiq_redis.PubSubBroker", "taskiq_redis.PubSubSentinelBroker",
    "taskiq_aio_pika.AioPikaBroker", "taskiq_aio_pika.broker.AioPikaBroker",
    "taskiq_nats.NatsBroker", "taskiq_nats.PushBasedJetStreamBroker", "taskiq_nats.PullBasedJetStreamBroker",
]
_KICKER_CHAIN = {"kiq", "with_labels", "with_task_id", "with_schedule_id", "with_broker", "schedule_by_cron",
                 "schedule_by_interval", "schedule_by_time"}


def _taskiq_broker_attrs(info: CallInfo) -> dict:
    queue = kw_or_none(info, "queue_name") or kw_or_none(info, "queue")
    return {"queue": queue.value} if queue else {}


def _taskiq_name(info: CallInfo) -> tuple[Value, Optional[str]]:
    """``@broker.task("x")`` / ``task_name="x"``, else ``<module>:<function>``."""
    name = Arg(0, "task_name").find(info) if info.called else None
    if name is not None and is_known(name.value):
        return name.value, name.text
    module = info.module
    return Lit(f"{module}:{info.target.name}" if module else info.target.name), None


def _taskiq_definition(info: CallInfo) -> list[Draft]:
    if info.target.is_class:
        return []
    name, name_text = _taskiq_name(info)
    return define(info, library="taskiq", api="@broker.task", name=name, name_text=name_text,
                  key=f"taskiq:{module_qual(info)}", evidence_values=queue_evidence(info.recv))


def _taskiq_register(info: CallInfo) -> list[Draft]:
    """``broker.register_task(fn, task_name=...)``."""
    fn = Arg(0, "func").find(info)
    if fn is None:
        return []
    name = kw_or_none(info, "task_name") or Arg(1).find(info)
    name_value = name.value if name else function_ref(fn, colon)
    qual = fn.value.function if type(fn.value) is TaskRef else fn.qual
    return [draft(info, role="consume", library="taskiq", transport="taskiq", api="broker.register_task",
                  kind="task", delivery="point-to-point", channel=name_value,
                  channel_expr=name.text if name else fn.text, evidence_values=queue_evidence(info.recv),
                  task_def=TaskDef(key=f"taskiq:{qual}", name=name_value) if qual else None)]


def _taskiq_typed(info: CallInfo) -> list[Draft]:
    method = info.method
    if method == "kicker" and info.then not in _KICKER_CHAIN:
        return []
    return produce(info, library="taskiq", api="task.kicker().kiq" if method == "kicker" else f"task.{method}",
                   channel=info.recv.get("name") or UNKNOWN, channel_expr=info.recv_text,
                   evidence=("scheduled",) if method.startswith("schedule_by_") else ())


def _taskiq_kicker(info: CallInfo) -> list[Draft]:
    """``AsyncKicker(task_name="x", broker=b, labels={}).kiq()``."""
    if info.then not in _KICKER_CHAIN:
        return []
    name = Arg(0, "task_name").find(info)
    if name is None:
        return []
    return produce(info, library="taskiq", api="AsyncKicker().kiq", channel=name.value, channel_expr=name.text)


ABOUT = About(
    names="taskiq",
    produce="`.kiq()`, `kicker().kiq()`, `schedule_by_*`",
    consume="`@broker.task`, `register_task`",
    emits=("taskiq",),
)


def register(r: Registry) -> None:
    r.library_roots("taskiq", "taskiq_redis", "taskiq_aio_pika", "taskiq_nats")
    r.result_handle(["taskiq"], RESULT_WAITS)

    r.constructor(_TASKIQ_BROKERS, "taskiq.broker", attrs=_taskiq_broker_attrs)
    r.factory("taskiq.broker", ["with_result_backend", "with_id_generator", "with_middlewares",
                                "with_event_handlers", "with_serializer", "with_formatter"], "taskiq.broker",
              attrs=lambda base, info: dict(base.attrs))
    r.decorator_method("taskiq.broker", ["task"], _taskiq_definition)
    r.method("taskiq.broker", ["register_task"], _taskiq_register)

    r.decorated_method("taskiq.broker", ["task"], "taskiq.task", attrs=lambda info: {"name": _taskiq_name(info)[0]})
    r.method("taskiq.task", ["kiq", "kicker", "schedule_by_cron", "schedule_by_interval", "schedule_by_time"],
             _taskiq_typed)
    r.fingerprint(["kiq"], known_task_call("taskiq", "task.kiq"))
    r.fingerprint(["schedule_by_cron", "schedule_by_interval", "schedule_by_time"],
                  known_task_call("taskiq", "task.{method}", evidence=("scheduled",)))
    kicker = known_task_call("taskiq", "task.kicker().kiq")
    r.fingerprint(["kicker"], lambda info: kicker(info) if info.then in _KICKER_CHAIN else [])
    r.function(["taskiq.AsyncKicker"], _taskiq_kicker)
