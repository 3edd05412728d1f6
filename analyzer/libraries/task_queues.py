"""Task queues besides Celery: dramatiq, rq (+ django-rq), huey (+ djhuey), arq, taskiq (api_catalog.md 3.2-3.6).

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
it as ``["task", key]`` with ``needs_task``: it is a site only when the key is a
task of *that* library somewhere in the project. The library prefix keeps
Celery's ``.delay()`` fingerprint away from rq's ``@job`` functions and the
other way round. Without the engine's ``needs_task="strict"``, files that import
Celery are skipped by these fingerprints (``needs_task=True`` accepts any call
in such a file).

Where the engine lets a decorator make the decorated function an object
(``R.decorated_function``/``R.decorated_method``), task functions are typed:
``add.schedule()``, ``count.send()`` and huey's ``add(1, 2)`` (calling a huey
task enqueues it) are matched as methods/calls of that object, in the module
and, through exports, in the modules that import it.

rq workers are the exception to ``kind=task``: ``Worker([...])`` consumes queues
(``kind=queue``, one site per queue).
"""
from .. import apis
from ..apis import REGISTRY as R, Arg, draft

# Engine features used when the engine has them: needs_task="strict" (only a task of the project, even in
# a file that imports Celery) and decorated definitions that hold objects (R.decorated_function/_method).
_STRICT = getattr(apis, "NEEDS_TASK_STRICT", False)
_DECORATED = hasattr(R, "decorated_function") and hasattr(R, "decorated_method")

R.library_roots("dramatiq", "django_rq", "huey", "taskiq", "taskiq_redis", "taskiq_aio_pika", "taskiq_nats")
# "rq" and "arq" are also ordinary identifiers (nova's accelerator requests are "arq"s): only their imports
# let a file through the prefilter
R.library_roots("rq", prefilter=["import rq", "from rq"])
R.library_roots("arq", prefilter=["import arq", "from arq"])


# Functions and decorators are matched by root: "arq.Worker" also matches "arq.worker.Worker", so each is
# registered once, under the shortest path (two registrations would give two sites).

# -- shared helpers ---------------------------------------------------------------------------------------
def _last(qualname: str) -> str:
    return qualname.rsplit(".", 1)[-1]


def _colon(qualname: str) -> str:
    """``pkg.mod.func`` -> ``pkg.mod:func`` (taskiq's default task name)."""
    head, _, tail = qualname.rpartition(".")
    return f"{head}:{tail}" if head else tail


def _function_ref(arg, name_of):
    """The channel IR of an argument naming a task function: a string as given, a function by
    ``name_of(qualified name)``; a name that may be either (an imported constant or function)
    becomes ``alt``: the constant if the project defines one, else the function's name."""
    if arg is None:
        return ["unknown"]
    ir = arg["ir"]
    if ir[0] == "lit":
        return ir
    if ir[0] == "task":
        return ["lit", name_of(ir[1])]
    qual = arg.get("qual")
    if qual and arg.get("callable"):
        by_name = ["lit", name_of(qual)]
        return ["alt", [ir, by_name]] if ir[0] == "ref" else by_name
    return ir


def _kw_or_none(info, keyword):
    found = Arg(None, keyword).find(info)
    return found if found is not None and found["ir"][0] != "unknown" else None


def _define(info, *, library: str, api: str, name_ir, name_text, key, evidence_irs=None):
    """A task definition: a consume site that also registers the task name under ``key``."""
    return [draft(info, role="consume", library=library, transport=library, api=api, kind="task",
                  delivery="point-to-point", channel_ir=name_ir, channel_expr=name_text,
                  evidence_irs=evidence_irs or {}, task_def={"qualname": key, "name_ir": name_ir})]


def _module_qual(info) -> str:
    target = info["target"]
    return f"{info['module']}.{target['qualname']}" if info["module"] else target["qualname"]


