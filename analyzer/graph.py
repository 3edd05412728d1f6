"""Who knows whom: the message-flow graph and the component coupling graph (design.md, "Graph").

The flow graph is a ``networkx.MultiDiGraph`` of components, channels and
message types with ``produces`` (component -> channel), ``consumes`` (channel ->
component) and ``carries`` (channel -> message) edges. The coupling graph has
one edge per way component A's messages reach component B, with its ``kind``:

- ``request-reply``: A waits for B's answer;
- ``command``: A sends a command on a channel that B consumes;
- ``named-consumer``: A's channel or message names B (``billing-queue``, ``NotifyBilling``);
- ``import``: a module of A that produces imports B's code;

in all of these A knows B; or

- ``event``: B reacts to A's fact, and A does not know B.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, NamedTuple, Optional

import networkx as nx

from .facts import FileFacts
from .model import MessageType, Site

KNOWING_KINDS = ("request-reply", "command", "named-consumer", "import")
# Words too common in component names to say which component a channel names.
_GENERIC = {"service", "services", "svc", "app", "api", "worker", "workers", "queue", "queues", "server", "client",
            "core", "common", "shared", "lib", "libs", "main", "src", "backend", "frontend", "web", "the", "and",
            "events", "event", "commands", "command", "messages", "message", "v1", "v2", "topic", "bus"}


class SiteRef(NamedTuple):
    """Where a site is: its file and line (``path:line`` in every output)."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class CouplingEdge:
    """One way component ``source``'s messages reach component ``target`` (see the module docstring)."""

    source: str
    target: str
    kind: str
    channels: tuple[str, ...]  # ``transport:channel`` (``import:module`` for an import edge)
    sites: tuple[SiteRef, ...]  # the sites behind it, the first one where a rule reports
    evidence: tuple[str, ...]


def component_id(name: str) -> str:
    return f"component:{name}"


def channel_id(transport: str, name: str) -> str:
    return f"channel:{transport}:{name}"


def message_id(name: str) -> str:
    return f"message:{name}"


