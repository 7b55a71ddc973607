"""provenance(), whole, against values from outside it: the installed PyEphem's version
from the package metadata, the IERS's published UT1 - UTC and Delta T, PyEphem's own
Delta T as published for the year, and the shipped data's expiry counted from an epoch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from importlib.metadata import version

import pytest

from planettracker.core import timescale_data
from planettracker.core.ephemeris import Atmosphere, provenance
from planettracker.core.timescales import Moment

EXPIRES = date(2000, 1, 1) + timedelta(days=timescale_data.LEAP_SECONDS_EXPIRE_MJD - 51544)
SOURCE = (
    f"IERS Leap_Second.dat and finals2000A.all ({timescale_data.IERS_DATA}), "
    "then Skyfield's Delta T model"
)
THEORY = "VSOP87 for the Sun and Mercury-Neptune; libastro's own Moon and Pluto"


def test_provenance_at_the_end_of_2008() -> None:
    """2008 Dec 31 12:00 UTC: the IERS's UT1 - UTC -0.5924 s and Delta T 65.776 s;
    PyEphem's own Delta T, from its table of observed values, is as near 65.8 s."""
    got = provenance(Atmosphere(990.0, -5.0), Moment.of(datetime(2008, 12, 31, 12, tzinfo=UTC)))
    assert got == {
        "engine": f"PyEphem {version('ephem')}",
        "theory": THEORY,
        "refraction": {"applied": True, "pressure_mbar": 990.0, "temperature_C": -5.0},
        "time_scales": {
            "input": "UTC",
            "regime": "observed",
            "ut1_minus_utc_s": pytest.approx(-0.5924, abs=0.005),
            "delta_t_s": pytest.approx(65.8, abs=0.2),
            "iers_delta_t_s": pytest.approx(65.776, abs=0.005),
            "data_expires": EXPIRES.isoformat(),
            "source": SOURCE,
        },
    }


def test_provenance_without_refraction_and_at_the_first_instant_of_1972() -> None:
    """1972 Jan 1 00:00 UTC is read as UTC (the first instant of leap-second UTC):
    UT1 - UTC = 10 + 32.184 - 42.145 = 0.039 s."""
    got = provenance(Atmosphere(0.0, 15.0), Moment.of(datetime(1972, 1, 1, tzinfo=UTC)))
    assert got["refraction"] == {"applied": False, "pressure_mbar": 0.0, "temperature_C": 15.0}
    scales = got["time_scales"]
    assert (scales["input"], scales["regime"]) == ("UTC", "observed")
    assert scales["ut1_minus_utc_s"] == pytest.approx(0.039, abs=1e-9)
    assert scales["iers_delta_t_s"] == pytest.approx(42.145, abs=1e-9)


@pytest.mark.parametrize(("pressure", "applied"), [(0.0, False), (0.5, True), (1.0, True)])
def test_refraction_is_applied_for_any_pressure_above_zero(pressure: float, applied: bool) -> None:
    got = provenance(Atmosphere(pressure, 15.0), Moment.of(datetime(2024, 3, 20, tzinfo=UTC)))
    assert got["refraction"]["applied"] is applied