def _known_task_call(library: str, api: str, prefix: str = None, evidence=()):
    """``<task>.<method>(...)`` on an untyped receiver that must be a ``library`` task of the project
    (``needs_task``). Such a draft does not hide the call from project-wide typing: a receiver that
    another module exports (a Kafka producer's ``send``) still resolves as a pending call."""
    prefix = f"{library}:" if prefix is None else prefix

    def fn(info):
        qual = info.get("task_qual")
        if not qual or (not _STRICT and "celery" in (info.get("imports") or ())):
            return []
        return [draft(info, role="produce", library=library, transport=library, api=api.format(**info),
                      kind="task", delivery="point-to-point", channel_ir=["task", prefix + qual],
                      channel_expr=info.get("recv_text"), evidence=evidence,
                      needs_task="strict" if _STRICT else True)]
    return fn


def _produce(info, *, library: str, api: str, channel_ir, channel_expr, evidence_irs=None, evidence=()):
    return [draft(info, role="produce", library=library, transport=library, api=api, kind="task",
                  delivery="point-to-point", channel_ir=channel_ir, channel_expr=channel_expr,
                  evidence_irs=evidence_irs or {}, evidence=evidence)]


# -- dramatiq (3.2) ------------------------------------------------------------------------------------------
_DRAMATIQ_ACTOR = ["dramatiq.actor", "dramatiq.actor.actor"]
_DRAMATIQ_ACTOR_CLASS = ["dramatiq.Actor", "dramatiq.actor.Actor"]


def _dramatiq_queue(info):
    queue = _kw_or_none(info, "queue_name")
    return {"queue": queue["ir"] if queue else ["lit", "default"]}


def _dramatiq_definition(info):
    if info["target"]["kind"] != "def":
        return []
    name = _kw_or_none(info, "actor_name")
    return _define(info, library="dramatiq", api="@dramatiq.actor",
                   name_ir=name["ir"] if name else ["lit", info["target"]["name"]],
                   name_text=name["text"] if name else None, key=f"dramatiq:{_module_qual(info)}",
                   evidence_irs=_dramatiq_queue(info))


R.decorator_function(["dramatiq.actor"], _dramatiq_definition)  # also dramatiq.actor.actor (by root)


def _dramatiq_actor_call_name(info):
    """``send_welcome = dramatiq.actor(_send_welcome, actor_name=...)``: the actor's name."""
    name = _kw_or_none(info, "actor_name")
    if name is not None:
        return name["ir"], name["text"]
    fn = Arg(0, "fn").find(info)
    if fn is None:
        return ["unknown"], None
    return _function_ref(fn, _last), None


def _dramatiq_actor_attrs(info):
    name_ir, _ = _dramatiq_actor_call_name(info)
    return {"name": name_ir, **_dramatiq_queue(info)}


# actor objects made without a decorator are tagged, so their .send() is typed, here and in importers
R.constructor(_DRAMATIQ_ACTOR + _DRAMATIQ_ACTOR_CLASS, "dramatiq.actor", attrs=_dramatiq_actor_attrs,
              annotation=False)
R.annotation(_DRAMATIQ_ACTOR_CLASS, "dramatiq.actor")


def _dramatiq_actor_call(info):
    if Arg(0, "fn").find(info) is None:  # dramatiq.actor(queue_name=...) alone builds a decorator
        return []
    name_ir, name_text = _dramatiq_actor_call_name(info)
    fn = Arg(0, "fn").find(info)
    key = None
    if fn["ir"][0] == "task":
        key = f"dramatiq:{fn['ir'][1]}"
    elif fn.get("qual"):
        key = f"dramatiq:{fn['qual']}"
    out = [draft(info, role="consume", library="dramatiq", transport="dramatiq", api=f"{info['name']}()",
                 kind="task", delivery="point-to-point", channel_ir=name_ir, channel_expr=name_text,
                 evidence_irs=_dramatiq_queue(info))]
    if key:
        out[0]["task_def"] = {"qualname": key, "name_ir": name_ir}
    return out


