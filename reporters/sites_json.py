"""``msglint sites --format json``: the design.md contract ``{"version": 1, "root", "sites"}``."""
from __future__ import annotations

import json
from typing import Sequence

from msglint.analyzer.model import Site


def render(sites: Sequence[Site], root: str = ".") -> str:
    payload = {"version": 1, "root": root, "sites": [site.to_json() for site in sites]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
