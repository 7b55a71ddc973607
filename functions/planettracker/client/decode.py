"""An answer's JSON read back into the contract's own types (`http.answers`): every
required field checked, nested shapes and lists included, and instants turned back into
the datetimes the server's core handed out. A server of another version fails loudly,
here, naming the field."""

from __future__ import annotations

import types
from datetime import datetime
from typing import Annotated, Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

T = TypeVar("T")


class ClientError(Exception):
    """Base of what this client raises."""


def decode(kind: type[T], document: Any, where: str = "answer") -> T:
    """Check a JSON document against a TypedDict and return it with its instants read."""
    return cast(T, _decoded(kind, document, where))


def _decoded(kind: Any, data: Any, where: str) -> Any:
    if get_origin(kind) is Annotated:
        kind = get_args(kind)[0]
    if get_origin(kind) in (Union, types.UnionType):
        (given,) = [a for a in get_args(kind) if a is not type(None)]
        return None if data is None else _decoded(given, data, where)
    if hasattr(kind, "__required_keys__"):
        if not isinstance(data, dict):
            raise ClientError(f"{where} is not an object")
        hints = get_type_hints(kind, include_extras=True)
        missing = [key for key in kind.__required_keys__ if key not in data]
        if missing:
            raise ClientError(f"{where} has no {missing[0]!r}")
        return {k: _decoded(hints[k], v, f"{where}.{k}") if k in hints else v
                for k, v in data.items()}  # fmt: skip
    if get_origin(kind) is list:
        if not isinstance(data, list):
            raise ClientError(f"{where} is not a list")
        return [_decoded(get_args(kind)[0], item, f"{where}[{i}]") for i, item in enumerate(data)]
    if kind is datetime:
        try:
            return datetime.fromisoformat(data)
        except (TypeError, ValueError):
            raise ClientError(f"{where} is not an ISO 8601 instant") from None
    return data
