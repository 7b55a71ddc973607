"""Tonight's pieces: the night a moment belongs to, the Sun's crossings that bound its
darkness (against Skyfield's almanac on DE421), the sky's names, and the answer's shape."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import get_type_hints

import pytest

from planettracker.core import ephemeris, events, instant, planner
from planettracker.core.ephemeris import Atmosphere, Location
from planettracker.core.timescales import Moment
from planettracker.core.visibility import SUN_UP_DEG, Thresholds, visibility
from planettracker.http import openapi
from planettracker.http.answers import Tonight
from planettracker.http.messages import to_json
from planettracker.http.schema import Components

from ..accuracy import outside

GREENWICH = Location(51.4769, -0.0005, 0.0, "request")
SYDNEY = Location(-33.86, 151.21, 58.0, "request")
TROMSO = Location(69.65, 18.96, 0.0, "request")
TOLERANCE = timedelta(seconds=3)


@pytest.mark.parametrize("where", [GREENWICH, SYDNEY, TROMSO])
@pytest.mark.parametrize("day", [date(2024, 3, 20), date(2026, 10, 15)])
@pytest.mark.parametrize("centre_alt_deg", [-0.8333, -6.0, -12.0, -18.0])
def test_the_suns_crossings_agree_with_skyfield(
    where: Location, day: date, centre_alt_deg: float
) -> None:
    noon = planner.local_noon(where, day)
    down, up = events.sun_crossings(where, centre_alt_deg, Moment.of(noon))
    expected = outside.events("sun", where, noon, centre_horizon_deg=centre_alt_deg)
    assert isinstance(down, datetime) and isinstance(up, datetime)
    assert abs(down - expected["next_set"]) < TOLERANCE  # type: ignore[operator]
    assert abs(up - expected["next_rise"]) < TOLERANCE  # type: ignore[operator]


def test_the_sun_that_never_crosses_says_why() -> None:
    midsummer = Moment.of(planner.local_noon(TROMSO, date(2026, 6, 21)))
    assert events.sun_crossings(TROMSO, -18.0, midsummer) == ("always_up", "always_up")
    pole = Location(-89.0, 0.0, 0.0, "request")
    polar_night = Moment.of(planner.local_noon(pole, date(2024, 6, 21)))
    assert events.sun_crossings(pole, -0.8333, polar_night) == ("never_up", "never_up")


@pytest.mark.parametrize(
    ("sun_alt_deg", "sky"),
    [(-40.0, "night"), (-18.00001, "night"), (-18.0, "astronomical_twilight"),
     (-12.00001, "astronomical_twilight"), (-12.0, "nautical_twilight"),
     (-6.00001, "nautical_twilight"), (-6.0, "civil_twilight"), (-0.834, "civil_twilight"),
     (-0.833, "daylight"), (30.0, "daylight")],
)  # fmt: skip
def test_the_sky_is_named_by_the_suns_altitude(sun_alt_deg: float, sky: str) -> None:
    """The same limits visibility.py applies: a sky named twilight is one its rule
    calls twilight."""
    assert planner.sky_darkness(sun_alt_deg) == sky


@pytest.mark.parametrize("lon", [-179.9, -90.0, -0.12, 0.0, 18.96, 135.0, 180.0])
def test_a_night_runs_from_local_noon_to_the_next(lon: float) -> None:
    where = Location(40.0, lon, 0.0, "request")
    day = date(2026, 12, 3)
    noon = planner.local_noon(where, day)
    mean_noon = datetime(2026, 12, 3, 12, tzinfo=UTC) - timedelta(hours=lon / 15)
    assert noon.microsecond == 0 and abs(noon - mean_noon) < timedelta(seconds=1)
    assert planner.night_of(where, noon) == day
    assert planner.night_of(where, noon - timedelta(seconds=1)) == day - timedelta(days=1)
    assert planner.night_of(where, noon + timedelta(hours=23, minutes=59)) == day


def test_instants_and_days_are_written_as_before() -> None:
    """The core hands out datetimes; JSON gets the same text the core once wrote."""
    written = to_json({"at": datetime(2026, 12, 3, 17, 55, tzinfo=UTC), "on": date(2026, 12, 3)})
    assert written == b'{"at":"2026-12-03T17:55:00Z","on":"2026-12-03"}'


def test_the_tonight_schema_is_generated_from_its_type() -> None:
    served = openapi.document()["components"]["schemas"]
    generated = Components()
    generated.ref(Tonight)
    assert set(generated.schemas) >= {"Tonight", "PlanBody", "Window", "Best", "Darkest", "Span"}
    for name, schema in generated.schemas.items():
        assert served[name] == schema, name
    assert served["Window"]["properties"]["from"] == {
        "type": "string", "format": "date-time", "description": "The first visible sample"
    }  # fmt: skip
    assert served["Tonight"]["properties"]["date"]["format"] == "date"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "between"),
    [("2024-03-20T18:13:49", "2024-03-21T05:59:31",
      [utc("2024-03-20T18:20") + i * planner.PLAN_STEP for i in range(70)]),
     ("2024-03-20T12:00", "2024-03-20T12:20", [utc("2024-03-20T12:10")]),  # ends on the grid
     ("2024-03-20T23:55", "2024-03-21T00:04:59", [utc("2024-03-21T00:00")]),
     ("1969-07-20T20:17:40", "1969-07-20T20:29:59", [utc("1969-07-20T20:20")]),
     ("2024-03-20T23:51", "2024-03-20T23:59", [])],
)  # fmt: skip
def test_samples_are_the_spans_ends_and_the_utc_grid_between(
    start: str, end: str, between: list[datetime]
) -> None:
    """Whole multiples of the step in UTC, so every place's night shares them (05:50:00
    the last before a sunrise at 05:59:31)."""
    times = planner.sample_times({"start": utc(start), "end": utc(end)})
    assert times == [utc(start), *between, utc(end)]


def test_places_asking_about_one_night_share_its_instants() -> None:
    """The second place's night lies within the first's: every grid sample of it is
    already kept, only its own sunset and sunrise are computed, and nothing the live
    polls keep is touched."""
    day = date(2026, 12, 21)

    def plan(where: Location) -> planner.Night:
        noon = Moment.of(planner.local_noon(where, day))
        return planner.plan_night(where, Atmosphere(), noon, 0.0, Thresholds())

    instant.nightly.cache_clear()
    polls = instant.shared.cache_info()
    first = plan(Location(51.5, -0.12, 0.0, "request"))
    kept = instant.nightly.cache_info()
    second = plan(Location(40.0, 2.0, 0.0, "request"))
    grid = len(second["bodies"][0]["altitudes"]) - 2
    assert instant.nightly.cache_info()[:4] == (kept.hits + grid, kept.misses, *kept[2:])
    assert first["sampled"]["start"] < second["sampled"]["start"]
    assert second["sampled"]["end"] < first["sampled"]["end"]
    assert instant.shared.cache_info() == polls


def test_each_point_of_a_track_is_the_position_at_its_time() -> None:
    """Every field a track point names (TrackPoint's) is the body's position at the point's
    instant, the instant written to the second; the ends are both included."""
    start = datetime(2024, 3, 20, 18, 0, 0, 600_000, tzinfo=UTC)
    step = timedelta(minutes=90)
    points = planner.body_track("venus", GREENWICH, Atmosphere(), start, start + 4 * step, step)
    fields = [name for name in get_type_hints(planner.TrackPoint) if name != "time"]
    expected = []
    for i in range(5):
        when = start + i * step
        position = ephemeris.position("venus", GREENWICH, Atmosphere(), Moment.of(when))
        expected.append({"time": when.replace(microsecond=0), **{k: position[k] for k in fields}})
    assert fields == ["az", "alt", "ra_hours", "dec_deg", "above_horizon"]
    assert points == expected


@pytest.mark.parametrize("day", [date(2024, 3, 20), date(2024, 3, 28)])
def test_each_bodys_night_is_what_its_samples_say(day: date) -> None:
    """Greenwich, each body against its own positions at the samples, judged by the rule
    /planets applies: its altitudes, its brightest magnitude, its windows covering
    exactly the visible samples (and separated by one that is not), the reason most
    samples give when it is never seen, and its best moment the highest visible sample,
    with where to look then. Visible bodies first, brightest first. On March 28 the
    waning Moon is up until sunrise: a window that runs to the last sample."""
    air, limits = Atmosphere(), Thresholds()
    noon = Moment.of(planner.local_noon(GREENWICH, day))
    plan = planner.plan_night(GREENWICH, air, noon, 0.0, limits)
    times = planner.sample_times(plan["sampled"])
    skies = [ephemeris.sky(GREENWICH, air, Moment.of(t)) for t in times]
    for body in plan["bodies"]:
        at = [next(b for b in sky if b["name"] == body["name"]) for sky in skies]
        verdicts = [visibility(p, sky[0]["alt"], 0.0, limits) for p, sky in zip(at, skies, strict=True)]  # fmt: skip
        seen = [t for t, v in zip(times, verdicts, strict=True) if v["visible"]]
        assert body["altitudes"] == [p["alt"] for p in at]
        assert body["magnitude"] == min(p["magnitude"] for p in at)
        assert body["visible"] == bool(seen) == bool(body["windows"])
        covered = [t for t in times for w in body["windows"] if w["from"] <= t <= w["until"]]
        assert covered == seen
        for before, after in itertools.pairwise(body["windows"]):
            assert times.index(after["from"]) > times.index(before["until"]) + 1
        if not seen:
            reasons = Counter(v["reason"] for v in verdicts)
            assert body["best"] is None and reasons[body["reason"]] == max(reasons.values())
            continue
        highest = max(seen, key=lambda t: at[times.index(t)]["alt"])
        position = at[times.index(highest)]
        assert body["reason"] is None and body["best"] == {
            "time": highest, "alt": position["alt"], "az": position["az"],
            "compass": position["compass"], "constellation": position["constellation"],
        }  # fmt: skip
    order = [(not b["visible"], b["magnitude"]) for b in plan["bodies"]]
    assert order == sorted(order) and sum(b["visible"] for b in plan["bodies"]) == 4


def test_the_night_polar_night_begins_is_sampled_from_its_sunset_to_its_end() -> None:
    """At 67.7 deg N on 2026 December 12 the Sun sets just after noon and does not rise
    again: sunset has a time and sunrise none, and the samples run to the night's end."""
    where = Location(67.7, 0.0, 0.0, "request")
    noon = Moment.of(planner.local_noon(where, date(2026, 12, 12)))
    sunset, sunrise = events.sun_crossings(where, SUN_UP_DEG, noon)
    assert isinstance(sunset, datetime) and sunrise == "never_up"
    plan = planner.plan_night(where, Atmosphere(), noon, 0.0, Thresholds())
    assert plan["sampled"] == {
        "start": sunset.replace(microsecond=0),
        "end": noon.utc + planner.NIGHT,
    }
