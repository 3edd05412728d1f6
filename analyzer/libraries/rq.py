"""rq and django-rq (api_catalog.md 3.3): jobs and the calls that enqueue them (see ``_task_queues`` for what
the task queues share).

A job's registered name is ``<module>.<function>`` of the function enqueued (or the
string given). An ``@job`` function registers it under the key
``rq:<module>.<function>``; ``resize.delay()`` refers to it as ``TaskRef(key)``
with ``needs_task``. ``@job`` functions are typed: ``resize.delay()`` is matched
as a method of that object, in the module and, through exports, in the modules
that import it.

rq workers are the exception to ``kind=task``: ``Worker([...])`` consumes queues
(``kind=queue``, one site per queue).
"""
from __future__ import annotations

from ..calls import CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Items, Lit
from ._task_queues import RESULT_WAITS, define, function_ref, known_task_call, module_qual, produce, queue_evidence

_RQ_QUEUES = ["rq.Queue", "rq.queue.Queue"]


def _rq_queue_attrs(info: CallInfo) -> dict:
    name = Arg(0, "name").find(info)
    return {"queue": name.value if name else Lit("default"), "queue_text": name.text if name else None}


def _rq_enqueue(position: int, keyword: str, owner: str = "Queue"):
    def fn(info: CallInfo) -> list[Draft]:
        func = Arg(position, keyword).find(info)
        if func is None:
            return []
        recv = info.recv
        queue = recv.get("queue", Lit("default")) if recv is not None else Lit("default")
        return produce(info, library="rq", api=f"{owner}.{info.method}" if recv is not None else
                       f"{info.func or info.name}()", channel=function_ref(func, lambda q: q),
                       channel_expr=func.text, evidence_values={"queue": queue})
    return fn


def _scheduler_attrs(keyword: str):
    def attrs(info: CallInfo) -> dict:
        name = Arg(0, keyword).find(info)
        return {"queue": name.value if name else Lit("default"), "queue_text": name.text if name else None}
    return attrs


def _rq_worker(info: CallInfo) -> list[Draft]:
    queues = Arg(0, "queues").find(info)
    if queues is None:
        return []
    return [draft(info, role="consume", library="rq", transport="rq", api="Worker()", kind="queue",
                  delivery="point-to-point", channel=queues.value, channel_expr=queues.text)]


def _django_rq_worker(info: CallInfo) -> list[Draft]:
    names = info.positional
    channel = Items(tuple(arg.value for arg in names)) if names else Lit("default")
    return [draft(info, role="consume", library="rq", transport="rq", api="get_worker()", kind="queue",
                  delivery="point-to-point", channel=channel,
                  channel_expr=", ".join(arg.text for arg in names) or None)]


def _rq_job_definition(info: CallInfo) -> list[Draft]:
    if info.target.is_class:
        return []
    qualname = module_qual(info)
    queue = Arg(0, "queue").find(info) if info.called else None
    return define(info, library="rq", api="@job", name=Lit(qualname), name_text=None,
                  key=f"rq:{qualname}", evidence_values={"queue": queue.value if queue else Lit("default")})


def _rq_job_attrs(info: CallInfo) -> dict:
    queue = Arg(0, "queue").find(info) if info.called else None
    return {"name": Lit(module_qual(info)), "queue": queue.value if queue else Lit("default")}


def _rq_typed_delay(info: CallInfo) -> list[Draft]:
    recv = info.recv
    return produce(info, library="rq", api=f"job.{info.method}", channel=recv.get("name") or UNKNOWN,
                   channel_expr=info.recv_text, evidence_values=queue_evidence(recv))


ABOUT = About(
    names="rq, django-rq, rq-scheduler",
    produce="`q.enqueue(f)`, `job.delay`, `scheduler.enqueue_in(delta, f)`, `schedule`, `cron`",
    consume="`@job`, `Worker([...])`",
    emits=("rq",),
)


def register(r: Registry) -> None:
    r.library_roots("django_rq")
    # "rq" is also an ordinary identifier: only its imports let a file through the prefilter
    r.library_roots("rq", prefilter=["import rq", "from rq"])
    r.result_handle(["rq"], RESULT_WAITS)

    r.constructor(_RQ_QUEUES + ["django_rq.get_queue", "django_rq.queues.get_queue"], "rq.queue",
                  attrs=_rq_queue_attrs)
    r.entity(_RQ_QUEUES, Arg(0, "name"))  # Worker([Queue("high"), ...]) names the queue

    r.method("rq.queue", ["enqueue"], _rq_enqueue(0, "f"))
    r.method("rq.queue", ["enqueue_call"], _rq_enqueue(0, "func"))
    r.method("rq.queue", ["enqueue_at"], _rq_enqueue(1, "f"))
    r.method("rq.queue", ["enqueue_in"], _rq_enqueue(1, "func"))
    r.function(["django_rq.enqueue"], _rq_enqueue(0, "func"))
    # rq-scheduler: the job is enqueued later, on the scheduler's queue
    r.library_roots("rq_scheduler")
    r.constructor(["rq_scheduler.Scheduler", "rq_scheduler.scheduler.Scheduler"], "rq.scheduler",
                  attrs=_scheduler_attrs("queue_name"))
    r.constructor(["django_rq.get_scheduler"], "rq.scheduler", attrs=_scheduler_attrs("name"))
    r.method("rq.scheduler", ["enqueue_at", "enqueue_in"], _rq_enqueue(1, "func", "Scheduler"))
    r.method("rq.scheduler", ["schedule"], _rq_enqueue(1, "func", "Scheduler"))
    r.method("rq.scheduler", ["cron"], _rq_enqueue(1, "func", "Scheduler"))

    r.function(["rq.Worker", "rq.SimpleWorker", "rq.SpawnWorker"], _rq_worker)
    r.function(["django_rq.get_worker"], _django_rq_worker)

    r.decorator_function(["rq.decorators.job", "django_rq.job"], _rq_job_definition)
    r.fingerprint(["delay"], known_task_call("rq", "job.delay"))
    r.method("rq.job", ["delay", "enqueue"], _rq_typed_delay)
    r.decorated_function(["rq.decorators.job", "django_rq.job"], "rq.job", attrs=_rq_job_attrs)
    r.fingerprint(["enqueue"], known_task_call("rq", "job.enqueue"), prefilter=False, gate=())
