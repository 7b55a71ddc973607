"""The OpenAPI 3.1 description of the contract, built from the same parameter table
that validation uses (params.py), so the two cannot disagree."""

from __future__ import annotations

from functools import cache
from typing import Any

from .. import __version__
from ..core import planner
from . import params
from ..core.ephemeris import BODIES, COMPASS_POINTS


def _number(unit: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "number", "description": f"{description} ({unit})", **extra}


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

_TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
_VISIBILITY = {
    "type": "object",
    "required": ["visible", "reason"],
    "description": (
        "Naked-eye visibility now. Not visible, with the first reason that applies: "
        "below_horizon (under the horizon parameter), too_faint (magnitude above "
        "limiting_magnitude), too_close_to_sun (within 10 deg elongation), daylight (Sun "
        "above -0.833 deg), twilight (Sun above -6 deg for magnitude <= 0, -12 deg for <= 4, "
        "-18 deg otherwise). The Sun and Moon are visible whenever they are up."
    ),
    "properties": {
        "visible": {"type": "boolean"},
        "reason": {
            "type": ["string", "null"],
            "enum": [
                None,
                "below_horizon",
                "too_faint",
                "too_close_to_sun",
                "daylight",
                "twilight",
            ],
        },
    },
}
_EVENTS = {
    "type": "object",
    "description": (
        "Previous and next rise, transit and set in UTC: upper limb, 34' of refraction at "
        "the horizon (the almanacs' convention), above the horizon parameter. Rise and set "
        "are null when the body is circumpolar or never rises that day."
    ),
    "required": [
        "circumpolar",
        "never_rises",
        "previous_rise",
        "next_rise",
        "previous_set",
        "next_set",
        "previous_transit",
        "next_transit",
        "transit_alt_deg",
    ],
    "properties": {
        "circumpolar": {"type": "boolean"},
        "never_rises": {"type": "boolean"},
        "previous_rise": _TIME_OR_NULL,
        "next_rise": _TIME_OR_NULL,
        "previous_set": _TIME_OR_NULL,
        "next_set": _TIME_OR_NULL,
        "previous_transit": {"type": "string", "format": "date-time"},
        "next_transit": {"type": "string", "format": "date-time"},
        "transit_alt_deg": _number("degrees", "Apparent altitude at the next transit"),
    },
}

_BODY: dict[str, Any] = {
    "type": "object",
    "required": ["name", "az", "alt", "compass", "above_horizon", "ra_hours", "dec_deg",
                 "distance_au", "distance_km", "magnitude", "phase_percent",
                 "elongation_deg", "constellation", "constellation_abbr", "visibility", "events"],
    "properties": {
        "name": {"type": "string", "enum": list(BODIES)},
        "az": _number("degrees", "Azimuth from true north through east", minimum=0,
                      exclusiveMaximum=360),
        "alt": _number("degrees", "Apparent altitude above the horizon, refracted unless "
                       "pressure is 0", minimum=-90, maximum=90),
        "compass": {"type": "string", "enum": list(COMPASS_POINTS),
                    "description": "16-point compass direction of the azimuth"},
        "above_horizon": {"type": "boolean", "description": "alt > 0"},
        "ra_hours": _number("hours", "Apparent topocentric right ascension, equinox of date",
                            minimum=0, exclusiveMaximum=24),
        "dec_deg": _number("degrees", "Apparent topocentric declination, equinox of date",
                           minimum=-90, maximum=90),
        "distance_au": _number("au", "Distance from the observer", exclusiveMinimum=0),
        "distance_km": _number("km", "Distance from the observer", exclusiveMinimum=0),
        "magnitude": _number("magnitude", "Visual magnitude"),
        "phase_percent": _number("percent", "Illuminated fraction of the disc",
                                 minimum=0, maximum=100),
        "elongation_deg": _number("degrees", "Angle from the Sun, positive east (evening)",
                                  minimum=-180, maximum=180),
        "constellation": {"type": "string"},
        "constellation_abbr": {"type": "string"},
        "visibility": _VISIBILITY,
        "events": _EVENTS,
    },
}  # fmt: skip

_OBSERVER = {
    "type": "object",
    "required": ["lat", "lon", "elevation_m", "source", "pressure_mbar", "temperature_C",
                 "refraction"],
    "properties": {
        "lat": _number("degrees", "Latitude", minimum=-90, maximum=90),
        "lon": _number("degrees", "Longitude, east positive", minimum=-180, maximum=180),
        "elevation_m": _number("metres", "Height above sea level"),
        "source": {"type": "string", "enum": ["default", "request"],
                   "description": "default: the Greenwich Observatory, as no place was given"},
        "pressure_mbar": _number("mbar", "Pressure used for refraction"),
        "temperature_C": _number("degrees Celsius", "Temperature used for refraction"),
        "refraction": {"type": "boolean"},
    },
}  # fmt: skip

