"""The sky as the core computed it before the split (issue 20): PyEphem handed an
observer for every body of every request, its fields rounded as the answer writes them
(shapes.py's decimals). test_against_pyephem.py holds the split core to it, field for
field, and `make bench` times it as the request a cold instant is judged against."""

from __future__ import annotations

import math
from typing import Any

import ephem

from planettracker.core.ephemeris import (
    BODIES,
    CLASSES,
    KM_PER_AU,
    Atmosphere,
    BodyName,
    Location,
    Position,
    compass_point,
)
from planettracker.core.timescales import Moment


def pyephem_observer(where: Location, air: Atmosphere, moment: Moment) -> ephem.Observer:
    """Build a fresh PyEphem observer for a place, atmosphere and instant: the tests'
    way of asking PyEphem itself, as the core did before the split."""
    built = ephem.Observer()
    # PyEphem reads a float as radians (a string as degrees): convert explicitly.
    built.lat = math.radians(where.lat)
    built.lon = math.radians(where.lon)
    built.elevation = where.elevation_m
    built.pressure = air.pressure_mbar
    built.temp = air.temperature_C
    built.date = moment.pyephem_date
    return built


def fields(name: BodyName, body: Any) -> Position:
    """A computed PyEphem body's fields, as the answer writes them."""
    az = round(math.degrees(body.az) % 360.0, 5) % 360.0
    alt = round(math.degrees(body.alt), 5)
    abbr, constellation = ephem.constellation(body)
    return {
        "name": name,
        "az": az,
        "alt": alt,
        "compass": compass_point(az),
        "above_horizon": alt > 0.0,
        "ra_hours": round(math.degrees(body.ra) / 15.0, 6) % 24.0,
        "dec_deg": round(math.degrees(body.dec), 5),
        "distance_au": round(body.earth_distance, 9),
        "distance_km": round(body.earth_distance * KM_PER_AU, 1),
        "magnitude": round(body.mag, 2),
        "phase_percent": round(body.phase, 2),
        "elongation_deg": round(math.degrees(body.elong), 5),
        "constellation": constellation,
        "constellation_abbr": abbr,
    }


def sky(where: Location, air: Atmosphere, moment: Moment,
        names: tuple[BodyName, ...] = BODIES) -> list[Position]:  # fmt: skip
    """`ephemeris.sky` as it was: every body computed for this place and instant."""
    observer = pyephem_observer(where, air, moment)
    found = []
    for name in names:
        body = CLASSES[name]()
        body.compute(observer)
        found.append(fields(name, body))
    return found
