"""The Lambda door: the FastAPI app behind Mangum. SAM's `Handler` names `handler` here."""

from __future__ import annotations

import logging
import os
from typing import Any

from mangum import Mangum
from mangum.adapter import DEFAULT_TEXT_MIME_TYPES

from ..http import headers, router
from ..http.errors import ApiError
from .fastapi_app import create_app

log = logging.getLogger(__name__)
SETTINGS = headers.Settings.from_environ(os.environ)
# Built at import so a warm container reuses it; lifespan is off as the app has no startup.
# Problem documents are text too: without this Mangum would send them base64-encoded,
# which a REST API without binary media types passes to clients as it is.
asgi_handler = Mangum(
    create_app(SETTINGS),
    lifespan="off",
    text_mime_types=[*DEFAULT_TEXT_MIME_TYPES, headers.PROBLEM_JSON],
)
NOT_AN_HTTP_EVENT = ApiError(
    400,
    "unsupported-event",
    "the event is not an API Gateway or function URL HTTP request",
    accepted="API Gateway HTTP API (v2) or REST API (v1) proxy events",
)


def handler(event: Any, context: Any) -> dict[str, Any]:
    """Answer an API Gateway event; any other event gets a 400 problem, not a crash."""
    try:
        answer: dict[str, Any] = asgi_handler(event, context)
        return answer
    except Exception:  # Mangum raises for events it cannot read: log, then answer
        log.exception("unusable event: %.200r", event)
        refusal = router.refuse(NOT_AN_HTTP_EVENT, None, SETTINGS)
        body = refusal.body.decode()
        return {"statusCode": refusal.status, "headers": refusal.headers, "body": body,
                "isBase64Encoded": False}  # fmt: skip
