"""Celery tasks (api_catalog.md 3.1): task definitions and the calls that send them.

A task's channel is its registered name: ``name=`` on the decorator, else
``<module>.<function>``. Calls such as ``send_email.delay()`` are matched to the
decorated function through imports at resolve time (``["task", qualname]``).
"""
from ..apis import REGISTRY as R, Arg, draft
from ..model import LIBRARY_EMITS

R.library_roots("celery")
R.constructor(["celery.Celery", "celery.app.Celery", "celery.app.base.Celery"], "celery.app")
R.known_object(["celery.current_app", "celery.app.current_app"], "celery.app")
R.constructor(["celery.signature", "celery.Signature", "celery.canvas.Signature", "celery.canvas.signature",
               "celery.subtask"], "celery.signature", attrs=lambda info: _signature_name(info), annotation=False)
R.factory("celery.app", ["signature"], "celery.signature", attrs=lambda base, info: _signature_name(info))


def _signature_name(info):
    name = Arg(0, "varies").find(info)
    return {"name": name["ir"], "text": name["text"]} if name else {}


def _queue_evidence(info):
    queue = Arg(None, "queue").find(info)
    return [f"queue: {queue['text']}"] if queue else []


def _task_definition(info):
    target = info["target"]
    if target["kind"] != "def":
        return []
    name = Arg(None, "name").find(info)
    qualname = f"{info['module']}.{target['qualname']}" if info["module"] else target["qualname"]
    channel_ir = name["ir"] if name else ["lit", qualname]
    return [draft(info, role="consume", library="celery", transport="celery",
                  api="@shared_task" if (info.get("func") or "").endswith("shared_task") else "@app.task",
                  kind="task", delivery="point-to-point", channel_ir=channel_ir,
                  channel_expr=name["text"] if name else None, evidence=_queue_evidence(info),
                  task_def={"qualname": qualname, "name_ir": channel_ir})]


R.decorator_method("celery.app", ["task"], _task_definition)
R.decorator_function(["celery.shared_task", "celery.task", "celery.decorators.task", "celery.task.task"],
                     _task_definition)


def _bound_task(info):
    """The channel of the task a call's receiver is bound to: ``self`` in ``@shared_task(bind=True)``."""
    from ..apis import match_decorator

    for decorator in info.get("bound_decorators") or ():
        bind = Arg(None, "bind").find(decorator)
        if bind is None or bind.get("text") != "True":
            continue
        for item in match_decorator(decorator):
            if item.get("task_def") and item.get("library") == "celery":
                return item["task_def"]["name_ir"]
        # ``@app.task(bind=True)`` on an app imported from another module: its type is known only
        # at resolve time, but bind=True on a ``task`` decorator in a file importing celery says enough
        name = decorator.get("method") or (decorator.get("func") or "").rsplit(".", 1)[-1]
        if name in ("task", "shared_task") and "celery" in (info.get("imports") or ()):
            for item in _task_definition(decorator):
                return item["task_def"]["name_ir"]
    return None


def _retry(info):
    """``self.retry()`` in a bound task: the task sends itself again (a new message on its queue)."""
    channel_ir = _bound_task(info)
    if channel_ir is None:
        return []
    return [draft(info, role="produce", library="celery", transport="celery", api="self.retry", kind="task",
                  delivery="point-to-point", channel_ir=channel_ir, channel_expr=None,
                  evidence=["a bound task retrying sends itself again"])]


R.fingerprint(["retry"], _retry, prefilter=False, gate=["celery"])


def _task_call(info):
    """``task.delay()`` / ``task.apply_async()`` / ``task.s().delay()`` on a task function, and
    ``self.apply_async()`` in a bound task."""
    recv = info.get("recv")
    bound = _bound_task(info)
    if bound is not None:
        channel_ir, text = bound, None
    elif recv and recv["kind"] == "celery.signature":
        channel_ir, text = recv.get("name", ["unknown"]), recv.get("text")
    elif info.get("task_qual"):
        channel_ir, text = ["task", info["task_qual"]], info.get("recv_text")
    else:
        channel_ir, text = ["unknown"], info.get("recv_text")
    return [draft(info, role="produce", library="celery", transport="celery", api=f"task.{info['method']}",
                  kind="task", delivery="point-to-point", channel_ir=channel_ir, channel_expr=text,
                  evidence=_queue_evidence(info), needs_task=info["method"] == "delay" and bound is None)]


R.fingerprint(["delay", "apply_async"], _task_call)
R.method("celery.signature", ["delay", "apply_async"], _task_call)


def _send_task(info):
    name = Arg(0, "name").find(info)
    if name is None:
        return []
    return [draft(info, role="produce", library="celery", transport="celery", api="app.send_task", kind="task",
                  delivery="point-to-point", channel_ir=name["ir"], channel_expr=name["text"],
                  evidence=_queue_evidence(info))]


R.method("celery.app", ["send_task"], _send_task)
R.fingerprint(["send_task"], lambda info: _send_task(info) if _celery_file(info) else [])


def _canvas(info):
    """``chain(a.s(), b.s()).delay()``, ``group([...])()``: one site per member, when sent."""
    if info.get("then") not in ("delay", "apply_async", "()"):
        return []
    drafts = []
    for arg in info["args"]:
        for member in arg.get("sigs") or ():
            drafts.append(draft(info, role="produce", library="celery", transport="celery",
                                api=f"{info['name']}()", kind="task", delivery="point-to-point",
                                channel_ir=member, channel_expr=arg["text"]))
    return drafts


R.function(["celery.chain", "celery.group", "celery.chord", "celery.canvas.chain", "celery.canvas.group",
            "celery.canvas.chord"], _canvas)


def _celery_file(info) -> bool:
    return "celery" in (info.get("imports") or ())


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
for _name in _CELERY_SIGNALS:
    R.known_object([f"celery.signals.{_name}"], _CELERY_SIGNAL, name=["lit", _name])


def _signal_connect(info):
    recv = info.get("recv") or {}
    sender = Arg(None, "sender").find(info)
    return [draft(info, role="consume", library="celery", transport="inproc",
                  api=("@" if info.get("target") else "") + "signal.connect", kind="signal", delivery="broadcast",
                  channel_ir=recv.get("name", ["unknown"]), channel_expr=info.get("recv_text"),
                  evidence=[LIBRARY_EMITS] + ([f"sender: {sender['text']}"] if sender else []))]


R.method(_CELERY_SIGNAL, ["connect"], _signal_connect)
R.decorator_method(_CELERY_SIGNAL, ["connect"], _signal_connect)
