"""Typed records and their JSON form, used only at the edges (the facts cache).

Everything that passes between the stages is a frozen dataclass made with :func:`record`.
The cache stores them as JSON: a record is ``{"@ClassName": [field, ...]}`` (no mapping key
of the model starts with ``@``), tuples are arrays, mappings are objects. Decoding builds the
same records again, so a cached file's facts equal freshly extracted ones. Never pickle for the
cache: a cache file is input, and unpickling input runs code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, TypeVar

T = TypeVar("T")
_CLASSES: dict[str, type] = {}


def record(cls: type[T]) -> type[T]:
    """A frozen, slotted dataclass that the cache can store (class names are unique)."""
    made = dataclass(frozen=True, slots=True)(cls)
    return serialisable(made)


def serialisable(cls: type[T]) -> type[T]:
    name = cls.__name__
    if _CLASSES.get(name, cls) is not cls:
        raise TypeError(f"two serialisable classes are called {name}")
    _CLASSES[name] = cls
    cls._codec_key = "@" + name  # type: ignore[attr-defined]
    cls._codec_fields = tuple(f.name for f in fields(cls))  # type: ignore[attr-defined]
    return cls


def _encode(obj: Any) -> Any:
    names = getattr(type(obj), "_codec_fields", None)
    if names is None:
        raise TypeError(f"{type(obj).__name__} cannot be stored")
    return {type(obj)._codec_key: [getattr(obj, name) for name in names]}


def _frozen(value: Any) -> Any:
    if type(value) is list:
        return tuple(_frozen(item) for item in value)
    return value


def _decode(data: dict) -> Any:
    if len(data) == 1:
        key = next(iter(data))
        if key[:1] == "@":
            cls = _CLASSES.get(key[1:])
            if cls is None:
                raise ValueError(f"unknown record {key[1:]}")
            return cls(*[_frozen(value) for value in data[key]])
    return data


def dumps(value: Any) -> str:
    return json.dumps(value, default=_encode, separators=(",", ":"))  # ASCII: paths may hold lone surrogates


def loads(text: str) -> Any:
    """Raises ValueError or TypeError for text that is not what :func:`dumps` wrote."""
    return _frozen(json.loads(text, object_hook=_decode))
