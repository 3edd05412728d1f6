"""Celery tasks (api_catalog.md 3.1): task definitions and the calls that send them.

A task's channel is its registered name: ``name=`` on the decorator, else
``<module>.<function>``. Calls such as ``send_email.delay()`` are matched to the
decorated function through imports at resolve time (``TaskRef(qualname)``).
"""
from __future__ import annotations

from typing import Optional

from ..calls import CallInfo
from ..facts import Draft, TaskDef
from ..model import LIBRARY_EMITS
from ..registry import About, Arg, Registry, draft
from ..values import UNKNOWN, Lit, TaskRef, Value

# Methods called on a task's result handle that wait for the reply (``add.delay(1).get()``): a send followed
# by one of them is request-reply. The other task libraries (``_task_queues``) register the same set.
RESULT_WAITS = ("get", "wait", "join", "collect", "get_result", "wait_result", "result", "latest_result")
_SIGNATURE_METHODS = ("s", "si", "signature", "subtask", "set", "clone", "on_error")


def _signature_name(info: CallInfo) -> dict:
    name = Arg(0, "varies").find(info)
    return {"name": name.value, "text": name.text} if name else {}


def _queue_evidence(info: CallInfo) -> list[str]:
    queue = Arg(None, "queue").find(info)
    return [f"queue: {queue.text}"] if queue else []


def _task_definition(info: CallInfo) -> list[Draft]:
    target = info.target
    if target.is_class:
        return []
    name = Arg(None, "name").find(info)
    qualname = f"{info.module}.{target.qualname}" if info.module else target.qualname
    channel = name.value if name else Lit(qualname)
    return [draft(info, role="consume", library="celery", transport="celery",
                  api="@shared_task" if (info.func or "").endswith("shared_task") else "@app.task",
                  kind="task", delivery="point-to-point", channel=channel,
                  channel_expr=name.text if name else None, evidence=_queue_evidence(info),
                  task_def=TaskDef(key=qualname, name=channel))]


def _bound_task(r: Registry, info: CallInfo) -> Optional[Value]:
    """The channel of the task a call's receiver is bound to: ``self`` in ``@shared_task(bind=True)``."""
    for decorator in info.bound_decorators:
        bind = Arg(None, "bind").find(decorator)
        if bind is None or bind.text != "True":
            continue
        for item in r.match_decorator(decorator):
            if type(item) is Draft and item.task_def is not None and item.library == "celery":
                return item.task_def.name
        # ``@app.task(bind=True)`` on an app imported from another module: its type is known only
        # at resolve time, but bind=True on a ``task`` decorator in a file importing celery says enough
        name = decorator.method or (decorator.func or "").rsplit(".", 1)[-1]
        if name in ("task", "shared_task") and "celery" in info.imports:
            for item in _task_definition(decorator):
                return item.task_def.name
    return None


def _retry(r: Registry, info: CallInfo) -> list[Draft]:
    """``self.retry()`` in a bound task: the task sends itself again (a new message on its queue)."""
    channel = _bound_task(r, info)
    if channel is None:
        return []
    return [draft(info, role="produce", library="celery", transport="celery", api="self.retry", kind="task",
                  delivery="point-to-point", channel=channel, channel_expr=None,
                  evidence=["a bound task retrying sends itself again"])]


def _task_call(r: Registry, info: CallInfo) -> list[Draft]:
    """``task.delay()`` / ``task.apply_async()`` / ``task.s().delay()`` on a task function, and
    ``self.apply_async()`` in a bound task."""
    recv = info.recv
    bound = _bound_task(r, info)
    if bound is not None:
        channel, text = bound, None
    elif recv is not None and recv.kind == "celery.signature":
        channel, text = recv.get("name", UNKNOWN), recv.get("text")
    elif info.task_qual:
        channel, text = TaskRef(info.task_qual), info.recv_text
    else:
        channel, text = UNKNOWN, info.recv_text
    # ``x.delay()``: a known task, or any call in a file importing celery
    needs_task = info.method == "delay" and bound is None
    return [draft(info, role="produce", library="celery", transport="celery", api=f"task.{info.method}",
                  kind="task", delivery="point-to-point", channel=channel, channel_expr=text,
                  evidence=_queue_evidence(info), needs_task=needs_task,
                  unless_imported="celery" if needs_task else None)] + _linked(info)


def _linked(info: CallInfo) -> list[Draft]:
    """``apply_async(link=b.s(), link_error=on_error.s())``: the callbacks are sent when the task ends,
    by the worker, but this call addresses them: one site per linked task."""
    drafts = []
    for keyword in ("link", "link_error"):
        arg = Arg(None, keyword).find(info)
        for member in arg.signatures if arg is not None else ():
            drafts.append(draft(info, role="produce", library="celery", transport="celery",
                                api=f"task.{info.method}({keyword}=)", kind="task", delivery="point-to-point",
                                channel=member, channel_expr=arg.text,
                                evidence=[f"{keyword}: sent when the task {'fails' if keyword == 'link_error' else 'succeeds'}"]))
    return drafts


