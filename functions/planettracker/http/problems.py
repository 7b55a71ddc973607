"""Errors rendered as RFC 9457 problem details, the one shape every failure takes."""

from __future__ import annotations

from http import HTTPStatus

from .answers import Problem
from .errors import ApiError
from .headers import CACHE_NONE, PROBLEM_JSON
from .messages import ApiResponse, to_json


def render(error: ApiError) -> ApiResponse:
    """Render an error as RFC 9457 problem details."""
    document: Problem = {
        "type": "about:blank",
        "title": HTTPStatus(error.status).phrase,
        "status": error.status,
        "detail": error.message,
        "code": error.code,
    }
    if error.parameter is not None:
        document["parameter"] = error.parameter
    if error.accepted is not None:
        document["accepted"] = error.accepted
    headers = {"Content-Type": PROBLEM_JSON, "Cache-Control": CACHE_NONE, **error.headers}
    return ApiResponse(error.status, headers, to_json(document))
