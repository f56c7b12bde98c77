"""A tree of frozen dataclasses as JSON data and back, strictly: what is stored is read back whole or not at all.

Handles frozen dataclasses whose fields are str, int, float, bool, dates, datetimes, `X | None`,
`tuple[X, ...]` and nested dataclasses. Dates are ISO strings.

Decoding refuses, with `ContentError`, a field the class does not know (it would be dropped), a field the
data lacks (it would silently take its default) and a value of the wrong kind: a stored document, such as an
approved version of the minutes, must never lose or invent a text on the way back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import cache
from typing import Any


class ContentError(ValueError):
    """The data does not fit the classes. `problem` is unknown_field / missing_field / bad_value, `name` the
    field and `where` the path to it ("content.items[1].learning_points[0]")."""

    def __init__(self, problem: str, where: str, name: str = "") -> None:
        self.problem = problem
        self.where = where
        self.name = name
        super().__init__(f"{problem}: {name!r} in {where}" if name else f"{problem} in {where}")


def encode(value: Any) -> Any:
    """JSON-ready data (dicts, lists, str, numbers, bool, None) of a dataclass tree."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    raise TypeError(f"cannot store {type(value).__name__} in document content")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _scalar(kind: type, value: Any, where: str, name: str) -> Any:
    # bool is an int to Python; a stored true where a number belongs (or 1 where a flag belongs) is wrong data.
    fits = (isinstance(value, bool) if kind is bool
            else isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float
            else isinstance(value, kind) and not isinstance(value, bool) if kind is int
            else isinstance(value, kind))
    if not fits:
        raise ContentError("bad_value", where, name)
    return value


def _decode(kind: Any, value: Any, where: str, name: str) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _decode(options[0], value, where, name)
    if origin is tuple:
        if not isinstance(value, list):
            raise ContentError("bad_value", where, name)
        inner = typing.get_args(kind)[0]
        return tuple(_decode(inner, v, f"{where}.{name}[{i}]", name) for i, v in enumerate(value))
    if kind is dt.datetime or kind is dt.date:
        try:
            return kind.fromisoformat(value)
        except (TypeError, ValueError):
            raise ContentError("bad_value", where, name) from None
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise ContentError("bad_value", where, name)
        inside = where if not name or where.endswith("]") else f"{where}.{name}"
        known = [f.name for f in dataclasses.fields(kind) if f.init]
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise ContentError("unknown_field", inside, unknown[0])
        missing = [n for n in known if n not in value]
        if missing:
            raise ContentError("missing_field", inside, missing[0])
        hints = _hints(kind)
        return kind(**{n: _decode(hints[n], value[n], inside, n) for n in known})
    if kind in (str, int, float, bool):
        return _scalar(kind, value, where, name)
    return value


def decode(cls: type, data: Any, where: str = "content") -> Any:
    """The dataclass `cls` from `encode`'s data. Raises ContentError when the data does not fit exactly."""
    return _decode(cls, data, where, "")