def words(text: str) -> list[str]:
    """``email-service.commands`` -> email, service, commands; ``NotifyBilling`` -> notify, billing."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text))
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def _distinctive(component: str) -> set[str]:
    found = {w for w in words(component) if w not in _GENERIC and len(w) > 2}
    return found or {w for w in words(component) if len(w) > 2}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


@dataclass
class MessageGraph:
    flow: nx.MultiDiGraph
    coupling: nx.MultiDiGraph
    components: list[str] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    message_types: list[MessageType] = field(default_factory=list)
    edges: list[CouplingEdge] = field(default_factory=list)  # the coupling graph's edges, typed
    _sites_by_channel: Optional[dict[tuple[str, str], list[Site]]] = field(default=None, repr=False)

    def component_metrics(self) -> dict[str, dict[str, Any]]:
        metrics = {}
        for component in self.components:
            node = component_id(component)
            fan_out = len({v for _, v in self.coupling.out_edges(node)})
            fan_in = len({u for u, _ in self.coupling.in_edges(node)})
            total = fan_in + fan_out
            metrics[component] = {"fan_in": fan_in, "fan_out": fan_out,
                                  "instability": round(fan_out / total, 3) if total else 0.0}
        return metrics

    def channel_metrics(self) -> dict[str, dict[str, Any]]:
        out = {}
        for node, kind in self.flow.nodes(data="kind"):
            if kind == "channel":
                out[node] = {"producers": sorted({u for u, _ in self.flow.in_edges(node)}),
                             "consumers": sorted({v for _, v, k in self.flow.out_edges(node, keys=True)
                                                  if k.startswith("consumes")})}
        return out

    def knows(self, a: str, b: str) -> list[str]:
        """The kinds of coupling by which component ``a`` knows ``b``."""
        return sorted(edge.kind for edge in self.couplings(*KNOWING_KINDS, source=a) if edge.target == b)

    def couplings(self, *kinds: str, source: Optional[str] = None) -> list[CouplingEdge]:
        """The coupling edges of these kinds (all when none is given), from ``source`` only when given;
        sorted by source, target and kind."""
        return [edge for edge in self.edges
                if (not kinds or edge.kind in kinds) and (source is None or edge.source == source)]

    def producers(self, transport: str, channel: Optional[str]) -> list[Site]:
        """The sites that produce on a channel (none for an unresolved channel)."""
        return [site for site in self._on_channel().get((transport, channel), ()) if site.role == "produce"]

    def consumers(self, transport: str, channel: Optional[str]) -> list[Site]:
        """The sites that consume a channel (none for an unresolved channel)."""
        return [site for site in self._on_channel().get((transport, channel), ()) if site.role == "consume"]

    def bound(self) -> list[tuple[str, str, str]]:
        """The bindings the flow graph holds, as (transport, source channel, target channel): an AMQP
        exchange and a queue bound to it, a Pub/Sub topic and a subscription to it."""
        return sorted(_channel_key(u) + (_channel_key(v)[1],) for u, v, key in self.flow.edges(keys=True)
                      if key == "binds")

    def _on_channel(self) -> dict[tuple[str, str], list[Site]]:
        if self._sites_by_channel is None:
            self._sites_by_channel = {}
            for site in self.sites:
                if site.channel is not None:
                    self._sites_by_channel.setdefault((site.transport, site.channel), []).append(site)
        return self._sites_by_channel


def _channel_key(node: str) -> tuple[str, str]:
    _, transport, name = node.split(":", 2)
    return transport, name


def _site_ref(site: Site) -> SiteRef:
    return SiteRef(site.path, site.line)


def build_graph(sites: Iterable[Site], message_types: Iterable[MessageType] = (),
                facts: Iterable[FileFacts] = (), bindings: Iterable[tuple[str, str, str]] = ()) -> MessageGraph:
    sites = list(sites)
    message_types = list(message_types)
    flow = nx.MultiDiGraph()
    components = sorted({s.component for s in sites if s.component})
    for component in components:
        flow.add_node(component_id(component), kind="component", name=component)
    for message in message_types:
        flow.add_node(message_id(message.name), kind="message", name=message.name, intent=message.intent,
                      immutable=message.immutable, path=message.path, line=message.line)
    by_channel: dict[str, list[Site]] = defaultdict(list)
    site_edges = _SiteEdges(flow)
    for site in sites:
        if site.channel is None:
            continue
        node = channel_id(site.transport, site.channel)
        by_channel[node].append(site)
        if not flow.has_node(node):
            flow.add_node(node, kind="channel", name=site.channel, transport=site.transport,
                          channel_kind=site.channel_kind, delivery=site.delivery)
        component = component_id(site.component)
        if site.role == "produce":
            site_edges.add(component, node, "produces", site)
        else:
            site_edges.add(node, component, "consumes", site)
        if site.message:
            if not flow.has_node(message_id(site.message)):
                flow.add_node(message_id(site.message), kind="message", name=site.message)
            site_edges.add(node, message_id(site.message), "carries", site)
    for node, channel_sites in by_channel.items():  # a channel's intent: what its senders mean
        intent, evidence = channel_intent(channel_sites)
        flow.add_node(node, intent=intent, evidence=evidence)
    # An AMQP exchange reaches the consumers of every queue bound to it; so does a Pub/Sub topic the
    # consumers of its subscriptions.
    for transport, exchange, queue in sorted(set(bindings)):
        source, target = channel_id(transport, exchange), channel_id(transport, queue)
        if flow.has_node(source) and flow.has_node(target):
            flow.add_edge(source, target, key="binds", kind="binds", sites=[])
            by_channel[source].extend(replace(s, channel=exchange) for s in by_channel[target]
                                      if s.role == "consume")
    coupling, edges = _coupling(components, by_channel, list(facts), sites)
    return MessageGraph(flow=flow, coupling=coupling, components=components, sites=sites,
                        message_types=message_types, edges=edges)


def channel_intent(channel_sites: list[Site]) -> tuple[str, list[str]]:
    """The intent its producing sites agree on (else unclear); with no producer, the name's grammar."""
    producers = [s for s in channel_sites if s.role == "produce"]
    if producers:
        votes = sorted({s.intent for s in producers})
        intent = votes[0] if len(votes) == 1 else "unclear"
        return intent, [f"{len(producers)} producing site(s): {', '.join(votes)}"]
    from .naming import classify_name

    verdict = classify_name(channel_sites[0].channel or "")
    return verdict.intent, [f"name: {e}" for e in verdict.evidence[:1]]


