"""Every field of a position checked against a value the core did not produce: Skyfield
with JPL's DE421 (tests/accuracy/reference.py) for direction, distance, phase,
elongation and constellation; published constants and almanac facts; arithmetic by hand.

One instant and place for most of it: 2024 March 20 12:00 UTC from Sydney (58 m), where
the Moon is a waxing gibbous in Cancer, Venus a morning star, Jupiter an evening one.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import cache

import ephem
import pytest

from planettracker.core import ephemeris
from planettracker.core.ephemeris import BODIES, Atmosphere, BodyName, Location, Position
from planettracker.core.timescales import Moment

from ..accuracy import outside
from ..accuracy.before_split import pyephem_observer

WHEN = datetime(2024, 3, 20, 12, tzinfo=UTC)
SYDNEY = Location(-33.86, 151.21, 58.0, "request")
GREENWICH = Location(51.4769, -0.0005, 0.0, "request")
TROMSO = Location(69.65, 18.96, 0.0, "request")
AIRLESS = Atmosphere(pressure_mbar=0.0)
IAU_KM_PER_AU = 149_597_870.7  # IAU 2012 Resolution B2: the au, exactly, in km
ARCSEC = 1 / 3600


@cache
def ours() -> dict[str, Position]:
    return {b["name"]: b for b in ephemeris.sky(SYDNEY, AIRLESS, Moment.of(WHEN))}


@cache
def theirs(name: BodyName) -> dict[str, float | str]:
    return outside.position(name, SYDNEY, WHEN)


def test_the_au_in_km_is_the_iau_one() -> None:
    assert ephemeris.KM_PER_AU == IAU_KM_PER_AU


@pytest.mark.parametrize("name", BODIES)
def test_distance_in_km_is_the_distance_in_au_times_the_au(name: BodyName) -> None:
    body = ours()[name]
    # distance_au is rounded to 1e-9 au (0.15 km), distance_km to 0.1 km.
    assert body["distance_km"] == pytest.approx(body["distance_au"] * IAU_KM_PER_AU, abs=0.25)


# How far PyEphem's distances are from DE421's, relative: its Moon is good to tens of km;
# the planets' distances differ by up to the light time times their speed toward us.
DISTANCE_RELATIVE = {"moon": 2e-4, "mercury": 3e-4, "pluto": 1e-4}


@pytest.mark.parametrize("name", BODIES)
def test_direction_and_distance_are_skyfields(name: BodyName) -> None:
    body, reference = ours()[name], theirs(name)
    tolerance = (3 if name != "pluto" else 20) * ARCSEC  # as the accuracy suite bounds them
    ra_gap = ((body["ra_hours"] - reference["ra_hours"]) * 15 + 180) % 360 - 180  # type: ignore[operator]
    assert abs(ra_gap * math.cos(math.radians(body["dec_deg"]))) < tolerance
    assert body["dec_deg"] == pytest.approx(reference["dec_deg"], abs=tolerance)
    assert body["distance_km"] == pytest.approx(
        reference["distance_km"], rel=DISTANCE_RELATIVE.get(name, 6e-5)
    )


@pytest.mark.parametrize("name", BODIES)
def test_phase_elongation_and_constellation_are_skyfields(name: BodyName) -> None:
    body, reference = ours()[name], theirs(name)
    # PyEphem's Moon phase comes from its own lunar theory (0.3% off at 80%).
    assert body["phase_percent"] == pytest.approx(
        reference["phase_percent"], abs=0.5 if name == "moon" else 0.02
    )
    if name != "sun":
        assert body["elongation_deg"] == pytest.approx(reference["elongation_deg"], abs=0.01)
    assert body["constellation_abbr"] == reference["constellation_abbr"]


def test_the_evening_and_morning_sky_by_the_sign_of_elongation() -> None:
    """Published for 2024 March 20: Venus and Saturn low in the morning (west of the Sun),
    Jupiter and Uranus in the evening (east), Mercury near its greatest eastern
    elongation of March 24 (18.7 deg), the Moon five days before full (waxing, east)."""
    signs = {n: math.copysign(1, b["elongation_deg"]) for n, b in ours().items() if n != "sun"}
    assert signs == {"moon": 1, "mercury": 1, "venus": -1, "mars": -1, "jupiter": 1,
                     "saturn": -1, "uranus": 1, "neptune": -1, "pluto": -1}  # fmt: skip
    assert ours()["sun"]["elongation_deg"] == 0.0
    assert 17.0 < ours()["mercury"]["elongation_deg"] < 18.7


@pytest.mark.parametrize(
    ("when", "low", "high"),
    # Published lunar phases, 2024 (UTC): full Moon Mar 25 07:00, new Moon Apr 8 18:21
    # (the total solar eclipse), first quarter Mar 17 04:11.
    [(datetime(2024, 3, 25, 7, tzinfo=UTC), 99.0, 100.0),
     (datetime(2024, 4, 8, 18, 21, tzinfo=UTC), 0.0, 0.5),
     (datetime(2024, 3, 17, 4, 11, tzinfo=UTC), 48.0, 52.0)],
)  # fmt: skip
def test_the_moons_phase_at_published_quarters(when: datetime, low: float, high: float) -> None:
    moon = ephemeris.position("moon", SYDNEY, AIRLESS, Moment.of(when))
    assert low <= moon["phase_percent"] <= high


def test_names_of_constellations_go_with_their_abbreviations() -> None:
    named = {n: (b["constellation_abbr"], b["constellation"]) for n, b in ours().items()}
    assert named == {
        "sun": ("Psc", "Pisces"), "moon": ("Cnc", "Cancer"), "mercury": ("Psc", "Pisces"),
        "venus": ("Aqr", "Aquarius"), "mars": ("Aqr", "Aquarius"), "jupiter": ("Ari", "Aries"),
        "saturn": ("Aqr", "Aquarius"), "uranus": ("Ari", "Aries"), "neptune": ("Psc", "Pisces"),
        "pluto": ("Cap", "Capricornus"),
    }  # fmt: skip


def test_magnitudes_as_published() -> None:
    """2024 March 20 (Sky & Telescope's and In-The-Sky's tables): Sun -26.7, Venus -3.9,
    Jupiter -2.0, Saturn +1.0, Mars +1.2, Uranus +5.8, Neptune +8.0, Pluto +14.5."""
    published = {"sun": -26.7, "venus": -3.9, "jupiter": -2.0, "saturn": 1.0, "mars": 1.2,
                 "uranus": 5.8, "neptune": 8.0, "pluto": 14.5}  # fmt: skip
    got = {n: ours()[n]["magnitude"] for n in published}
    assert got == pytest.approx(published, abs=0.2)


def test_a_position_is_what_sky_gives_and_names_each_field() -> None:
    venus = ephemeris.position("venus", SYDNEY, AIRLESS, Moment.of(WHEN))
    assert venus == ours()["venus"]
    assert list(venus) == [
        "name", "az", "alt", "compass", "above_horizon", "ra_hours", "dec_deg", "distance_au",
        "distance_km", "magnitude", "phase_percent", "elongation_deg", "constellation",
        "constellation_abbr",
    ]  # fmt: skip
    assert venus["compass"] == ephemeris.compass_point(venus["az"])
    assert ephemeris.sky(SYDNEY, AIRLESS, Moment.of(WHEN), ("mars", "sun")) == [
        ours()["mars"],
        ours()["sun"],
    ]


def test_pyephem_is_handed_the_place_and_air_in_its_units() -> None:
    observer = pyephem_observer(SYDNEY, Atmosphere(990.0, 25.0), Moment.of(WHEN))
    assert (observer.lat, observer.lon) == (
        pytest.approx(math.radians(-33.86), abs=1e-12),
        pytest.approx(math.radians(151.21), abs=1e-12),
    )
    assert (observer.elevation, observer.pressure, observer.temp) == (58.0, 990.0, 25.0)
    # UT1 = UTC + (-0.0093 s) that day (IERS): PyEphem's date, in days, is UT1.
    handed = (observer.date - ephem.Date("2024/3/20 12:00:00")) * 86400
    assert handed == pytest.approx(-0.0093, abs=0.005)


def test_the_observer_is_described_as_given() -> None:
    assert ephemeris.describe(SYDNEY, Atmosphere(990.0, -5.0)) == {
        "lat": -33.86, "lon": 151.21, "elevation_m": 58.0, "source": "request",
        "time_zone": "Australia/Sydney", "pressure_mbar": 990.0, "temperature_C": -5.0, "refraction": True,
    }  # fmt: skip
    assert ephemeris.describe(ephemeris.GREENWICH, AIRLESS) == {
        "lat": 51.4769, "lon": -0.0005, "elevation_m": 0.0, "source": "default",
        "time_zone": "Europe/London", "pressure_mbar": 0.0, "temperature_C": 15.0, "refraction": False,
    }  # fmt: skip


def test_at_the_horizon_a_body_is_not_above_it() -> None:
    """Sunrise at Greenwich on 2024 March 20, refraction off: at this microsecond the Sun's
    centre is within 0.000005 deg of the horizon (found by bisection), so alt is 0.0."""
    sun = ephemeris.position(
        "sun", GREENWICH, AIRLESS, Moment.of(datetime(2024, 3, 20, 6, 7, 8, 991232, tzinfo=UTC))
    )
    assert (sun["alt"], sun["above_horizon"]) == (0.0, False)


def test_right_ascension_wraps_to_zero_not_24() -> None:
    """The Sun reaches right ascension 0h (the equinox of date) at 03:04:41 UTC on 2024
    March 20: 0.5 s before, it is 23.99999964 h, which to six decimals is 24, written 0."""
    sun = ephemeris.position(
        "sun", GREENWICH, AIRLESS, Moment.of(datetime(2024, 3, 20, 3, 4, 40, 445944, tzinfo=UTC))
    )
    assert sun["ra_hours"] == 0.0


def test_azimuth_just_past_north_is_small_not_360() -> None:
    """The midnight Sun crossing due north at Tromso (lower culmination, 2024 June 21):
    PyEphem gives 360.00001 deg at this instant; the answer is 0.00001."""
    sun = ephemeris.position(
        "sun", TROMSO, AIRLESS, Moment.of(datetime(2024, 6, 21, 22, 46, 10, 702541, tzinfo=UTC))
    )
    assert (sun["az"], sun["compass"]) == (0.00001, "N")


@pytest.mark.parametrize(
    ("az", "point"), [(371.3, "NNE"), (-11.3, "NNW"), (708.8, "N"), (-348.7, "NNE")]
)
def test_an_azimuth_past_a_turn_names_the_same_point(az: float, point: str) -> None:
    # 371.3 = 360 + 11.3, just past the N/NNE boundary at 11.25; -11.3 = 348.7, just
    # before N starts at 348.75; 708.8 = 720 - 11.2; -348.7 = 11.3.
    assert ephemeris.compass_point(az) == point


def test_refraction_is_on_for_any_pressure_above_zero() -> None:
    thin = ephemeris.describe(SYDNEY, Atmosphere(0.5, 15.0))
    assert (thin["pressure_mbar"], thin["refraction"]) == (0.5, True)
