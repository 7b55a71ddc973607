"""The Lambda door: the FastAPI app behind Mangum. SAM's `Handler` names `handler` here."""

from __future__ import annotations

import os

from mangum import Mangum
from mangum.adapter import DEFAULT_TEXT_MIME_TYPES

from .. import contract
from .fastapi_app import create_app

# Built at import so a warm container reuses it; lifespan is off as the app has no startup.
# Problem documents are text too: without this Mangum would send them base64-encoded,
# which a REST API without binary media types passes to clients as it is.
handler = Mangum(
    create_app(contract.Settings.from_environ(os.environ)),
    lifespan="off",
    text_mime_types=[*DEFAULT_TEXT_MIME_TYPES, contract.PROBLEM_JSON],
)