R.function(["dramatiq.actor", "dramatiq.Actor"], _dramatiq_actor_call)


def _dramatiq_typed_send(info):
    recv = info["recv"]
    return _produce(info, library="dramatiq", api=f"actor.{info['method']}", channel_ir=recv.get("name") or
                    ["unknown"], channel_expr=info.get("recv_text"),
                    evidence_irs={"queue": recv["queue"]} if recv.get("queue") else None)


R.method("dramatiq.actor", ["send", "send_with_options"], _dramatiq_typed_send)


def _dramatiq_decorated_attrs(info):
    name = _kw_or_none(info, "actor_name")
    return {"name": name["ir"] if name else ["lit", info["target"]["name"]], **_dramatiq_queue(info)}


if _DECORATED:
    R.decorated_function(["dramatiq.actor"], "dramatiq.actor", attrs=_dramatiq_decorated_attrs)


def _dramatiq_group(info):
    """``group([a.message(1), b.message(2)]).run()``, ``pipeline([...]).run()``: one site per member."""
    if info.get("then") != "run":
        return []
    out = []
    for arg in info["args"]:
        for member in arg.get("sigs") or ():
            if member[0] != "task":
                continue
            out.append(draft(info, role="produce", library="dramatiq", transport="dramatiq",
                             api=f"{info['name']}().run", kind="task", delivery="point-to-point",
                             channel_ir=["task", f"dramatiq:{member[1]}"], channel_expr=arg["text"],
                             needs_task="strict" if _STRICT else True))
    return out


R.function(["dramatiq.group", "dramatiq.pipeline"], _dramatiq_group)
R.fingerprint(["send_with_options"], _known_task_call("dramatiq", "actor.send_with_options"))
# "send" is too common a word for the prefilter: callers are read because they name a task (round two)
R.fingerprint(["send"], _known_task_call("dramatiq", "actor.send"), prefilter=False, gate=())

# brokers: broker.enqueue(Message(queue_name=..., actor_name=...))
R.constructor(["dramatiq.get_broker", "dramatiq.broker.get_broker", "dramatiq.brokers.rabbitmq.RabbitmqBroker",
               "dramatiq.brokers.redis.RedisBroker", "dramatiq.brokers.stub.StubBroker", "dramatiq.Broker",
               "dramatiq.broker.Broker"], "dramatiq.broker")
R.entity(["dramatiq.Message", "dramatiq.message.Message"], Arg(None, "actor_name"))


def _dramatiq_enqueue(info):
    message = Arg(0, "message").find(info)
    if message is None:
        return []
    return _produce(info, library="dramatiq", api="broker.enqueue", channel_ir=message["ir"],
                    channel_expr=message["text"])


R.method("dramatiq.broker", ["enqueue"], _dramatiq_enqueue)


# -- rq and django-rq (3.3) -----------------------------------------------------------------------------------
def _rq_queue_attrs(info):
    name = Arg(0, "name").find(info)
    return {"queue": name["ir"] if name else ["lit", "default"], "queue_text": name["text"] if name else None}


_RQ_QUEUES = ["rq.Queue", "rq.queue.Queue"]
R.constructor(_RQ_QUEUES + ["django_rq.get_queue", "django_rq.queues.get_queue"], "rq.queue", attrs=_rq_queue_attrs)
R.entity(_RQ_QUEUES, Arg(0, "name"))  # Worker([Queue("high"), ...]) names the queue


def _rq_enqueue(position: int, keyword: str):
    def fn(info):
        func = Arg(position, keyword).find(info)
        if func is None:
            return []
        recv = info.get("recv") or {}
        queue = recv.get("queue", ["lit", "default"])
        return _produce(info, library="rq", api=f"Queue.{info['method']}" if info.get("recv") else
                        f"{info['func'] or info['name']}()", channel_ir=_function_ref(func, lambda q: q),
                        channel_expr=func["text"], evidence_irs={"queue": queue})
    return fn


