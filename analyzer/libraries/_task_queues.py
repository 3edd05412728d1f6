"""Helpers shared by the task queues besides Celery: dramatiq, rq (+ django-rq), huey (+ djhuey), arq,
taskiq (api_catalog.md 3.2-3.6; one module each).

Every site is ``kind=task``, point-to-point, ``transport`` = ``library`` = the
library's name; the channel is the task's registered name, so that a call and
the task definition it reaches meet on the same channel:

| library  | registered name                                                        |
| -------- | ---------------------------------------------------------------------- |
| dramatiq | ``actor_name=``, else the function's name (not module-qualified)       |
| rq       | ``<module>.<function>`` of the function enqueued (or the string given) |
| huey     | ``<module>.<name= or function>`` (huey's ``Registry.task_to_string``)  |
| arq      | ``func(f, name=)``, else the function's name; ``cron:<name>`` for cron |
| taskiq   | ``task_name=``, else ``<module>:<function>`` (colon)                   |

Task definitions register their name project-wide (``task_def``) under a key
``<library>:<module>.<function>`` (huey: plain ``<module>.<function>``), and a
call such as ``count_words.send_with_options()`` or ``resize.delay()`` refers to
it as ``TaskRef(key)`` with ``needs_task``: it is a site only when the key is a
task of *that* library somewhere in the project (even in a file that imports
Celery). The library prefix keeps Celery's ``.delay()`` fingerprint away from
rq's ``@job`` functions and the other way round.

Decorators make the decorated function an object (``Registry.decorated_function``/
``decorated_method``), so task functions are typed: ``add.schedule()``,
``count.send()`` and huey's ``add(1, 2)`` (calling a huey task enqueues it) are
matched as methods/calls of that object, in the module and, through exports, in
the modules that import it.

Functions and decorators are matched by root: "arq.Worker" also matches "arq.worker.Worker", so each is
registered once, under the shortest path (two registrations would give two sites).
"""
from __future__ import annotations

from typing import Callable, Iterable, Mapping, Optional

from ..calls import ArgInfo, CallInfo, Tag
from ..facts import Draft, TaskDef
from ..registry import Arg, draft
from ..values import UNKNOWN, FirstKnown, Lit, Ref, TaskRef, Value, is_known
from .celery import RESULT_WAITS

__all__ = ["RESULT_WAITS", "last", "colon", "function_ref", "kw_or_none", "define", "module_qual",
           "known_task_call", "produce", "queue_evidence"]


def last(qualname: str) -> str:
    return qualname.rsplit(".", 1)[-1]


def colon(qualname: str) -> str:
    """``pkg.mod.func`` -> ``pkg.mod:func`` (taskiq's default task name)."""
    head, _, tail = qualname.rpartition(".")
    return f"{head}:{tail}" if head else tail


def function_ref(arg: Optional[ArgInfo], name_of: Callable[[str], str]) -> Value:
    """The channel value of an argument naming a task function: a string as given, a function by
    ``name_of(qualified name)``; a name that may be either (an imported constant or function)
    becomes ``FirstKnown``: the constant if the project defines one, else the function's name."""
    if arg is None:
        return UNKNOWN
    value = arg.value
    if type(value) is Lit:
        return value
    if type(value) is TaskRef:
        return Lit(name_of(value.function))
    qual = arg.qual
    if qual and arg.callable:
        by_name = Lit(name_of(qual))
        return FirstKnown((value, by_name)) if type(value) is Ref else by_name
    return value


def kw_or_none(info: CallInfo, keyword: str) -> Optional[ArgInfo]:
    found = Arg(None, keyword).find(info)
    return found if found is not None and is_known(found.value) else None


def queue_evidence(tag: Optional[Tag]) -> Optional[dict[str, Value]]:
    """The queue a tagged object (an app, a task) carries, as evidence."""
    queue = tag.get("queue") if tag is not None else None
    return {"queue": queue} if queue else None


def define(info: CallInfo, *, library: str, api: str, name: Value, name_text: Optional[str], key: str,
           evidence_values: Optional[Mapping[str, Value]] = None) -> list[Draft]:
    """A task definition: a consume site that also registers the task name under ``key``."""
    return [draft(info, role="consume", library=library, transport=library, api=api, kind="task",
                  delivery="point-to-point", channel=name, channel_expr=name_text,
                  evidence_values=evidence_values or {}, task_def=TaskDef(key=key, name=name))]


def module_qual(info: CallInfo) -> str:
    target = info.target
    return f"{info.module}.{target.qualname}" if info.module else target.qualname


def known_task_call(library: str, api: str, prefix: Optional[str] = None,
                    evidence: Iterable[str] = ()) -> Callable[[CallInfo], list[Draft]]:
    """``<task>.<method>(...)`` on an untyped receiver that must be a ``library`` task of the project
    (``needs_task``). Such a draft does not hide the call from project-wide typing: a receiver that
    another module exports (a Kafka producer's ``send``) still resolves as a pending call.
    ``api`` may name the method as ``{method}``."""
    prefix = f"{library}:" if prefix is None else prefix

    def fn(info: CallInfo) -> list[Draft]:
        qual = info.task_qual
        if not qual:
            return []
        return [draft(info, role="produce", library=library, transport=library, api=api.format(method=info.method),
                      kind="task", delivery="point-to-point", channel=TaskRef(prefix + qual),
                      channel_expr=info.recv_text, evidence=evidence, needs_task=True)]
    return fn


def produce(info: CallInfo, *, library: str, api: str, channel: Value, channel_expr: Optional[str],
            evidence_values: Optional[Mapping[str, Value]] = None, evidence: Iterable[str] = ()) -> list[Draft]:
    return [draft(info, role="produce", library=library, transport=library, api=api, kind="task",
                  delivery="point-to-point", channel=channel, channel_expr=channel_expr,
                  evidence_values=evidence_values or {}, evidence=evidence)]
