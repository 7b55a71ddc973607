"""A request's body (form-encoded or JSON) as the name-value pairs a query would give."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from .errors import ApiError, invalid
from .headers import JSON
from .messages import ApiRequest

MAX_BODY_BYTES = 16 * 1024
MAX_FORM_FIELDS = 16


def form_pairs(request: ApiRequest) -> list[tuple[str, str]]:
    """Read the body's fields as text, exactly as query values arrive."""
    if len(request.body) > MAX_BODY_BYTES:
        raise ApiError.from_status(413)
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("body", "the body is not UTF-8", "UTF-8 text") from None
    if media_type == "application/x-www-form-urlencoded":
        try:
            return parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
        except ValueError:
            fields = "lat, lon and elevation"
            raise invalid("body", "the body has too many fields", fields) from None
    if media_type == JSON:
        return _json_pairs(text)
    raise ApiError(
        415,
        "unsupported-media-type",
        "the body must be form-encoded or JSON",
        parameter="Content-Type",
        accepted="application/x-www-form-urlencoded or application/json",
    )


def _json_pairs(text: str) -> list[tuple[str, str]]:
    accepted = 'a JSON object such as {"lat": 48.93, "lon": 2.45, "elevation": 0}'

    def no_constants(name: str) -> Any:
        raise ValueError(name)  # NaN and Infinity are not JSON

    try:
        document = json.loads(text, parse_constant=no_constants)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise invalid("body", "the body is not valid JSON", accepted) from None
    if not isinstance(document, dict):
        raise invalid("body", "the body is not a JSON object", accepted)
    pairs = []
    for name, value in document.items():
        if value is None:
            continue  # null is "not given": browsers' coords.altitude usually is
        # Strings are accepted too, and parsed exactly like form and query values.
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise invalid(name, f"{name} must be a number", accepted)
        pairs.append((name, value if isinstance(value, str) else repr(value)))
    return pairs
