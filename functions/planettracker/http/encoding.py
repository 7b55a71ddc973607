"""Content coding, decided here once for every door: gzip when the client accepts it and
the answer is big enough to gain, as CloudFront decides for what it compresses itself."""

from __future__ import annotations

import gzip

from .messages import ApiResponse

# CloudFront compresses from 1,000 bytes: below that the framing eats the saving.
MIN_BYTES = 1000
COMPRESSIBLE = ("application/json", "application/problem+json", "text/html")


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header admits gzip (RFC 9110 12.5.3: named or `*`,
    with a q-value above 0)."""
    for item in (accept_encoding or "").split(","):
        coding, _, params = item.partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip().lower().removeprefix("q=")
            try:
                return not params.strip() or float(q) > 0
            except ValueError:
                return False
    return False


def encode(response: ApiResponse, accept_encoding: str | None) -> ApiResponse:
    """The response gzipped if the client takes gzip, with Vary saying the body depends on
    Accept-Encoding whenever it could. `mtime=0`: the same answer gives the same bytes."""
    media_type = response.headers.get("Content-Type", "").partition(";")[0]
    if media_type not in COMPRESSIBLE or len(response.body) < MIN_BYTES:
        return response
    headers = {**response.headers, "Vary": "Accept-Encoding"}
    if not accepts_gzip(accept_encoding):
        return ApiResponse(response.status, headers, response.body)
    body = gzip.compress(response.body, compresslevel=6, mtime=0)
    return ApiResponse(response.status, {**headers, "Content-Encoding": "gzip"}, body)
