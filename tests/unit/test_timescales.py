"""The time data knows its age, and provenance states the time scales that were applied."""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime, timedelta
from typing import Any

import ephem
import pytest
from skyfield.api import load

from planettracker.core import ephemeris, timescale_data, timescales
from planettracker.core.ephemeris import Atmosphere
from planettracker.core.timescales import Moment

from ..accuracy.before_split import pyephem_observer
from ..conftest import ROOT

WARN_DAYS = 30


def test_leap_second_data_is_not_about_to_expire() -> None:
    """Fails 30 days before the shipped leap-second list expires, so CI forces a refresh
    while there is time: a leap second announced after it would otherwise go unapplied."""
    left = timescales.LEAP_SECONDS_EXPIRE - datetime.now(UTC).date()
    assert left > timedelta(days=WARN_DAYS), (
        f"the leap-second data expires on {timescales.LEAP_SECONDS_EXPIRE}: upgrade "
        "astropy-iers-data in the lock, run `make refresh-time-data` and commit the result"
    )


def _refresh_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "refresh_time_data", ROOT / "infra" / "refresh_time_data.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_data_is_what_the_locked_iers_files_say() -> None:
    """Upgrading astropy-iers-data without `make refresh-time-data` fails here."""
    refresh = _refresh_script()
    finals = (refresh.IERS / "finals2000A.all").read_text().splitlines()
    assert refresh.ut1_ends(finals) == (
        timescale_data.UT1_OBSERVED_END_MJD,
        timescale_data.UT1_PREDICTED_END_MJD,
    )
    assert refresh.expiry() == timescales.LEAP_SECONDS_EXPIRE
    assert refresh.leap_seconds() == list(timescale_data.LEAP_SECONDS)
    assert timescale_data.IERS_DATA == f"astropy-iers-data {refresh.astropy_iers_data.__version__}"
    assert timescales.UT1_OBSERVED_END < timescales.UT1_PREDICTED_END


def at(day: date, hours: float = 0.0) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hours)


def test_every_instant_falls_in_one_named_regime() -> None:
    observed, predicted = timescales.UT1_OBSERVED_END, timescales.UT1_PREDICTED_END
    cases = {
        datetime(1900, 1, 1, tzinfo=UTC): "before 1972",
        datetime(1971, 12, 31, 23, 59, 59, tzinfo=UTC): "before 1972",
        datetime(1972, 1, 1, tzinfo=UTC): "observed",
        at(observed): "observed",
        at(observed, 25): "predicted",
        at(predicted): "predicted",
        at(predicted, 25): "model",
        datetime(2100, 12, 31, tzinfo=UTC): "model",
    }
    assert {when: timescales.regime(when) for when in cases} == cases


def test_ut1_agrees_with_an_independent_copy_of_the_iers_series() -> None:
    """Skyfield ships its own, older finals2000A.all: over 1972-2024, where both are
    observed, the shipped 10-day Delta T samples give UT1 - UTC within 5 ms (0.075")."""
    start = datetime(1972, 1, 1, tzinfo=UTC)
    days = [start + timedelta(days=3.7 * i) for i in range(int(52 * 365.25 / 3.7))]
    theirs = load.timescale(builtin=True).from_datetimes(days).dut1
    worst = max(
        abs(float(t) - Moment.of(d).ut1_minus_utc_s) for t, d in zip(theirs, days, strict=True)
    )
    assert worst < 0.005


def time_scales(when: datetime) -> ephemeris.TimeScales:
    return ephemeris.provenance(Atmosphere(), Moment.of(when))["time_scales"]


@pytest.mark.parametrize(
    "when",
    [datetime(1900, 1, 1, tzinfo=UTC), datetime(1950, 6, 1, 12, tzinfo=UTC),
     datetime(1971, 12, 31, tzinfo=UTC), datetime(1990, 5, 1, tzinfo=UTC),
     datetime(2024, 3, 20, 12, tzinfo=UTC), datetime(2060, 1, 1, tzinfo=UTC)],
)  # fmt: skip
def test_provenance_reports_the_delta_t_pyephem_applied(when: datetime) -> None:
    """libastro turns its UT date into TT with its own Delta T (ephem.delta_t), in every
    era: that, not the IERS's, is what placed the bodies, so that is what is reported."""
    moment = Moment.of(when)
    observer = pyephem_observer(ephemeris.GREENWICH, Atmosphere(), moment)
    assert time_scales(when)["delta_t_s"] == ephem.delta_t(observer.date)


def test_before_1972_the_time_is_read_as_ut1_and_nothing_else_is_claimed() -> None:
    when = datetime(1900, 1, 1, tzinfo=UTC)
    reported = time_scales(when)
    assert reported == {
        "input": "UT1 (before 1972)",
        "regime": "before 1972",
        "ut1_minus_utc_s": 0.0,
        "delta_t_s": ephem.delta_t(ephem.Date("1900/1/1")),
        "iers_delta_t_s": None,
        "data_expires": timescales.LEAP_SECONDS_EXPIRE.isoformat(),
        "source": timescales.SOURCE,
    }
    # About -2.7 s in 1900 (Morrison and Stephenson), not the 1972 table's first 42 s.
    assert -3.0 < reported["delta_t_s"] < -2.0
    observer = pyephem_observer(ephemeris.GREENWICH, Atmosphere(), Moment.of(when))
    assert observer.date == ephem.Date("1900/1/1")


def test_from_1972_ut1_minus_utc_is_the_one_handed_to_pyephem() -> None:
    when = datetime(2024, 3, 20, 12, tzinfo=UTC)
    reported = time_scales(when)
    iers = reported["iers_delta_t_s"]
    assert iers is not None and 69.0 < iers < 69.4  # IERS: 69.2 s in early 2024
    assert reported["regime"] == "observed" and reported["input"] == "UTC"
    assert reported["ut1_minus_utc_s"] == pytest.approx(37 + 32.184 - iers, abs=1e-9)
    observer = pyephem_observer(ephemeris.GREENWICH, Atmosphere(), Moment.of(when))
    handed = when + timedelta(seconds=reported["ut1_minus_utc_s"])
    assert abs((observer.date - ephem.Date(handed.replace(tzinfo=None))) * 86400) < 1e-5
