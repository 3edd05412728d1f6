"""arq (api_catalog.md 3.5): the functions a worker runs and the jobs enqueued for them (see ``_task_queues``
for what the task queues share).

A job's registered name is ``func(f, name=)``, else the function's name;
``cron:<name>`` for cron jobs. Workers name their functions in
``Worker(functions=[...])`` or a settings class's ``functions = [...]``.
"""
from __future__ import annotations

from ..calls import CallInfo
from ..facts import Draft
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Concat, Items, Lit, Ref, TaskRef, Value, is_known
from ._task_queues import RESULT_WAITS, function_ref, kw_or_none, last, produce


def _arq_pool_attrs(info: CallInfo) -> dict:
    queue = Arg(None, "default_queue_name").find(info)
    return {"queue": queue.value if queue else Lit("arq:queue")}


def _arq_enqueue(info: CallInfo) -> list[Draft]:
    function = Arg(0, "function").find(info)
    if function is None:
        return []
    queue = kw_or_none(info, "_queue_name")
    recv = info.recv
    if queue is not None:
        queue_value = queue.value
    else:
        queue_value = recv.get("queue", Lit("arq:queue")) if recv is not None else Lit("arq:queue")
    return produce(info, library="arq", api="ArqRedis.enqueue_job", channel=function.value,
                   channel_expr=function.text, evidence_values={"queue": queue_value})


def _arq_enqueue_untyped(info: CallInfo) -> list[Draft]:
    """``ctx["redis"].enqueue_job("name", ...)``: the job's name must be a value, not an object (rq's
    ``Queue.enqueue_job(job)`` has the same method name)."""
    imports = info.imports
    if "arq" not in imports and ("rq" in imports or "django_rq" in imports):
        return []
    function = Arg(0, "function").find(info)
    if function is None or not is_known(function.value):
        return []
    return _arq_enqueue(info)


def _arq_function(prefix: str, api: str):
    """``func(f, name=...)`` / ``cron(f, ...)``: a function the worker runs, named ``name=`` or after ``f``."""
    def fn(info: CallInfo) -> list[Draft]:
        coroutine = Arg(0, "coroutine").find(info)
        if coroutine is None:
            return []
        name = kw_or_none(info, "name")
        if name is not None:
            channel, text = name.value, name.text
        else:
            ref = function_ref(coroutine, last)
            channel = Concat((Lit(prefix), ref)) if prefix else ref
            text = coroutine.text
        return [draft(info, role="consume", library="arq", transport="arq", api=api, kind="task",
                      delivery="point-to-point", channel=channel, channel_expr=text,
                      evidence=["periodic (cron)"] if prefix else ())]
    return fn


def _function_name(item: Value) -> str:
    """The last name of a function in a ``functions`` list: a def here (``TaskRef``), or an imported one (``Ref``)."""
    return last(item.function if type(item) is TaskRef else item.name)


def _arq_worker(info: CallInfo) -> list[Draft]:
    """``Worker(functions=[f, g])``: one site per plain function (``func()``/``cron()`` are sites themselves)."""
    functions = Arg(0, "functions").find(info)
    if functions is None or type(functions.value) is not Items:
        return []
    return [draft(info, role="consume", library="arq", transport="arq", api="Worker()", kind="task",
                  delivery="point-to-point", channel=Lit(_function_name(item)), channel_expr=functions.text)
            for item in functions.value.items if type(item) in (TaskRef, Ref)]  # a def here, or an imported one


def _arq_settings_functions(info: CallInfo) -> list[Draft]:
    """``class WorkerSettings: functions = [f, g, func(h, name="x")]``: one site per plain function, on its
    element's line (``func()`` elements are sites themselves). Any class in a file importing arq: arq's
    settings classes derive from nothing. Needs the engine's class_attribute kind "*" with elements."""
    if "arq" not in info.imports:
        return []
    value = info.args[0].value if info.args else UNKNOWN
    if type(value) is not Items:
        return []
    out = []
    for index, item in enumerate(value.items):
        if type(item) not in (TaskRef, Ref):
            continue
        out.append(draft(info, role="consume", library="arq", transport="arq", api=f"{info.in_class}.functions",
                         kind="task", delivery="point-to-point", channel=Lit(_function_name(item)),
                         channel_expr=None, element=index))
    return out


ABOUT = About(
    names="arq",
    produce="`enqueue_job`",
    consume="`func()`, `cron()`, `Worker(functions=...)`, `WorkerSettings.functions`",
    emits=("arq",),
)


def register(r: Registry) -> None:
    # "arq" is also an ordinary identifier (nova's accelerator requests are "arq"s): only its imports
    # let a file through the prefilter
    r.library_roots("arq", prefilter=["import arq", "from arq"])
    r.result_handle(["arq"], RESULT_WAITS)

    r.constructor(["arq.create_pool", "arq.connections.create_pool", "arq.ArqRedis", "arq.connections.ArqRedis"],
                  "arq.pool", attrs=_arq_pool_attrs)
    r.method("arq.pool", ["enqueue_job"], _arq_enqueue)
    r.fingerprint(["enqueue_job"], _arq_enqueue_untyped)
    r.function(["arq.func"], _arq_function("", "func()"))
    r.function(["arq.cron"], _arq_function("cron:", "cron()"))
    r.function(["arq.Worker"], _arq_worker)
    r.class_attribute("*", ["functions"], _arq_settings_functions)
