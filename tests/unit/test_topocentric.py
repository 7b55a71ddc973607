"""The place's part of the sky (core/topocentric.py) is libastro's last steps ported
operation for operation, so it gives PyEphem's own answer: on the first 600 seeded cases
of tests/accuracy/split_sky.py (100 of each kind: poles, elevations of 10 to 20 km, the
horizon with and without refraction, the zenith, the azimuth across north), azimuth,
altitude and distance to the bit (single precision, as libastro hands them over), right
ascension and declination within 1e-14 rad (the local sidereal time is summed in
another order: 1e-15 h). The same comparison at 10,000 cases, with the tolerances the
answer needs, is tests/accuracy/test_against_pyephem.py; this one is fast enough for
`make mutation`.
"""

from __future__ import annotations

import math
from array import array
from datetime import UTC, datetime

import pytest

from planettracker.core import ephemeris, instant, topocentric
from planettracker.core.ephemeris import Atmosphere, Location
from planettracker.core.timescales import Moment

from ..accuracy import before_split
from ..accuracy.split_sky import KINDS, compared, held, pyephem_sky, turn

FAST_CASES = 600
RA_DEC_RAD = 1e-14


def test_azimuth_altitude_and_distance_are_pyephems_to_the_bit() -> None:
    differ = [(where, air, theirs.name, ours[:2], ours[4])
              for _, where, air, theirs, _, ours in compared(FAST_CASES)
              if (ours[0], ours[1], ours[4]) != (theirs.az, theirs.alt, theirs.earth_distance)]  # fmt: skip
    assert differ == []


def test_right_ascension_and_declination_are_pyephems_within_1e_14_rad() -> None:
    worst_ra = max(turn(ours[2], theirs.ra) for *_, theirs, _, ours in compared(FAST_CASES))
    worst_dec = max(abs(ours[3] - theirs.dec) for *_, theirs, _, ours in compared(FAST_CASES))
    assert worst_ra < RA_DEC_RAD and worst_dec < RA_DEC_RAD, (worst_ra, worst_dec)


def test_the_answers_fields_are_what_pyephem_gives_rounded() -> None:
    differ = [(where, air, answer) for _, where, air, theirs, answer, _ in compared(FAST_CASES)
              if answer != before_split.fields(answer["name"], theirs)]  # fmt: skip
    assert differ == []


@pytest.mark.parametrize("kind", KINDS[1:])
def test_the_fast_cases_hold_each_kind(kind: str) -> None:
    """Each kind of case is there for something the comparison must see, body by body."""
    has = held(kind, FAST_CASES)
    wanted = {
        "pole": ("at_a_pole",),
        "high": ("above_10_km",),
        "horizon": ("horizon_refracted", "horizon_airless"),
        "zenith": ("zenith",),
        "north": ("north_east_of_it", "north_west_of_it"),
    }[kind]
    assert {what: has[what] >= 20 for what in wanted} == dict.fromkeys(wanted, True), has


@pytest.mark.parametrize("pr", [0.0, 500.0, 1010.0, 1200.0])
def test_refraction_lifts_every_true_altitude_by_under_three_degrees(pr: float) -> None:
    """At every temperature the API accepts (-100 to 60 deg C) and every true altitude,
    refraction answers, lifts a body or leaves it (no air, or where libastro's search
    never ends) and never by 3 deg or more (2.9 deg at most, 1,200 mbar at -100 deg C)."""
    lifts = [topocentric.refract(pr, float(tr), math.radians(q / 4)) - math.radians(q / 4)
             for tr in range(-100, 61, 20) for q in range(-360, 361)]  # fmt: skip
    assert 0.0 <= min(lifts) and max(lifts) < math.radians(3.0)
    assert (max(lifts) == 0.0) == (pr == 0.0)


def test_refraction_where_libastros_search_never_ends() -> None:
    """The Sun 5.2 deg below the horizon from lat 0, lon 97.027309 at 2024-03-20 12:00 UTC,
    in 1,200 mbar at -100 deg C: libastro's secant search goes round a cycle for ever and
    PyEphem hangs. The bounded search answers the true altitude, unrefracted. 0.2 deg
    further down, where libastro's search ends, the answer is still PyEphem's."""
    moment, cold = Moment.of(datetime(2024, 3, 20, 12, tzinfo=UTC)), Atmosphere(1200.0, -100.0)
    hung, near = Location(0.0, 97.027309, 0.0, "request"), Location(0.0, 97.227309, 0.0, "request")
    (sun,) = ephemeris.sky(hung, cold, moment, ("sun",))
    (airless,) = ephemeris.sky(hung, Atmosphere(0.0), moment, ("sun",))
    assert round(airless["alt"], 1) == -5.2 and sun["alt"] == airless["alt"]
    (ours,) = ephemeris.sky(near, cold, moment, ("sun",))
    theirs = next(pyephem_sky(near, cold, moment))
    assert ours == before_split.fields("sun", theirs) and -2.6 < ours["alt"] < -2.4


