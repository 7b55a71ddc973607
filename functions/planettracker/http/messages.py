"""A request and a response as plain values: what every door translates to and from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson


@dataclass(frozen=True)
class ApiRequest:
    """A request as plain values; `now` is the door's clock reading."""

    now: datetime
    query: Sequence[tuple[str, str]] = ()
    path_params: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_type: str | None = None
    origin: str | None = None
    accept_encoding: str | None = None


@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def to_json(data: Any, *, indent: bool = False) -> bytes:
    """Render an answer (compact unless `indent`): the one place values become text.

    A UTC datetime is written as ISO 8601 with a Z, with a fraction only if it has one.
    orjson, as the standard library's float formatting costs far more; it writes a
    non-finite number as null, which the core's property tests rule out."""
    return orjson.dumps(data, option=orjson.OPT_UTC_Z | (orjson.OPT_INDENT_2 if indent else 0))
