"""The split sky against PyEphem's own topocentric answer (issue 20).

The core computes each instant's part once (PyEphem at the Earth's centre) and each
place's part with libastro's parallax, horizon turn and refraction ported to Python.
Here 10,000 seeded places and instants from 1900 to 2100 (split_sky.py: the poles,
elevations to 20 km, bodies within a degree of the horizon with and without refraction,
at the zenith, and on the meridian north of the zenith where the azimuth crosses north),
every body at each, are computed both ways: PyEphem handed an observer, as the core did
before the split, and the split core.
"""

from __future__ import annotations

import math

import pytest

from . import before_split
from .split_sky import KINDS, compared, held, turn

CASES = 10_000
ARCSEC = math.pi / 180 / 3600
TOLERANCE_RAD = 0.1 * ARCSEC
TOLERANCE_AU = 1.0 / 1.4959787e11  # 1 m


def test_az_alt_ra_dec_within_a_tenth_of_an_arcsecond_and_distance_within_a_metre() -> None:
    worst = {"az": 0.0, "alt": 0.0, "ra": 0.0, "dec": 0.0, "distance": 0.0}
    for _, _, _, theirs, _, (az, alt, ra, dec, distance_au) in compared(CASES):
        # Azimuth and right ascension as arcs on the sky, so the poles do not magnify them.
        worst["az"] = max(worst["az"], turn(az, theirs.az) * math.cos(theirs.alt))
        worst["alt"] = max(worst["alt"], abs(alt - theirs.alt))
        worst["ra"] = max(worst["ra"], turn(ra, theirs.ra) * math.cos(theirs.dec))
        worst["dec"] = max(worst["dec"], abs(dec - theirs.dec))
        worst["distance"] = max(worst["distance"], abs(distance_au - theirs.earth_distance))
    assert {k: v <= (TOLERANCE_AU if k == "distance" else TOLERANCE_RAD)
            for k, v in worst.items()} == dict.fromkeys(worst, True), worst  # fmt: skip


def test_the_answers_fields_are_what_pyephem_gives_rounded() -> None:
    """Every field the API writes, compared whole with PyEphem's values rounded as the
    core rounded them before the split (before_split.py): the split changes no byte."""
    differ = [(where, air, answer) for _, where, air, theirs, answer, _ in compared(CASES)
              if answer != before_split.fields(answer["name"], theirs)]  # fmt: skip
    assert differ == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_cases_hold_what_they_are_for(kind: str) -> None:
    has = held(kind, CASES)
    if kind == "pole":
        assert has["at_a_pole"] == has["bodies"]
    elif kind == "high":
        assert has["above_10_km"] == has["bodies"]
    elif kind == "horizon":  # every body's altitudes, the aimed-at one among them
        assert has["horizon_refracted"] > 300 and has["horizon_airless"] > 100
    elif kind == "zenith":
        assert has["zenith"] > 300
    elif kind == "north":
        assert has["north_east_of_it"] > 50 and has["north_west_of_it"] > 50
    else:
        assert has["before_1905"] > 0 and has["after_2095"] > 0
