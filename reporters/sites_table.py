"""``msglint sites`` for people: grouped by component, aligned, coloured on a terminal."""
from __future__ import annotations

from itertools import groupby
from typing import Sequence

import click

from msglint.analyzer.model import Site

_ARROWS = {"produce": "->", "consume": "<-"}


def render(sites: Sequence[Site], color: bool = False) -> str:
    if not sites:
        return "No messaging sites found.\n"

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if color else text  # type: ignore[arg-type]

    rows_by_component = sorted(sites, key=lambda s: (s.component, s.path, s.line, s.column))
    lines: list[str] = []
    for component, group in groupby(rows_by_component, key=lambda s: s.component):
        group_sites = list(group)
        produced = sum(1 for s in group_sites if s.role == "produce")
        lines.append(style(f"{component or '(no component)'}", bold=True)
                     + f"  ({produced} produce, {len(group_sites) - produced} consume)")
        rows = []
        for site in group_sites:
            channel = site.channel if site.channel is not None else f"? ({site.channel_expr or 'unresolved'})"
            flags = []
            if site.reply:
                flags.append("waits for reply")
            if site.message:
                flags.append(site.message)
            rows.append((f"{site.path}:{site.line}", _ARROWS.get(site.role, "?"), site.transport,
                         f"{site.channel_kind} {channel}", site.delivery, site.api, ", ".join(flags)))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
            cells[1] = style(cells[1], fg="green" if row[1] == "->" else "cyan")
            cells[3] = style(cells[3], fg="yellow") if "?" not in row[3] else cells[3]
            lines.append("  " + "  ".join(cells).rstrip())
        lines.append("")
    total = len(sites)
    components = len({s.component for s in sites})
    lines.append(f"{total} site{'s' if total != 1 else ''} in {components} component"
                 f"{'s' if components != 1 else ''}")
    return "\n".join(lines) + "\n"
