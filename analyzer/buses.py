"""The project's own in-process bus, recognised by its shape (no library names it).

A class is a bus when one of its methods stores callables in a registry keyed by an argument
(``self._listeners[event].append(callback)``) and another looks the key up and calls what it finds
(``for callback in self._listeners[event]: callback(event, payload)``). Its *subscribe* methods are then
consume effects and its *fire* methods (a public method whose event argument reaches the lookup, directly
or through a queue that the dispatching method reads) produce effects, on the channel the caller names:
every call of them is a site (``analyzer.effects``), with enum members and constants resolved. A
dispatcher that also hands every event to a plugin hook named by a string (``call_plugin(EventHandler,
"on_event", args=(event, payload))``) makes each override of that method a consume site with no channel.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

import libcst as cst

from .facts import Draft, Hook
from .names import Names
from .prefilter import FUNCTION_REGISTRY, LISTENER_REGISTRY
from .scopes import ClassInfo, Collector, DefInfo, mentions_name, string_value
from .values import Param

_REGISTRIES = {"defaultdict", "dict", "OrderedDict"}
_SHAPE = re.compile(LISTENER_REGISTRY)  # a subscribe method's line: without one, no class is a bus
_FUNCTION_SHAPE = re.compile(FUNCTION_REGISTRY)  # the same for a module's functions
_ADD = {"append", "add", "insert", "appendleft"}
_PUT = {"put", "put_nowait", "append", "appendleft", "send"}


def find_buses(collector: Collector, names: Names, source: str) -> tuple[list[Draft], list[Hook]]:
    """The effects of each bus class's subscribe and fire methods (templates, not sites), and the plugin
    hooks its dispatcher calls."""
    effects: list[Draft] = []
    hooks: list[Hook] = []
    if _FUNCTION_SHAPE.search(source) is not None:
        effects.extend(_function_bus(collector, names))
    if _SHAPE.search(source) is None:
        return effects, hooks
    for cls in collector.classes:
        methods = [d for d in collector.defs if not d.is_class and d.cls is cls]
        registries = {attr for attr, assigned in cls.attrs.items()
                      if any(_is_registry(value) for value, _ in assigned)}
        if not registries:
            continue
        subscribes = _subscribe_methods(methods, registries)
        dispatchers = [m for m in methods if _dispatches(m, registries)]
        if not subscribes or not dispatchers:
            continue
        queues = {attr for m in dispatchers for attr in _read_queues(m)}
        fires = _fire_methods(methods, registries, queues, {m.name for m in dispatchers})
        qualname = names.module_qual(cls.qualname)
        for method, key in subscribes.items():
            effects.append(_effect(cls, method, key, qualname, "consume"))
        for method, key in fires.items():
            effects.append(_effect(cls, method, key, qualname, "produce"))
        for dispatcher in dispatchers:
            hooks.extend(_plugin_hooks(dispatcher, names))
    return effects, hooks


def _function_bus(collector: Collector, names: Names) -> list[Draft]:
    """A bus made of a module's functions, its registry held anywhere (``hass.data[KEY]``): one function
    stores a callback under a key (``dispatchers[signal][target] = None``), another looks the key up and
    calls what it finds; the functions that hand their key to these (directly, or with the function as a
    callback: ``loop.call_soon_threadsafe(send_internal, hass, signal, *args)``) subscribe or fire too."""
    functions = {d.name: d for d in collector.defs if not d.is_class and d.cls is None}  # the last of overloads
    subscribes = {name: key for name, d in functions.items() for key in [_stores_callback(d)] if key is not None}
    fires = {name: key for name, d in functions.items() for key in [_looks_up_and_calls(d)] if key is not None}
    if not subscribes or not fires:
        return []
    _grow(functions, subscribes)
    _grow(functions, fires)
    out = []
    for found, role in ((subscribes, "consume"), (fires, "produce")):
        for name, key in found.items():
            if name.startswith("_"):
                continue
            qualname = functions[name].qualname
            out.append(Draft(role=role, library="project", transport="inproc", api=name, channel_kind="event_type",
                             delivery="broadcast", channel=Param(key, names.module_qual(qualname), None),
                             channel_expr=key, function=qualname, effect=True,
                             evidence=("in-process bus: its functions keep callbacks by key and call them",)))
    return out


def _stores_callback(function: DefInfo) -> Optional[str]:
    """The parameter a function keys a registry by when it stores another parameter, a callback, under it:
    ``R[key][callback] = ...``, ``R[key].append(callback)``, ``R.setdefault(key, []).append(callback)``."""
    params = set(_all_params(function))
    for node in _nodes(function):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                inner = target.target
                if isinstance(inner, cst.Subscript) and isinstance(inner.value, cst.Subscript) \
                        and _slice_name(inner) in params and _slice_name(inner.value) in params:
                    return _slice_name(inner.value)
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _ADD \
                and any(isinstance(a.value, cst.Name) and a.value.value in params for a in node.args):
            target = node.func.value
            if isinstance(target, cst.Subscript) and _slice_name(target) in params:
                return _slice_name(target)
            if isinstance(target, cst.Call) and isinstance(target.func, cst.Attribute) \
                    and target.func.attr.value == "setdefault" and target.args \
                    and isinstance(target.args[0].value, cst.Name) and target.args[0].value.value in params:
                return target.args[0].value.value
    return None


def _looks_up_and_calls(function: DefInfo) -> Optional[str]:
    """The parameter a function looks callbacks up by (``R.get(key)``, ``R[key]``), when it then calls
    them or hands them to what runs them."""
    params = set(_all_params(function))
    looked_up: dict[str, str] = {}  # local -> key (targets = R.get(signal), walrus included)
    keys: set[str] = set()
    for node in _nodes(function):
        key = _lookup_key(node, params)
        if key is not None:
            keys.add(key)
        if isinstance(node, (cst.Assign, cst.NamedExpr)):
            value = node.value
            key = _lookup_key(value, params) if value is not None else None
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            if key is not None:
                looked_up.update((t.value, key) for t in targets if isinstance(t, cst.Name))
    if not keys:
        return None
    loop_names: dict[str, str] = {}
    for node in _nodes(function):
        if isinstance(node, cst.For):
            key = next((k for local, k in looked_up.items() if mentions_name(node.iter, local)), None)
            key = key or next((k for k in keys if _lookup_key_in(node.iter, params) == k), None)
            if key is not None:
                loop_names.update(dict.fromkeys(_target_names(node.target), key))
    for node in _nodes(function):
        if isinstance(node, cst.Call):
            func = node.func
            head = func.value if isinstance(func, cst.Attribute) else func  # cb(...), job.target(...)
            if isinstance(head, cst.Name) and head.value in loop_names:
                return loop_names[head.value]
            if node.args and isinstance(node.args[0].value, cst.Name) and node.args[0].value.value in loop_names \
                    and not _collects(func):
                return loop_names[node.args[0].value.value]  # run_job(job, *args)
    return None


def _collects(func: cst.BaseExpression) -> bool:
    """A call that keeps or looks at a value rather than running it (``found.append(cb)``, ``len(cb)``)."""
    if isinstance(func, cst.Attribute):
        return func.attr.value in _CONTAINER_METHODS
    return isinstance(func, cst.Name) and func.value in _BUILTINS


_CONTAINER_METHODS = {"append", "add", "extend", "insert", "remove", "discard", "update", "pop", "setdefault", "get",
                      "appendleft", "index", "count", "join", "format", "debug", "info", "warning", "error"}
_BUILTINS = {"print", "len", "str", "repr", "list", "tuple", "set", "sorted", "isinstance", "id", "hash", "type",
             "getattr", "hasattr", "iter", "next", "bool", "dict"}


def _lookup_key(node: cst.CSTNode, params: set[str]) -> Optional[str]:
    if isinstance(node, cst.Subscript) and _slice_name(node) in params:
        return _slice_name(node)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
            and node.args and isinstance(node.args[0].value, cst.Name) and node.args[0].value.value in params:
        return node.args[0].value.value
    return None


def _lookup_key_in(node: cst.CSTNode, params: set[str]) -> Optional[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        key = _lookup_key(current, params)
        if key is not None:
            return key
        stack.extend(current.children)
    return None


def _grow(functions: dict[str, DefInfo], found: dict[str, str]) -> None:
    """Add the functions that pass their key on to a found one: ``send(hass, signal, *a)`` calling
    ``send_internal(hass, signal, *a)``, or handing it over: ``call_soon(send_internal, hass, signal)``."""
    grew = True
    while grew:
        grew = False
        for name, function in functions.items():
            if name in found:
                continue
            params = _all_params(function)
            for node in _nodes(function):
                key = _passed_key(node, params, functions, found) if isinstance(node, cst.Call) else None
                if key is not None:
                    found[name] = key
                    grew = True
                    break


def _passed_key(call: cst.Call, params: list[str], functions: dict[str, DefInfo],
                found: dict[str, str]) -> Optional[str]:
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    callee, shift = None, 0
    if isinstance(call.func, cst.Name) and call.func.value in found:
        callee = call.func.value
    else:
        for index, value in enumerate(positional):
            if isinstance(value, cst.Name) and value.value in found:
                callee, shift = value.value, index + 1  # handed over with its arguments after it
                break
    if callee is None:
        return None
    callee_params = _all_params(functions[callee])
    position = callee_params.index(found[callee]) + shift if found[callee] in callee_params else -1
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == found[callee] and isinstance(arg.value, cst.Name) \
                and arg.value.value in params:
            return arg.value.value
    if 0 <= position < len(positional) and isinstance(positional[position], cst.Name) \
            and positional[position].value in params:
        return positional[position].value
    return None


def _all_params(function: DefInfo) -> list[str]:
    params = function.node.params
    return [p.name.value for p in list(params.posonly_params) + list(params.params) + list(params.kwonly_params)]


def _effect(cls: ClassInfo, method: str, key: str, qualname: str, role: str) -> Draft:
    function = f"{cls.qualname}.{method}"
    return Draft(role=role, library="project", transport="inproc", api=f"{cls.name}.{method}",
                 channel_kind="event_type", delivery="broadcast", channel=Param(key, f"{qualname}.{method}", None),
                 channel_expr=key, function=function, effect=True,
                 evidence=(f"in-process bus: {cls.name} keeps callbacks by event and calls them",))


def _is_registry(value: cst.BaseExpression) -> bool:
    """``{}``, ``dict()``, ``defaultdict(list)``, ``collections.defaultdict(set)``."""
    if isinstance(value, cst.Dict):
        return not value.elements
    if isinstance(value, cst.Call):
        func = value.func
        name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) \
            else None
        return name in _REGISTRIES
    return False


def _self_attr(node: cst.BaseExpression, self_name: Optional[str]) -> Optional[str]:
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == self_name:
        return node.attr.value
    return None


def _params(method: DefInfo) -> list[str]:
    params = method.node.params
    return [p.name.value for p in list(params.posonly_params) + list(params.params)][1:]


def _nodes(method: DefInfo) -> Iterator[cst.CSTNode]:
    stack: list[cst.CSTNode] = [method.node.body]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def _self_name(method: DefInfo) -> Optional[str]:
    params = method.node.params
    names = [p.name.value for p in list(params.posonly_params) + list(params.params)]
    return names[0] if names else None


def _subscribe_key(method: DefInfo, registries: set[str]) -> Optional[str]:
    """The parameter a subscribe method keys the registry by: ``self.R[key].append(cb)`` or
    ``self.R.setdefault(key, []).append(cb)``, both key and callback its parameters. A registry of one
    callable per key (``self.R[key] = cb``) is a lookup table, not a bus: many listeners make a bus."""
    params = set(_params(method))
    me = _self_name(method)
    for node in _nodes(method):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _ADD \
                and any(isinstance(a.value, cst.Name) and a.value.value in params for a in node.args):
            target = node.func.value
            if isinstance(target, cst.Subscript) and _self_attr(target.value, me) in registries:
                key = _slice_name(target)
                if key in params:
                    return key
            if isinstance(target, cst.Call) and isinstance(target.func, cst.Attribute) \
                    and target.func.attr.value == "setdefault" and _self_attr(target.func.value, me) in registries \
                    and target.args and isinstance(target.args[0].value, cst.Name) \
                    and target.args[0].value.value in params:
                return target.args[0].value.value
    return None


def _subscribe_methods(methods: list[DefInfo], registries: set[str]) -> dict[str, str]:
    """Methods that add a callback under their first parameter: directly, or by passing it on to such a
    method (``async_listen(event, cb)`` -> ``self._listen_job(event, job)``); the public ones."""
    found = {m.name: key for m in methods for key in [_subscribe_key(m, registries)] if key is not None}

    def passes_on(method: DefInfo, key: str, found: dict[str, str]) -> bool:
        me = _self_name(method)
        for node in _nodes(method):
            if not isinstance(node, cst.Call) or not any(mentions_name(a.value, key) for a in node.args):
                continue
            direct = isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Name) \
                and node.func.value.value == me and node.func.attr.value in found
            # run_callback_threadsafe(loop, self.async_listen, event, listener): handed on with the key
            if direct or any(_self_attr(a.value, me) in found for a in node.args):
                return True
        return False

    return _grow_methods(methods, found, passes_on)


def _grow_methods(methods: list[DefInfo], found: dict[str, str],
                  reaches: Callable[[DefInfo, str, dict[str, str]], bool]) -> dict[str, str]:
    """``found`` grown to a fixpoint with the methods whose first parameter ``reaches`` a found one (or the
    registry, the queue); the public ones, by name, with that parameter."""
    grew = True
    while grew:
        grew = False
        for method in methods:
            params = _params(method)
            if method.name not in found and params and reaches(method, params[0], found):
                found[method.name] = params[0]
                grew = True
    return {name: key for name, key in found.items() if not name.startswith("_")}


def _slice_name(node: cst.Subscript) -> Optional[str]:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
            and isinstance(node.slice[0].slice.value, cst.Name):
        return node.slice[0].slice.value.value
    return None


def _dispatches(method: DefInfo, registries: set[str]) -> bool:
    """Looks the registry up and calls what it finds, or hands it to a runner: ``for cb in self.R[e]:
    cb(...)``, ``for job, f in listeners + others: self._run(job, event)``, ``self.R[e](...)``."""
    me = _self_name(method)
    loop_names: set[str] = set()
    looked_up: set[str] = set()  # locals bound to a lookup (listeners = self.R.get(event, []))
    for node in _nodes(method):
        if isinstance(node, cst.Assign) and _mentions_registry(node.value, registries, me):
            looked_up.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
    for node in _nodes(method):
        if isinstance(node, cst.For) and (_mentions_registry(node.iter, registries, me)
                                          or any(mentions_name(node.iter, name) for name in looked_up)):
            loop_names.update(_target_names(node.target))
    for node in _nodes(method):
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Name) and node.func.value in loop_names:
                return True
            if isinstance(node.func, cst.Subscript) and _self_attr(node.func.value, me) in registries:
                return True
            if node.args and isinstance(node.args[0].value, cst.Name) and node.args[0].value.value in loop_names:
                return True  # run_job(job, event): the listener handed to what runs it
    return False


def _target_names(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for element in target.elements for name in _target_names(element.value)]
    return []


def _mentions_registry(node: cst.CSTNode, registries: set[str], me: Optional[str]) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if _self_attr(current, me) in registries:
            return True
        stack.extend(current.children)
    return False


def _read_queues(method: DefInfo) -> set[str]:
    """Self attributes the dispatcher takes events from (``self._queue.get()``)."""
    me = _self_name(method)
    return {attr for node in _nodes(method) if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in ("get", "get_nowait", "popleft", "pop")
            for attr in [_self_attr(node.func.value, me)] if attr}


def _fire_methods(methods: list[DefInfo], registries: set[str], queues: set[str],
                  dispatchers: set[str]) -> dict[str, str]:
    """Methods whose first parameter reaches the dispatch: the key a dispatching method looks up, put in a
    queue the dispatcher reads, or passed on to another such method (``self._enqueue(event, payload)``)."""
    return _grow_methods(methods, {}, lambda method, key, found: _reaches_dispatch(
        method, key, registries if method.name in dispatchers else set(), queues, found))


def _reaches_dispatch(method: DefInfo, key: str, registries: set[str], queues: set[str], fires: dict[str, str]) -> bool:
    me = _self_name(method)
    local_queues: set[str] = set()  # q = self._queue (or another attribute holding a queue)
    for node in _nodes(method):
        if isinstance(node, cst.Assign) and _self_attr(node.value, me) in queues:
            local_queues.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
    for node in _nodes(method):
        if isinstance(node, cst.Subscript) and _self_attr(node.value, me) in registries and _slice_name(node) == key:
            return True
        if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
            continue
        passes = any(mentions_name(a.value, key) for a in node.args)
        if not passes:
            continue
        if node.func.attr.value == "get" and _self_attr(node.func.value, me) in registries and node.args \
                and mentions_name(node.args[0].value, key):
            return True  # self.R.get(event, [])
        if any(_self_attr(a.value, me) in fires for a in node.args):
            return True  # loop.call_soon_threadsafe(self.async_fire_internal, event, data)
        receiver = node.func.value
        if node.func.attr.value in _PUT and (_self_attr(receiver, me) in queues or (
                isinstance(receiver, cst.Name) and receiver.value in local_queues)):
            return True
        if isinstance(receiver, cst.Name) and receiver.value == me and node.func.attr.value in fires:
            return True
    return False


def _plugin_hooks(dispatcher: DefInfo, names: Names) -> Iterator[Hook]:
    """``call_plugin(EventHandlerPlugin, "on_event", args=(event, payload))`` in the dispatcher: the plugin
    class's method that receives every event."""
    for node in _nodes(dispatcher):
        if not isinstance(node, cst.Call):
            continue
        classes = [names.qualname(a.value, dispatcher.scope) for a in node.args
                   if isinstance(a.value, (cst.Name, cst.Attribute))]
        strings = [string_value(a.value) for a in node.args if isinstance(a.value, cst.SimpleString)]
        classes = [c for c in classes if c and c.rsplit(".", 1)[-1][:1].isupper() and not names.registry.is_library(c)]
        methods = [s for s in strings if isinstance(s, str) and s.isidentifier()]
        for cls in classes:
            for method in methods:
                yield Hook(cls, method)