_PROVENANCE = {
    "type": "object",
    "description": "How the answer was computed",
    "required": ["engine", "theory", "refraction", "time_scales"],
    "properties": {
        "engine": {"type": "string", "description": "PyEphem and its version"},
        "theory": {"type": "string"},
        "refraction": {"type": "object", "required": ["applied", "pressure_mbar", "temperature_C"],
                       "properties": {"applied": {"type": "boolean"},
                                      "pressure_mbar": {"type": "number"},
                                      "temperature_C": {"type": "number"}}},
        "time_scales": {
            "type": "object",
            "required": ["input", "ut1_minus_utc_s", "delta_t_s", "source"],
            "properties": {
                "input": {"type": "string", "description": "UTC, or UT1 before 1972"},
                "ut1_minus_utc_s": _number("seconds", "UT1 - UTC applied to the input"),
                "delta_t_s": _number("seconds", "Delta T = TT - UT1"),
                "source": {"type": "string"},
            },
        },
    },
}  # fmt: skip
_CONTEXT = {
    "time": {"type": "string", "format": "date-time", "description": "The moment, in UTC"},
    "observer": {"$ref": "#/components/schemas/Observer"},
    "provenance": {"$ref": "#/components/schemas/Provenance"},
}
_SKY = {
    "type": "object",
    "required": ["time", "observer", "provenance", "bodies"],
    "properties": {
        **_CONTEXT,
        "bodies": {"type": "array", "items": {"$ref": "#/components/schemas/Body"}},
    },
}
_PLANET = {
    "allOf": [
        {"$ref": "#/components/schemas/Body"},
        {"type": "object", "required": ["time", "observer", "provenance"], "properties": _CONTEXT},
    ]
}
_LOCATION = {
    "type": "object",
    "required": ["lat", "lon", "elevation_m"],
    "properties": {k: _OBSERVER["properties"][k] for k in ("lat", "lon", "elevation_m")},  # type: ignore[index]
}
_PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "parameter": {"type": "string", "description": "The offending parameter"},
        "accepted": {"type": "string", "description": "What the parameter accepts"},
    },
}


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
_TONIGHT_PARAMETERS = [
    *_WHERE,
    {"name": "date", "in": "query", "required": False,
     "schema": {"type": "string", "format": "date"},
     "description": f"The night that begins on this date at the place, {params.DATE_ACCEPTED};"
                    " default: today by the place's mean solar time."},
    _query(params.HORIZON),
    _query(params.LIMITING_MAGNITUDE),
]  # fmt: skip
_POINT = {
    "type": "object",
    "required": ["time", "az", "alt", "ra_hours", "dec_deg", "above_horizon"],
    "properties": {
        k: _BODY["properties"][k] for k in ("az", "alt", "ra_hours", "dec_deg", "above_horizon")
    }
    | {"time": {"type": "string", "format": "date-time"}},
}
_TRACK = {
    "type": "object",
    "required": ["name", "observer", "provenance", "start", "stop", "step_s", "points"],
    "properties": {
        "name": {"type": "string", "enum": list(BODIES)},
        "observer": {"$ref": "#/components/schemas/Observer"},
        "provenance": {"$ref": "#/components/schemas/Provenance"},
        "start": {"type": "string", "format": "date-time"},
        "stop": {"type": "string", "format": "date-time"},
        "step_s": _number("seconds", "Time between points"),
        "points": {"type": "array", "items": _POINT, "maxItems": planner.TRACK_MAX_POINTS},
    },
}
_SPAN = {
    "type": "object",
    "required": ["start", "end"],
    "properties": {
        "start": {"type": "string", "format": "date-time"},
        "end": {"type": "string", "format": "date-time"},
    },
}
_PLAN_BODY = {
    "type": "object",
    "required": ["name", "visible", "reason", "magnitude", "windows", "best", "altitudes"],
    "properties": {
        "name": {"type": "string", "enum": list(planner.PLAN_BODIES)},
        "visible": {"type": "boolean", "description": "Visible at some time in the darkness"},
        "reason": {"type": ["string", "null"], "description": "The most common reason it is not"},
        "magnitude": _number("magnitude", "Brightest visual magnitude tonight"),
        "windows": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["from", "until"],
                "properties": {
                    "from": {"type": "string", "format": "date-time"},
                    "until": {"type": "string", "format": "date-time"},
                },
            },
        },
        "best": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["time", "alt", "az", "compass", "constellation"],
                    "properties": {
                        "time": {"type": "string", "format": "date-time"},
                        "alt": _number("degrees", "Altitude at its best"),
                        "az": _number("degrees", "Azimuth at its best"),
                        "compass": {"type": "string"},
                        "constellation": {"type": "string"},
                    },
                },
            ]
        },
        "altitudes": {
            "type": "array",
            "items": {"type": "number"},
            "description": "Apparent altitude at each step from the darkness start",
        },
    },
}
_TONIGHT = {
    "type": "object",
    "description": "Bodies worth going out for first: visible ones, brightest first.",
    "required": ["observer", "provenance", "date", "night", "darkness", "darkness_note",
                 "step_s", "bodies"],
    "properties": {
        "observer": {"$ref": "#/components/schemas/Observer"},
        "provenance": {"$ref": "#/components/schemas/Provenance"},
        "date": {"type": "string", "format": "date"},
        "night": _SPAN,
        "darkness": {"oneOf": [{"type": "null"}, _SPAN],
                     "description": "Astronomical dusk to dawn (Sun below -18 deg)"},
        "darkness_note": {"type": ["string", "null"]},
        "step_s": _number("seconds", "Time between altitude samples"),
        "bodies": {"type": "array", "items": _PLAN_BODY},
    },
}  # fmt: skip


