"""UTC to UT1, the time PyEphem needs: the core's only concern with time scales.

PyEphem takes its date as UT and derives TT from its own Delta T table, which ends in
2018; fed UTC, it turns the Earth by the wrong angle (UT1 - UTC reaches 0.9 s, 13.5"
of sky). From 1972, when UTC took on leap seconds, PlanetTracker feeds it UT1 =
UTC + (TAI - UTC) + 32.184 s - Delta T, from IERS data shipped in timescale_data
(`make refresh-time-data` renews it). Times before 1972 are read as UT1 already.

The data knows its age: UT1 - UTC is observed by the IERS to UT1_OBSERVED_END, then
predicted to UT1_PREDICTED_END, then continued by Skyfield's Delta T model (`regime`
names which); the leap-second list expires on LEAP_SECONDS_EXPIRE, after which a leap
second announced since would be missing. tests/unit/test_timescales.py fails 30 days
before that day.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import Literal

import ephem

from .timescale_data import (
    DELTA_T_MS,
    DELTA_T_START_MJD,
    DELTA_T_STEP_DAYS,
    IERS_DATA,
    LEAP_SECONDS,
    LEAP_SECONDS_EXPIRE_MJD,
    UT1_OBSERVED_END_MJD,
    UT1_PREDICTED_END_MJD,
)

MJD_EPOCH = datetime(1858, 11, 17, tzinfo=UTC)
UTC_LEAP_SECONDS_START = datetime(1972, 1, 1, tzinfo=UTC)
TT_MINUS_TAI_S = 32.184
_LEAP_MJDS = [mjd for mjd, _ in LEAP_SECONDS]
# Where UT1 - UTC comes from at an instant: see `regime`.
Regime = Literal["before 1972", "observed", "predicted", "model"]


def _day(mjd_days: int) -> date:
    return (MJD_EPOCH + timedelta(days=mjd_days)).date()


LEAP_SECONDS_EXPIRE = _day(LEAP_SECONDS_EXPIRE_MJD)
UT1_OBSERVED_END = _day(UT1_OBSERVED_END_MJD)
UT1_PREDICTED_END = _day(UT1_PREDICTED_END_MJD)
SOURCE = f"IERS Leap_Second.dat and finals2000A.all ({IERS_DATA}), then Skyfield's Delta T model"


def iso_z(when: datetime, timespec: str = "auto") -> str:
    """Write a UTC instant as ISO 8601 with a Z, as every response does."""
    return when.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def mjd(when: datetime) -> float:
    return (when - MJD_EPOCH) / timedelta(days=1)


def tai_minus_utc(when: datetime) -> int:
    """Return TAI - UTC in whole seconds at a UTC instant (from 1972)."""
    index = bisect.bisect_right(_LEAP_MJDS, mjd(when)) - 1
    return LEAP_SECONDS[max(index, 0)][1]


def delta_t(when: datetime) -> float:
    """Return Delta T = TT - UT1 in seconds, linearly interpolated between samples."""
    position = (mjd(when) - DELTA_T_START_MJD) / DELTA_T_STEP_DAYS
    index = min(max(int(position), 0), len(DELTA_T_MS) - 2)
    fraction = min(max(position - index, 0.0), 1.0)
    low, high = DELTA_T_MS[index], DELTA_T_MS[index + 1]
    return (low + (high - low) * fraction) / 1000.0


def regime(when: datetime) -> Regime:
    """Name where UT1 - UTC at a UTC instant comes from: nothing before 1972 (the time is
    read as UT1), the IERS's observed values to UT1_OBSERVED_END, its predictions to
    UT1_PREDICTED_END, and Skyfield's Delta T model after (IERS finals2000A.all flags)."""
    if when < UTC_LEAP_SECONDS_START:
        return "before 1972"
    day = mjd(when)
    if day <= UT1_OBSERVED_END_MJD:
        return "observed"
    return "predicted" if day <= UT1_PREDICTED_END_MJD else "model"


def ut1_minus_utc(when: datetime, delta_t_s: float | None = None) -> float:
    """Return UT1 - UTC in seconds at a UTC instant; 0 before 1972 (read as UT1)."""
    if when < UTC_LEAP_SECONDS_START:
        return 0.0
    return (
        tai_minus_utc(when) + TT_MINUS_TAI_S - (delta_t(when) if delta_t_s is None else delta_t_s)
    )


@dataclass(frozen=True)
class Moment:
    """A UTC instant with its time-scale offsets, converted once per question.

    `iers_delta_t_s` is the Delta T (IERS, then Skyfield's model) that UT1 - UTC was
    derived from; None before 1972, when the instant is read as UT1 and none is used.
    """

    utc: datetime
    ut1_minus_utc_s: float
    iers_delta_t_s: float | None

    @classmethod
    def of(cls, when: datetime) -> Moment:
        """Convert an aware instant once: Delta T, then UT1 - UTC from it (from 1972).
        Memoised by the instant in UTC (`shared_moment`)."""
        return shared_moment(when.astimezone(UTC))

    @property
    def ut1(self) -> datetime:
        return self.utc + timedelta(seconds=self.ut1_minus_utc_s)

    @cached_property
    def pyephem_date(self) -> ephem.Date:
        """The instant as PyEphem reads it: UT1, as a naive datetime (its convention).
        Made once, for the positions and the provenance alike."""
        return ephem.Date(self.ut1.replace(tzinfo=None))


@lru_cache(maxsize=1024)
def shared_moment(utc: datetime) -> Moment:
    """The `Moment` of a UTC instant. Memoised, as the instant is: every request of one
    second shares its moment, and a moment is frozen, so a hit is what a miss computes.
    Keyed in UTC: two readings of one wall clock in a zone (a fold) are equal as keys."""
    if utc < UTC_LEAP_SECONDS_START:
        return Moment(utc, 0.0, None)
    dt = delta_t(utc)
    return Moment(utc, ut1_minus_utc(utc, dt), dt)


def from_ut1(when: datetime) -> datetime:
    """Return the UTC instant of a UT1 reading: the inverse of `Moment.ut1`, to the microsecond
    except within a second of a leap second, where one UT1 reading has two UTC names."""
    # UT1 - UTC changes by under 3 ms a day, so one step from the UT1 reading suffices.
    return when - timedelta(seconds=ut1_minus_utc(when - timedelta(seconds=ut1_minus_utc(when))))
