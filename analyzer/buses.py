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
from typing import Iterator, Optional

import libcst as cst

from .facts import Draft, Hook
from .names import Names
from .prefilter import LISTENER_REGISTRY
from .scopes import ClassInfo, Collector, DefInfo, string_value
from .values import Param

_REGISTRIES = {"defaultdict", "dict", "OrderedDict"}
_SHAPE = re.compile(LISTENER_REGISTRY)  # a subscribe method's line: without one, no class is a bus
_ADD = {"append", "add", "insert", "appendleft"}
_PUT = {"put", "put_nowait", "append", "appendleft", "send"}


def find_buses(collector: Collector, names: Names, source: str) -> tuple[list[Draft], list[Hook]]:
    """The effects of each bus class's subscribe and fire methods (templates, not sites), and the plugin
    hooks its dispatcher calls."""
    effects: list[Draft] = []
    hooks: list[Hook] = []
    if _SHAPE.search(source) is None:
        return effects, hooks
    for cls in collector.classes:
        methods = [d for d in collector.defs if not d.is_class and d.cls is cls]
        registries = {attr for attr, assigned in cls.attrs.items()
                      if any(_is_registry(value) for value, _ in assigned)}
        if not registries:
            continue
        subscribes = {m.name: key for m in methods for key in [_subscribe_key(m, registries)] if key is not None}
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


def _slice_name(node: cst.Subscript) -> Optional[str]:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
            and isinstance(node.slice[0].slice.value, cst.Name):
        return node.slice[0].slice.value.value
    return None


def _dispatches(method: DefInfo, registries: set[str]) -> bool:
    """Looks the registry up and calls what it finds: ``for cb in self.R[e]: cb(...)`` or ``self.R[e](...)``."""
    me = _self_name(method)
    loop_names: set[str] = set()
    looked_up: set[str] = set()  # locals bound to a lookup (listeners = self.R[event])
    for node in _nodes(method):
        if isinstance(node, cst.Assign) and _mentions_registry(node.value, registries, me):
            looked_up.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
    for node in _nodes(method):
        if isinstance(node, cst.For) and isinstance(node.target, cst.Name) and (
                _mentions_registry(node.iter, registries, me)
                or (isinstance(node.iter, cst.Name) and node.iter.value in looked_up)):
            loop_names.add(node.target.value)
    for node in _nodes(method):
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Name) and node.func.value in loop_names:
                return True
            if isinstance(node.func, cst.Subscript) and _self_attr(node.func.value, me) in registries:
                return True
    return False


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
    found: dict[str, str] = {}
    grew = True
    while grew:
        grew = False
        for method in methods:
            params = _params(method)
            if method.name in found or not params:
                continue
            if _reaches_dispatch(method, params[0], registries if method.name in dispatchers else set(), queues,
                                 found):
                found[method.name] = params[0]
                grew = True
    return {name: key for name, key in found.items() if not name.startswith("_")}


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
        passes = any(_mentions_name(a.value, key) for a in node.args)
        if not passes:
            continue
        receiver = node.func.value
        if node.func.attr.value in _PUT and (_self_attr(receiver, me) in queues or (
                isinstance(receiver, cst.Name) and receiver.value in local_queues)):
            return True
        if isinstance(receiver, cst.Name) and receiver.value == me and node.func.attr.value in fires:
            return True
    return False


def _mentions_name(node: cst.CSTNode, name: str) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name) and current.value == name:
            return True
        stack.extend(current.children)
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

