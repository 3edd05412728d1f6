"""APIs declared in ``[tool.msglint.apis]``: company SDKs that inference cannot see into.

    [tool.msglint.apis."acme.events.publish"]            # a function
    role = "produce"
    channel = 0                                          # positional index or keyword name
    transport = "kafka"
    kind = "topic"
    delivery = "broadcast"

    [tool.msglint.apis."acme.bus.Client.subscribe"]      # a method of a class (Client)
    role = "consume"
    channel = "topic"
    decorator = true                                     # used as @client.subscribe("orders")

Each entry is added to the registry of one analysis (``analyzer.libraries.build_registry``).
"""
from __future__ import annotations

from typing import Any, Mapping, Union

from .registry import Arg, Registry, spec
from .model import CHANNEL_KINDS as KINDS, DELIVERIES, ROLES

KEYS: dict[str, str] = {
    "role": "\"produce\" or \"consume\"",
    "channel": "an argument position (integer) or keyword name (string)",
    "message": "an argument position (integer) or keyword name (string)",
    "transport": "a transport name (string)",
    "kind": "one of " + ", ".join(KINDS),
    "delivery": "one of " + ", ".join(DELIVERIES),
    "reply": "true or false",
    "library": "a library name (string)",
    "decorator": "true or false",
}


def validate(name: str, entry: Any) -> list[str]:
    """Problems with one ``[tool.msglint.apis."NAME"]`` entry, each naming the key and what is expected."""
    where = f"tool.msglint.apis.\"{name}\""
    if "." not in name or not all(part.isidentifier() for part in name.split(".")):
        return [f"{where}: the name must be a dotted Python name such as \"acme.events.publish\""]
    if not isinstance(entry, dict):
        return [f"{where} must be a table"]
    problems = []
    for key, value in entry.items():
        if key not in KEYS:
            problems.append(f"unknown key '{where}.{key}' (known keys: {', '.join(KEYS)})")
            continue
        ok = {
            "role": lambda v: v in ROLES,
            "channel": _is_argument, "message": _is_argument,
            "transport": lambda v: isinstance(v, str) and bool(v),
            "library": lambda v: isinstance(v, str) and bool(v),
            "kind": lambda v: v in KINDS,
            "delivery": lambda v: v in DELIVERIES,
            "reply": lambda v: isinstance(v, bool), "decorator": lambda v: isinstance(v, bool),
        }[key](value)
        if not ok:
            problems.append(f"'{where}.{key}' must be {KEYS[key]}, got {value!r}")
    if "role" not in entry:
        problems.append(f"'{where}.role' is required: {KEYS['role']}")
    return problems


def _is_argument(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool) and value >= 0) or \
        (isinstance(value, str) and value.isidentifier())


def _arg(value: Union[int, str, None]) -> Arg:
    if value is None:
        return Arg(0)
    return Arg(pos=value) if isinstance(value, int) else Arg(kw=value)


def register(registry: Registry, name: str, entry: Mapping[str, Any]) -> None:
    module_parts = name.split(".")
    owner, _, attr = name.rpartition(".")
    method_of = owner if owner.rsplit(".", 1)[-1][:1].isupper() and attr[:1].islower() else None
    root = (method_of or owner).rsplit(".", 1)[0] if method_of else owner
    library = entry.get("library") or module_parts[0]
    site = spec(role=entry["role"], library=library, transport=entry.get("transport", "other"),
                kind=entry.get("kind", "other"), delivery=entry.get("delivery", "unknown"),
                api=".".join(module_parts[-2:]) if method_of else attr,
                channel=_arg(entry.get("channel")),
                message=_arg(entry["message"]) if "message" in entry else None,
                reply=bool(entry.get("reply", False)))
    words = {attr, name.rsplit(".", 2)[-2] if method_of else attr}
    registry.library_roots(root, prefilter=words)
    if method_of:
        kind = f"user:{method_of}"
        registry.constructor([method_of], kind)
        if entry.get("decorator"):
            registry.decorator_method(kind, [attr], site)
        else:
            registry.method(kind, [attr], site)
    elif entry.get("decorator"):
        registry.decorator_function([name], site)
    else:
        registry.function([name], site)
