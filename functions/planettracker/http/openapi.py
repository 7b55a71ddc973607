"""The OpenAPI 3.1 description of the contract, built from the same parameter table
that validation uses (params.py) and from the answers' own types (answers.py, through
schema.py), so neither can drift from the code."""

from __future__ import annotations

from functools import cache
from typing import Any

from .. import __version__
from ..core import planner
from ..core.ephemeris import BODIES
from . import params
from .answers import (
    GeoLocation,
    Health,
    Planet,
    PlanetEvents,
    Problem,
    Sky,
    SkyEvents,
    SkySpan,
    Tonight,
    Track,
)
from .schema import Components


def _query(param: params.NumberParam) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "number",
        "minimum": param.minimum,
        "maximum": param.maximum,
    }
    if param.default is not None:
        schema["default"] = param.default
    description = f"{param.description} In {param.unit}."
    if param.name in ("lat", "lon"):
        description += " Give lat and lon together; with neither, the Greenwich Observatory."
    return {"name": param.name, "in": "query", "required": False,
            "description": description, "schema": schema}  # fmt: skip


_TIME = {
    "name": "time",
    "in": "query",
    "required": False,
    "description": f"The moment to compute for; default: now. Accepted: {params.TIME_ACCEPTED}.",
    "schema": {"type": "string", "format": "date-time"},
}
_SKY_PARAMETERS = [_query(p) for p in params.NUMBER_PARAMS] + [_TIME]
_EVENTS_PARAMETERS = [p for p in _SKY_PARAMETERS if p["name"] in params.EVENTS_PARAMS]

_BY_NAME = {p.name: p for p in params.NUMBER_PARAMS}
_WHERE = [_query(_BY_NAME[n]) for n in ("lat", "lon", "elevation", "pressure", "temperature")]
_TRACK_PARAMETERS = [
    *_WHERE,
    {**_TIME, "name": "start",
     "description": f"First point; default: now. {params.TIME_ACCEPTED}."},
    {**_TIME, "name": "stop",
     "description": "Last point (at or after start); default: start + 24 h."},
    {**_query(params.STEP), "description": (
        f"Seconds between points, default 600; at most {planner.TRACK_MAX_POINTS} points.")},
]  # fmt: skip
_SPAN_PARAMETERS = [
    *(p for p in _SKY_PARAMETERS if p["name"] in params.SPAN_PARAMS),
    {**_TIME, "name": "start",
     "description": "First sample, on the grid: a whole multiple of step seconds since "
                    "1970-01-01T00:00:00Z (else a 400 naming start); default: now, floored to "
                    f"the grid. {params.TIME_ACCEPTED}."},
    {**_query(params.SPAN), "schema": {**_query(params.SPAN)["schema"], "type": "integer"},
     "description": "Seconds from the first sample to the last, a whole multiple of step, "
                    f"default 60; at most {params.SPAN_MAX_SAMPLES} samples."},
    {**_query(params.SPAN_STEP), "schema": {**_query(params.SPAN_STEP)["schema"],
                                            "type": "integer"},
     "description": "Seconds between samples, default 15."},
]  # fmt: skip
_TONIGHT_PARAMETERS = [
    *_WHERE,
    {"name": "date", "in": "query", "required": False,
     "schema": {"type": "string", "format": "date"},
     "description": f"The night that begins on this date at the place, {params.DATE_ACCEPTED};"
                    " default: the night in progress, from local noon to the next by the"
                    " place's mean solar time."},
    _query(params.HORIZON),
    _query(params.LIMITING_MAGNITUDE),
]  # fmt: skip


# Every answer's shape, each a component generated from its type (schema.py), with the
# shapes it holds; the paths below refer to them by name.
ANSWERS: tuple[type, ...] = (Sky, Planet, SkySpan, SkyEvents, PlanetEvents, Track, Tonight,
                             GeoLocation, Problem, Health)  # fmt: skip


def _ok_response(schema_name: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _problem_response(description: str) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {"application/problem+json": {"schema": ref}}}


_BAD = _problem_response(
    "A parameter is malformed, out of range, unknown or repeated with another value"
)


_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "description": "A body, case-insensitive: " + ", ".join(BODIES),
    "schema": {"type": "string", "examples": ["mars", "Venus"]},
}


def _get(
    summary: str, parameters: list[dict[str, Any]], answer: str, description: str,
    *, one_body: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """A GET of the contract: a 200 with `answer`, a 400 for a bad parameter, and for
    a route naming one body its {name} and a 404 for an unknown one."""
    responses = {"200": _ok_response(answer, description), "400": _BAD}
    if one_body:
        parameters = [_NAME, *parameters]
        responses["404"] = _problem_response("No such body")
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def _location_bodies() -> tuple[dict[str, Any], dict[str, Any]]:
    """POST /geo_location's request bodies, form and JSON, from the parameter table."""
    form = {
        "type": "object",
        "required": ["lat", "lon"],
        "properties": {p.name: {"type": "number", "minimum": p.minimum, "maximum": p.maximum}
                       for p in (params.LAT, params.LON, params.ELEVATION)},
    }  # fmt: skip
    elevation = form["properties"]["elevation"]  # type: ignore[index]
    json_body = {**form, "properties": {
        **form["properties"],  # type: ignore[dict-item]
        "elevation": {**elevation, "type": ["number", "null"],
                      "description": "null, like an absent elevation, means 0"},
    }}  # fmt: skip
    return form, json_body


@cache
def document() -> dict[str, Any]:
    """Return the OpenAPI document (cached: it depends on nothing at run time)."""
    components = Components()
    for answer in ANSWERS:
        components.ref(answer)
    location_body, json_body = _location_bodies()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "PlanetTracker",
            "version": __version__,
            "description": "Where the Sun, Moon and planets are in an observer's sky.",
        },
        "paths": {
            "/planets": _get("Every body, in a fixed order", _SKY_PARAMETERS, "Sky", "The sky"),
            "/planets/{name}": _get("One body (the tutorial's route)", _SKY_PARAMETERS, "Planet",
                                    "The body, with the time and observer", one_body=True),
            "/sky": _get("Every body at each instant of a span, on a UTC grid (for a page "
                         "that interpolates between them)", _SPAN_PARAMETERS, "SkySpan",
                         "The samples"),
            "/events": _get("Every body's rise, transit and set around the moment",
                            _EVENTS_PARAMETERS, "SkyEvents", "The events"),
            "/planets/{name}/events": _get(
                "One body's rise, transit and set around the moment", _EVENTS_PARAMETERS,
                "PlanetEvents", "The body's events", one_body=True),
            "/planets/{name}/track": _get(
                "One body's positions over a span of time", _TRACK_PARAMETERS, "Track",
                "Positions from start to stop", one_body=True),
            "/tonight": _get("A night: its darkness, and when each planet can be seen",
                             _TONIGHT_PARAMETERS, "Tonight", "The plan"),
            "/geo_location": {"post": {
                "summary": "Validate and normalise a location (nothing is stored)",
                "requestBody": {"required": True, "content": {
                    "application/x-www-form-urlencoded": {"schema": location_body},
                    "application/json": {"schema": json_body},
                }},
                "responses": {
                    "200": _ok_response("GeoLocation", "The normalised location"),
                    "400": _BAD, "413": _problem_response("The body is too large"),
                    "415": _problem_response("The body is neither form-encoded nor JSON")},
            }},
            "/health": {"get": {
                "summary": "Liveness and version",
                "responses": {"200": _ok_response("Health", "Alive")},
            }},
        },
        "components": {"schemas": components.schemas},
    }  # fmt: skip