R.method("rq.queue", ["enqueue"], _rq_enqueue(0, "f"))
R.method("rq.queue", ["enqueue_call"], _rq_enqueue(0, "func"))
R.method("rq.queue", ["enqueue_at"], _rq_enqueue(1, "f"))
R.method("rq.queue", ["enqueue_in"], _rq_enqueue(1, "func"))
R.function(["django_rq.enqueue"], _rq_enqueue(0, "func"))


def _rq_worker(info):
    queues = Arg(0, "queues").find(info)
    if queues is None:
        return []
    return [draft(info, role="consume", library="rq", transport="rq", api="Worker()", kind="queue",
                  delivery="point-to-point", channel_ir=queues["ir"], channel_expr=queues["text"])]


def _django_rq_worker(info):
    names = [arg for arg in info["args"] if arg["kw"] is None and not arg["star"]]
    channel_ir = ["list", [arg["ir"] for arg in names]] if names else ["lit", "default"]
    return [draft(info, role="consume", library="rq", transport="rq", api="get_worker()", kind="queue",
                  delivery="point-to-point", channel_ir=channel_ir,
                  channel_expr=", ".join(arg["text"] for arg in names) or None)]


R.function(["rq.Worker", "rq.SimpleWorker", "rq.SpawnWorker"], _rq_worker)
R.function(["django_rq.get_worker"], _django_rq_worker)


def _rq_job_definition(info):
    if info["target"]["kind"] != "def":
        return []
    qualname = _module_qual(info)
    queue = Arg(0, "queue").find(info) if info.get("called") else None
    return _define(info, library="rq", api="@job", name_ir=["lit", qualname], name_text=None,
                   key=f"rq:{qualname}", evidence_irs={"queue": queue["ir"] if queue else ["lit", "default"]})


R.decorator_function(["rq.decorators.job", "django_rq.job"], _rq_job_definition)
R.fingerprint(["delay"], _known_task_call("rq", "job.delay"))


def _rq_job_attrs(info):
    queue = Arg(0, "queue").find(info) if info.get("called") else None
    return {"name": ["lit", _module_qual(info)], "queue": queue["ir"] if queue else ["lit", "default"]}


def _rq_typed_delay(info):
    recv = info["recv"]
    return _produce(info, library="rq", api=f"job.{info['method']}", channel_ir=recv.get("name") or ["unknown"],
                    channel_expr=info.get("recv_text"), evidence_irs={"queue": recv["queue"]} if recv.get("queue")
                    else None)


R.method("rq.job", ["delay", "enqueue"], _rq_typed_delay)
if _DECORATED:
    R.decorated_function(["rq.decorators.job", "django_rq.job"], "rq.job", attrs=_rq_job_attrs)
R.fingerprint(["enqueue"], _known_task_call("rq", "job.enqueue"), prefilter=False, gate=())


# -- huey and djhuey (3.4) -------------------------------------------------------------------------------------
_HUEYS = ["huey.Huey", "huey.RedisHuey", "huey.SqliteHuey", "huey.MemoryHuey", "huey.FileHuey",
          "huey.PriorityRedisHuey", "huey.RedisExpireHuey", "huey.PriorityRedisExpireHuey",
          "huey.BlackHoleHuey", "huey.api.Huey", "huey.api.RedisHuey", "huey.api.SqliteHuey",
          "huey.api.MemoryHuey", "huey.api.FileHuey", "huey.api.PriorityRedisHuey", "huey.api.RedisExpireHuey",
          "huey.api.PriorityRedisExpireHuey", "huey.contrib.sql_huey.SqlHuey"]


def _huey_attrs(info):
    name = Arg(0, "name").find(info)
    return {"queue": name["ir"] if name else ["lit", "huey"]}


R.constructor(_HUEYS, "huey.app", attrs=_huey_attrs)
R.known_object(["huey.contrib.djhuey.HUEY"], "huey.app")


