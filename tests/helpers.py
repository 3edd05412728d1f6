"""Small helpers for tests that build throw-away projects."""
from __future__ import annotations

import textwrap
from pathlib import Path


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


KAFKA_SEND = """
from kafka import KafkaProducer

producer = KafkaProducer()
producer.send("orders.placed", b"{}")
"""
