"""Seeded places and instants where the split sky meets PyEphem's own (issue 20).

Each case is a place, its air and an instant from 1900 to 2100, of one of `KINDS`: by
construction the poles, elevations of 10 to 20 km, bodies within a degree of the horizon
with and without refraction, at the zenith, and on the meridian north of the zenith where
the azimuth crosses north. tests/accuracy/test_against_pyephem.py holds the split core to
PyEphem at 10,000 of them; tests/unit/test_topocentric.py at a few hundred, fast enough
for `make mutation`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from planettracker.core import ephemeris, instant, topocentric
from planettracker.core.ephemeris import BODIES, CLASSES, Atmosphere, Location, Position
from planettracker.core.timescales import Moment

from .before_split import pyephem_observer

START = datetime(1900, 1, 1, tzinfo=UTC)
SPAN_S = (datetime(2100, 12, 31, tzinfo=UTC) - START).total_seconds()
KINDS = ("random", "pole", "high", "horizon", "zenith", "north")
Case = tuple[str, Location, Atmosphere, Moment]
# One body of one case: its kind, place and air, PyEphem's body, the core's answer and the
# core's unrounded (az, alt, ra, dec, distance_au).
Row = tuple[str, Location, Atmosphere, Any, Position, tuple[float, ...]]


def _aimed(kind: str, rng: random.Random, moment: Moment) -> tuple[float, float]:
    """A latitude and longitude where a random body stands as `kind` asks: hour angle
    and latitude chosen from its geocentric place (parallax moves the Moon by up to a
    degree, which the assertions on what the cases hold allow for)."""
    sky = instant.at(moment.ut1)
    body = sky.body(rng.choice(BODIES))
    dec = math.degrees(body.dec)
    if kind == "zenith":
        lat, hour_angle = dec + rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2)
    elif kind == "north":  # on the meridian, north of the zenith
        lat, hour_angle = dec - rng.uniform(5, 60), rng.uniform(-0.05, 0.05)
    else:  # the horizon: cos H = -tan(lat) tan(dec), then a little either side
        lat = rng.uniform(-60, 60)
        cos_h = max(-1.0, min(1.0, -math.tan(math.radians(lat)) * math.tan(body.dec)))
        hour_angle = rng.choice((-1, 1)) * math.degrees(math.acos(cos_h))
        hour_angle += rng.uniform(-1.0, 1.0) / max(math.cos(math.radians(lat)), 0.1)
    lat = max(-90.0, min(90.0, lat))
    lon = math.degrees(body.ra) - sky.sidereal_h * 15.0 + hour_angle
    return lat, (lon + 180.0) % 360.0 - 180.0


@cache
def cases(count: int) -> list[Case]:
    """The first `count` cases of one seeded sequence, the kinds in turn."""
    rng = random.Random(20261203)
    out = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        moment = Moment.of(START + timedelta(seconds=rng.uniform(0, SPAN_S)))
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        elevation = rng.choice((0.0, rng.uniform(-500, 3000)))
        if kind == "pole":
            lat = rng.choice((90.0, -90.0))
        elif kind == "high":
            elevation = rng.uniform(10_000, 20_000)
        elif kind != "random":
            lat, lon = _aimed(kind, rng, moment)
        pressure = rng.choice((0.0, rng.uniform(500, 1200)))
        air = Atmosphere(pressure, rng.uniform(-100, 60))
        out.append((kind, Location(lat, lon, elevation, "request"), air, moment))
    return out


def pyephem_sky(where: Location, air: Atmosphere, moment: Moment) -> Iterator[Any]:
    observer = pyephem_observer(where, air, moment)
    for name in BODIES:
        body = CLASSES[name]()
        body.compute(observer)
        yield body


def turn(a: float, b: float) -> float:
    """The angle between two angles, radians, across the turn."""
    return abs((a - b + math.pi) % (2 * math.pi) - math.pi)


@cache
def compared(count: int) -> list[Row]:
    """Each body of the first `count` cases, PyEphem's and the core's."""
    rows = []
    for kind, where, air, moment in cases(count):
        ours = ephemeris.sky(where, air, moment)
        shared = instant.shared(moment.ut1)
        here = topocentric.horizon(where.lat, where.lon, where.elevation_m,
                                   air.pressure_mbar, air.temperature_C)  # fmt: skip
        lst = topocentric.local_sidereal(shared.sidereal_h, here)
        seen = topocentric.places(shared.bodies, lst, here)
        for theirs, answer, unrounded in zip(pyephem_sky(where, air, moment), ours, seen,
                                             strict=True):  # fmt: skip
            rows.append((kind, where, air, theirs, answer, unrounded))
    return rows


def held(kind: str, count: int) -> dict[str, int]:
    """What the `kind` cases among the first `count` hold, counted body by body: near the
    horizon with refraction and without, near the zenith, above the horizon within a
    degree of north on either side; how many are at a pole, high up, and in the first and
    last five years of the span."""
    rows = [(where, air, theirs) for k, where, air, theirs, _, _ in compared(count) if k == kind]
    alts = [math.degrees(theirs.alt) for _, _, theirs in rows]
    near = [air.pressure_mbar > 0 for (_, air, _), alt in zip(rows, alts, strict=True)
            if abs(alt) < 1.0]  # fmt: skip
    north = [math.degrees(theirs.az) for _, _, theirs in rows
             if math.degrees(theirs.alt) > 0 and turn(theirs.az, 0.0) < math.radians(1)]  # fmt: skip
    years = [moment.utc.year for k, _, _, moment in cases(count) if k == kind]
    return {
        "bodies": len(rows),
        "at_a_pole": sum(abs(where.lat) == 90.0 for where, _, _ in rows),
        "above_10_km": sum(where.elevation_m >= 10_000 for where, _, _ in rows),
        "horizon_refracted": near.count(True),
        "horizon_airless": near.count(False),
        "zenith": sum(alt > 89.0 for alt in alts),
        "north_east_of_it": sum(az < 1 for az in north),
        "north_west_of_it": sum(az > 359 for az in north),
        "before_1905": sum(year < 1905 for year in years),
        "after_2095": sum(year > 2095 for year in years),
    }
