"""The route table and the answer to any request, free of any web framework.

Each door turns its native request into an `ApiRequest`, calls `respond` (or, for what
no route took, `preflight`, or `refuse` with the error), and turns the `ApiResponse`
back into its native response. Because status, headers and body are all decided here,
every door answers the same request the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import encoding, endpoints
from .errors import ApiError
from .headers import ALLOWED_HEADERS, CACHE_NONE, SECURITY_HEADERS, Settings, cors
from .messages import ApiRequest, ApiResponse
from .problems import render

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # {name} placeholders, a syntax Starlette and aiohttp share
    endpoint: Callable[[ApiRequest], ApiResponse]
    # Tens of milliseconds of work: a door serving many requests in one process runs it
    # apart, so it never holds up the polls (Lambda runs one request a container).
    heavy: bool = False

    def matches(self, path: str) -> bool:
        pattern = re.sub(r"\\{\w+\\}", "[^/]+", re.escape(self.path))
        return re.fullmatch(pattern, path) is not None


ROUTES: tuple[Route, ...] = (
    Route("GET", "/planets", endpoints.get_planets),
    Route("GET", "/planets/{name}", endpoints.get_planet),
    Route("GET", "/sky", endpoints.get_sky),
    Route("GET", "/events", endpoints.get_events),
    Route("GET", "/planets/{name}/events", endpoints.get_planet_events),
    Route("GET", "/planets/{name}/track", endpoints.get_track, heavy=True),
    Route("GET", "/tonight", endpoints.get_tonight, heavy=True),
    Route("POST", "/geo_location", endpoints.post_geo_location),
    Route("GET", "/health", endpoints.get_health),
    Route("GET", "/openapi.json", endpoints.get_openapi),
    Route("GET", "/docs", endpoints.get_docs),
)
PATHS: tuple[str, ...] = tuple(dict.fromkeys(route.path for route in ROUTES))


def _finish(response: ApiResponse, origin: str | None, settings: Settings) -> ApiResponse:
    allowed = cors(origin, settings)
    vary = ", ".join(v for v in (response.headers.get("Vary"), allowed.get("Vary")) if v)
    headers = {
        **response.headers,
        **SECURITY_HEADERS,
        **allowed,
        **({"Vary": vary} if vary else {}),
    }
    return ApiResponse(response.status, headers, response.body)


def respond(
    route: Route, request: ApiRequest, settings: Settings, *, head: bool = False
) -> ApiResponse:
    """Answer a request for a route: the endpoint's result, or its error as a problem.
    `head`: a HEAD for a GET route, answered with the GET's status, headers and length."""
    try:
        response = route.endpoint(request)
    except ApiError as error:
        response = render(error)
    except Exception:
        log.exception("unhandled error in %s %s", route.method, route.path)
        response = render(ApiError(500, "internal-error", "the server failed to answer"))
    if settings.compress:
        response = encoding.encode(response, request.accept_encoding)
    if head:
        length = {"Content-Length": str(len(response.body))}
        response = ApiResponse(response.status, {**response.headers, **length}, b"")
    return _finish(response, request.origin, settings)


def _allow(path: str) -> str:
    methods = [r.method for r in ROUTES if r.matches(path)]
    if "GET" in methods:
        methods.append("HEAD")  # every framework here answers HEAD wherever it answers GET
    return ", ".join([*methods, "OPTIONS"]) if methods else ""


def refuse(error: ApiError, origin: str | None, settings: Settings) -> ApiResponse:
    """Answer with an error raised outside any route, with the headers every answer gets."""
    return _finish(render(error), origin, settings)


def no_route(path: str) -> ApiError:
    """The error for a request no route took: 405 where the path has other methods, else 404."""
    allow = _allow(path)
    if allow:
        return ApiError(405, "method-not-allowed", "this method is not allowed here",
                        accepted=allow, headers={"Allow": allow})  # fmt: skip
    return ApiError(404, "not-found", "there is nothing at this path")


def preflight(path: str, origin: str | None, settings: Settings) -> ApiResponse:
    """Answer OPTIONS for one of `PATHS`: a CORS preflight, and the methods it takes (RFC
    9110's `Allow`) for a client that asked without CORS."""
    allow = _allow(path)
    headers = {
        "Allow": allow,
        "Access-Control-Allow-Methods": allow,
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": "86400",
        "Cache-Control": CACHE_NONE,
    }
    return _finish(ApiResponse(204, headers, b""), origin, settings)
