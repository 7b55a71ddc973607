"""One function a route: parse the whole request into one question, ask the core once,
render once. Nothing here knows a web framework."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from .. import __version__
from ..core import ephemeris, events, planner, timescales, visibility
from ..core.visibility import BodyReport
from . import forms, params
from .answers import (
    Context,
    GeoLocation,
    Health,
    Planet,
    PlanetEvents,
    Sky,
    SkyEvents,
    SkySample,
    SkySpan,
    Tonight,
    Track,
)
from .headers import (
    CACHE_FIXED_TIME,
    CACHE_NONE,
    CACHE_NOW,
    CACHE_SCHEMA,
    CACHE_TONIGHT,
    JSON,
    SITE_CSP,
    public_for,
)
from .messages import ApiRequest, ApiResponse, to_json


def _ok(answer: Mapping[str, object], cache_control: str) -> ApiResponse:
    headers = {"Content-Type": JSON, "Cache-Control": cache_control}
    return ApiResponse(200, headers, to_json(answer))


def _context(q: params.SkyQuestion) -> Context:
    return {
        "time": q.moment.utc,
        "observer": ephemeris.describe(q.where, q.air),
        "provenance": ephemeris.provenance(q.air, q.moment),
    }


def _seen(
    q: params.SkyQuestion | params.SpanQuestion, moment: timescales.Moment
) -> list[BodyReport]:
    bodies = ephemeris.sky(q.where, q.air, moment)
    sun_alt = next(body["alt"] for body in bodies if body["name"] == "sun")
    return visibility.observe(bodies, sun_alt, q.horizon_deg, q.limits)


def get_planets(request: ApiRequest) -> ApiResponse:
    q = params.sky_question(request.query, request.now)
    answer: Sky = {**_context(q), "bodies": _seen(q, q.moment)}
    return _ok(answer, CACHE_FIXED_TIME if q.fixed else CACHE_NOW)


def get_sky(request: ApiRequest) -> ApiResponse:
    q = params.span_question(request.query, request.now)
    moments = [timescales.Moment.of(when) for when in q.instants]
    samples: list[SkySample] = [{"time": m.utc, "bodies": _seen(q, m)} for m in moments]
    answer: SkySpan = {
        "start": samples[0]["time"],
        "stop": samples[-1]["time"],
        "step_s": q.step_s,
        "observer": ephemeris.describe(q.where, q.air),
        "provenance": ephemeris.provenance(q.air, moments[0]),
        "samples": samples,
    }
    # "Now" is the grid instant at or before now: the same answer until the next one.
    until_next = q.start + timedelta(seconds=q.step_s) - request.now
    return _ok(answer, CACHE_FIXED_TIME if q.fixed else public_for(until_next.total_seconds()))


def get_planet(request: ApiRequest) -> ApiResponse:
    name = params.parse_body_name(request.path_params["name"])
    q = params.sky_question(request.query, request.now)
    sun, body = ephemeris.sky(q.where, q.air, q.moment, ("sun", name))  # visibility needs the Sun
    (seen,) = visibility.observe([body], sun["alt"], q.horizon_deg, q.limits)
    answer: Planet = {**seen, **_context(q)}
    return _ok(answer, CACHE_FIXED_TIME if q.fixed else CACHE_NOW)


def _events_cache(q: params.SkyQuestion, found: list[events.Events]) -> str:
    """Fixed times never change; "now" holds until the earliest next event."""
    if q.fixed:
        return CACHE_FIXED_TIME
    earliest = min(
        when
        for e in found
        for when in (e["next_rise"], e["next_set"], e["next_transit"])
        if when is not None
    )
    return public_for((earliest - q.moment.utc).total_seconds())


def get_events(request: ApiRequest) -> ApiResponse:
    q = params.sky_question(request.query, request.now, params.EVENTS_PARAMS)
    found = events.sky_events(q.where, q.horizon_deg, q.air, q.moment)
    answer: SkyEvents = {**_context(q), "bodies": found}
    return _ok(answer, _events_cache(q, found))


def get_planet_events(request: ApiRequest) -> ApiResponse:
    name = params.parse_body_name(request.path_params["name"])
    q = params.sky_question(request.query, request.now, params.EVENTS_PARAMS)
    found = events.events(name, q.where, q.horizon_deg, q.air, q.moment)
    answer: PlanetEvents = {**found, **_context(q)}
    return _ok(answer, _events_cache(q, [found]))


def get_track(request: ApiRequest) -> ApiResponse:
    name = params.parse_body_name(request.path_params["name"])
    q = params.track_question(request.query, request.now)
    answer: Track = {
        "name": name,
        "observer": ephemeris.describe(q.where, q.air),
        "provenance": ephemeris.provenance(q.air, timescales.Moment.of(q.start)),
        "start": q.start,
        "stop": q.stop,
        "step_s": q.step.total_seconds(),
        "points": planner.body_track(name, q.where, q.air, q.start, q.stop, q.step),
    }
    return _ok(answer, CACHE_FIXED_TIME if q.fixed else CACHE_NOW)


def get_tonight(request: ApiRequest) -> ApiResponse:
    q = params.night_question(request.query, request.now)
    noon = timescales.Moment.of(planner.local_noon(q.where, q.day))
    answer: Tonight = {
        "observer": ephemeris.describe(q.where, q.air),
        "provenance": ephemeris.provenance(q.air, noon),
        "date": q.day,
        **planner.plan_night(q.where, q.air, noon, q.horizon_deg, q.limits),
    }
    return _ok(answer, CACHE_FIXED_TIME if q.dated else CACHE_TONIGHT)


def post_geo_location(request: ApiRequest) -> ApiResponse:
    where = params.location_form(forms.form_pairs(request))
    # `elevation` is the tutorial's key, kept so its clients find it.
    answer: GeoLocation = {"lat": where.lat, "lon": where.lon, "elevation_m": where.elevation_m,
                           "elevation": where.elevation_m}  # fmt: skip
    return _ok(answer, CACHE_NONE)


def get_health(request: ApiRequest) -> ApiResponse:
    answer: Health = {"status": "ok", "version": __version__}
    return _ok(answer, CACHE_NONE)


def get_openapi(request: ApiRequest) -> ApiResponse:
    from .openapi import document  # built once, on first request

    return _ok(document(), CACHE_SCHEMA)


# Swagger UI from the site's own files (site/vendor/swagger-ui-dist, pinned), nothing
# from elsewhere and nothing inline, under the site's CSP. Served where the site is.
DOCS_HTML = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PlanetTracker API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="vendor/swagger-ui-dist/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="vendor/swagger-ui-dist/swagger-ui-bundle.js"></script>
<script src="js/docs.js"></script>
</body></html>
"""


def get_docs(request: ApiRequest) -> ApiResponse:
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": CACHE_SCHEMA,
               "Content-Security-Policy": SITE_CSP}  # fmt: skip
    return ApiResponse(200, headers, DOCS_HTML)
