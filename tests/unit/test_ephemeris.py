"""The core against published values: Jean Meeus, Astronomical Algorithms (2nd ed., 1998).

Meeus's examples are geocentric unless stated, while PlanetTracker reports topocentric
positions, so each tolerance covers the parallax (at most 8.8" for the Sun, ~10" for
Venus near 1 au) plus the difference between Meeus's full theories and PyEphem's.
Examples given in dynamical time (TD) are converted to UT with Delta T = 59 s (1992).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from planettracker.core import ephemeris
from planettracker.core.ephemeris import Atmosphere, Location
from planettracker.core.timescales import Moment

NO_REFRACTION = Atmosphere(pressure_mbar=0.0)
GEOCENTRE_ISH = Location(0.0, 0.0, 0.0, "request")
DELTA_T_1992 = timedelta(seconds=59)
ARCSEC = 1 / 3600


def dms(d: float, m: float, s: float) -> float:
    return math.copysign(abs(d) + m / 60 + s / 3600, d)


def angle_between(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def test_venus_altaz_at_washington_meeus_13b() -> None:
    # Example 13.b: 1987 April 10, 19:21:00 UT, US Naval Observatory; Meeus measures
    # azimuth from the south (A = 68.0337), PlanetTracker from the north.
    usno = Location(dms(38, 55, 17), -dms(77, 3, 56), 0.0, "request")
    venus = ephemeris.position(
        "venus", usno, NO_REFRACTION, Moment.of(datetime(1987, 4, 10, 19, 21, tzinfo=UTC))
    )
    assert angle_between(venus["az"], 68.0337 + 180) < 0.005
    assert venus["alt"] == pytest.approx(15.1249, abs=0.005)
    assert venus["compass"] == "WSW"


def test_sun_apparent_position_meeus_25a() -> None:
    # Example 25.a: 1992 October 13.0 TD: alpha = 13h13m31.4s, delta = -7 47' 06".
    when = datetime(1992, 10, 13, tzinfo=UTC) - DELTA_T_1992
    sun = ephemeris.position("sun", GEOCENTRE_ISH, NO_REFRACTION, Moment.of(when))
    assert angle_between(sun["ra_hours"] * 15, dms(13, 13, 31.4) * 15) < 15 * ARCSEC
    assert sun["dec_deg"] == pytest.approx(-dms(7, 47, 6), abs=15 * ARCSEC)
    assert sun["distance_au"] == pytest.approx(0.99760775, abs=1e-4)


def test_venus_apparent_position_meeus_33a() -> None:
    # Example 33.a: 1992 December 20.0 TD: alpha = 21h04m41.454s, delta = -18 53' 16.84".
    when = datetime(1992, 12, 20, tzinfo=UTC) - DELTA_T_1992
    venus = ephemeris.position("venus", GEOCENTRE_ISH, NO_REFRACTION, Moment.of(when))
    assert angle_between(venus["ra_hours"] * 15, dms(21, 4, 41.454) * 15) < 15 * ARCSEC
    assert venus["dec_deg"] == pytest.approx(-dms(18, 53, 16.84), abs=15 * ARCSEC)


def test_mars_topocentric_at_palomar_meeus_40a() -> None:
    # Example 40.a: 2003 August 28, 3:17 UT, Palomar (1706 m): topocentric
    # alpha' = 22h38m08.54s, delta' = -15 46' 30.0".
    palomar = Location(dms(33, 21, 22), -dms(116, 51, 47), 1706.0, "request")
    mars = ephemeris.position(
        "mars", palomar, NO_REFRACTION, Moment.of(datetime(2003, 8, 28, 3, 17, tzinfo=UTC))
    )
    assert angle_between(mars["ra_hours"] * 15, dms(22, 38, 8.54) * 15) < 5 * ARCSEC
    assert mars["dec_deg"] == pytest.approx(-dms(15, 46, 30.0), abs=5 * ARCSEC)


def test_refraction_lifts_bodies_near_the_horizon_by_about_half_a_degree() -> None:
    # Refraction at the horizon is ~34' under standard conditions (Meeus, ch. 16).
    when = datetime(2024, 3, 20, 18, 0, tzinfo=UTC)
    rows = {}
    for air in (NO_REFRACTION, Atmosphere()):
        rows[air.pressure_mbar] = {
            b["name"]: b for b in ephemeris.sky(ephemeris.GREENWICH, air, Moment.of(when))
        }
    for name, plain in rows[0.0].items():
        lift = rows[1010.0][name]["alt"] - plain["alt"]
        if abs(plain["alt"]) < 0.3:
            assert 0.4 < lift < 0.65
        if plain["alt"] > 30:
            assert 0 < lift < 0.03
        assert rows[1010.0][name]["az"] == pytest.approx(plain["az"], abs=1e-6)


def test_sky_equals_each_body_computed_alone() -> None:
    # sky() shares one PyEphem observer between bodies: this shows compute() leaves it as it was.
    when = datetime(2030, 6, 1, 3, 4, 5, 678900, tzinfo=UTC)
    place = Location(-33.86, 151.21, 58.0, "request")
    together = ephemeris.sky(place, Atmosphere(), Moment.of(when))
    alone = [
        ephemeris.position(name, place, Atmosphere(), Moment.of(when)) for name in ephemeris.BODIES
    ]
    assert together == alone
    assert [b["name"] for b in together] == list(ephemeris.BODIES)


def test_fields_are_finite_and_in_range() -> None:
    when = datetime(2024, 3, 20, 12, tzinfo=UTC)
    for lat, lon in [(90, 0), (-90, 0), (0, 180), (0, -180), (51.4769, -0.0005)]:
        for body in ephemeris.sky(
            Location(lat, lon, 0.0, "request"), Atmosphere(), Moment.of(when)
        ):
            numbers = [v for v in body.values() if isinstance(v, float)]
            assert all(math.isfinite(v) for v in numbers)
            assert 0 <= body["az"] < 360 and -90 <= body["alt"] <= 90
            assert 0 <= body["ra_hours"] < 24 and 0 <= body["phase_percent"] <= 100
            assert body["above_horizon"] == (body["alt"] > 0)


def test_aware_times_in_any_offset_give_the_same_sky() -> None:
    utc = datetime(2024, 3, 20, 12, tzinfo=UTC)
    tokyo = datetime.fromisoformat("2024-03-20T21:00:00+09:00")
    assert ephemeris.sky(ephemeris.GREENWICH, Atmosphere(), Moment.of(utc)) == ephemeris.sky(
        ephemeris.GREENWICH, Atmosphere(), Moment.of(tokyo)
    )


@pytest.mark.parametrize(
    ("az", "point"),
    [(0, "N"), (11.24, "N"), (11.25, "NNE"), (45, "NE"), (90, "E"), (180, "S"),
     (247.5, "WSW"), (348.74, "NNW"), (348.75, "N"), (359.99, "N"), (360, "N")],
)  # fmt: skip
def test_compass_point(az: float, point: str) -> None:
    assert ephemeris.compass_point(az) == point