def _huey_name(info):
    """huey registers ``<func.__module__>.<name= or func.__name__>``."""
    name = _kw_or_none(info, "name")
    module = info["module"]
    if name is not None:
        return (["cat", [["lit", f"{module}."], name["ir"]]] if module else name["ir"]), name["text"]
    return ["lit", f"{module}.{info['target']['name']}" if module else info["target"]["name"]], None


def _huey_definition(info):
    if info["target"]["kind"] != "def":
        return []
    name_ir, name_text = _huey_name(info)
    recv = info.get("recv") or {}
    api = f"@huey.{info['method']}" if recv else f"@djhuey.{info['name']}"
    return _define(info, library="huey", api=api, name_ir=name_ir, name_text=name_text, key=_module_qual(info),
                   evidence_irs={"queue": recv["queue"]} if recv.get("queue") else None)


R.decorator_method("huey.app", ["task", "periodic_task", "context_task"], _huey_definition)
R.decorator_function(["huey.contrib.djhuey.task", "huey.contrib.djhuey.periodic_task",
                      "huey.contrib.djhuey.db_task", "huey.contrib.djhuey.db_periodic_task"], _huey_definition)


def _huey_enqueue(info):
    """``huey.enqueue(add.s(1, 2))``: the task behind the signature."""
    sig = Arg(0, "task").find(info)
    members = (sig or {}).get("sigs") or []
    if not members:
        return []
    recv = info.get("recv") or {}
    return _produce(info, library="huey", api="huey.enqueue", channel_ir=members[0], channel_expr=sig["text"],
                    evidence_irs={"queue": recv["queue"]} if recv.get("queue") else None)


R.method("huey.app", ["enqueue"], _huey_enqueue)


def _huey_task_attrs(info):
    name_ir, _ = _huey_name(info)
    recv = info.get("recv") or {}
    return {"name": name_ir, "queue": recv.get("queue")}


def _huey_typed_call(info):
    """``add(1, 2)`` (calling a huey task enqueues it), ``add.schedule(...)``, ``add.map(items)``."""
    tag = info.get("recv") or info.get("callee") or {}
    api = f"task.{info['method']}" if info.get("recv") else f"{info.get('name')}()"
    return _produce(info, library="huey", api=api, channel_ir=tag.get("name") or ["unknown"],
                    channel_expr=info.get("recv_text") or info.get("name"),
                    evidence_irs={"queue": tag["queue"]} if tag.get("queue") else None)


R.method("huey.task", ["schedule", "map"], _huey_typed_call)
R.call_of_object("huey.task", _huey_typed_call)
if _DECORATED:
    R.decorated_method("huey.app", ["task", "periodic_task", "context_task"], "huey.task", attrs=_huey_task_attrs)
    R.decorated_function(["huey.contrib.djhuey.task", "huey.contrib.djhuey.periodic_task",
                          "huey.contrib.djhuey.db_task", "huey.contrib.djhuey.db_periodic_task"], "huey.task",
                         attrs=_huey_task_attrs)
R.fingerprint(["schedule"], _known_task_call("huey", "task.schedule", prefix=""), prefilter=False, gate=())
R.function(["huey.contrib.djhuey.enqueue"], _huey_enqueue)


# -- arq (3.5) -----------------------------------------------------------------------------------------------------
def _arq_pool_attrs(info):
    queue = Arg(None, "default_queue_name").find(info)
    return {"queue": queue["ir"] if queue else ["lit", "arq:queue"]}


R.constructor(["arq.create_pool", "arq.connections.create_pool", "arq.ArqRedis", "arq.connections.ArqRedis"],
              "arq.pool", attrs=_arq_pool_attrs)