def test_refraction_where_libastros_search_ends_after_hundreds_of_steps() -> None:
    """At 1,000 mbar and -100 deg C a body 5.41 deg below the horizon takes libastro's
    search 512 steps: it is refracted to libastro's answer (the one the unbounded search
    gives), 2.3 deg up, not left unrefracted."""
    true = math.radians(-5.41)
    lifted = topocentric.refract(1000.0, -100.0, true)
    assert lifted == _unbounded_refract(1000.0, -100.0, true)
    assert round(math.degrees(lifted), 2) == -3.08


def _unbounded_refract(pr: float, tr: float, ta: float) -> float:
    """refract.c's search as it is written there, without a bound (only for ending cases)."""

    def unrefract(aa: float) -> float:
        aa_deg = aa * 180.0 / math.pi
        high = aa - 7.888888e-5 * pr / ((273 + tr) * math.tan(aa))
        if aa_deg >= 15.5:
            return high
        a = ((2e-5 * aa_deg + 1.96e-2) * aa_deg + 1.594e-1) * pr
        b = (273 + tr) * ((8.45e-2 * aa_deg + 5.05e-1) * aa_deg + 1)
        r = a / b * math.pi / 180.0
        low = aa if aa < 0 and r < 0 else aa - r
        return low if aa_deg < 14.5 else low + (high - low) * ((aa_deg - 14.5) / (15.5 - 14.5))

    t = unrefract(ta)
    d, t0, a = 0.8 * (ta - t), t, ta
    while True:
        a += d
        t = unrefract(a)
        if abs(ta - t) <= 0.1 / 3600 * math.pi / 180.0:
            return a
        d *= -(ta - t) / (t0 - t)
        t0 = t


def test_straight_overhead_or_underfoot_where_the_cosine_rounds_past_one() -> None:
    """At 87.5 deg S the cosine of the zenith distance of a far body overhead comes out
    1 + 2e-16 (underfoot, -1 - 2e-16): clamped, as libastro clamps it, the altitude is
    90 deg (-90 deg) in single precision, not a math domain error."""
    here = topocentric.horizon(-87.5, 0.0, 0.0, 0.0, 15.0)
    far = 1e12  # Earth radii: no parallax

    def body(ra: float, dec: float) -> instant.Apparent:
        return instant.Apparent("moon", ra, dec, far, far * math.cos(dec), far * math.sin(dec),
                                0.0, 0.0, 0.0, "", "")  # fmt: skip

    overhead, underfoot = body(1.0, math.radians(-87.5)), body(1.0 + math.pi, math.radians(87.5))
    altitudes = [place[1] for place in topocentric.places([overhead, underfoot], 1.0, here)]
    assert altitudes == list(array("f", (math.pi / 2, -math.pi / 2)))


@pytest.mark.parametrize("lat", [90.0, 89.999995, -89.999995, -90.0])
def test_within_a_ten_millionth_of_a_radian_of_a_pole_as_pyephem(lat: float) -> None:
    """libastro turns to the horizon by its pole formula when cos(lat) < 1e-7 (0.0000057
    deg), where sin(lat) need not be exactly +-1: azimuth and altitude stay PyEphem's, to
    the bit, for every body at instants through a day."""
    where, air = Location(lat, 40.0, 0.0, "request"), Atmosphere()
    for hour in range(0, 24, 5):
        moment = Moment.of(datetime(2024, 3, 20, hour, tzinfo=UTC))
        shared = instant.at(moment.ut1)
        here = topocentric.horizon(lat, 40.0, 0.0, air.pressure_mbar, air.temperature_C)
        lst = topocentric.local_sidereal(shared.sidereal_h, here)
        ours = [place[:2] for place in topocentric.places(shared.bodies, lst, here)]
        assert ours == [(b.az, b.alt) for b in pyephem_sky(where, air, moment)]


def _far(ra: float, dec: float, distance_er: float = 1e12) -> instant.Apparent:
    return instant.Apparent("moon", ra, dec, distance_er, distance_er * math.cos(dec),
                            distance_er * math.sin(dec), 0.0, 0.0, 0.0, "", "")  # fmt: skip


def test_on_the_meridian_due_south_or_due_north() -> None:
    """A body exactly on the meridian (an hour angle of exactly 0) is due south below the
    zenith's declination and due north above it: libastro's branch for y == 0."""
    here = topocentric.horizon(40.0, 0.0, 0.0, 0.0, 15.0)
    south, north = topocentric.places([_far(1.0, 0.0), _far(1.0, math.radians(60.0))], 1.0, here)
    assert (south[0], round(math.degrees(south[1]), 4)) == (array("f", [math.pi])[0], 50.0)
    assert (north[0], round(math.degrees(north[1]), 4)) == (0.0, 70.0)


def test_a_right_ascension_carried_past_0h_by_parallax_comes_back_into_the_day() -> None:
    """The Moon just east of 0h, seen an hour angle of a radian to the west: parallax
    carries its right ascension back past 0h, answered as just under 24h (2 pi):
    within [0, 2 pi), as PyEphem's are."""
    here = topocentric.horizon(0.0, 0.0, 0.0, 0.0, 15.0)
    ((*_, ra, _, _),) = topocentric.places([_far(1e-6, 0.0, 60.0)], 1.0, here)
    assert topocentric.TWO_PI - 0.02 < ra < topocentric.TWO_PI
