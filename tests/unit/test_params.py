from __future__ import annotations

from datetime import UTC, datetime

import pytest

from planettracker.http import params
from planettracker.http.errors import ApiError


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("0", 0.0),
        ("-0", 0.0),
        ("+12.5", 12.5),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e1", 10.0),
        (" 3 ", 3.0),
    ],
)
def test_numbers_in_plain_decimal_notation(raw: str, value: float) -> None:
    parsed = params.LAT.parse(raw)
    assert parsed == value and str(parsed) != "-0.0"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "1_0",
        "0x10",
        "1e",
        "--1",
        "1,5",
        "٣",
        "9" * 65,
        "1e999",
    ],
)
def test_everything_else_is_refused_naming_the_parameter(raw: str) -> None:
    with pytest.raises(ApiError) as caught:
        params.LAT.parse(raw)
    assert (caught.value.status, caught.value.parameter) == (400, "lat")
    assert "-90 to 90" in (caught.value.accepted or "")


def test_range_bounds_are_inclusive() -> None:
    assert params.LAT.parse("-90") == -90.0 and params.LON.parse("180") == 180.0
    assert params.PRESSURE.parse("0") == 0.0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-20T12:00:00Z", datetime(2024, 3, 20, 12, tzinfo=UTC)),
        ("2024-03-20T13:30:00+01:30", datetime(2024, 3, 20, 12, tzinfo=UTC)),
        ("2024-03-20T12:00:00.250Z", datetime(2024, 3, 20, 12, 0, 0, 250000, tzinfo=UTC)),
        ("1900-01-01T00:00:00Z", params.EARLIEST),
        # Lenient where unambiguous: lowercase t and z (RFC 3339), and a "+" that an
        # unencoded URL turned into a space, with or without seconds or a colon.
        ("2024-03-20t12:00:00z", datetime(2024, 3, 20, 12, tzinfo=UTC)),
        ("2024-03-20T13:30:00 01:30", datetime(2024, 3, 20, 12, tzinfo=UTC)),
        ("2024-03-20T13:30 0130", datetime(2024, 3, 20, 12, tzinfo=UTC)),
        ("2024-03-20T13:30:00.5 01:30", datetime(2024, 3, 20, 12, 0, 0, 500000, tzinfo=UTC)),
    ],
)
def test_times_with_an_offset_become_utc(raw: str, expected: datetime) -> None:
    assert params.parse_time(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2024-03-20",
        "2024-03-20T12:00:00",
        "now",
        "2101-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "x" * 100,
        "2024-03-20 13:30:00 01:30",  # no T: the space is not surely a lost +
        "2024-03-20T13:30:00 1:30",
        "2024-03-20T13:30:00  01:30",
    ],
)
def test_unusable_times_are_refused(raw: str) -> None:
    with pytest.raises(ApiError) as caught:
        params.parse_time(raw)
    assert caught.value.parameter == "time" and "ISO 8601" in (caught.value.accepted or "")


def test_repeats_must_agree_and_names_must_be_known() -> None:
    assert params.single_values([("lat", "1"), ("lat", "1")], params.SKY_PARAMS) == {"lat": "1"}
    for pairs, culprit in (
        ([("lat", "1"), ("lat", "2")], "lat"),
        ([("lat", "1"), ("Lat", "1")], "Lat"),
    ):
        with pytest.raises(ApiError) as caught:
            params.single_values(pairs, params.SKY_PARAMS)
        assert caught.value.parameter == culprit


def test_location_defaults_to_greenwich_only_when_no_place_is_given() -> None:
    assert params.parse_location({}).source == "default"
    assert params.parse_location({"elevation": "30"}).elevation_m == 30.0
    equator = params.parse_location({"lat": "0", "lon": "0"})
    assert (equator.lat, equator.lon, equator.source) == (0.0, 0.0, "request")
    with pytest.raises(ApiError) as caught:
        params.parse_location({}, required=True)
    assert caught.value.parameter == "lat"


def test_body_names_are_case_insensitive() -> None:
    assert params.parse_body_name("MaRs") == "mars"
    with pytest.raises(ApiError) as caught:
        params.parse_body_name("pluto2")
    assert (caught.value.status, caught.value.code) == (404, "unknown-body")


def test_now_is_the_current_whole_second_and_a_given_time_keeps_its_precision() -> None:
    now = datetime(2026, 12, 3, 4, 5, 6, 789012, tzinfo=UTC)
    asked = params.sky_question([], now)
    given = params.sky_question([("time", "2026-12-03T04:05:06.789012Z")], now)
    assert (asked.moment.utc, asked.fixed) == (datetime(2026, 12, 3, 4, 5, 6, tzinfo=UTC), False)
    assert (given.moment.utc, given.fixed) == (now, True)
