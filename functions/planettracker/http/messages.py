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


@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def to_json(data: Any, *, indent: bool = False) -> bytes:
    """Render an answer, compactly unless `indent`: where the core's values become text.

    An aware UTC datetime is written as ISO 8601 with a Z, its fraction only when it has
    one (the core truncates what it gives to the second). orjson, because the standard
    library's float repr is a large share of a `GET /planets` (make bench); it writes a
    non-finite number as null, where the core's property tests assert none occurs."""
    return orjson.dumps(data, option=orjson.OPT_UTC_Z | (orjson.OPT_INDENT_2 if indent else 0))
