"""The instant's part of the sky (core/instant.py), its shared memo, and the place's
part (core/topocentric.py) on cases worked by hand. The agreement of the two parts with
PyEphem's own topocentric answer is tests/accuracy/test_against_pyephem.py."""

from __future__ import annotations

import math
import random
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import ephem
import pytest

from planettracker.core import ephemeris, instant, topocentric
from planettracker.core.ephemeris import BODIES, CLASSES, Atmosphere, Location
from planettracker.core.timescales import Moment, shared_moment
from planettracker.http.messages import to_json

WHEN = datetime(2024, 3, 20, 12, tzinfo=UTC)
ARCSEC = math.pi / 180 / 3600
CORE = str(Path(ephemeris.__file__).parent / "*")


def test_a_shared_instant_is_what_a_fresh_one_computes() -> None:
    ut1 = Moment.of(WHEN).ut1
    instant.shared.cache_clear()
    missed = instant.shared(ut1)
    hit = instant.shared(ut1)
    assert hit is missed and hit == instant.at(ut1)
    assert instant.shared.cache_info()[:2] == (1, 1)  # one hit, one miss


def test_a_sky_from_the_shared_instant_is_the_sky_computed_afresh() -> None:
    places = [Location(lat, lat * 2, 100.0, "request") for lat in range(-90, 91, 15)]
    moment = Moment.of(WHEN)
    instant.shared.cache_clear()
    fresh = []
    for where in places:  # a miss for each: the memo emptied before each sky
        fresh.append(ephemeris.sky(where, Atmosphere(), moment))
        instant.shared.cache_clear()
    shared = [ephemeris.sky(where, Atmosphere(), moment) for where in places]
    assert instant.shared.cache_info()[:2] == (len(places) - 1, 1)
    assert shared == fresh


def test_a_shared_moment_and_provenance_are_what_fresh_ones_compute() -> None:
    """Every request of a second shares its moment and provenance: a hit is equal to, and
    writes the same bytes as, a computation that never saw the memo."""
    whens = [WHEN + timedelta(days=d, microseconds=us) for d in (-19000, 0, 3650) for us in (0, 7)]
    airs = [Atmosphere(), Atmosphere(0.0, 15.0), Atmosphere(900.0, -20.0)]
    shared_moment.cache_clear()
    ephemeris.provenance.cache_clear()
    for when in whens:
        fresh = shared_moment.__wrapped__(when)
        assert Moment.of(when) == fresh and Moment.of(when) is Moment.of(when)
        for air in airs:
            shared = ephemeris.provenance(air, Moment.of(when))
            assert ephemeris.provenance(air, fresh) is shared
            assert to_json(shared) == to_json(ephemeris.provenance.__wrapped__(air, fresh))
    assert shared_moment.cache_info().misses == len(whens)
    # One wall-clock reading twice in New York (the fold of 2024-11-03): two instants.
    first, second = (datetime(2024, 11, 3, 1, 30, fold=f, tzinfo=ZoneInfo("America/New_York"))
                     for f in (0, 1))  # fmt: skip
    assert Moment.of(first).utc.hour == 5 and Moment.of(second).utc.hour == 6
    assert ephemeris.provenance.cache_info().misses == len(whens) * len(airs)
    # A library caller's integers are a hit on the equal floats: the same bytes still.
    ints, moment = Atmosphere(1010, 15), Moment.of(WHEN)
    assert ints == Atmosphere()
    ephemeris.provenance(Atmosphere(), moment)  # the floats' answer, memoised first
    assert to_json(ephemeris.provenance(ints, moment)) == to_json(
        ephemeris.provenance.__wrapped__(ints, moment)
    )


def test_the_shared_instants_are_bounded_and_memory_stays_flat() -> None:
    """Rounds of more new instants than the memo holds, at random places: it keeps its
    bound, and once it and the moments' memo (1,024) are full (three rounds), two more
    rounds (1,124 new instants) add less to what the core holds than ten instants take in
    the memo."""
    rng = random.Random(20)
    instant.shared.cache_clear()
    shared_moment.cache_clear()

    def rounds(count: int) -> int:
        for _ in range(count * (instant.SHARED_INSTANTS + 50)):
            when = WHEN + timedelta(seconds=rng.uniform(0, 86400 * 365))
            where = Location(rng.uniform(-90, 90), rng.uniform(-180, 180), 0.0, "request")
            ephemeris.sky(where, Atmosphere(), Moment.of(when))
        held = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(True, CORE)])
        return sum(stat.size for stat in held.statistics("filename"))

    tracemalloc.start()
    try:
        full, later = rounds(3), rounds(2)
    finally:
        tracemalloc.stop()
    assert instant.shared.cache_info().currsize == instant.SHARED_INSTANTS
    assert abs(later - full) < 10 * full / instant.SHARED_INSTANTS, (full, later)


