"""Typed records and their JSON form, used only at the edges (the facts cache).

Everything that passes between the stages is a frozen dataclass made with :func:`record`.
The cache stores them as JSON: a record is ``{"@ClassName": [field, ...]}``, tuples are arrays,
mappings are objects whose keys starting with ``@`` are written with one more (``@@``), so a
handler map keyed ``"@mentions"`` is never taken for a record. Decoding builds the same records
again and checks each field against its declared type, so a cached file's facts equal freshly
extracted ones, and an entry that is not what :func:`dumps` wrote is refused, not trusted.
Never pickle for the cache: a cache file is input, and unpickling input runs code.
"""
from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, fields
from typing import Any, Callable, Optional, TypeVar, Union

T = TypeVar("T")
_CLASSES: dict[str, type] = {}
_CHECKS: dict[type, tuple[Callable[[Any], bool], ...]] = {}
Check = Callable[[Any], bool]


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


def _escaped(value: Any) -> Any:
    if type(value) is dict and any(type(key) is str and key[:1] == "@" for key in value):
        return {("@" + key if type(key) is str and key[:1] == "@" else key): item for key, item in value.items()}
    return value


def _encode(obj: Any) -> Any:
    names = getattr(type(obj), "_codec_fields", None)
    if names is None:
        raise TypeError(f"{type(obj).__name__} cannot be stored")
    return {type(obj)._codec_key: [_escaped(getattr(obj, name)) for name in names]}


def _frozen(value: Any) -> Any:
    if type(value) is list:
        return tuple(_frozen(item) for item in value)
    return value


def _decode(data: dict) -> Any:
    if len(data) == 1:
        key = next(iter(data))
        if key[:1] == "@" and key[:2] != "@@":
            cls = _CLASSES.get(key[1:])
            if cls is None:
                raise ValueError(f"unknown record {key[1:]}")
            payload = data[key]
            checks = _checks(cls)
            if type(payload) is not list or len(payload) != len(checks):
                raise TypeError(f"{key[1:]}: not its fields")
            values = [_frozen(value) for value in payload]
            for value, check, name in zip(values, checks, cls._codec_fields):  # type: ignore[attr-defined]
                if not check(value):
                    raise TypeError(f"{key[1:]}.{name}: not of its type")
            return cls(*values)
    if any(key[:2] == "@@" for key in data):
        return {(key[1:] if key[:2] == "@@" else key): value for key, value in data.items()}
    return data


def _checks(cls: type) -> tuple[Check, ...]:
    found = _CHECKS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _CHECKS[cls] = tuple(_check(hints.get(name, Any)) for name in cls._codec_fields)  # type: ignore
    return found


def _check(hint: Any) -> Check:
    """A test of a decoded value against a field's declared type: its outer shape, and the class of a
    record (the records inside are checked as they are decoded)."""
    if hint is Any or isinstance(hint, TypeVar):
        return lambda value: True
    origin = typing.get_origin(hint)
    if origin is Union or origin is types.UnionType:
        options = [_check(arg) for arg in typing.get_args(hint)]
        return lambda value: any(option(value) for option in options)
    if hint is type(None):
        return lambda value: value is None
    if origin in (tuple, list, typing.Sequence) or hint is tuple:
        return lambda value: type(value) is tuple
    if origin in (dict, typing.Mapping) or hint is dict or _is_abc(origin, "Mapping"):
        return lambda value: type(value) is dict
    if _is_abc(origin, "Sequence") or _is_abc(origin, "Iterable"):
        return lambda value: type(value) is tuple
    if hint is bool:
        return lambda value: type(value) is bool
    if hint is int:
        return lambda value: type(value) is int
    if hint is float:
        return lambda value: type(value) in (int, float)
    if hint is str:
        return lambda value: type(value) is str
    if isinstance(hint, type) and hasattr(hint, "_codec_fields"):
        return lambda value: type(value) is hint
    return lambda value: True  # a protocol (a Route) or anything else: the records inside are checked


def _is_abc(origin: Optional[type], name: str) -> bool:
    return origin is not None and getattr(origin, "__name__", "") == name and \
        getattr(origin, "__module__", "") == "collections.abc"


def dumps(value: Any) -> str:
    return json.dumps(_escaped(value), default=_encode, separators=(",", ":"))  # ASCII: lone surrogates


def loads(text: str) -> Any:
    """Raises ValueError or TypeError for text that is not what :func:`dumps` wrote."""
    return _frozen(json.loads(text, object_hook=_decode))
