"""The HTTP contract, free of any web framework: routes, responses, errors, headers.

Each door turns its native request into an `ApiRequest`, calls `respond`, and turns
the `ApiResponse` back into its native response. Because status, headers and body
are all decided here, every door answers the same request the same way.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from .. import __version__
from ..core import ephemeris, events, planner, timescales
from . import params
from .errors import ApiError, invalid

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024
MAX_FORM_FIELDS = 16
CACHE_NOW = "public, max-age=1"
CACHE_FIXED_TIME = "public, max-age=31536000, immutable"
CACHE_NONE = "no-store"
CACHE_TONIGHT = "public, max-age=300"  # tonight's plan changes only with the date
JSON = "application/json"
PROBLEM_JSON = "application/problem+json"

# Sent with every API response, and with the site by the dev server and CloudFront.
SECURITY_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# The page loads nothing inline and nothing from elsewhere except the API it is told to use.
SITE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' https: http://127.0.0.1:* http://localhost:*; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)


@dataclass(frozen=True)
class Settings:
    """What a deployment chooses; read from a mapping so tests never touch os.environ."""

    cors_origins: tuple[str, ...] = ("*",)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        raw = environ.get("PLANETTRACKER_CORS_ORIGINS", "*")
        origins = tuple(o.strip() for o in raw.split(",") if o.strip())
        return cls(cors_origins=origins or ("*",))


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


def _json(data: Any) -> bytes:
    # allow_nan=False: a non-finite number is a bug to surface, never invalid JSON to send.
    return json.dumps(data, separators=(",", ":"), allow_nan=False).encode()


def _ok(data: Any, cache_control: str) -> ApiResponse:
    headers = {"Content-Type": JSON, "Cache-Control": cache_control}
    return ApiResponse(200, headers, _json(data))


def problem(error: ApiError) -> ApiResponse:
    """Render an error as RFC 9457 problem details."""
    document: dict[str, Any] = {
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
    return ApiResponse(error.status, headers, _json(document))


def http_error(status: int) -> ApiError:
    """The error for what a framework refused before any route ran (e.g. 413)."""
    if status == 413:
        return ApiError(413, "body-too-large", "the request body is too large")
    return ApiError(status, "http-error", HTTPStatus(status).phrase)


def _observer_json(where: ephemeris.Location, air: ephemeris.Atmosphere) -> dict[str, Any]:
    return {
        "lat": where.lat,
        "lon": where.lon,
        "elevation_m": where.elevation_m,
        "source": where.source,
        "pressure_mbar": air.pressure_mbar,
        "temperature_C": air.temperature_C,
        "refraction": air.pressure_mbar > 0,
    }


@dataclass(frozen=True)
class _Question:
    where: ephemeris.Location
    air: ephemeris.Atmosphere
    when: datetime
    horizon_deg: float
    limits: events.Thresholds
    cache_control: str
    context: dict[str, Any]


def _question(request: ApiRequest) -> _Question:
    values = params.single_values(request.query, params.SKY_PARAMS)
    where = params.parse_location(values)
    air = params.parse_atmosphere(values)
    fixed = "time" in values
    when = params.parse_time(values["time"]) if fixed else request.now
    context = {
        "time": timescales.iso_z(when),
        "observer": _observer_json(where, air),
        "provenance": ephemeris.provenance(air, when),
    }
    horizon = params.number(values, params.HORIZON)
    cache = CACHE_FIXED_TIME if fixed else CACHE_NOW
    return _Question(where, air, when, horizon, _thresholds(values), cache, context)


def _thresholds(values: Mapping[str, str]) -> events.Thresholds:
    return events.Thresholds(limiting_magnitude=params.number(values, params.LIMITING_MAGNITUDE))


def _observed(body: dict[str, Any], sun_alt: float, q: _Question) -> dict[str, Any]:
    """A body's position with what an observer asks next: can I see it, and when."""
    return {
        **body,
        "visibility": events.visibility(body, sun_alt, q.horizon_deg, q.limits),
        "events": events.events(body["name"], q.where, q.horizon_deg, q.air, q.when),
    }


def planets(request: ApiRequest) -> ApiResponse:
    q = _question(request)
    bodies = ephemeris.sky(q.where, q.air, q.when)
    sun_alt = bodies[0]["alt"]
    return _ok({**q.context, "bodies": [_observed(b, sun_alt, q) for b in bodies]}, q.cache_control)


def planet(request: ApiRequest) -> ApiResponse:
    name = params.parse_body(request.path_params["name"])
    q = _question(request)
    sun, body = ephemeris.sky(q.where, q.air, q.when, ("sun", name))  # visibility needs the Sun
    return _ok({**_observed(body, sun["alt"], q), **q.context}, q.cache_control)


def track(request: ApiRequest) -> ApiResponse:
    name = params.parse_body(request.path_params["name"])
    values = params.single_values(request.query, params.TRACK_PARAMS)
    where, air = params.parse_location(values), params.parse_atmosphere(values)
    fixed = "start" in values
    start = params.parse_time(values["start"], "start") if fixed else request.now
    stop = (
        params.parse_time(values["stop"], "stop") if "stop" in values else start + timedelta(days=1)
    )
    step = timedelta(seconds=params.number(values, params.STEP))
    if stop < start:
        raise invalid("stop", "stop is before start", "a time at or after start")
    count = planner.point_count(start, stop, step)
    if count > planner.TRACK_MAX_POINTS:
        limit = f"at most {planner.TRACK_MAX_POINTS} points: a longer step or a shorter span"
        raise invalid("step", f"start, stop and step give {count} points", limit)
    document = {
        "name": name,
        "observer": _observer_json(where, air),
        "provenance": ephemeris.provenance(air, start),
        "start": timescales.iso_z(start),
        "stop": timescales.iso_z(stop),
        "step_s": step.total_seconds(),
        "points": planner.track(name, where, air, start, stop, step),
    }
    return _ok(document, CACHE_FIXED_TIME if fixed else CACHE_NOW)