def _arq_enqueue(info):
    function = Arg(0, "function").find(info)
    if function is None:
        return []
    queue = _kw_or_none(info, "_queue_name")
    recv = info.get("recv") or {}
    queue_ir = queue["ir"] if queue else recv.get("queue", ["lit", "arq:queue"])
    return _produce(info, library="arq", api="ArqRedis.enqueue_job", channel_ir=function["ir"],
                    channel_expr=function["text"], evidence_irs={"queue": queue_ir})


def _arq_enqueue_untyped(info):
    """``ctx["redis"].enqueue_job("name", ...)``: the job's name must be a value, not an object (rq's
    ``Queue.enqueue_job(job)`` has the same method name)."""
    imports = info.get("imports") or ()
    if "arq" not in imports and ("rq" in imports or "django_rq" in imports):
        return []
    function = Arg(0, "function").find(info)
    if function is None or function["ir"][0] == "unknown":
        return []
    return _arq_enqueue(info)


R.method("arq.pool", ["enqueue_job"], _arq_enqueue)
R.fingerprint(["enqueue_job"], _arq_enqueue_untyped)


def _arq_function(prefix: str, api: str):
    """``func(f, name=...)`` / ``cron(f, ...)``: a function the worker runs, named ``name=`` or after ``f``."""
    def fn(info):
        coroutine = Arg(0, "coroutine").find(info)
        if coroutine is None:
            return []
        name = _kw_or_none(info, "name")
        if name is not None:
            channel_ir, text = name["ir"], name["text"]
        else:
            ref = _function_ref(coroutine, _last)
            channel_ir = ["cat", [["lit", prefix], ref]] if prefix else ref
            text = coroutine["text"]
        return [draft(info, role="consume", library="arq", transport="arq", api=api, kind="task",
                      delivery="point-to-point", channel_ir=channel_ir, channel_expr=text,
                      evidence=["periodic (cron)"] if prefix else ())]
    return fn


R.function(["arq.func"], _arq_function("", "func()"))
R.function(["arq.cron"], _arq_function("cron:", "cron()"))


def _arq_worker(info):
    """``Worker(functions=[f, g])``: one site per plain function (``func()``/``cron()`` are sites themselves)."""
    functions = Arg(0, "functions").find(info)
    if functions is None or functions["ir"][0] != "list":
        return []
    return [draft(info, role="consume", library="arq", transport="arq", api="Worker()", kind="task",
                  delivery="point-to-point", channel_ir=["lit", _last(item[1])], channel_expr=functions["text"])
            for item in functions["ir"][1] if item[0] in ("task", "ref")]  # a def here, or an imported one


R.function(["arq.Worker"], _arq_worker)


def _arq_settings_functions(info):
    """``class WorkerSettings: functions = [f, g, func(h, name="x")]``: one site per plain function, on its
    element's line (``func()`` elements are sites themselves). Any class in a file importing arq: arq's
    settings classes derive from nothing. Needs the engine's class_attribute kind "*" with elements."""
    if "arq" not in (info.get("imports") or ()):
        return []
    value = info["args"][0]["ir"] if info.get("args") else ["unknown"]
    if value[0] != "list":
        return []
    out = []
    for index, item in enumerate(value[1]):
        if item[0] not in ("task", "ref"):
            continue
        out.append(draft(info, role="consume", library="arq", transport="arq", api=f"{info['class']}.functions",
                         kind="task", delivery="point-to-point", channel_ir=["lit", _last(item[1])],
                         channel_expr=None, element=index))
    return out


R.class_attribute("*", ["functions"], _arq_settings_functions)


# -- taskiq (3.6) --------------------------------------------------------------------------------------------------
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


def _taskiq_broker_attrs(info):
    queue = _kw_or_none(info, "queue_name") or _kw_or_none(info, "queue")
    return {"queue": queue["ir"]} if queue else {}


R.constructor(_TASKIQ_BROKERS, "taskiq.broker", attrs=_taskiq_broker_attrs)
R.factory("taskiq.broker", ["with_result_backend", "with_id_generator", "with_middlewares", "with_event_handlers",
                            "with_serializer", "with_formatter"], "taskiq.broker",
          attrs=lambda base, info: dict(base.attrs))


