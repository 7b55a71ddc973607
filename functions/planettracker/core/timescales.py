"""UTC to UT1, the time PyEphem needs: the core's only concern with time scales.

PyEphem takes its date as UT and derives TT from its own Delta T table, which ends in
2018; fed UTC, it turns the Earth by the wrong angle (UT1 - UTC reaches 0.9 s, 13.5"
of sky). From 1972, when UTC took on leap seconds, PlanetTracker feeds it UT1 =
UTC + (TAI - UTC) + 32.184 s - Delta T, from IERS data shipped in timescale_data
(`make refresh-time-data` renews it). Times before 1972 are read as UT1 already.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .timescale_data import DELTA_T_MS, DELTA_T_START_MJD, DELTA_T_STEP_DAYS, LEAP_SECONDS

MJD_EPOCH = datetime(1858, 11, 17, tzinfo=UTC)
UTC_LEAP_SECONDS_START = datetime(1972, 1, 1, tzinfo=UTC)
TT_MINUS_TAI_S = 32.184
_LEAP_MJDS = [mjd for mjd, _ in LEAP_SECONDS]


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


def ut1_minus_utc(when: datetime, delta_t_s: float | None = None) -> float:
    """Return UT1 - UTC in seconds at a UTC instant; 0 before 1972 (read as UT1)."""
    if when < UTC_LEAP_SECONDS_START:
        return 0.0
    return (
        tai_minus_utc(when) + TT_MINUS_TAI_S - (delta_t(when) if delta_t_s is None else delta_t_s)
    )


@dataclass(frozen=True)
class Moment:
    """A UTC instant with its time-scale offsets, converted once per question."""

    utc: datetime
    ut1_minus_utc_s: float
    delta_t_s: float

    @classmethod
    def of(cls, when: datetime) -> Moment:
        """Convert an aware instant once: Delta T, then UT1 - UTC from it."""
        utc = when.astimezone(UTC)
        dt = delta_t(utc)
        return cls(utc, ut1_minus_utc(utc, dt), dt)

    @property
    def ut1(self) -> datetime:
        return self.utc + timedelta(seconds=self.ut1_minus_utc_s)


def from_ut1(when: datetime) -> datetime:
    """Return the UTC instant of a UT1 reading: the inverse of `Moment.ut1`, to the microsecond
    except within a second of a leap second, where one UT1 reading has two UTC names."""
    # UT1 - UTC changes by under 3 ms a day, so one step from the UT1 reading suffices.
    return when - timedelta(seconds=ut1_minus_utc(when - timedelta(seconds=ut1_minus_utc(when))))