def tonight(request: ApiRequest) -> ApiResponse:
    values = params.single_values(request.query, params.TONIGHT_PARAMS)
    where, air = params.parse_location(values), params.parse_atmosphere(values)
    # Without a date, the night ahead: today by the place's mean solar time.
    local_now = request.now + timedelta(hours=where.lon / 15)
    day = params.parse_date(values["date"]) if "date" in values else local_now.date()
    horizon = params.number(values, params.HORIZON)
    plan = planner.tonight(where, air, day, horizon, _thresholds(values))
    document = {
        "observer": _observer_json(where, air),
        "provenance": ephemeris.provenance(air, planner.local_noon(where, day)),
        **plan,
    }
    return _ok(document, CACHE_FIXED_TIME if "date" in values else CACHE_TONIGHT)


def _body_pairs(request: ApiRequest) -> list[tuple[str, str]]:
    if len(request.body) > MAX_BODY_BYTES:
        raise http_error(413)
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
        # Strings are accepted too, and parsed exactly like form and query values.
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise invalid(name, f"{name} must be a number", accepted)
        pairs.append((name, value if isinstance(value, str) else repr(value)))
    return pairs


def geo_location(request: ApiRequest) -> ApiResponse:
    values = params.single_values(_body_pairs(request), params.LOCATION_PARAMS)
    where = params.parse_location(values, required=True)
    document = {"lat": where.lat, "lon": where.lon, "elevation_m": where.elevation_m}
    return _ok(document, CACHE_NONE)


def health(request: ApiRequest) -> ApiResponse:
    return _ok({"status": "ok", "version": __version__}, CACHE_NONE)


def openapi(request: ApiRequest) -> ApiResponse:
    from .openapi import schema  # built once, on first request

    return _ok(schema(), "public, max-age=300")


DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PlanetTracker API</title>
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui"});</script>
</body></html>
"""


def docs(request: ApiRequest) -> ApiResponse:
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300"}
    return ApiResponse(200, headers, DOCS_HTML.encode())


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # {name} placeholders, a syntax Starlette and aiohttp share
    endpoint: Callable[[ApiRequest], ApiResponse]

    def matches(self, path: str) -> bool:
        pattern = re.sub(r"\\{\w+\\}", "[^/]+", re.escape(self.path))
        return re.fullmatch(pattern, path) is not None


ROUTES: tuple[Route, ...] = (
    Route("GET", "/planets", planets),
    Route("GET", "/planets/{name}", planet),
    Route("GET", "/planets/{name}/track", track),
    Route("GET", "/tonight", tonight),
    Route("POST", "/geo_location", geo_location),
    Route("GET", "/health", health),
    Route("GET", "/openapi.json", openapi),
    Route("GET", "/docs", docs),
)
PATHS: tuple[str, ...] = tuple(dict.fromkeys(route.path for route in ROUTES))
_ALLOWED_HEADERS = "Content-Type"


def cors_headers(origin: str | None, settings: Settings) -> dict[str, str]:
    if "*" in settings.cors_origins:
        return {"Access-Control-Allow-Origin": "*"}
    headers = {"Vary": "Origin"}
    if origin in settings.cors_origins:
        headers["Access-Control-Allow-Origin"] = origin
    return headers


def _finish(response: ApiResponse, origin: str | None, settings: Settings) -> ApiResponse:
    headers = {**response.headers, **SECURITY_HEADERS, **cors_headers(origin, settings)}
    return ApiResponse(response.status, headers, response.body)


def respond(route: Route, request: ApiRequest, settings: Settings) -> ApiResponse:
    """Answer a request for a route: the endpoint's result, or its error as a problem."""
    try:
        response = route.endpoint(request)
    except ApiError as error:
        response = problem(error)
    except Exception:
        log.exception("unhandled error in %s %s", route.method, route.path)
        response = problem(ApiError(500, "internal-error", "the server failed to answer"))
    return _finish(response, request.origin, settings)


def _allow(path: str) -> str:
    methods = [r.method for r in ROUTES if r.matches(path)]
    if "GET" in methods:
        methods.append("HEAD")  # every framework here answers HEAD wherever it answers GET
    return ", ".join([*methods, "OPTIONS"]) if methods else ""


def fail(error: ApiError, origin: str | None, settings: Settings) -> ApiResponse:
    """Answer with an error raised outside any route, with the headers every answer gets."""
    return _finish(problem(error), origin, settings)


def refuse(status: int, origin: str | None, settings: Settings) -> ApiResponse:
    """Answer what a framework refused before any route ran (say, a body too large)."""
    return fail(http_error(status), origin, settings)


def unrouted(path: str, origin: str | None, settings: Settings) -> ApiResponse:
    """Answer a request no route took: 405 where the path has other methods, else 404."""
    allow = _allow(path)
    if allow:
        error = ApiError(405, "method-not-allowed", "this method is not allowed here",
                         accepted=allow, headers={"Allow": allow})  # fmt: skip
    else:
        error = ApiError(404, "not-found", "there is nothing at this path")
    return fail(error, origin, settings)


def preflight(path: str, origin: str | None, settings: Settings) -> ApiResponse:
    """Answer a CORS preflight (OPTIONS) for one of `PATHS`."""
    headers = {
        "Access-Control-Allow-Methods": _allow(path),
        "Access-Control-Allow-Headers": _ALLOWED_HEADERS,
        "Access-Control-Max-Age": "86400",
        "Cache-Control": CACHE_NONE,
    }
    return _finish(ApiResponse(204, headers, b""), origin, settings)