def _taskiq_name(info):
    """``@broker.task("x")`` / ``task_name="x"``, else ``<module>:<function>``."""
    name = Arg(0, "task_name").find(info) if info.get("called") else None
    if name is not None and name["ir"][0] != "unknown":
        return name["ir"], name["text"]
    module = info["module"]
    return ["lit", f"{module}:{info['target']['name']}" if module else info["target"]["name"]], None


def _taskiq_definition(info):
    if info["target"]["kind"] != "def":
        return []
    name_ir, name_text = _taskiq_name(info)
    recv = info.get("recv") or {}
    return _define(info, library="taskiq", api="@broker.task", name_ir=name_ir, name_text=name_text,
                   key=f"taskiq:{_module_qual(info)}",
                   evidence_irs={"queue": recv["queue"]} if recv.get("queue") else None)


R.decorator_method("taskiq.broker", ["task"], _taskiq_definition)


def _taskiq_register(info):
    """``broker.register_task(fn, task_name=...)``."""
    fn = Arg(0, "func").find(info)
    if fn is None:
        return []
    name = _kw_or_none(info, "task_name") or Arg(1).find(info)
    name_ir = name["ir"] if name else _function_ref(fn, _colon)
    recv = info.get("recv") or {}
    out = [draft(info, role="consume", library="taskiq", transport="taskiq", api="broker.register_task",
                 kind="task", delivery="point-to-point", channel_ir=name_ir,
                 channel_expr=name["text"] if name else fn["text"],
                 evidence_irs={"queue": recv["queue"]} if recv.get("queue") else {})]
    qual = fn["ir"][1] if fn["ir"][0] == "task" else fn.get("qual")
    if qual:
        out[0]["task_def"] = {"qualname": f"taskiq:{qual}", "name_ir": name_ir}
    return out


R.method("taskiq.broker", ["register_task"], _taskiq_register)
_KICKER_CHAIN = {"kiq", "with_labels", "with_task_id", "with_schedule_id", "with_broker", "schedule_by_cron",
                 "schedule_by_interval", "schedule_by_time"}


def _taskiq_typed(info):
    method = info["method"]
    if method == "kicker" and info.get("then") not in _KICKER_CHAIN:
        return []
    return _produce(info, library="taskiq", api="task.kicker().kiq" if method == "kicker" else f"task.{method}",
                    channel_ir=info["recv"].get("name") or ["unknown"], channel_expr=info.get("recv_text"),
                    evidence=("scheduled",) if method.startswith("schedule_by_") else ())


if _DECORATED:
    R.decorated_method("taskiq.broker", ["task"], "taskiq.task", attrs=lambda info: {"name": _taskiq_name(info)[0]})
R.method("taskiq.task", ["kiq", "kicker", "schedule_by_cron", "schedule_by_interval", "schedule_by_time"],
         _taskiq_typed)
R.fingerprint(["kiq"], _known_task_call("taskiq", "task.kiq"))
R.fingerprint(["schedule_by_cron", "schedule_by_interval", "schedule_by_time"],
              _known_task_call("taskiq", "task.{method}", evidence=("scheduled",)))
_kicker = _known_task_call("taskiq", "task.kicker().kiq")
R.fingerprint(["kicker"], lambda info: _kicker(info) if info.get("then") in _KICKER_CHAIN else [])


def _taskiq_kicker(info):
    """``AsyncKicker(task_name="x", broker=b, labels={}).kiq()``."""
    if info.get("then") not in _KICKER_CHAIN:
        return []
    name = Arg(0, "task_name").find(info)
    if name is None:
        return []
    return _produce(info, library="taskiq", api="AsyncKicker().kiq", channel_ir=name["ir"], channel_expr=name["text"])


R.function(["taskiq.AsyncKicker"], _taskiq_kicker)
