"""Positions of the Sun, Moon and planets for an observer: the pure core.

Plain values in, plain data out. Nothing here reads a clock, the environment or a
file: the caller passes the time. PyEphem's bodies and observers are mutable
(`compute()` overwrites a body's fields), so a fresh observer and fresh bodies are
built on every call and nothing PyEphem owns outlives it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import ephem

from . import timescales

BODIES: tuple[str, ...] = (
    "sun",
    "moon",
    "mercury",
    "venus",
    "mars",
    "jupiter",
    "saturn",
    "uranus",
    "neptune",
    "pluto",
)
CLASSES: dict[str, Any] = {name: getattr(ephem, name.capitalize()) for name in BODIES}

COMPASS_POINTS: tuple[str, ...] = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip

KM_PER_AU = ephem.meters_per_au / 1000.0


@dataclass(frozen=True)
class Location:
    """A place on Earth: geodetic latitude and longitude in degrees (east positive), metres."""

    lat: float
    lon: float
    elevation_m: float
    source: str  # "default" when the request named no place, else "request"


@dataclass(frozen=True)
class Atmosphere:
    """Refraction conditions; `pressure_mbar == 0` turns refraction off (PyEphem's rule)."""

    pressure_mbar: float = 1010.0
    temperature_C: float = 15.0


# The tutorial's default observer: the Royal Observatory, Greenwich.
GREENWICH = Location(lat=51.4769, lon=-0.0005, elevation_m=0.0, source="default")


def compass_point(az_deg: float) -> str:
    """Name the 16-point compass direction (N, NNE, ...) nearest to an azimuth in degrees."""
    return COMPASS_POINTS[int((az_deg % 360.0) / 22.5 + 0.5) % 16]


def observer(where: Location, air: Atmosphere, when: datetime) -> ephem.Observer:
    """Build a fresh PyEphem observer for a place, atmosphere and UTC instant."""
    built = ephem.Observer()
    # PyEphem reads a float as radians (a string as degrees): convert explicitly.
    built.lat = math.radians(where.lat)
    built.lon = math.radians(where.lon)
    built.elevation = where.elevation_m
    built.pressure = air.pressure_mbar
    built.temp = air.temperature_C
    # PyEphem reads its date as UT: give it UT1, and a naive datetime (its convention).
    built.date = ephem.Date(timescales.to_ut1(when.astimezone(UTC)).replace(tzinfo=None))
    return built


def _position(name: str, observer: ephem.Observer) -> dict[str, Any]:
    body = CLASSES[name]()
    body.compute(observer)
    az = math.degrees(body.az) % 360.0
    alt = math.degrees(body.alt)
    abbr, constellation = ephem.constellation(body)
    return {
        "name": name,
        "az": az,
        "alt": alt,
        "compass": compass_point(az),
        "above_horizon": alt > 0.0,
        "ra_hours": math.degrees(body.ra) / 15.0,
        "dec_deg": math.degrees(body.dec),
        "distance_au": float(body.earth_distance),
        "distance_km": float(body.earth_distance) * KM_PER_AU,
        "magnitude": float(body.mag),
        "phase_percent": float(body.phase),
        "elongation_deg": math.degrees(body.elong),
        "constellation": constellation,
        "constellation_abbr": abbr,
    }


def position(name: str, where: Location, air: Atmosphere, when: datetime) -> dict[str, Any]:
    """Compute one body's apparent topocentric position at an aware datetime.

    `az` is measured from true north through east and `alt` from the horizon, both in
    degrees, refracted unless `air.pressure_mbar` is 0. `ra_hours`/`dec_deg` are
    apparent and topocentric for the equinox of date (PyEphem's `ra`/`dec`);
    `elongation_deg` is signed, positive east of the Sun (an evening object), and
    `distance_au` is topocentric: from the observer, not the Earth's centre.
    """
    return _position(name, observer(where, air, when))


def provenance(air: Atmosphere, when: datetime) -> dict[str, Any]:
    """Say how a position was computed: engine, refraction and time scales."""
    return {
        "engine": f"PyEphem {ephem.__version__}",
        "theory": "VSOP87 for the Sun and Mercury-Neptune; libastro's own Moon and Pluto",
        "refraction": {
            "applied": air.pressure_mbar > 0,
            "pressure_mbar": air.pressure_mbar,
            "temperature_C": air.temperature_C,
        },
        "time_scales": {
            "input": "UTC" if when >= timescales.UTC_LEAP_SECONDS_START else "UT1 (before 1972)",
            "ut1_minus_utc_s": timescales.ut1_minus_utc(when),
            "delta_t_s": timescales.delta_t(when),
            "source": "IERS Leap_Second.dat and finals2000A.all, then Skyfield's Delta T model",
        },
    }


def sky(
    where: Location, air: Atmosphere, when: datetime, names: tuple[str, ...] = BODIES
) -> list[dict[str, Any]]:
    """Compute the named bodies (all, in `BODIES` order, by default), sharing one observer:
    `compute()` only reads it, as tests/unit/test_ephemeris.py shows."""
    shared = observer(where, air, when)
    return [_position(name, shared) for name in names]
