"""dramatiq (api_catalog.md 3.2): actors and the calls that send them (see ``_task_queues`` for what the task
queues share).

An actor's registered name is ``actor_name=``, else the function's name (not
module-qualified). Its definition registers that name under the key
``dramatiq:<module>.<function>``; ``count_words.send_with_options()`` refers to
it as ``TaskRef(key)`` with ``needs_task``. Actors, decorated or made by calling
``dramatiq.actor(fn)``, are typed: ``count.send()`` is matched as a method of
that object, in the module and, through exports, in the modules that import it.
"""
from __future__ import annotations

from typing import Optional

from ..calls import CallInfo
from ..facts import Draft, TaskDef
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Lit, TaskRef, Value
from ._task_queues import (RESULT_WAITS, define, function_ref, known_task_call, kw_or_none, last, module_qual,
                           produce, queue_evidence)

_DRAMATIQ_ACTOR = ["dramatiq.actor", "dramatiq.actor.actor"]
_DRAMATIQ_ACTOR_CLASS = ["dramatiq.Actor", "dramatiq.actor.Actor"]


def _dramatiq_queue(info: CallInfo) -> dict[str, Value]:
    queue = kw_or_none(info, "queue_name")
    return {"queue": queue.value if queue else Lit("default")}


def _dramatiq_definition(info: CallInfo) -> list[Draft]:
    if info.target.is_class:
        return []
    name = kw_or_none(info, "actor_name")
    return define(info, library="dramatiq", api="@dramatiq.actor",
                  name=name.value if name else Lit(info.target.name),
                  name_text=name.text if name else None, key=f"dramatiq:{module_qual(info)}",
                  evidence_values=_dramatiq_queue(info))


def _dramatiq_actor_call_name(info: CallInfo) -> tuple[Value, Optional[str]]:
    """``send_welcome = dramatiq.actor(_send_welcome, actor_name=...)``: the actor's name."""
    name = kw_or_none(info, "actor_name")
    if name is not None:
        return name.value, name.text
    fn = Arg(0, "fn").find(info)
    if fn is None:
        return UNKNOWN, None
    return function_ref(fn, last), None


def _dramatiq_actor_attrs(info: CallInfo) -> dict:
    name, _ = _dramatiq_actor_call_name(info)
    return {"name": name, **_dramatiq_queue(info)}


def _dramatiq_actor_call(info: CallInfo) -> list[Draft]:
    fn = Arg(0, "fn").find(info)
    if fn is None:  # dramatiq.actor(queue_name=...) alone builds a decorator
        return []
    name, name_text = _dramatiq_actor_call_name(info)
    key = None
    if type(fn.value) is TaskRef:
        key = f"dramatiq:{fn.value.function}"
    elif fn.qual:
        key = f"dramatiq:{fn.qual}"
    return [draft(info, role="consume", library="dramatiq", transport="dramatiq", api=f"{info.name}()",
                  kind="task", delivery="point-to-point", channel=name, channel_expr=name_text,
                  evidence_values=_dramatiq_queue(info), task_def=TaskDef(key=key, name=name) if key else None)]


def _dramatiq_typed_send(info: CallInfo) -> list[Draft]:
    recv = info.recv
    return produce(info, library="dramatiq", api=f"actor.{info.method}", channel=recv.get("name") or UNKNOWN,
                   channel_expr=info.recv_text, evidence_values=queue_evidence(recv))


def _dramatiq_decorated_attrs(info: CallInfo) -> dict:
    name = kw_or_none(info, "actor_name")
    return {"name": name.value if name else Lit(info.target.name), **_dramatiq_queue(info)}


def _dramatiq_group(info: CallInfo) -> list[Draft]:
    """``group([a.message(1), b.message(2)]).run()``, ``pipeline([...]).run()``: one site per member."""
    if info.then != "run":
        return []
    out = []
    for arg in info.args:
        for member in arg.signatures:
            if type(member) is not TaskRef:
                continue
            out.append(draft(info, role="produce", library="dramatiq", transport="dramatiq",
                             api=f"{info.name}().run", kind="task", delivery="point-to-point",
                             channel=TaskRef(f"dramatiq:{member.function}"), channel_expr=arg.text,
                             needs_task=True))
    return out


def _dramatiq_enqueue(info: CallInfo) -> list[Draft]:
    message = Arg(0, "message").find(info)
    if message is None:
        return []
    return produce(info, library="dramatiq", api="broker.enqueue", channel=message.value,
                   channel_expr=message.text)


ABOUT = About(
    names="dramatiq",
    produce="`actor.send`, `send_with_options`",
    consume="actors (`@dramatiq.actor`, `dramatiq.actor(fn)`)",
    emits=("dramatiq",),
)


def register(r: Registry) -> None:
    r.library_roots("dramatiq")
    r.task_signature(methods=("message", "message_with_options"))  # group([a.message(1), b.message(2)])
    r.result_handle(["dramatiq"], RESULT_WAITS)

    r.decorator_function(["dramatiq.actor"], _dramatiq_definition)  # also dramatiq.actor.actor (by root)
    # actor objects made without a decorator are tagged, so their .send() is typed, here and in importers
    r.constructor(_DRAMATIQ_ACTOR + _DRAMATIQ_ACTOR_CLASS, "dramatiq.actor", attrs=_dramatiq_actor_attrs,
                  annotation=False)
    r.annotation(_DRAMATIQ_ACTOR_CLASS, "dramatiq.actor")
    r.function(["dramatiq.actor", "dramatiq.Actor"], _dramatiq_actor_call)
    r.method("dramatiq.actor", ["send", "send_with_options"], _dramatiq_typed_send)
    r.decorated_function(["dramatiq.actor"], "dramatiq.actor", attrs=_dramatiq_decorated_attrs)
    r.function(["dramatiq.group", "dramatiq.pipeline"], _dramatiq_group)
    r.fingerprint(["send_with_options"], known_task_call("dramatiq", "actor.send_with_options"))
    # "send" is too common a word for the prefilter: callers are read because they name a task (round two)
    r.fingerprint(["send"], known_task_call("dramatiq", "actor.send"), prefilter=False, gate=())

    # brokers: broker.enqueue(Message(queue_name=..., actor_name=...))
    r.constructor(["dramatiq.get_broker", "dramatiq.broker.get_broker", "dramatiq.brokers.rabbitmq.RabbitmqBroker",
                   "dramatiq.brokers.redis.RedisBroker", "dramatiq.brokers.stub.StubBroker", "dramatiq.Broker",
                   "dramatiq.broker.Broker"], "dramatiq.broker")
    r.entity(["dramatiq.Message", "dramatiq.message.Message"], Arg(None, "actor_name"))
    r.method("dramatiq.broker", ["enqueue"], _dramatiq_enqueue)
