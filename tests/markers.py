"""Expectation markers in fixture files: ``# expect: role=produce ... channel=orders``.

See fixtures/README.md for the format. Markers are read with the tokenizer, so
only real comments count.
"""
from __future__ import annotations

import io
import shlex
import tokenize
from pathlib import Path
from typing import Iterator

KEYS = {"role", "library", "transport", "kind", "channel", "delivery", "reply", "message", "api", "component",
        "function", "intent"}
FIELD_OF_KEY = {"kind": "channel_kind"}


def parse_marker(text: str) -> list[dict[str, str]]:
    """``expect: a=b c=d expect: ...`` -> one dict per expected site."""
    expectations = []
    for chunk in text.split("expect:")[1:]:
        fields: dict[str, str] = {}
        for token in shlex.split(chunk.strip()):
            if "=" not in token:
                continue
            key, _, value = token.partition("=")
            if key not in KEYS:
                raise ValueError(f"unknown marker key {key!r} in {text!r}")
            fields[key] = value
        expectations.append(fields)
    return expectations


def markers_in(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    data = path.read_bytes()
    try:
        tokens = list(tokenize.tokenize(io.BytesIO(data).readline))
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
        return
    for token in tokens:
        if token.type == tokenize.COMMENT and "expect:" in token.string:
            for fields in parse_marker(token.string.lstrip("#").strip()):
                yield token.start[0], fields


def site_matches(site: dict, expected: dict[str, str]) -> bool:
    for key, value in expected.items():
        field = FIELD_OF_KEY.get(key, key)
        actual = site.get(field)
        if key == "reply":
            if bool(actual) != (value.lower() == "true"):
                return False
        elif value == "null":
            if actual is not None:
                return False
        elif str(actual) != value:
            return False
    if "reply" not in expected and site.get("reply"):
        return False
    return True