def _send_task(info: CallInfo) -> list[Draft]:
    name = Arg(0, "name").find(info)
    if name is None:
        return []
    return [draft(info, role="produce", library="celery", transport="celery", api="app.send_task", kind="task",
                  delivery="point-to-point", channel=name.value, channel_expr=name.text,
                  evidence=_queue_evidence(info))]


def _canvas(info: CallInfo) -> list[Draft]:
    """``chain(a.s(), b.s()).delay()``, ``group([...])()``: one site per member, when sent."""
    if info.then not in ("delay", "apply_async", "()"):
        return []
    drafts = []
    for arg in info.args:
        for member in arg.signatures:
            drafts.append(draft(info, role="produce", library="celery", transport="celery",
                                api=f"{info.name}()", kind="task", delivery="point-to-point",
                                channel=member, channel_expr=arg.text))
    return drafts


def _celery_file(info: CallInfo) -> bool:
    return "celery" in info.imports


# Celery's own signals (celery.signals): in-process, broadcast to every receiver. Handlers connect
# with ``@task_prerun.connect`` (also ``.connect(sender=...)``) or ``task_prerun.connect(handler)``.
_CELERY_SIGNAL = "celery.signal"
_CELERY_SIGNALS = (
    "before_task_publish", "after_task_publish", "task_prerun", "task_postrun", "task_retry", "task_success",
    "task_failure", "task_internal_error", "task_received", "task_revoked", "task_unknown", "task_rejected",
    "task_sent", "import_modules", "celeryd_after_setup", "celeryd_init", "worker_init",
    "worker_before_create_process", "worker_ready", "heartbeat_sent", "worker_shutting_down",
    "worker_process_init", "worker_process_shutdown", "worker_shutdown", "beat_init", "beat_embedded_init",
    "eventlet_pool_started", "eventlet_pool_preshutdown", "eventlet_pool_postshutdown", "eventlet_pool_apply",
    "setup_logging", "after_setup_logger", "after_setup_task_logger", "user_preload_options")


def _signal_connect(info: CallInfo) -> list[Draft]:
    recv = info.recv
    sender = Arg(None, "sender").find(info)
    return [draft(info, role="consume", library="celery", transport="inproc",
                  api=("@" if info.target is not None else "") + "signal.connect", kind="signal",
                  delivery="broadcast", channel=recv.get("name", UNKNOWN) if recv is not None else UNKNOWN,
                  channel_expr=info.recv_text,
                  evidence=[LIBRARY_EMITS] + ([f"sender: {sender.text}"] if sender else []))]


ABOUT = About(
    names="celery",
    produce="`delay`, `apply_async`, `send_task`, signatures and canvases when sent, `self.retry()` and `self.apply_async()` in a bound task (`bind=True`)",
    consume="`@app.task`, `@shared_task` (default name `module.func`); handlers of Celery's own signals (`@task_prerun.connect`, `worker_ready.connect(f)`)",
    emits=("celery",),
)


def register(r: Registry) -> None:
    r.library_roots("celery")
    r.task_signature(methods=_SIGNATURE_METHODS, kinds=["celery.signature"])
    r.result_handle(["celery"], RESULT_WAITS)

    r.constructor(["celery.Celery", "celery.app.Celery", "celery.app.base.Celery"], "celery.app")
    r.known_object(["celery.current_app", "celery.app.current_app"], "celery.app")
    r.constructor(["celery.signature", "celery.Signature", "celery.canvas.Signature", "celery.canvas.signature",
                   "celery.subtask"], "celery.signature", attrs=_signature_name, annotation=False)
    r.factory("celery.app", ["signature"], "celery.signature", attrs=lambda base, info: _signature_name(info))

    r.decorator_method("celery.app", ["task"], _task_definition)
    r.decorator_function(["celery.shared_task", "celery.task", "celery.decorators.task", "celery.task.task"],
                         _task_definition)

    r.fingerprint(["retry"], lambda info: _retry(r, info), prefilter=False, gate=["celery"])

    def task_call(info: CallInfo) -> list[Draft]:  # one spec, two registrations
        return _task_call(r, info)

    r.fingerprint(["delay", "apply_async"], task_call)
    r.method("celery.signature", ["delay", "apply_async"], task_call)

    r.method("celery.app", ["send_task"], _send_task)
    r.fingerprint(["send_task"], lambda info: _send_task(info) if _celery_file(info) else [])

    r.function(["celery.chain", "celery.group", "celery.chord", "celery.canvas.chain", "celery.canvas.group",
                "celery.canvas.chord"], _canvas)

    for name in _CELERY_SIGNALS:
        r.known_object([f"celery.signals.{name}"], _CELERY_SIGNAL, name=Lit(name))
    r.method(_CELERY_SIGNAL, ["connect"], _signal_connect)
    r.decorator_method(_CELERY_SIGNAL, ["connect"], _signal_connect)
