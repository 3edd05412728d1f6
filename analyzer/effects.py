"""Messaging effects of the project's own functions: every call of a function that sends is a site.

A function's *summary* is what its body sends or consumes: the sites of the library calls in it, and
the effects of the project functions it calls, with their channels written over its own parameters
(``Param`` values), its instance's constructor parameters and constants. Every call of a function with
a summary is then a site of its own (``library: project``, ``via`` the chain of functions down to the
library call), with the callee's parameters filled in from the call's arguments; a channel that stays
unknown is a hole, never a reason to drop the site. The call's effect joins the caller's summary, so
its callers are sites too: this repeats to a fixpoint, across modules.

Calls are resolved through imports and re-exports, module aliases, module-level instances of project
classes (``publisher = Publisher("orders")``), ``self``, and the base classes of a method's class (a
method the class does not define is its base class's).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable, Mapping, Optional

from .discover import is_test_path
from .facts import CallArg, ClassFacts, Draft, FileFacts, Hook, ProjectCall, Signature
from .model import GIVEN_AT_CALL
from .names import MESSAGING_VERBS, name_words
from .values import (UNKNOWN, Hole, Instance, Param, Ref, SelfAttr, Subscript, Unknown, Value, handed_on,
                     records, substitute)

_ROUNDS = 12  # fixpoint rounds: how deep a chain of wrappers can be followed
_HOPS = 8  # aliases and base classes followed to find a callee
_GENERIC_WORDS = frozenset(("manager", "service", "client", "handler", "helper", "base", "core", "main", "app",
                            "impl", "default", "my", "self", "the", "get", "set"))  # say nothing of a class's job
_UNION_LIMIT = 6  # most implementations an abstract method may have for a call of it to send what they send
_INCIDENTAL_CALLS, _INCIDENTAL_MODULES = 50, 10  # a framework API: called this often, from this many modules


def module_qual(module: str, local: str) -> str:
    return f"{module}.{local}" if module else local


def mentions_param(value: object, function: str) -> bool:
    """Does a value (or a draft's channel and route) mention a parameter of ``function``?"""
    return any(type(item) is Param and item.function == function for item in records(value))


def draft_mentions_param(item: Draft, function: str) -> bool:
    return mentions_param((item.channel, item.route), function)


class Callees:
    """Which project function a call reaches, given the project's functions, classes and symbols."""

    def __init__(self, functions: Mapping[str, Signature], classes: Mapping[str, ClassFacts],
                 symbols: Mapping[str, Value]) -> None:
        self.functions = functions
        self.classes = classes
        self.symbols = symbols
        self._found: dict[str, tuple[Optional[str], Optional[Instance]]] = {}
        self._implementers: Optional[dict[str, list[str]]] = None  # class -> the project classes deriving from it

    def resolve(self, callee: str) -> tuple[Optional[str], Optional[Instance]]:
        """The function a callee name reaches (through re-exports, module aliases, module-level instances
        of project classes and base classes), with the instance when it is a method of one."""
        if callee not in self._found:
            self._found[callee] = self._resolve(callee)
        return self._found[callee]

    def _resolve(self, qualname: str) -> tuple[Optional[str], Optional[Instance]]:
        instance = None
        for _ in range(_HOPS):
            if qualname in self.functions:
                return qualname, instance
            if "()." in qualname:  # a method of what a function returns (event_bus().fire)
                function, _, rest = qualname.partition("().")
                target, _ = self.resolve(function)
                returned = self.functions[target].returns if target is not None else None
                if returned is None:
                    return None, None
                qualname = f"{returned}.{rest}"
                continue
            if qualname in self.classes:  # a class called: its constructor
                qualname = f"{qualname}.__init__"
                continue
            alias = self.symbols.get(qualname)
            if type(alias) is Ref:
                qualname = alias.name
                continue
            head, _, attr = qualname.rpartition(".")
            alias = self.symbols.get(head) if head else None
            if type(alias) is Ref:
                qualname = f"{alias.name}.{attr}"
                continue
            if type(alias) is Instance:  # publisher = Publisher("orders")
                instance = alias
                qualname = f"{alias.cls}.{attr}"
                continue
            inherited = self._inherited(head, attr) if head in self.classes else None
            if inherited is not None:
                return inherited, instance
            held = self._attribute_class(head)
            if held is not None:  # hass.bus.async_fire: the class of what the attribute holds
                qualname = f"{held}.{attr}"
                continue
            return None, None
        return None, None

    def implementations(self, function: str) -> list[str]:
        """The functions a call of ``function`` runs: itself, or when it is an abstract method, the methods
        of the project's subclasses that implement it (a call through a base class runs one of them)."""
        signature = self.functions.get(function)
        if signature is None or not signature.abstract:
            return [function]
        if self._implementers is None:
            self._implementers = defaultdict(list)
            for qualname in self.classes:
                for base in self._ancestors(qualname):
                    self._implementers[base].append(qualname)
        cls, _, method = function.rpartition(".")
        found = [f"{sub}.{method}" for sub in self._implementers.get(cls, ())
                 if f"{sub}.{method}" in self.functions and not self.functions[f"{sub}.{method}"].abstract]
        # many implementations are a plugin hierarchy (every entity's turn_on): a call through the base is
        # generic dispatch, not a send of each; a few are the backends one setting chooses between
        return found if 0 < len(found) <= _UNION_LIMIT else [function]

    def _ancestors(self, cls: str) -> list[str]:
        """The project classes ``cls`` derives from, nearest first."""
        out: list[str] = []
        todo = [cls]
        while todo and len(out) < _HOPS * 4:
            for base in self.classes[todo.pop(0)].bases:
                found = self.class_of(base)
                if found is not None and found not in out and found != cls:
                    out.append(found)
                    todo.append(found)
        return out

    def _attribute_class(self, qualname: str) -> Optional[str]:
        """``pkg.HomeAssistant.bus``: the class the attribute of instances of that class (or a base) holds."""
        owner, _, field = qualname.rpartition(".")
        cls = (self.class_of(owner) or self._attribute_class(owner)) if owner else None  # self.hass.bus
        if cls not in self.classes:  # an attribute holding a library object
            return None
        for current in ([cls] + self._ancestors(cls))[:_HOPS]:
            held = dict(self.classes[current].attributes).get(field)
            if held is not None:
                return self.class_of(held) or held
        return None

    def _inherited(self, cls: str, method: str, depth: int = 0) -> Optional[str]:
        """``method`` as the nearest base class of ``cls`` defines it."""
        if depth > _HOPS:
            return None
        for base in self.classes[cls].bases:
            target, _ = self.resolve(f"{base}.{method}")
            if target is not None:
                return target
            base_class = self.class_of(base)
            if base_class is not None:
                found = self._inherited(base_class, method, depth + 1)
                if found is not None:
                    return found
        return None

    def derives(self, cls: str, base: str, depth: int = 0) -> bool:
        """Is ``base`` among the ancestors of the project class ``cls``?"""
        if depth > _HOPS:
            return False
        for name in self.classes[cls].bases:
            found = self.class_of(name)
            if base in (name, found) or _reexported(name, base) or (found is not None and self.derives(found, base, depth + 1)):
                return True
        return False

    def class_of(self, qualname: str) -> Optional[str]:
        """The project class a name reaches through re-exports."""
        for _ in range(_HOPS):
            if qualname in self.classes:
                return qualname
            alias = self.symbols.get(qualname)
            if type(alias) is not Ref:
                return None
            qualname = alias.name
        return None


def _reexported(name: str, qualname: str) -> bool:
    """Is ``name`` the class ``qualname`` as a package above its module re-exports it
    (``octoprint.plugin.EventHandlerPlugin`` for ``octoprint.plugin.types.EventHandlerPlugin``)?"""
    head, _, last = name.rpartition(".")
    module, _, own = qualname.rpartition(".")
    return last == own and bool(head) and module.startswith(head + ".")


def joined(files: Iterable[FileFacts]) -> tuple[dict[str, Signature], dict[str, ClassFacts], dict[str, FileFacts]]:
    """Every file's functions and classes by qualified name, and the file that defines each class."""
    functions: dict[str, Signature] = {}
    classes: dict[str, ClassFacts] = {}
    owner: dict[str, FileFacts] = {}
    for facts in files:
        functions.update(facts.functions)
        classes.update(facts.classes)
        owner.update(dict.fromkeys(facts.classes, facts))
    return functions, classes, owner


def call_effects(files: Iterable[FileFacts], drafts: list[tuple[FileFacts, Draft]],
                 symbols: Mapping[str, Value]) -> list[tuple[FileFacts, Draft]]:
    """The sites that calls of the project's functions make, given the sites found so far."""
    files = list(files)
    functions, classes, owners = joined(files)
    summaries: dict[str, list[Draft]] = defaultdict(list)  # function -> what its body sends or consumes
    for facts, item in drafts:
        if item.effect and item.function and item.function != "<module>":
            function = module_qual(facts.module, item.function)
            summaries[function].append(item)
            # a function defined inside another (a callback it hands on, a retry loop) sends for it
            outer = function.rpartition(".")[0]
            while outer in functions and outer.rpartition(".")[0] + ".__init__" != outer:
                if outer.rpartition(".")[0] in classes:  # a method: the nesting ends at the class
                    summaries[outer].append(item)
                    break
                summaries[outer].append(item)
                outer = outer.rpartition(".")[0]
    for facts in files:  # what a bus's fire and subscribe methods do (analyzer.buses)
        for item in facts.effects:
            summaries[module_qual(facts.module, item.function)].append(item)
    if not summaries:
        return []
    callees = Callees(functions, classes, symbols)
    calls = [(facts, call) for facts in files for call in facts.calls]
    done: set[tuple] = set()
    made: dict[tuple[str, int, int], tuple[FileFacts, list[Draft]]] = {}  # each call's effects

    def call_effect(facts: FileFacts, call: ProjectCall, target: str, instance: Optional[Instance],
                    union: Optional[str]) -> bool:
        """The sites one call of ``target`` makes; True when its caller's summary grew."""
        grew = False
        caller = module_qual(facts.module, call.function)
        # super().start() in an override of start(), on what the class configures (self.queue_name): the
        # override extends its base; the class's own site (_configured_subclasses) or its callers say it
        delegation = call.text.startswith("super().") and call.text.rpartition(".")[2] == caller.rpartition(".")[2]
        bound, message = bind_args(functions.get(target), call.args)
        constructor = target.rpartition(".")[0] + ".__init__"
        instance = instance or _instance(call.receiver, symbols)
        init_bound: dict[str, Value] = {}
        receiver_class = callees.class_of(instance.cls if instance is not None else call.callee.rpartition(".")[0])
        if instance is not None:
            init_bound, _ = bind_args(functions.get(constructor),
                                      [CallArg(kw, "", value, None) for kw, value in instance.args])
        for template in list(summaries[target]):
            key = (facts.path, call.line, call.column, id(template))
            if key in done or target in template.via:  # each effect once per call; no cycle
                continue
            done.add(key)
            guard = template.guard
            if guard is not None and guard.function == target:
                given = bound.get(guard.name)
                if given is None:
                    continue  # ``save()``: only ``save(trigger_event=True)`` sends
                guard = given if type(given) is Param and given.function == caller else call.guard
            else:
                guard = guard or call.guard
            item = replace(_called(template, call, target, (target, bound), (constructor, init_bound),
                                   message=message), guard=guard)
            if receiver_class is not None:  # Child().emit(): self.topic as Child defines it
                item = _as_subclass(item, receiver_class, target.rpartition(".")[0], callees)
            if call.callee.startswith("?") or (call.duck and not target.startswith(call.callee.rpartition(".")[0])):
                item = replace(item, evidence=item.evidence + (
                    f"{call.text} is not typed: taken for {_short(target)}(), the project's one such method "
                    f"of a class named like it",))
            if union is not None:
                item = replace(item, evidence=item.evidence + (
                    f"{_short(union)}() is abstract: sends what its implementation {_short(target)}() sends",))
            if not (delegation and any(type(found) is SelfAttr for found in records(item.channel))):
                made.setdefault((facts.path, call.line, call.column), (facts, []))[1].append(item)
            if call.function != "<module>" and caller != target and (
                    item.role != "consume" or handed_on([arg.value for arg in call.args], item.channel)):
                summaries[caller].append(item)  # the caller sends it too: its callers are sites
                grew = True
        return grew

    by_method: dict[str, list[str]] = defaultdict(list)  # method name -> the classes defining it
    for function in functions:
        owner, _, method = function.rpartition(".")
        if owner in classes:
            by_method[method].append(owner)

    def duck(callee: str, module: str) -> Optional[str]:
        """``?_event_bus.fire``: the one project class defining a sending ``fire`` whose name shares a word
        with the receiver's (``EventManager``), base classes before their subclasses; of several, the one
        nearest the calling module (most package parts in common)."""
        name, _, method = callee[1:].rpartition(".")
        words = name_words(name) - _GENERIC_WORDS
        found = [cls for cls in by_method.get(method, ()) if f"{cls}.{method}" in summaries
                 and words & name_words(cls.rsplit(".", 1)[-1])]
        found = [cls for cls in found if not any(other != cls and callees.derives(cls, other) for other in found)]
        if len(found) > 1:
            near = {cls: _common_parts(cls, module) for cls in found}
            best = max(near.values())
            found = [cls for cls in found if near[cls] == best] if best > 0 else found
        return f"{found[0]}.{method}" if len(found) == 1 else None

    # how many places call each function, from how many modules (for _incidental)
    fan_in: dict[str, tuple[int, set[str]]] = {}
    for facts, call in calls:
        resolved, _ = callees.resolve(call.callee)
        if resolved is not None:
            count, modules = fan_in.get(resolved, (0, set()))
            modules.add(facts.module)
            fan_in[resolved] = (count + 1, modules)

    for _ in range(_ROUNDS):
        grew = False
        for facts, call in calls:
            resolved, instance = callees.resolve(call.callee)
            if resolved is None and (call.callee.startswith("?") or call.duck):
                resolved = duck(call.duck or call.callee, facts.module)
            if resolved is None:
                continue
            targets = callees.implementations(resolved)
            for target in targets:
                if target in summaries and not _incidental(target, summaries[target], fan_in.get(target)):
                    union = resolved if target != resolved else None
                    grew = call_effect(facts, call, target, instance, union) or grew
        if not grew:
            break
    sites = [(facts, site) for facts, items in made.values() for site in _one_per_role(items)]
    return sites + _configured_subclasses(files, owners, summaries, callees, symbols)


def _configured_subclasses(files: list[FileFacts], owners: Mapping[str, FileFacts],
                           summaries: Mapping[str, list[Draft]], callees: Callees,
                           symbols: Mapping[str, Value]) -> list[tuple[FileFacts, Draft]]:
    """A base class that consumes on an attribute its subclasses set (``self.q.start_json_consumer(
    self.queue_name)``): each subclass that sets it, in its body (``queue_name = "emails"``) or through a
    class decorator (``@assign_queue("emails")``), is a consume site on that value. Nobody calls these
    classes' methods by name: a runner starts every registered worker."""
    reads: dict[str, set[str]] = defaultdict(set)  # base class -> the attributes its consuming methods read
    templates: dict[tuple[str, str], list[tuple[str, Draft]]] = defaultdict(list)
    for function, items in summaries.items():
        owner = function.rpartition(".")[0]
        if owner not in callees.classes:
            continue
        for item in items:
            if item.role != "consume":
                continue
            for found in records(item.channel):
                if type(found) is SelfAttr:
                    reads[owner].add(found.name)
                    templates[(owner, found.name)].append((function, item))
    if not reads:
        return []
    setters = {function: dict(pairs) for facts in files for function, pairs in facts.class_setters.items()}
    decorators: dict[str, list[tuple[FileFacts, ProjectCall]]] = defaultdict(list)
    for facts in files:
        for call in facts.calls:
            if call.decorates is not None:
                decorators[call.decorates].append((facts, call))
    out = []
    for cls, facts in owners.items():
        bases = [base for base in reads if base != cls and callees.derives(cls, base)]
        items: list[Draft] = []
        for base in bases:
            for attr in sorted(reads[base]):
                for value, where in _set_by(cls, attr, decorators.get(cls, ()), setters, callees, symbols):
                    for function, template in templates[(base, attr)]:
                        channel = substitute(template.channel, lambda item: value if type(item) is SelfAttr
                                             and item.name == attr else None)
                        line, column, end_line, api = where
                        items.append(replace(
                            template, channel=channel, line=line, column=column, end_line=end_line,
                            function="<module>", library="project", api=api, via=(function,) + template.via,
                            evidence=tuple(item for item in template.evidence if item != GIVEN_AT_CALL) + (
                                f"{_short(function)}() consumes self.{attr}, which {cls.rsplit('.', 1)[-1]} sets",),
                            effect=False, task_def=None, needs_task=False))
        out.extend((facts, site) for site in _one_per_role(items))
    return out


def _set_by(cls: str, attr: str, decorators: Iterable[tuple[FileFacts, ProjectCall]],
            setters: Mapping[str, Mapping[str, str]], callees: Callees,
            symbols: Mapping[str, Value]) -> list[tuple[Value, tuple[int, int, int, str]]]:
    """The value ``cls`` gives ``attr`` itself, with where it gives it: a class decorator's argument, or
    its own class body."""
    for _, call in decorators:
        target, _ = callees.resolve(call.callee)
        param = setters.get(target, {}).get(attr) if target is not None else None
        if param is not None:
            bound, _ = bind_args(callees.functions.get(target), call.args)
            if param in bound:
                return [(bound[param], (call.line, call.column, call.end_line, call.text))]
    own = symbols.get(f"{cls}.{attr}")
    if own is not None:
        declared = callees.classes[cls]
        return [(own, (declared.line, 0, declared.line, f"class {cls.rsplit('.', 1)[-1]}"))]
    return []


def _as_subclass(item: Draft, cls: str, defining: str, callees: Callees) -> Draft:
    """A site of a method ``defining`` (a class) implements, called on an instance of its subclass ``cls``:
    the class attributes it reads (``SelfAttr``) are the subclass's, which may override them."""
    if cls == defining or defining not in callees.classes or not callees.derives(cls, defining):
        return item
    def override(value: object) -> Optional[object]:
        if type(value) is SelfAttr and (value.cls == defining or callees.derives(defining, value.cls)):
            return SelfAttr(cls, value.name)
        return None
    channel, route = substitute(item.channel, override), substitute(item.route, override)
    return replace(item, channel=channel, route=route) if channel is not item.channel or route is not item.route else item


def _incidental(function: str, effects: list[Draft], fan_in: Optional[tuple[int, set[str]]]) -> bool:
    """A framework API whose messages are a side effect: called from many places in many modules, named
    for something else (``Entity.async_write_ha_state``, ``ServiceRegistry.async_register``: nothing of
    sending in its module, class or function name), and sending only on channels its callers do not give.
    Its calls are not sites (its own sends are): a state write is not a message its caller sends."""
    if fan_in is None or fan_in[0] < _INCIDENTAL_CALLS or len(fan_in[1]) < _INCIDENTAL_MODULES:
        return False
    if MESSAGING_VERBS & name_words(".".join(function.split(".")[-3:]).replace(".", "_")):
        return False
    return not any(draft_mentions_param(item, function) or GIVEN_AT_CALL in item.evidence for item in effects)


def _common_parts(qualname: str, module: str) -> int:
    """How many leading dotted parts two names share."""
    count = 0
    for left, right in zip(qualname.split("."), module.split(".")):
        if left != right:
            break
        count += 1
    return count


def _short(qualname: str) -> str:
    """``pkg.mod.Class.method`` as ``Class.method``."""
    return ".".join(qualname.split(".")[-2:])


def given_by_callers(files: Iterable[FileFacts], drafts: list[tuple[FileFacts, Draft]],
                     symbols: Mapping[str, Value]) -> list[tuple[FileFacts, Draft]]:
    """Sites whose channel is a parameter of their function, when every call of that function in the
    project gives it the same known value: the send in ``def audit(t): producer.send(t)`` is on "logins"
    when ``audit("logins")`` is its only use. Several values stay unknown (each call's site has its own)."""
    files = list(files)
    wanted = {(item.function, item.name) for _, draft in drafts for item in records((draft.channel, draft.route))
              if type(item) is Param}
    if not wanted:
        return drafts
    functions, classes, _ = joined(files)
    callees = Callees(functions, classes, symbols)
    given: dict[tuple[str, str], set] = defaultdict(set)
    for facts in files:
        if is_test_path(facts.path):  # a test's values exercise the function, they do not configure it
            continue
        for call in facts.calls:
            target, _ = callees.resolve(call.callee)
            if target is None or not any((target, name) in wanted for name in functions[target].params):
                continue
            bound, _ = bind_args(functions[target], call.args)
            for name in functions[target].params:
                if (target, name) in wanted:
                    given[(target, name)].add(bound.get(name, UNKNOWN))
    single = {key: next(iter(values)) for key, values in given.items()
              if len(values) == 1 and _plain(next(iter(values))) and type(next(iter(values))) is not Unknown
              and not any(type(item) is SelfAttr for item in records(next(iter(values))))}  # subclasses differ
    if not single:
        return drafts
    out = []
    for facts, draft in drafts:
        filled = substitute(draft.channel, lambda item: single.get((item.function, item.name))
                            if type(item) is Param else None)
        if filled is not draft.channel:
            draft = replace(draft, channel=filled, evidence=draft.evidence + (
                "the channel is a parameter every call of its function gives the same value",))
        out.append((facts, draft))
    return out


def _one_per_role(items: list[Draft]) -> list[Draft]:
    """A call whose function sends on several channels is one site per role: on the channel the call gives,
    else on its most direct send (the shortest chain of calls down to the library), else the one most of
    the function's sends use; the other channels are named in its evidence (the
    function's own sites keep each of them)."""
    out = []
    for role in dict.fromkeys(item.role for item in items):
        group = [item for item in items if item.role == role]
        weight = Counter((item.channel, item.route, item.transport) for item in group)
        first = min(group, key=lambda item: (GIVEN_AT_CALL not in item.evidence, type(item.channel) is Unknown,
                                              not _plain((item.channel, item.route)), len(item.via),
                                              -weight[(item.channel, item.route, item.transport)]))
        label = "also sends on" if role == "produce" else "also consumes"
        others = tuple((label, channel) for channel in dict.fromkeys(
            item.channel for item in group if (item.channel, item.transport) != (first.channel, first.transport)))
        out.append(replace(first, evidence_values=first.evidence_values + others) if others else first)
    return out


def _plain(channel: object) -> bool:
    """A channel with nothing computed in it (``"orders"``, a constant): the plain case of a function that
    sends on ``"orders"`` or on ``f"orders_shard{n}"``."""
    return not any(type(item) in (Hole, Unknown, Param, Subscript) for item in records(channel))


def fill_params(value: object, function: str, bound: Mapping[str, Value]) -> object:
    """``value`` with the parameters of ``function`` replaced by the values bound to them (else their
    default, else unknown)."""
    def fill(item: object) -> Optional[object]:
        if type(item) is Param and item.function == function:
            found = bound.get(item.name)
            if found is not None:
                return found
            return item.default if item.default is not None else UNKNOWN
        return None
    return substitute(value, fill)


def bind_args(signature: Optional[Signature], args: Iterable[CallArg]) -> tuple[dict[str, Value], Optional[str]]:
    """Argument values by parameter name, and the message class passed in (if any)."""
    args = list(args)
    message = next((arg.message for arg in args if arg.message), None)
    return {name: arg.value for name, arg in bound_args(signature, args).items()}, message


def bound_args(signature: Optional[Signature], args: Iterable[CallArg]) -> dict[str, CallArg]:
    """A call's arguments by the parameter names of the function it calls."""
    bound: dict[str, CallArg] = {}
    params = signature.params if signature else ()
    index = 0
    for arg in args:
        if arg.star:
            index = len(params)  # *args: positions after it are unknown
            continue
        if arg.kw is not None:
            bound[arg.kw] = arg
        elif index < len(params):
            bound[params[index]] = arg
            index += 1
    return bound


def _called(template: Draft, call: ProjectCall, target: str, *bindings: tuple[str, Mapping[str, Value]],
            message: Optional[str] = None) -> Draft:
    """The site a call of a function makes: the function's effect with the call's arguments filled in."""
    channel, route = template.channel, template.route
    for function, values in bindings:
        channel = fill_params(channel, function, values)
        if route is not None:
            route = fill_params(route, function, values)
    via = (target,) + template.via + (template.api,) if not template.via else (target,) + template.via
    given = channel != template.channel or (message is not None and not template.message)
    evidence = tuple(item for item in template.evidence if item != GIVEN_AT_CALL) + ((GIVEN_AT_CALL,) if given else ())
    return replace(template, channel=channel, route=route, line=call.line, column=call.column,
                   end_line=call.end_line, function=call.function, library="project",
                   api=call.text if call.text.startswith("@") else f"{call.text}()",
                   via=via, message=template.message or message, task_def=None, evidence=evidence,
                   needs_task=False)  # the function's own site was kept for a known task


def _instance(value: Optional[Value], symbols: Mapping[str, Value]) -> Optional[Instance]:
    """The ``Instance`` an expression's value reaches, through references."""
    for _ in range(_HOPS):
        if type(value) is Instance:
            return value
        if type(value) is not Ref:
            return None
        value = symbols.get(value.name)
    return None


def hook_sites(files: Iterable[FileFacts], symbols: Mapping[str, Value]) -> list[tuple[FileFacts, Draft]]:
    """Consume sites for the plugin hooks a bus calls with every event (``analyzer.buses``): each
    override of the hook method in a subclass of the hook's class, with no channel (it takes them all)."""
    files = list(files)
    hooks: set[Hook] = {hook for facts in files for hook in facts.hooks}
    if not hooks:
        return []
    functions, classes, owner = joined(files)
    callees = Callees(functions, classes, symbols)
    targets = {(callees.class_of(hook.cls) or hook.cls, hook.method) for hook in hooks}
    out = []
    for qualname in classes:
        for cls, method in targets:
            signature = functions.get(f"{qualname}.{method}")
            if qualname == cls or signature is None or not callees.derives(qualname, cls):
                continue
            facts = owner[qualname]
            local = qualname[len(facts.module) + 1:] if facts.module else qualname
            out.append((facts, Draft(
                role="consume", library="project", transport="inproc", api=f"{cls.rsplit('.', 1)[-1]}.{method}",
                channel_kind="event_type", delivery="broadcast", channel=UNKNOWN, channel_expr=None,
                function=f"{local}.{method}", line=signature.line, column=0, end_line=signature.line,
                evidence=(f"plugin hook: the bus calls {method}() of every {cls.rsplit('.', 1)[-1]} with each event",))))
    return out
