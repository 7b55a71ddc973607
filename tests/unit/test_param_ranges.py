"""Every range of the parameter layer, both ways: each end accepted, one step beyond
refused, with the `accepted` text a client reads. The ranges are the README's table,
written out here rather than read from params.py."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from planettracker.core.ephemeris import GREENWICH, Atmosphere, Location
from planettracker.core.timescales import Moment
from planettracker.core.visibility import Thresholds
from planettracker.http import endpoints, messages, params
from planettracker.http.errors import ApiError

NOW = datetime(2024, 3, 20, 12, tzinfo=UTC)

# name -> (lowest, highest, just below, just above, the `accepted` text, default)
RANGES = {
    "lat": ("-90", "90", "-90.000001", "90.000001",
            "a decimal number from -90 to 90 (degrees)", None),
    "lon": ("-180", "180", "-180.000001", "180.000001",
            "a decimal number from -180 to 180 (degrees)", None),
    "elevation": ("-500", "20000", "-500.001", "20000.001",
                  "a decimal number from -500 to 20000 (metres)", 0.0),
    "pressure": ("0", "1200", "-0.001", "1200.001",
                 "a decimal number from 0 to 1200 (mbar)", 1010.0),
    "temperature": ("-100", "60", "-100.001", "60.001",
                    "a decimal number from -100 to 60 (degrees Celsius)", 15.0),
    "horizon": ("-5", "60", "-5.001", "60.001",
                "a decimal number from -5 to 60 (degrees)", 0.0),
    "limiting_magnitude": ("-5", "10", "-5.001", "10.001",
                           "a decimal number from -5 to 10 (magnitude)", 6.0),
    "step": ("1", "86400", "0.999", "86400.001",
             "a decimal number from 1 to 86400 (seconds)", 600.0),
}  # fmt: skip
PARAMS = {p.name: p for p in (*params.NUMBER_PARAMS, params.STEP)}


def test_the_table_covers_every_number_parameter() -> None:
    assert set(PARAMS) == set(RANGES)


@pytest.mark.parametrize("name", RANGES)
def test_both_ends_are_accepted_and_one_step_beyond_refused(name: str) -> None:
    low, high, below, above, accepted, default = RANGES[name]
    param = PARAMS[name]
    assert (param.parse(low), param.parse(high)) == (float(low), float(high))
    assert (param.accepted, param.default) == (accepted, default)
    for outside in (below, above):
        with pytest.raises(ApiError) as caught:
            param.parse(outside)
        error = caught.value
        assert (error.status, error.code, error.parameter, error.message, error.accepted) == (
            400,
            "invalid-parameter",
            name,
            f"{name} is out of range",
            accepted,
        )


@pytest.mark.parametrize("raw", ["abc", "1e", " ", "9" * 65, "1" * 61 + ".5e1", "nan"])
def test_what_is_not_a_number_is_told_so(raw: str) -> None:
    with pytest.raises(ApiError) as caught:
        params.ELEVATION.parse(raw)
    assert (caught.value.message, caught.value.accepted) == (
        "elevation is not a decimal number",
        "a decimal number from -500 to 20000 (metres)",
    )


def test_a_long_number_up_to_64_characters_is_read() -> None:
    # 64 characters, the most a value may have: 63 zeros and a 1 after the point.
    sixty_four = "0." + "0" * 61 + "1"
    assert len(sixty_four) == 64 and params.LAT.parse(sixty_four) == 1e-62
    assert params.LAT.parse("  " + sixty_four + "  ") == 1e-62  # blanks around do not count


TIME_ACCEPTED = (
    "an ISO 8601 date-time with Z or a UTC offset, e.g. 2024-03-20T12:00:00Z, "
    "from 1900-01-01 to 2100-12-31 (in a URL, write + as %2B)"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1900-01-01T00:00:00Z", datetime(1900, 1, 1, tzinfo=UTC)),
     ("1900-01-01T01:00:00+01:00", datetime(1900, 1, 1, tzinfo=UTC)),
     ("2100-12-31T23:59:59Z", datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)),
     ("2100-12-31T22:59:59-01:00", datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC))],
)  # fmt: skip
def test_the_first_and_last_supported_instants_are_accepted(raw: str, expected: datetime) -> None:
    assert params.parse_time(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["1899-12-31T23:59:59.999999Z", "1900-01-01T00:59:59+01:00",  # 1899-12-31T23:59:59Z
     "2100-12-31T23:59:59.000001Z", "2100-12-31T23:00:00-01:00"],  # 2101-01-01T00:00:00Z
)  # fmt: skip
def test_one_step_beyond_the_supported_instants_is_refused(raw: str) -> None:
    with pytest.raises(ApiError) as caught:
        params.parse_time(raw, "start")
    error = caught.value
    assert (error.status, error.parameter, error.message, error.accepted) == (
        400,
        "start",
        "start is outside the supported range",
        TIME_ACCEPTED,
    )


def test_a_time_without_an_offset_or_unreadable_is_told_which() -> None:
    for raw, detail in (("2024-03-20T12:00:00", "time has no Z or UTC offset"),
                        ("2024-03-20T12:00:00Z" + " " * 50, None),  # trailing blanks are stripped
                        ("2024-03-20T12:00:00.00000000000000000000000000000000000000000000Z",
                         "time is not an ISO 8601 date-time"),  # 65 characters
                        ("2024-03-20T25:00:00Z", "time is not an ISO 8601 date-time")):  # fmt: skip
        if detail is None:
            assert params.parse_time(raw) == NOW
            continue
        with pytest.raises(ApiError) as caught:
            params.parse_time(raw)
        assert (caught.value.message, caught.value.accepted) == (detail, TIME_ACCEPTED)


def test_64_characters_of_time_are_read() -> None:
    raw = "2024-03-20T12:00:00.0000000000000000000000000000000000000000000Z"
    assert len(raw) == 64 and params.parse_time(raw) == NOW


DATE_ACCEPTED = "a date as YYYY-MM-DD, from 1900-01-01 to 2100-12-31"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1900-01-01", date(1900, 1, 1)), ("2100-12-31", date(2100, 12, 31)),
     ("2024-02-29", date(2024, 2, 29)), (" 2024-03-20 ", date(2024, 3, 20))],
)  # fmt: skip
def test_dates_from_the_first_to_the_last_supported_day(raw: str, expected: date) -> None:
    assert params.parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["1899-12-31", "2101-01-01", "2023-02-29", "2024-3-20", "24-03-20", "2024-03-20T00:00",
     "", "tomorrow"],
)  # fmt: skip
def test_dates_outside_the_range_or_not_yyyy_mm_dd_are_refused(raw: str) -> None:
    with pytest.raises(ApiError) as caught:
        params.parse_date(raw)
    error = caught.value
    assert (error.status, error.parameter, error.message, error.accepted) == (
        400,
        "date",
        "date is not a supported YYYY-MM-DD date",
        DATE_ACCEPTED,
    )


@pytest.mark.parametrize("raw", ["20240320", "2024-W12-3", "2024W123", "2024-080"])
def test_other_iso_8601_date_forms_are_refused(raw: str) -> None:
    """Python's date.fromisoformat also reads the compact 20240320 and the week date
    2024-W12-3 (both 2024 March 20): the contract says YYYY-MM-DD, so neither is taken."""
    with pytest.raises(ApiError) as caught:
        params.parse_date(raw)
    assert (caught.value.parameter, caught.value.accepted) == ("date", DATE_ACCEPTED)


def test_a_question_for_the_sky_takes_each_value_given() -> None:
    query = [("lat", "-33.86"), ("lon", "151.21"), ("elevation", "58"), ("pressure", "990"),
             ("temperature", "25"), ("horizon", "3"), ("limiting_magnitude", "4.5"),
             ("time", "2024-03-20T23:00:00+11:00")]  # fmt: skip
    assert params.sky_question(query, datetime(2000, 1, 1, tzinfo=UTC)) == params.SkyQuestion(
        where=Location(-33.86, 151.21, 58.0, "request"),
        air=Atmosphere(990.0, 25.0),
        moment=Moment.of(NOW),
        fixed=True,
        horizon_deg=3.0,
        limits=Thresholds(limiting_magnitude=4.5),
    )


def test_a_question_for_the_sky_now_at_greenwich_takes_the_defaults() -> None:
    assert params.sky_question([], NOW) == params.SkyQuestion(
        where=Location(51.4769, -0.0005, 0.0, "default"),
        air=Atmosphere(1010.0, 15.0),
        moment=Moment.of(NOW),
        fixed=False,
        horizon_deg=0.0,
        limits=Thresholds(limiting_magnitude=6.0),
    )
    assert GREENWICH == Location(51.4769, -0.0005, 0.0, "default")


def test_lon_180_is_written_minus_180_and_a_lone_lat_or_lon_is_refused() -> None:
    assert params.parse_location({"lat": "10", "lon": "180"}) == Location(
        10.0, -180.0, 0.0, "request"
    )
    assert params.parse_location({"lat": "10", "lon": "179.5"}).lon == 179.5
    for given, missing in (({"lat": "10"}, "lon"), ({"lon": "10"}, "lat")):
        with pytest.raises(ApiError) as caught:
            params.parse_location(given)
        assert (caught.value.parameter, caught.value.message, caught.value.accepted) == (
            missing,
            f"{missing} is missing",
            "lat and lon given together",
        )


def test_unknown_and_disagreeing_parameters_are_told_apart() -> None:
    with pytest.raises(ApiError) as caught:
        params.single_values([("lat", "1"), ("city", "Paris")], params.LOCATION_PARAMS)
    assert (caught.value.message, caught.value.accepted) == (
        "unknown parameter 'city'",
        "one of: elevation, lat, lon",
    )
    with pytest.raises(ApiError) as caught:
        params.single_values([("lat", "1"), ("lat", "1.0")], params.LOCATION_PARAMS)
    assert (caught.value.message, caught.value.accepted) == (
        "lat is given more than once with different values",
        "a single value",
    )


def test_which_parameters_each_resource_takes() -> None:
    number = {"lat", "lon", "elevation", "pressure", "temperature", "horizon"}
    assert params.SKY_PARAMS == number | {"limiting_magnitude", "time"}
    assert params.EVENTS_PARAMS == number | {"time"}
    assert params.TRACK_PARAMS == {"lat", "lon", "elevation", "pressure", "temperature",
                                   "start", "stop", "step"}  # fmt: skip
    assert params.TONIGHT_PARAMS == {"lat", "lon", "elevation", "pressure", "temperature",
                                     "date", "horizon", "limiting_magnitude"}  # fmt: skip


def test_an_unknown_body_is_a_404_listing_the_known_ones() -> None:
    with pytest.raises(ApiError) as caught:
        params.parse_body_name("Vulcan" * 20)
    error = caught.value
    assert (error.status, error.code, error.parameter, error.message, error.accepted) == (
        404, "unknown-body", "name", f"no body named {('Vulcan' * 20)[:64]!r}",
        "one of: sun, moon, mercury, venus, mars, jupiter, saturn, uranus, neptune, pluto",
    )  # fmt: skip
    assert params.parse_body_name("  Saturn ") == "saturn"


def test_a_track_question() -> None:
    query = [("start", "2024-03-20T18:00:00Z"), ("stop", "2024-03-21T06:00:00Z"),
             ("step", "3600"), ("lat", "48.85"), ("lon", "2.35")]  # fmt: skip
    assert params.track_question(query, NOW) == params.TrackQuestion(
        Location(48.85, 2.35, 0.0, "request"), Atmosphere(), datetime(2024, 3, 20, 18, tzinfo=UTC),
        datetime(2024, 3, 21, 6, tzinfo=UTC), timedelta(hours=1), True,
    )  # fmt: skip
    # Without start or stop: now, for a day, every 600 s.
    assert params.track_question([], NOW) == params.TrackQuestion(
        GREENWICH, Atmosphere(), NOW, NOW + timedelta(days=1), timedelta(seconds=600), False
    )
    # stop at start is one point; stop before start is refused.
    same = [("start", "2024-03-20T12:00:00Z"), ("stop", "2024-03-20T12:00:00Z")]
    assert params.track_question(same, NOW).stop == NOW
    with pytest.raises(ApiError) as caught:
        params.track_question([("start", "2024-03-20T12:00:00Z"),
                               ("stop", "2024-03-20T11:59:59Z")], NOW)  # fmt: skip
    assert (caught.value.parameter, caught.value.message, caught.value.accepted) == (
        "stop",
        "stop is before start",
        "a time at or after start",
    )


def test_a_bad_start_or_stop_is_named() -> None:
    for name in ("start", "stop"):
        with pytest.raises(ApiError) as caught:
            params.track_question([(name, "soon")], NOW)
        assert (caught.value.parameter, caught.value.message) == (
            name,
            f"{name} is not an ISO 8601 date-time",
        )


def test_times_are_given_in_utc_whatever_the_machines_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        parsed = params.parse_time("2024-03-20T13:00:00+01:00")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert (parsed, parsed.utcoffset()) == (NOW, timedelta(0))


def test_a_track_of_1441_points_is_the_most() -> None:
    day = [("start", "2024-03-20T00:00:00Z"), ("stop", "2024-03-21T00:00:00Z")]
    assert params.track_question([*day, ("step", "60")], NOW).step == timedelta(minutes=1)
    with pytest.raises(ApiError) as caught:
        params.track_question([*day, ("step", "59.9")], NOW)
    assert (caught.value.parameter, caught.value.message, caught.value.accepted) == (
        "step", "start, stop and step give 1443 points",
        "at most 1441 points: a longer step or a shorter span",
    )  # fmt: skip


def test_a_night_question() -> None:
    query = [("lat", "48.85"), ("lon", "2.35"), ("date", "2024-03-20"), ("horizon", "2"),
             ("limiting_magnitude", "3"), ("pressure", "0")]  # fmt: skip
    assert params.night_question(query, NOW) == params.NightQuestion(
        Location(48.85, 2.35, 0.0, "request"), Atmosphere(0.0, 15.0), date(2024, 3, 20), True,
        2.0, Thresholds(limiting_magnitude=3.0),
    )  # fmt: skip
    bare = params.night_question([("lat", "0"), ("lon", "150")], NOW)
    assert (bare.dated, bare.limits, bare.horizon_deg) == (False, Thresholds(6.0), 0.0)


# Without a date: the night the moment is in, from local noon to the next by mean solar
# time (1 h per 15 deg): 135 E is UTC + 9 h, 90 W UTC - 6 h.
@pytest.mark.parametrize(
    ("lon", "now", "night"),
    [("135", "2026-12-02T17:00:00Z", "2026-12-02"),  # 02:00 on the 3rd: the night under way
     ("135", "2026-12-03T02:59:59Z", "2026-12-02"),  # 11:59:59: still that night
     ("135", "2026-12-03T03:00:00Z", "2026-12-03"),  # noon: the coming night
     ("135", "2026-12-03T14:00:00Z", "2026-12-03"),  # 23:00
     ("-90", "2026-12-03T08:00:00Z", "2026-12-02"),  # 02:00 on the 3rd
     ("-90", "2026-12-03T18:00:00Z", "2026-12-03"),  # noon
     ("-90", "2026-12-04T05:00:00Z", "2026-12-03")],  # 23:00
)  # fmt: skip
def test_a_night_question_for_now_is_the_night_in_progress(lon: str, now: str, night: str) -> None:
    asked = params.night_question([("lat", "40"), ("lon", lon)], params.parse_time(now))
    assert (asked.day, asked.dated) == (date.fromisoformat(night), False)


def test_a_location_form_needs_lat_and_lon() -> None:
    assert params.location_form([("lat", "1"), ("lon", "2")]) == Location(1.0, 2.0, 0.0, "request")
    with pytest.raises(ApiError) as caught:
        params.location_form([("elevation", "3")])
    assert caught.value.parameter == "lat"


def test_the_schema_documents_each_range_and_default() -> None:
    """/openapi.json's parameters for /planets, whole: the README's table."""
    schema = json.loads(endpoints.get_openapi(messages.ApiRequest(now=NOW)).body)
    together = " Give lat and lon together; with neither, the Greenwich Observatory."

    def number(name: str, description: str, low: float, high: float, **default: float) -> dict:  # type: ignore[type-arg]
        return {"name": name, "in": "query", "required": False, "description": description,
                "schema": {"type": "number", "minimum": low, "maximum": high, **default}}  # fmt: skip

    assert schema["paths"]["/planets"]["get"]["parameters"] == [
        number("lat", "Geodetic latitude, north positive. In degrees." + together, -90, 90),
        number("lon", "Longitude, east positive. In degrees." + together, -180, 180),
        number("elevation", "Height above sea level. In metres.", -500, 20000, default=0),
        number("pressure", "Air pressure for refraction; 0 turns refraction off. In mbar.",
               0, 1200, default=1010),
        number("temperature", "Air temperature for refraction. In degrees Celsius.", -100, 60,
               default=15),
        number("horizon", "Apparent altitude of your horizon (trees, buildings), for rise, set "
               "and visibility. In degrees.", -5, 60, default=0),
        number("limiting_magnitude", "The faintest magnitude that counts as visible (6 for dark "
               "skies, 3-4 in a city). In magnitude.", -5, 10, default=6),
        {"name": "time", "in": "query", "required": False,
         "description": f"The moment to compute for; default: now. Accepted: {TIME_ACCEPTED}.",
         "schema": {"type": "string", "format": "date-time"}},
    ]  # fmt: skip


# GET /sky's span: its own ranges, whole seconds, the grid and the sample limit.
SPAN_ACCEPTED = {
    "span": "a decimal number from 0 to 3600 (seconds)",
    "step": "a decimal number from 1 to 3600 (seconds)",
}


def _refused(query: list[tuple[str, str]]) -> tuple[str | None, str, str | None]:
    with pytest.raises(ApiError) as caught:
        params.span_question(query, NOW)
    return caught.value.parameter, caught.value.message, caught.value.accepted


def test_a_question_for_a_span_takes_each_value_given() -> None:
    query = [("lat", "-33.86"), ("lon", "151.21"), ("elevation", "58"), ("pressure", "990"),
             ("temperature", "25"), ("horizon", "3"), ("limiting_magnitude", "4.5"),
             ("start", "2024-03-20T23:00:00+11:00"), ("span", "120"), ("step", "30")]  # fmt: skip
    asked = params.span_question(query, datetime(2000, 1, 1, tzinfo=UTC))
    assert asked == params.SpanQuestion(
        where=Location(-33.86, 151.21, 58.0, "request"), air=Atmosphere(990.0, 25.0),
        start=NOW, span_s=120, step_s=30, fixed=True, horizon_deg=3.0,
        limits=Thresholds(limiting_magnitude=4.5),
    )  # fmt: skip
    assert asked.instants == [NOW + timedelta(seconds=s) for s in (0, 30, 60, 90, 120)]


def test_a_span_now_starts_on_the_grid_before_now_and_takes_the_defaults() -> None:
    """A minute at 15 s by default, from the grid instant at or before now."""
    asked = params.span_question([], NOW + timedelta(seconds=29, microseconds=5))
    assert asked == params.SpanQuestion(
        where=GREENWICH, air=Atmosphere(), start=NOW + timedelta(seconds=15), span_s=60,
        step_s=15, fixed=False, horizon_deg=0.0, limits=Thresholds(limiting_magnitude=6.0),
    )  # fmt: skip
    assert len(asked.instants) == 5


@pytest.mark.parametrize(
    ("query", "span_s", "step_s"),
    [([("span", "0")], 0, 15), ([("span", "3600"), ("step", "60")], 3600, 60),
     ([("span", "0"), ("step", "1")], 0, 1), ([("span", "0"), ("step", "3600")], 0, 3600)],
)  # fmt: skip
def test_a_spans_ends_are_accepted(query: list[tuple[str, str]], span_s: int, step_s: int) -> None:
    asked = params.span_question(query, NOW)
    assert (asked.span_s, asked.step_s) == (span_s, step_s)


@pytest.mark.parametrize(
    ("name", "beyond"), [("span", "-0.001"), ("span", "3600.001"), ("step", "0.999"),
                         ("step", "3600.001")],
)  # fmt: skip
def test_one_step_beyond_a_spans_ends_is_refused(name: str, beyond: str) -> None:
    assert _refused([(name, beyond)]) == (name, f"{name} is out of range", SPAN_ACCEPTED[name])


@pytest.mark.parametrize("name", ["span", "step"])
def test_a_span_is_counted_in_whole_seconds(name: str) -> None:
    low = 0 if name == "span" else 1
    assert _refused([(name, "30.5")]) == (
        name, f"{name} is not a whole number of seconds",
        f"a whole number of seconds from {low} to 3600",
    )  # fmt: skip


def test_a_span_is_a_whole_number_of_steps_and_61_samples_at_most() -> None:
    assert _refused([("span", "50"), ("step", "15")]) == (
        "span", "span is not a whole multiple of step", "a whole multiple of step"
    )  # fmt: skip
    assert len(params.span_question([("span", "60"), ("step", "1")], NOW).instants) == 61
    assert _refused([("span", "61"), ("step", "1")]) == (
        "step", "span and step give 62 samples",
        "at most 61 samples: a longer step or a shorter span",
    )  # fmt: skip


def test_a_given_start_is_on_the_grid_of_its_step() -> None:
    on_grid = "a whole multiple of step seconds since 1970-01-01T00:00:00Z, e.g. "
    assert _refused([("start", "2024-03-20T12:00:10Z"), ("step", "15")]) == (
        "start", "start is not on the grid of step 15 s", on_grid + "2024-03-20T12:00:00Z"
    )  # fmt: skip
    assert _refused([("start", "2024-03-20T12:00:00.5Z"), ("step", "1")]) == (
        "start", "start is not on the grid of step 1 s", on_grid + "2024-03-20T12:00:00Z"
    )  # fmt: skip


def test_a_span_ends_by_the_last_supported_second() -> None:
    last = params.span_question([("start", "2100-12-31T23:58:59Z"), ("step", "1")], NOW)
    assert last.instants[-1] == params.LATEST
    assert _refused([("start", "2100-12-31T23:59:00Z"), ("step", "1")]) == (
        "span", "span ends outside the supported range", TIME_ACCEPTED
    )  # fmt: skip
