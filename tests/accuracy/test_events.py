"""Rise, transit and set against Skyfield's almanac with DE421 on the same conventions
(upper limb, 34' of refraction at the horizon), on seeded places and dates including
high latitudes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from skyfield import almanac
from skyfield.api import wgs84

from planettracker.core import events
from planettracker.core.ephemeris import BODIES, Atmosphere, Location

from .reference import BODIES as REFERENCE
from .reference import EARTH, moment

TOLERANCE_S = 60
SEARCH_TOLERANCE_S = 2
HORIZON_DEG = -34 / 60
GRAZING_DEG = 0.5


def lower_culmination(name: str, lat: float, lon: float, when: datetime) -> float:
    """The lowest altitude (no refraction) a circumpolar body reaches in the next day."""
    from planettracker.core.ephemeris import position

    lows = (position(name, Location(lat, lon, 0.0, "request"), Atmosphere(0.0), when + timedelta(minutes=m))["alt"]
            for m in range(0, 24 * 60, 10))  # fmt: skip
    return min(lows)


def first(found: tuple[object, object]) -> datetime | None:
    times, _ = found
    return times[0].utc_datetime() if len(times) else None  # type: ignore[attr-defined]


def seconds_apart(ours: str | None, theirs: datetime | None) -> float:
    assert ours is not None and theirs is not None, (ours, theirs)
    return abs((datetime.fromisoformat(ours) - theirs).total_seconds())


def test_next_rise_transit_and_set_agree_with_skyfield_within_a_minute() -> None:
    rng = random.Random(7)
    compared = worst = grazing = 0.0
    for _ in range(60):
        name = rng.choice(BODIES)
        lat, lon = rng.choice([(rng.uniform(-60, 60), rng.uniform(-180, 180)), (rng.uniform(60, 68), rng.uniform(-180, 180)),
                               (rng.uniform(-68, -60), rng.uniform(-180, 180))])  # fmt: skip
        when = datetime(1990, 1, 1, tzinfo=UTC) + timedelta(days=rng.uniform(0, 365 * 40))
        found = events.events(name, Location(lat, lon, 0.0, "request"), 0.0, Atmosphere(), when)
        observer = EARTH + wgs84.latlon(lat, lon)
        start, stop = moment(when), moment(when + timedelta(days=2))
        target = REFERENCE[name]
        rise = first(almanac.find_risings(observer, target, start, stop))
        sets = first(almanac.find_settings(observer, target, start, stop))
        transit = almanac.find_transits(observer, target, start, stop)[0].utc_datetime()
        if found["circumpolar"] or found["never_rises"]:
            # PyEphem judges by the day's culmination. Where Skyfield still finds a rise
            # or set in the next two days, the body must be grazing the horizon.
            if (rise if found["never_rises"] else sets) is not None:
                culmination = (
                    found["transit_alt_deg"]
                    if found["never_rises"]
                    else lower_culmination(name, lat, lon, when)
                )
                assert abs(culmination - HORIZON_DEG) < GRAZING_DEG, (name, lat, when, culmination)
            grazing += 1
            continue
        for ours, theirs in (
            (found["next_rise"], rise),
            (found["next_set"], sets),
            (found["next_transit"], transit),
        ):
            gap = seconds_apart(ours, theirs)
            worst = max(worst, gap)
            compared += 1
            assert gap <= TOLERANCE_S, (name, lat, lon, when, ours, theirs)
    print(f"\nrise/transit/set: {compared:.0f} times compared, worst {worst:.1f} s apart; "
          f"{grazing:.0f} cases circumpolar or never rising")  # fmt: skip
    assert compared >= 120


def test_circumpolar_and_never_rising_are_values_not_errors() -> None:
    svalbard = Location(78.22, 15.65, 0.0, "request")
    summer = events.events("sun", svalbard, 0.0, Atmosphere(), datetime(2024, 6, 21, tzinfo=UTC))
    winter = events.events("sun", svalbard, 0.0, Atmosphere(), datetime(2024, 12, 21, tzinfo=UTC))
    assert summer["circumpolar"] and not summer["never_rises"] and summer["next_rise"] is None
    assert winter["never_rises"] and not winter["circumpolar"] and winter["next_set"] is None
    assert summer["next_transit"] and summer["transit_alt_deg"] > 30
    assert winter["transit_alt_deg"] < 0


def test_a_raised_horizon_delays_the_rise_and_hastens_the_set() -> None:
    greenwich = Location(51.4769, -0.0005, 0.0, "request")
    when = datetime(2024, 3, 20, 3, tzinfo=UTC)
    flat = events.events("sun", greenwich, 0.0, Atmosphere(), when)
    trees = events.events("sun", greenwich, 5.0, Atmosphere(), when)
    assert trees["next_rise"] > flat["next_rise"] and trees["next_set"] < flat["next_set"]
    # The almanac's sunrise at Greenwich on the 2024 equinox: 06:02 UTC.
    assert abs(
        datetime.fromisoformat(flat["next_rise"]) - datetime(2024, 3, 20, 6, 2, tzinfo=UTC)
    ) < timedelta(minutes=2)


@pytest.mark.parametrize("name", ["sun", "moon", "venus", "jupiter", "pluto"])
@pytest.mark.parametrize("lat", [-33.86, 64.8, 69.6])
def test_the_memo_answers_what_a_fresh_computation_would(name: str, lat: float) -> None:
    """The same events, to within PyEphem's own search tolerance: started from another
    instant, its iterative search can land a second away from the same event."""
    place = Location(lat, 151.21, 58.0, "request")
    start = datetime(2024, 12, 20, tzinfo=UTC)
    for minutes in range(0, 48 * 60, 97):
        when = start + timedelta(minutes=minutes)
        remembered = events.events(name, place, 0.0, Atmosphere(), when)
        events._memo.clear()
        fresh = events.events(name, place, 0.0, Atmosphere(), when)
        assert fresh.keys() == remembered.keys()
        for key, value in fresh.items():
            if isinstance(value, str):
                gap = datetime.fromisoformat(value) - datetime.fromisoformat(remembered[key])
                assert abs(gap) <= timedelta(seconds=SEARCH_TOLERANCE_S), (
                    key,
                    value,
                    remembered[key],
                )
            elif key == "transit_alt_deg":
                assert value == pytest.approx(remembered[key], abs=0.01)
            else:
                assert value == remembered[key], key


def test_refraction_is_34_arcminutes_at_the_horizon_and_shrinks_above() -> None:
    assert events.refraction_arcmin(0.0) == 34.0
    assert 4.5 < events.refraction_arcmin(10.0) < 5.5 and events.refraction_arcmin(45.0) < 1.1
    assert events.geometric_horizon_deg(0.0) == -34.0 / 60
