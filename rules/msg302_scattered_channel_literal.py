"""MSG302 scattered-channel-literal: the same channel name typed out in several modules."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from msglint.analyzer.values import Lit

from .base import Context, Finding, Related, Rule


class ScatteredChannelLiteral(Rule):
    code = "MSG302"
    name = "scattered-channel-literal"
    severity = "warning"
    summary = "The same channel literal written in several modules instead of one shared name."
    why = ("A channel name is the contract between producer and consumers. Typed out in several places, a "
           "rename or a typo silently splits the flow: one side publishes to a channel the other no longer reads.")
    fix = "Define the name once (a constants module or settings) and import it everywhere."
    VALID = [{
        "topics.py": 'ORDERS = "orders.placed"\n',
        "a.py": 'from kafka import KafkaProducer\nfrom topics import ORDERS\nKafkaProducer().send(ORDERS, b"")\n',
        "b.py": 'from kafka import KafkaConsumer\nfrom topics import ORDERS\nKafkaConsumer(ORDERS)\n',
    }]
    INVALID = [{
        "a.py": 'from kafka import KafkaProducer\nKafkaProducer().send("orders.placed", b"")\n',
        "b.py": 'from kafka import KafkaConsumer\nKafkaConsumer("orders.placed")\n',
    }]

    def check(self, context: Context) -> Iterator[Finding]:
        literal_sites = defaultdict(list)
        for site in context.sites:
            if context.repeats(site):
                continue  # judged where the function it calls sends
            if site.channel and site.channel_expr and site.channel_expr[:1] in "'\"" and "{" not in site.channel:
                literal_sites[site.channel].append(site)
        defined = defaultdict(set)  # constants holding the same text
        for file in context.facts:
            for value in file.constants.values():
                if type(value) is Lit and value.text in literal_sites:
                    defined[value.text].add(file.path)
        for channel, sites in sorted(literal_sites.items()):
            paths = sorted({s.path for s in sites} | defined[channel])
            if len(paths) < 2:
                continue
            for site in sites:
                others = [p for p in paths if p != site.path]
                yield self.at_site(site, f"channel '{channel}' is written as a literal here and in {len(others)} "
                                         f"other module{'s' if len(others) > 1 else ''} "
                                         f"({', '.join(others[:3])}{' ...' if len(others) > 3 else ''}): "
                                         f"define it once and import it",
                                   related=[Related(p, 1, "the same literal") for p in others[:5]],
                                   subject=channel)