@pytest.mark.parametrize("name", BODIES)
def test_the_distance_solved_from_parallax_is_pyephems_geocentric_one(name: str) -> None:
    """PyEphem's geocentric earth_distance is single precision: the one solved from the
    reference observer's parallax rounds to it."""
    ut1 = Moment.of(WHEN).ut1
    body = CLASSES[name](ephem.Date(ut1.replace(tzinfo=None)))
    solved = instant.at(ut1).body(name).distance_er * instant.EARTH_RADIUS_M / instant.AU_M
    assert solved == pytest.approx(body.earth_distance, rel=6e-8)


def test_the_geocentric_place_and_what_does_not_depend_on_the_place_are_pyephems() -> None:
    ut1 = Moment.of(WHEN).ut1
    moon = ephem.Moon(ephem.Date(ut1.replace(tzinfo=None)))
    distance_er = moon.earth_distance * instant.AU_M / instant.EARTH_RADIUS_M
    assert instant.at(ut1).body("moon") == instant.Apparent(
        name="moon",
        ra=moon.g_ra,
        dec=moon.g_dec,
        distance_er=pytest.approx(distance_er),
        equator_er=pytest.approx(distance_er * math.cos(moon.g_dec)),
        axis_er=pytest.approx(distance_er * math.sin(moon.g_dec)),
        magnitude=round(moon.mag, 2),
        phase_percent=round(moon.phase, 2),
        elongation_deg=round(math.degrees(moon.elong), 5),
        constellation="Cancer",
        constellation_abbr="Cnc",
    )


def _body(ra: float, dec: float, distance_er: float) -> instant.Apparent:
    return instant.Apparent("moon", ra, dec, distance_er, distance_er * math.cos(dec),
                            distance_er * math.sin(dec), -12.0, 50.0, 90.0, "", "")  # fmt: skip


def test_a_body_infinitely_far_on_the_meridian_through_the_zenith() -> None:
    """No parallax, no refraction: at the zenith alt is 90 deg and ra/dec are unchanged;
    on the meridian 30 deg north of the zenith, alt 60 deg and azimuth 0 (north)."""
    here = topocentric.horizon(40.0, 0.0, 0.0, 0.0, 15.0)
    lst = math.radians(90)
    overhead = topocentric.places([_body(math.radians(90), math.radians(40), 1e12)], lst, here)[0]
    north = topocentric.places([_body(math.radians(90), math.radians(70), 1e12)], lst, here)[0]
    assert overhead[1] == pytest.approx(math.pi / 2, abs=ARCSEC)
    assert overhead[2:4] == pytest.approx((math.radians(90), math.radians(40)), abs=1e-9)
    assert north[:2] == pytest.approx((0.0, math.radians(60)), abs=ARCSEC)


def test_the_moons_parallax_lowers_it_by_about_a_degree_at_the_horizon() -> None:
    """Horizontal parallax is asin(1 / distance in Earth radii): 57' at 60 Earth radii."""
    here = topocentric.horizon(0.0, 0.0, 0.0, 0.0, 15.0)
    moon = _body(math.radians(90), 0.0, 60.0)
    az, alt, _, _, distance_au = topocentric.places([moon], 0.0, here)[0]  # six hours east
    assert (math.degrees(az), math.degrees(alt)) == pytest.approx((90.0, -0.9549), abs=1e-3)
    assert distance_au * instant.AU_M / instant.EARTH_RADIUS_M == pytest.approx(
        math.sqrt(60**2 + 1), rel=1e-6
    )


@pytest.mark.parametrize(("true_deg", "lift_arcmin"), [(0.0, 29.0), (10.0, 5.3), (45.0, 1.0)])
def test_refraction_lifts_as_the_almanac_says(true_deg: float, lift_arcmin: float) -> None:
    """Refraction at 1010 mbar and 10 deg C (Bennett; the almanac's 34' is for the
    apparent horizon, 29' for the true one); none at 0 mbar."""
    true = math.radians(true_deg)
    lifted = topocentric.refract(1010.0, 10.0, true) - true
    assert math.degrees(lifted) * 60 == pytest.approx(lift_arcmin, abs=0.6)
    assert topocentric.refract(0.0, 10.0, true) == true
