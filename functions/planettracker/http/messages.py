"""A request and a response as plain values: what every door translates to and from."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


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


def to_json(data: Any) -> bytes:
    # allow_nan=False: a non-finite number is a bug to surface, never invalid JSON to send.
    return json.dumps(data, separators=(",", ":"), allow_nan=False).encode()
