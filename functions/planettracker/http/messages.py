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


def to_json(data: Any) -> bytes:
    """Render an answer compactly, the core's datetimes as ISO 8601 with a Z (the core
    gives them aware, in UTC). orjson, because the standard library's float repr was
    a quarter of a `GET /planets` (50 us of 204 here, against orjson's 3); it writes a
    non-finite number as null, where the core's property tests assert none occurs."""
    return orjson.dumps(data, option=orjson.OPT_UTC_Z)