class _SiteEdges:
    """Flow edges, each with the list of its sites (the graph holds the same list)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.sites: dict[tuple[str, str, str], list[SiteRef]] = {}

    def add(self, u: str, v: str, kind: str, site: Site) -> None:
        found = self.sites.get((u, v, kind))
        if found is None:
            found = self.sites[(u, v, kind)] = []
            self.graph.add_edge(u, v, key=kind, kind=kind, sites=found)
        found.append(_site_ref(site))


def _coupling(components: list[str], by_channel: dict[str, list[Site]], facts: list[FileFacts],
              sites: list[Site]) -> tuple[nx.MultiDiGraph, list[CouplingEdge]]:
    graph = nx.MultiDiGraph()
    for component in components:
        graph.add_node(component_id(component), kind="component", name=component)
    distinctive = {c: _distinctive(c) for c in components}
    # (a, b, kind) -> its channels, sites and evidence: the lists the graph's edge holds too
    found: dict[tuple[str, str, str], tuple[list[str], list[SiteRef], list[str]]] = {}

    def add(a: str, b: str, kind: str, channel: str, site: Site, why: str = "") -> None:
        lists = found.get((a, b, kind))
        if lists is None:
            lists = found[(a, b, kind)] = ([], [], [])
            graph.add_edge(component_id(a), component_id(b), key=kind, kind=kind, channels=lists[0],
                           sites=lists[1], evidence=lists[2])
        channels, refs, evidence = lists
        if channel not in channels:
            channels.append(channel)
        if _site_ref(site) not in refs:
            refs.append(_site_ref(site))
        if why and why not in evidence:
            evidence.append(why)

    for _, channel_sites in sorted(by_channel.items()):
        producers = [s for s in channel_sites if s.role == "produce"]
        consumers = sorted({s.component for s in channel_sites if s.role == "consume"})
        label = f"{channel_sites[0].transport}:{channel_sites[0].channel}"
        for site in producers:
            # a task or RPC names its receiver by design (a command edge says so already)
            named = _named_components(site, distinctive) if site.channel_kind not in ("task", "routing_key") \
                else set()
            for target in named:
                if target != site.component and (target in consumers or (not consumers and
                                                                         site.delivery == "point-to-point")):
                    add(site.component, target, "named-consumer", label, site, naming_evidence(site, target))
            for consumer in consumers:
                if consumer == site.component:
                    continue
                if site.reply:
                    add(site.component, consumer, "request-reply", label, site)
                elif site.intent == "command":
                    add(site.component, consumer, "command", label, site)
                else:
                    add(site.component, consumer, "event", label, site)
    _import_edges(graph, facts, sites, components, add)
    edges = [CouplingEdge(a, b, kind, tuple(channels), tuple(refs), tuple(evidence))
             for (a, b, kind), (channels, refs, evidence) in found.items()]
    return graph, sorted(edges, key=lambda edge: (edge.source, edge.target, edge.kind))


def naming_evidence(site: Site, component: str) -> str:
    """What in a site names ``component``: its channel or its message."""
    tokens = _distinctive(component)
    if site.message and _named_in(site.message, {component: tokens}):
        return f"message {site.message} names {component}"
    return f"channel '{site.channel}' names {component}"


def _named_in(text: str, distinctive: dict[str, set[str]]) -> set[str]:
    tokens = {_singular(w) for w in words(text)}
    return {c for c, needed in distinctive.items() if needed and {_singular(w) for w in needed} <= tokens}


def _named_components(site: Site, distinctive: dict[str, set[str]]) -> set[str]:
    found = _named_in(site.channel or "", distinctive)
    if site.message:
        found |= _named_in(site.message, distinctive)
    return found


def _import_edges(graph: nx.MultiDiGraph, facts: list[FileFacts], sites: list[Site], components: list[str],
                  add: Any) -> None:
    """A producing module that imports code of a component that consumes: the producer knows it."""
    component_of_path = {s.path: s.component for s in sites}
    consumers = {s.component for s in sites if s.role == "consume"}
    module_component: dict[str, str] = {}
    for file in facts:
        component = component_of_path.get(file.path)
        if component and file.module:
            module_component[file.module] = component
    producing = {}
    for site in sites:
        if site.role == "produce":
            producing.setdefault(site.path, site)
    for file in facts:
        site = producing.get(file.path)
        if site is None:
            continue
        for imported in file.imported_modules:
            target = _component_of_module(imported, module_component)
            if target and target != site.component and target in consumers:
                add(site.component, target, "import", f"import:{imported}", site, f"{file.path} imports {imported}")


def _component_of_module(module: str, module_component: dict[str, str]) -> Optional[str]:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = module_component.get(".".join(parts[:end]))
        if found:
            return found
    return None
