"""The time scales against published values and arithmetic done by hand: UT1 - UTC where
it is large and of either sign, each side of leap seconds, and the rule before 1972.

Published UT1 - UTC below is the IERS's (finals2000A.all, as in Skyfield's builtin copy,
an older file than the one PlanetTracker ships): the shipped 10-day samples of Delta T
reproduce it within 5 ms, well under the sizes (0.4-0.8 s) and sign flips checked here.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from planettracker.core import timescale_data, timescales
from planettracker.core.timescales import Moment

IERS_MS = 5e-3


@pytest.mark.parametrize(
    ("when", "published"),
    [(datetime(1972, 1, 1, tzinfo=UTC), 0.0395),
     (datetime(1972, 6, 30, 12, tzinfo=UTC), -0.5688),  # before the first inserted second
     (datetime(1972, 7, 1, 12, tzinfo=UTC), 0.4279),  # after it: a second more
     (datetime(1973, 1, 1, 12, tzinfo=UTC), 0.8101),
     (datetime(2008, 12, 31, 12, tzinfo=UTC), -0.5924),
     (datetime(2009, 1, 1, 12, tzinfo=UTC), 0.4066),
     (datetime(2024, 3, 20, 12, tzinfo=UTC), -0.0093)],
)  # fmt: skip
def test_ut1_minus_utc_is_the_published_one(when: datetime, published: float) -> None:
    moment = Moment.of(when)
    assert moment.ut1_minus_utc_s == pytest.approx(published, abs=IERS_MS)
    assert timescales.ut1_minus_utc(when) == pytest.approx(published, abs=IERS_MS)
    assert moment.ut1 - when == pytest.approx(
        timedelta(seconds=published), abs=timedelta(seconds=IERS_MS)
    )


def test_ut1_minus_utc_by_hand() -> None:
    # UT1 - UTC = (TAI - UTC) + (TT - TAI) - Delta T. 2008 Dec 31: 33 + 32.184 - 65.776
    # = -0.592 s. With Delta T given: 33 + 32.184 - 65 = 0.184 s.
    when = datetime(2008, 12, 31, 12, tzinfo=UTC)
    assert timescales.tai_minus_utc(when) == 33
    assert timescales.delta_t(when) == pytest.approx(65.776, abs=IERS_MS)
    assert timescales.ut1_minus_utc(when, 65.0) == pytest.approx(0.184, abs=1e-9)
    assert Moment.of(when) == Moment(when, timescales.ut1_minus_utc(when), timescales.delta_t(when))


def test_before_1972_the_time_is_read_as_ut1() -> None:
    """UTC had no leap seconds before 1972: a time is taken as UT1, with nothing added."""
    for when in (
        datetime(1900, 1, 1, tzinfo=UTC),
        datetime(1971, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ):
        assert Moment.of(when) == Moment(when, 0.0, None)
        assert Moment.of(when).ut1 == when
        assert timescales.ut1_minus_utc(when) == 0.0
        assert timescales.ut1_minus_utc(when, 50.0) == 0.0
    # From the first instant of 1972 on: 10 + 32.184 - 42.145 (the first Delta T sample).
    first = datetime(1972, 1, 1, tzinfo=UTC)
    assert Moment.of(first) == Moment(first, pytest.approx(0.039, abs=1e-9), 42.145)  # type: ignore[arg-type]


def test_an_offset_is_read_as_the_same_instant() -> None:
    tokyo = datetime(2008, 12, 31, 21, tzinfo=timezone(timedelta(hours=9)))
    assert Moment.of(tokyo).utc == datetime(2008, 12, 31, 12, tzinfo=UTC)
    assert Moment.of(tokyo) == Moment.of(datetime(2008, 12, 31, 12, tzinfo=UTC))


@pytest.mark.parametrize(
    ("when", "seconds"),
    [(datetime(1960, 1, 1, tzinfo=UTC), 10),  # before the list: its first value
     (datetime(1972, 1, 1, tzinfo=UTC), 10),
     (datetime(1972, 6, 30, 23, 59, 59, tzinfo=UTC), 10),
     (datetime(1972, 7, 1, tzinfo=UTC), 11),
     (datetime(2016, 12, 31, 23, 59, 59, 999000, tzinfo=UTC), 36),
     (datetime(2017, 1, 1, tzinfo=UTC), 37),
     (datetime(2100, 1, 1, tzinfo=UTC), 37)],
)  # fmt: skip
def test_tai_minus_utc_each_side_of_leap_seconds(when: datetime, seconds: int) -> None:
    assert timescales.tai_minus_utc(when) == seconds


def test_delta_t_is_interpolated_between_samples_and_held_beyond_them() -> None:
    # Samples every 10 days from MJD 41317 (1972 Jan 1): 42.145 s, then 42.178 s on Jan 11.
    assert timescale_data.DELTA_T_MS[:2] == (42145, 42178)
    assert timescales.delta_t(datetime(1972, 1, 1, tzinfo=UTC)) == pytest.approx(42.145, abs=1e-12)
    assert timescales.delta_t(datetime(1972, 1, 6, tzinfo=UTC)) == pytest.approx(42.1615, abs=1e-12)
    assert timescales.delta_t(datetime(1972, 1, 8, 12, tzinfo=UTC)) == pytest.approx(
        42.145 + 0.75 * 0.033, abs=1e-12
    )
    assert timescales.delta_t(datetime(1972, 1, 11, tzinfo=UTC)) == pytest.approx(42.178, abs=1e-12)
    assert timescales.delta_t(datetime(1960, 1, 1, tzinfo=UTC)) == pytest.approx(42.145, abs=1e-12)
    last = timescale_data.DELTA_T_MS[-1] / 1000
    assert timescales.delta_t(datetime(2200, 1, 1, tzinfo=UTC)) == pytest.approx(last, abs=1e-12)


def test_modified_julian_dates() -> None:
    # The J2000.0 epoch, 2000 Jan 1 12:00, is MJD 51544.5; MJD 0 is 1858 Nov 17.
    assert timescales.mjd(datetime(2000, 1, 1, 12, tzinfo=UTC)) == 51544.5
    assert timescales.mjd(datetime(1858, 11, 17, tzinfo=UTC)) == 0.0
    assert timescales.LEAP_SECONDS_EXPIRE - date(2000, 1, 1) == timedelta(
        days=timescale_data.LEAP_SECONDS_EXPIRE_MJD - 51544
    )
    assert timescales.UT1_OBSERVED_END - date(2000, 1, 1) == timedelta(
        days=timescale_data.UT1_OBSERVED_END_MJD - 51544
    )
    assert timescales.UT1_PREDICTED_END - date(2000, 1, 1) == timedelta(
        days=timescale_data.UT1_PREDICTED_END_MJD - 51544
    )


def test_days_are_counted_from_the_mjd_epoch() -> None:
    assert timescales._day(51544) == date(2000, 1, 1)
    assert timescales._day(41317) == date(1972, 1, 1)


def test_nothing_depends_on_the_machines_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """An instant given in any offset is converted to UTC itself, not to the zone the
    machine runs in: the same answers in Tokyo as on Lambda (which runs in UTC)."""
    paris = datetime(2024, 3, 20, 13, 30, tzinfo=timezone(timedelta(hours=1)))
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        written = timescales.iso_z(paris, "seconds")
        converted = Moment.of(paris)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert written == "2024-03-20T12:30:00Z"
    assert converted.utc.utcoffset() == timedelta(0)
    # The wall time PyEphem is handed: UT1, 10 ms before 12:30 UTC that day (IERS: -0.0093 s).
    handed = converted.ut1.replace(tzinfo=None) - datetime(2024, 3, 20, 12, 30)
    assert handed == pytest.approx(timedelta(seconds=-0.0093), abs=timedelta(seconds=IERS_MS))


def test_utc_instants_are_written_with_a_z() -> None:
    paris = datetime(2024, 3, 20, 13, 30, 0, 250000, tzinfo=timezone(timedelta(hours=1)))
    assert timescales.iso_z(paris) == "2024-03-20T12:30:00.250000Z"
    assert timescales.iso_z(paris, "seconds") == "2024-03-20T12:30:00Z"
    assert timescales.iso_z(datetime(2024, 3, 20, 12, tzinfo=UTC)) == "2024-03-20T12:00:00Z"


def test_a_ut1_reading_goes_back_to_utc() -> None:
    # 2008 Dec 31, UT1 - UTC = -0.592 s: the UT1 reading 12:00:00 is 12:00:00.592 UTC.
    utc = timescales.from_ut1(datetime(2008, 12, 31, 12, tzinfo=UTC))
    assert utc - datetime(2008, 12, 31, 12, tzinfo=UTC) == pytest.approx(
        timedelta(seconds=0.5924), abs=timedelta(seconds=IERS_MS)
    )
    for when in (datetime(1973, 1, 1, 12, tzinfo=UTC), datetime(2024, 3, 20, 12, tzinfo=UTC),
                 datetime(1950, 1, 1, tzinfo=UTC)):  # fmt: skip
        assert abs(timescales.from_ut1(Moment.of(when).ut1) - when) < timedelta(microseconds=2)


def test_the_data_is_named() -> None:
    assert timescales.SOURCE == (
        f"IERS Leap_Second.dat and finals2000A.all ({timescale_data.IERS_DATA}), "
        "then Skyfield's Delta T model"
    )
