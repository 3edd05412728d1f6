"""``msglint sites --format csv``: one row per site, for spreadsheets."""
from __future__ import annotations

import csv
import io
from typing import Sequence

from msglint.analyzer.model import Site

COLUMNS = ("path", "line", "column", "role", "component", "library", "api", "transport", "channel",
           "channel_kind", "delivery", "message", "reply", "intent", "function", "channel_expr")


def render(sites: Sequence[Site]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for site in sites:
        data = site.to_json()
        writer.writerow(["" if data[c] is None else str(data[c]).lower() if isinstance(data[c], bool)
                         else data[c] for c in COLUMNS])
    return out.getvalue()
