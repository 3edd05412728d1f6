"""huey and djhuey (api_catalog.md 3.4): tasks and the calls that enqueue them (see ``_task_queues`` for what
the task queues share).

A task's registered name is ``<module>.<name= or function>`` (huey's
``Registry.task_to_string``); its definition registers it under the plain key
``<module>.<function>`` (no library prefix). Task functions are typed:
``add.schedule()``, ``add.map()`` and ``add(1, 2)`` (calling a huey task enqueues
it) are matched as methods/calls of that object, in the module and, through
exports, in the modules that import it.
"""
from __future__ import annotations

from typing import Optional

from ..calls import CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry
from ..values import UNKNOWN, Concat, Lit, Value
from ._task_queues import RESULT_WAITS, define, known_task_call, kw_or_none, module_qual, produce, queue_evidence

_HUEYS = ["huey.Huey", "huey.RedisHuey", "huey.SqliteHuey", "huey.MemoryHuey", "huey.FileHuey",
          "huey.PriorityRedisHuey", "huey.RedisExpireHuey", "huey.PriorityRedisExpireHuey",
          "huey.BlackHoleHuey", "huey.api.Huey", "huey.api.RedisHuey", "huey.api.SqliteHuey",
          "huey.api.MemoryHuey", "huey.api.FileHuey", "huey.api.PriorityRedisHuey", "huey.api.RedisExpireHuey",
          "huey.api.PriorityRedisExpireHuey", "huey.contrib.sql_huey.SqlHuey"]
_APP_DECORATORS = ["task", "periodic_task", "context_task"]
_DJHUEY_DECORATORS = ["huey.contrib.djhuey.task", "huey.contrib.djhuey.periodic_task",
                      "huey.contrib.djhuey.db_task", "huey.contrib.djhuey.db_periodic_task"]


def _huey_attrs(info: CallInfo) -> dict:
    name = Arg(0, "name").find(info)
    return {"queue": name.value if name else Lit("huey")}


def _huey_name(info: CallInfo) -> tuple[Value, Optional[str]]:
    """huey registers ``<func.__module__>.<name= or func.__name__>``."""
    name = kw_or_none(info, "name")
    module = info.module
    if name is not None:
        return (Concat((Lit(f"{module}."), name.value)) if module else name.value), name.text
    return Lit(f"{module}.{info.target.name}" if module else info.target.name), None


def _huey_definition(info: CallInfo) -> list[Draft]:
    if info.target.is_class:
        return []
    name, name_text = _huey_name(info)
    recv = info.recv
    api = f"@huey.{info.method}" if recv is not None else f"@djhuey.{info.name}"
    return define(info, library="huey", api=api, name=name, name_text=name_text, key=module_qual(info),
                  evidence_values=queue_evidence(recv))


def _huey_enqueue(info: CallInfo) -> list[Draft]:
    """``huey.enqueue(add.s(1, 2))``: the task behind the signature."""
    sig = Arg(0, "task").find(info)
    members = sig.signatures if sig is not None else ()
    if not members:
        return []
    return produce(info, library="huey", api="huey.enqueue", channel=members[0], channel_expr=sig.text,
                   evidence_values=queue_evidence(info.recv))


def _huey_task_attrs(info: CallInfo) -> dict:
    name, _ = _huey_name(info)
    recv = info.recv
    return {"name": name, "queue": recv.get("queue") if recv is not None else None}


def _huey_typed_call(info: CallInfo) -> list[Draft]:
    """``add(1, 2)`` (calling a huey task enqueues it), ``add.schedule(...)``, ``add.map(items)``."""
    tag = info.recv or info.callee
    api = f"task.{info.method}" if info.recv is not None else f"{info.name}()"
    return produce(info, library="huey", api=api, channel=(tag.get("name") if tag is not None else None) or UNKNOWN,
                   channel_expr=info.recv_text or info.name, evidence_values=queue_evidence(tag))


ABOUT = About(
    names="huey, djhuey",
    produce="calling a huey task, `schedule`, `map`, `enqueue`",
    consume="`@huey.task`, `@periodic_task`, djhuey decorators",
    emits=("huey",),
)


def register(r: Registry) -> None:
    r.library_roots("huey")
    r.result_handle(["huey"], RESULT_WAITS)

    r.constructor(_HUEYS, "huey.app", attrs=_huey_attrs)
    r.known_object(["huey.contrib.djhuey.HUEY"], "huey.app")

    r.decorator_method("huey.app", _APP_DECORATORS, _huey_definition)
    r.decorator_function(_DJHUEY_DECORATORS, _huey_definition)
    r.method("huey.app", ["enqueue"], _huey_enqueue)

    r.method("huey.task", ["schedule", "map"], _huey_typed_call)
    r.call_of_object("huey.task", _huey_typed_call)
    r.decorated_method("huey.app", _APP_DECORATORS, "huey.task", attrs=_huey_task_attrs)
    r.decorated_function(_DJHUEY_DECORATORS, "huey.task", attrs=_huey_task_attrs)
    r.fingerprint(["schedule"], known_task_call("huey", "task.schedule", prefix=""), prefilter=False, gate=())
    r.function(["huey.contrib.djhuey.enqueue"], _huey_enqueue)
