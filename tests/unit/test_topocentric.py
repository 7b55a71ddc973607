"""The place's part of the sky (core/topocentric.py) is libastro's last steps ported
operation for operation, so it gives PyEphem's own answer: on the first 600 seeded cases
of tests/accuracy/split_sky.py (100 of each kind: poles, elevations of 10 to 20 km, the
horizon with and without refraction, the zenith, the azimuth across north), azimuth,
altitude and distance to the bit (single precision, as libastro hands them over), right
ascension and declination within 1e-14 rad (the local sidereal time is summed in
another order: 1e-15 h). The same comparison at 10,000 cases, with the tolerances the
answer needs, is tests/accuracy/test_against_pyephem.py; this one is fast enough for
`make mutation`.
"""

from __future__ import annotations

import pytest

from ..accuracy import before_split
from ..accuracy.split_sky import KINDS, compared, held, turn

FAST_CASES = 600
RA_DEC_RAD = 1e-14


def test_azimuth_altitude_and_distance_are_pyephems_to_the_bit() -> None:
    differ = [(where, air, theirs.name, ours[:2], ours[4])
              for _, where, air, theirs, _, ours in compared(FAST_CASES)
              if (ours[0], ours[1], ours[4]) != (theirs.az, theirs.alt, theirs.earth_distance)]  # fmt: skip
    assert differ == []


def test_right_ascension_and_declination_are_pyephems_within_1e_14_rad() -> None:
    worst_ra = max(turn(ours[2], theirs.ra) for *_, theirs, _, ours in compared(FAST_CASES))
    worst_dec = max(abs(ours[3] - theirs.dec) for *_, theirs, _, ours in compared(FAST_CASES))
    assert worst_ra < RA_DEC_RAD and worst_dec < RA_DEC_RAD, (worst_ra, worst_dec)


def test_the_answers_fields_are_what_pyephem_gives_rounded() -> None:
    differ = [(where, air, answer) for _, where, air, theirs, answer, _ in compared(FAST_CASES)
              if answer != before_split.fields(answer["name"], theirs)]  # fmt: skip
    assert differ == []


@pytest.mark.parametrize("kind", KINDS[1:])
def test_the_fast_cases_hold_each_kind(kind: str) -> None:
    """Each kind of case is there for something the comparison must see, body by body."""
    has = held(kind, FAST_CASES)
    wanted = {
        "pole": ("at_a_pole",),
        "high": ("above_10_km",),
        "horizon": ("horizon_refracted", "horizon_airless"),
        "zenith": ("zenith",),
        "north": ("north_east_of_it", "north_west_of_it"),
    }[kind]
    assert {what: has[what] >= 20 for what in wanted} == dict.fromkeys(wanted, True), has
