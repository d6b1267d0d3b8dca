"""JSON for the page's state: plans, chat replies and settings round-trip through plain JSON.

Dataclasses and pydantic models are written with their class name and read back only when the class
lives in one of this project's packages, so an imported file can never name arbitrary code. Fields a
newer or older class does not know are dropped; fields it lacks take their defaults."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import importlib
from typing import Any

from pydantic import BaseModel

__all__ = ["CodecError", "decode", "encode"]

_ALLOWED = ("planner.", "metrics.", "knowledge.", "workspaces.")


class CodecError(ValueError):
    """A stored value names a class this version cannot rebuild."""


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def encode(value: Any) -> Any:
    """A JSON-compatible structure for ``value`` (see the module docstring for what is kept)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, set | frozenset):
        return {"$set": [encode(v) for v in sorted(value, key=repr)]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"$pairs": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, BaseModel):
        return {"$model": _name(type(value)), "data": encode(dict(value))}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$dc": _name(type(value)), "fields": fields}
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return encode(value.item())
    raise TypeError(f"cannot store a {type(value).__name__}")


@functools.cache
def _fields(cls: type) -> dict[str, bool]:
    """A dataclass's field names, each with whether __init__ takes it."""
    return {f.name: f.init for f in dataclasses.fields(cls)}


@functools.cache
def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith(_ALLOWED):
        raise CodecError(f"不能读取的类型：{name}")
    try:
        obj: Any = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise CodecError(f"不能读取的类型：{name}") from exc
    if not isinstance(obj, type):
        raise CodecError(f"不能读取的类型：{name}")
    return obj


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    if "$tuple" in value:
        return tuple(decode(v) for v in value["$tuple"])
    if "$set" in value:
        return {decode(v) for v in value["$set"]}
    if "$pairs" in value:
        return {_hashable(decode(k)): decode(v) for k, v in value["$pairs"]}
    if "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$model" in value:
        cls = _class(value["$model"])
        if not issubclass(cls, BaseModel):
            raise CodecError(f"不能读取的类型：{value['$model']}")
        data = {k: decode(v) for k, v in value["data"].items() if k in cls.model_fields}
        return cls.model_validate(data)
    if "$dc" in value:
        cls = _class(value["$dc"])
        if not dataclasses.is_dataclass(cls):
            raise CodecError(f"不能读取的类型：{value['$dc']}")
        known = _fields(cls)
        return cls(**{k: decode(v) for k, v in value["fields"].items() if known.get(k)})
    return {k: decode(v) for k, v in value.items()}


def _hashable(key: Any) -> Any:
    return tuple(_hashable(k) for k in key) if isinstance(key, list) else key
