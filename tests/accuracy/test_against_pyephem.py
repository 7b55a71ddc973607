"""The split sky against PyEphem's own topocentric answer (issue 20).

The core computes each instant's part once (PyEphem at the Earth's centre) and each
place's part with libastro's parallax, horizon turn and refraction ported to Python.
Here 10,000 seeded places and instants from 1900 to 2100, every body at each, are
computed both ways: PyEphem handed an observer, as the core did before the split, and
the split core. Among them, by construction: the poles, elevations to 20 km, bodies
within a degree of the horizon with and without refraction, at the zenith, and on the
meridian north of the zenith where the azimuth crosses north.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import pytest

from planettracker.core import ephemeris, instant, topocentric
from planettracker.core.ephemeris import BODIES, CLASSES, Atmosphere, Location, Position
from planettracker.core.timescales import Moment

from . import before_split

CASES = 10_000
ARCSEC = math.pi / 180 / 3600
TOLERANCE_RAD = 0.1 * ARCSEC
TOLERANCE_AU = 1.0 / 1.4959787e11  # 1 m
START = datetime(1900, 1, 1, tzinfo=UTC)
SPAN_S = (datetime(2100, 12, 31, tzinfo=UTC) - START).total_seconds()
KINDS = ("random", "pole", "high", "horizon", "zenith", "north")
Case = tuple[str, Location, Atmosphere, Moment]


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
def cases() -> list[Case]:
    rng = random.Random(20261203)
    out = []
    for i in range(CASES):
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
    observer = ephemeris.pyephem_observer(where, air, moment)
    for name in BODIES:
        body = CLASSES[name]()
        body.compute(observer)
        yield body


def _turn(a: float, b: float) -> float:
    return abs((a - b + math.pi) % (2 * math.pi) - math.pi)


@cache
def compared() -> list[tuple[str, Location, Atmosphere, Any, Position, tuple[float, ...]]]:
    """Each case's bodies: PyEphem's, the core's answer, and the core's unrounded values."""
    rows = []
    for kind, where, air, moment in cases():
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


def test_az_alt_ra_dec_within_a_tenth_of_an_arcsecond_and_distance_within_a_metre() -> None:
    worst = {"az": 0.0, "alt": 0.0, "ra": 0.0, "dec": 0.0, "distance": 0.0}
    for _, _, _, theirs, _, (az, alt, ra, dec, distance_au) in compared():
        # Azimuth and right ascension as arcs on the sky, so the poles do not magnify them.
        worst["az"] = max(worst["az"], _turn(az, theirs.az) * math.cos(theirs.alt))
        worst["alt"] = max(worst["alt"], abs(alt - theirs.alt))
        worst["ra"] = max(worst["ra"], _turn(ra, theirs.ra) * math.cos(theirs.dec))
        worst["dec"] = max(worst["dec"], abs(dec - theirs.dec))
        worst["distance"] = max(worst["distance"], abs(distance_au - theirs.earth_distance))
    assert {k: v <= (TOLERANCE_AU if k == "distance" else TOLERANCE_RAD)
            for k, v in worst.items()} == dict.fromkeys(worst, True), worst  # fmt: skip


def test_the_answers_fields_are_what_pyephem_gives_rounded() -> None:
    """Every field the API writes, compared whole with PyEphem's values rounded as the
    core rounded them before the split (before_split.py): the split changes no byte."""
    differ = [(where, air, answer) for _, where, air, theirs, answer, _ in compared()
              if answer != before_split.fields(answer["name"], theirs)]  # fmt: skip
    assert differ == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_cases_hold_what_they_are_for(kind: str) -> None:
    rows = [(where, air, theirs) for k, where, air, theirs, _, _ in compared() if k == kind]
    alts = [math.degrees(theirs.alt) for _, _, theirs in rows]
    if kind == "pole":
        assert {abs(where.lat) for where, _, _ in rows} == {90.0}
    elif kind == "high":
        assert min(where.elevation_m for where, _, _ in rows) >= 10_000
    elif kind == "horizon":  # every body's altitudes, the aimed-at one among them
        near = [(air.pressure_mbar > 0) for (_, air, _), alt in zip(rows, alts, strict=True)
                if abs(alt) < 1.0]  # fmt: skip
        assert near.count(True) > 300 and near.count(False) > 100
    elif kind == "zenith":
        assert sum(alt > 89.0 for alt in alts) > 300
    elif kind == "north":
        crossing = [math.degrees(theirs.az) for _, _, theirs in rows
                    if math.degrees(theirs.alt) > 0 and _turn(theirs.az, 0.0) < math.radians(1)]  # fmt: skip
        assert sum(az < 1 for az in crossing) > 50 and sum(az > 359 for az in crossing) > 50
    else:
        years = [moment.utc.year for k, _, _, moment in cases() if k == kind]
        assert min(years) < 1905 and max(years) > 2095