def _ok(schema_name: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _problem(description: str) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {"application/problem+json": {"schema": ref}}}


_BAD = _problem("A parameter is malformed, out of range, unknown or repeated with another value")


@cache
def schema() -> dict[str, Any]:
    """Return the OpenAPI document (cached: it depends on nothing at run time)."""
    name_param = {
        "name": "name",
        "in": "path",
        "required": True,
        "description": "A body, case-insensitive: " + ", ".join(BODIES),
        "schema": {"type": "string", "examples": ["mars", "Venus"]},
    }
    location_body = {
        "type": "object",
        "required": ["lat", "lon"],
        "properties": {p.name: {"type": "number", "minimum": p.minimum, "maximum": p.maximum}
                       for p in (params.LAT, params.LON, params.ELEVATION)},
    }  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "PlanetTracker",
            "version": __version__,
            "description": "Where the Sun, Moon and planets are in an observer's sky.",
        },
        "paths": {
            "/planets": {"get": {
                "summary": "Every body, in a fixed order",
                "parameters": _SKY_PARAMETERS,
                "responses": {"200": _ok("Sky", "The sky"), "400": _BAD},
            }},
            "/planets/{name}": {"get": {
                "summary": "One body (the tutorial's route)",
                "parameters": [name_param, *_SKY_PARAMETERS],
                "responses": {"200": _ok("Planet", "The body, with the time and observer"),
                              "400": _BAD, "404": _problem("No such body")},
            }},
            "/planets/{name}/track": {"get": {
                "summary": "One body's positions over a span of time",
                "parameters": [name_param, *_TRACK_PARAMETERS],
                "responses": {"200": _ok("Track", "Positions from start to stop"),
                              "400": _BAD, "404": _problem("No such body")},
            }},
            "/tonight": {"get": {
                "summary": "The coming night: darkness, and when each planet can be seen",
                "parameters": _TONIGHT_PARAMETERS,
                "responses": {"200": _ok("Tonight", "The plan"), "400": _BAD},
            }},
            "/geo_location": {"post": {
                "summary": "Validate and normalise a location (nothing is stored)",
                "requestBody": {"required": True, "content": {
                    "application/x-www-form-urlencoded": {"schema": location_body},
                    "application/json": {"schema": location_body},
                }},
                "responses": {"200": _ok("Location", "The normalised location"),
                              "400": _BAD, "413": _problem("The body is too large"),
                              "415": _problem("The body is neither form-encoded nor JSON")},
            }},
            "/health": {"get": {
                "summary": "Liveness and version",
                "responses": {"200": _ok("Health", "Alive")},
            }},
        },
        "components": {"schemas": {
            "Body": _BODY, "Observer": _OBSERVER, "Sky": _SKY, "Planet": _PLANET,
            "Location": _LOCATION, "Problem": _PROBLEM, "Provenance": _PROVENANCE,
            "Track": _TRACK, "Tonight": _TONIGHT,
            "Health": {"type": "object", "required": ["status", "version"], "properties": {
                "status": {"type": "string", "const": "ok"}, "version": {"type": "string"}}},
        }},
    }  # fmt: skip
