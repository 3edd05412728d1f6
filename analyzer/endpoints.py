"""Objects a server serves: every public method of an endpoint is a consume site.

``get_rpc_server(target, endpoints=[InventoryManager()])``, or a service base class that serves
itself (``endpoints=[self]``): once the call is known to consume (a library site or a wrapper's,
``analyzer.effects``), each public method of the endpoint classes consumes on the same channel,
with the method's name as the message. For ``self`` in a base class the endpoints are its
subclasses, whose constructor's ``super().__init__("inventory")`` fills the base's parameters.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Optional

from .effects import Callees, bind_args, fill_params, joined
from .facts import Draft, FileFacts, Signature
from .values import SelfAttr, Value, substitute


def served_sites(files: Iterable[FileFacts], drafts: list[tuple[FileFacts, Draft]],
                 symbols: Mapping[str, Value]) -> list[tuple[FileFacts, Draft]]:
    files = list(files)
    if not any(facts.endpoints for facts in files):
        return []
    servers: dict[tuple[str, int, int], list[Draft]] = {}
    for facts, item in drafts:
        if item.role == "consume" and item.serves:
            servers.setdefault((facts.path, item.line, item.column), []).append(item)
    functions, classes, owner = joined(files)
    callees = Callees(functions, classes, symbols)
    out: list[tuple[FileFacts, Draft]] = []
    for facts in files:
        for served in facts.endpoints:
            for server in servers.get((facts.path, served.line, served.column), ()):
                targets = [(found, None) for name in served.classes for found in [callees.class_of(name)] if found]
                for base in served.bases:
                    below = [cls for cls in classes if cls != base and callees.derives(cls, base)]
                    targets += [(cls, base) for cls in below] or [(base, None)]
                for cls, base in targets:
                    out.extend((owner[cls], item) for item in _methods(cls, base, server, owner[cls], functions,
                                                                       callees))
    return out


def _methods(cls: str, base: Optional[str], server: Draft, facts: FileFacts, functions: Mapping[str, Signature],
             callees: Callees) -> list[Draft]:
    """The consume sites of the public methods ``cls`` defines, on the server's channel (for a subclass of
    the serving ``base``: with the base's constructor parameters as the subclass's ``super()`` call gives them)."""
    channel = server.channel
    if base is not None:
        channel = substitute(channel, lambda item: SelfAttr(cls, item.name)
                             if type(item) is SelfAttr and item.cls == base else None)
        constructor = f"{base}.__init__"
        local_init = _local(f"{cls}.__init__", facts.module)
        for call in facts.calls:
            target, _ = callees.resolve(call.callee)
            if call.function == local_init and target == constructor:
                bound, _ = bind_args(functions.get(constructor), call.args)
                channel = fill_params(channel, constructor, bound)
                break
    out = []
    prefix = f"{cls}."
    for function, signature in functions.items():
        name = function[len(prefix):]
        if not function.startswith(prefix) or "." in name or name.startswith("_") or not signature.method:
            continue
        out.append(Draft(role="consume", library=server.library, transport=server.transport, api="endpoint method",
                         channel_kind=server.channel_kind, delivery=server.delivery, channel=channel,
                         channel_expr=server.channel_expr, function=_local(function, facts.module), message=name,
                         evidence=(f"endpoint of the server made at line {server.line} ({server.api})",),
                         line=signature.line, column=0, end_line=signature.line))
    return out


def _local(qualname: str, module: str) -> str:
    return qualname[len(module) + 1:] if module and qualname.startswith(module + ".") else qualname
