"""The visibility verdict, case by case against the rule the README states: each reason,
each twilight band, both sides of every boundary, worked by hand.

The rule: not visible, with the first reason that applies, when the body is under the
horizon parameter (below_horizon); a planet fainter than the limiting magnitude
(too_faint); a planet within 10 deg of the Sun (too_close_to_sun); a planet while the Sun
is above -0.833 deg (daylight); a planet while the Sun is above -6 deg for magnitude
<= 0, -12 deg for magnitude <= 4, -18 deg otherwise (twilight). The Sun and Moon are
visible whenever they are up.
"""

from __future__ import annotations

from typing import Any

import pytest

from planettracker.core.ephemeris import BodyName, Position
from planettracker.core.visibility import Thresholds, darkness_needed_deg, observe, visibility

DARK = -30.0  # a Sun this far down leaves every band dark
DEFAULTS = Thresholds()


def body(name: BodyName = "jupiter", alt: float = 40.0, magnitude: float = -2.0,
         elongation_deg: float = 120.0) -> Position:  # fmt: skip
    """A body as the core computes it: only alt, magnitude and elongation matter here."""
    return {
        "name": name, "az": 180.0, "alt": alt, "compass": "S", "above_horizon": alt > 0,
        "ra_hours": 12.0, "dec_deg": 0.0, "distance_au": 4.5, "distance_km": 673190418.2,
        "magnitude": magnitude, "phase_percent": 99.5, "elongation_deg": elongation_deg,
        "constellation": "Aries", "constellation_abbr": "Ari",
    }  # fmt: skip


def verdict(reason: str | None) -> dict[str, Any]:
    return {"visible": reason is None, "reason": reason}


def test_the_thresholds_are_the_documented_ones() -> None:
    assert (DEFAULTS.limiting_magnitude, DEFAULTS.min_elongation_deg) == (6.0, 10.0)


@pytest.mark.parametrize(
    ("magnitude", "sun_below_deg"),
    [(-4.0, -6.0), (0.0, -6.0),  # bright: civil twilight is dark enough
     (0.01, -12.0), (4.0, -12.0),  # nautical
     (4.01, -18.0), (9.0, -18.0)],  # faint: astronomical darkness
)  # fmt: skip
def test_darkness_needed_by_magnitude(magnitude: float, sun_below_deg: float) -> None:
    assert darkness_needed_deg(magnitude) == sun_below_deg


# (what, body, Sun's altitude, horizon, limiting magnitude) -> the first reason, or None.
CASES = [
    # below_horizon: alt < horizon. At the horizon itself the body counts as up.
    ("a planet just under the horizon", body(alt=-0.01), DARK, 0.0, 6.0, "below_horizon"),
    ("a planet on the horizon", body(alt=0.0), DARK, 0.0, 6.0, None),
    ("under a raised horizon", body(alt=4.99), DARK, 5.0, 6.0, "below_horizon"),
    ("on a raised horizon", body(alt=5.0), DARK, 5.0, 6.0, None),
    ("above a lowered horizon", body(alt=-2.0), DARK, -2.5, 6.0, None),
    # First reason first: below the horizon wins over faint, close and daylight.
    ("down, faint, close, by day", body(alt=-1.0, magnitude=8.0, elongation_deg=2.0), 30.0, 0.0, 6.0, "below_horizon"),
    # The Sun and Moon: visible whenever up, by day, beside the Sun, however bright.
    ("the Sun up", body("sun", alt=30.0, magnitude=-26.7, elongation_deg=0.0), 30.0, 0.0, 6.0, None),
    ("the Sun down", body("sun", alt=-0.5, magnitude=-26.7, elongation_deg=0.0), -0.5, 0.0, 6.0, "below_horizon"),
    ("a new Moon by day", body("moon", alt=20.0, magnitude=-3.0, elongation_deg=4.0), 25.0, 0.0, 6.0, None),
    ("a Moon fainter than the limit", body("moon", alt=20.0, magnitude=-3.0), DARK, 0.0, -5.0, None),
    ("the Moon under a raised horizon", body("moon", alt=9.0, magnitude=-12.0), DARK, 10.0, 6.0, "below_horizon"),
    # ... but a planet with the same numbers is not: the rule is for the Sun and Moon.
    ("a planet by day", body("venus", alt=20.0, magnitude=-4.0, elongation_deg=40.0), 25.0, 0.0, 6.0, "daylight"),
    # too_faint: magnitude > limit. At the limit it counts as visible.
    ("at the limiting magnitude", body(magnitude=6.0), DARK, 0.0, 6.0, None),
    ("just fainter", body(magnitude=6.01), DARK, 0.0, 6.0, "too_faint"),
    ("a city sky", body("uranus", magnitude=5.7), DARK, 0.0, 4.0, "too_faint"),
    ("faint wins over close and daylight", body(magnitude=7.8, elongation_deg=3.0), 30.0, 0.0, 6.0, "too_faint"),
    # too_close_to_sun: |elongation| < 10, east (+) or west (-). At 10 it is not.
    ("9.99 deg east of the Sun", body(elongation_deg=9.99), DARK, 0.0, 6.0, "too_close_to_sun"),
    ("9.99 deg west of the Sun", body(elongation_deg=-9.99), DARK, 0.0, 6.0, "too_close_to_sun"),
    ("10 deg east", body(elongation_deg=10.0), DARK, 0.0, 6.0, None),
    ("10 deg west", body(elongation_deg=-10.0), DARK, 0.0, 6.0, None),
    ("close wins over daylight", body(elongation_deg=5.0), 30.0, 0.0, 6.0, "too_close_to_sun"),
    # daylight: Sun at or above -0.833 (upper limb on the refracted horizon).
    ("the Sun at -0.833", body(magnitude=-4.0), -0.833, 0.0, 6.0, "daylight"),
    ("the Sun at -0.834: twilight, not daylight", body(magnitude=-4.0), -0.834, 0.0, 6.0, "twilight"),
    # twilight, magnitude <= 0: needs the Sun below -6 (civil).
    ("mag 0.0, Sun at -6.0", body(magnitude=0.0), -6.0, 0.0, 6.0, "twilight"),
    ("mag 0.0, Sun at -6.01", body(magnitude=0.0), -6.01, 0.0, 6.0, None),
    ("mag -2.0, Sun at -1.0", body(magnitude=-2.0), -1.0, 0.0, 6.0, "twilight"),
    # magnitude in (0, 4]: needs the Sun below -12 (nautical).
    ("mag 0.01, Sun at -6.01", body(magnitude=0.01), -6.01, 0.0, 6.0, "twilight"),
    ("mag 0.01, Sun at -12.01", body(magnitude=0.01), -12.01, 0.0, 6.0, None),
    ("mag 4.0, Sun at -12.0", body(magnitude=4.0), -12.0, 0.0, 6.0, "twilight"),
    ("mag 4.0, Sun at -12.01", body(magnitude=4.0), -12.01, 0.0, 6.0, None),
    # magnitude > 4: needs the Sun below -18 (astronomical).
    ("mag 4.01, Sun at -12.01", body(magnitude=4.01), -12.01, 0.0, 6.0, "twilight"),
    ("mag 5.7, Sun at -18.0", body(magnitude=5.7), -18.0, 0.0, 6.0, "twilight"),
    ("mag 5.7, Sun at -18.01", body(magnitude=5.7), -18.01, 0.0, 6.0, None),
    # A brighter limit than the default: a magnitude 7.8 Neptune with binoculars' 9.
    ("Neptune, limit 9, dark", body("neptune", magnitude=7.8), -18.5, 0.0, 9.0, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("seen", "sun_alt", "horizon", "limit", "reason"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_the_first_reason_that_applies(
    seen: Position, sun_alt: float, horizon: float, limit: float, reason: str | None
) -> None:
    got = visibility(seen, sun_alt, horizon, Thresholds(limiting_magnitude=limit))
    assert got == verdict(reason)


def test_observe_gives_each_body_its_verdict_and_keeps_its_fields() -> None:
    bodies = [body("sun", alt=-20.0, magnitude=-26.7, elongation_deg=0.0),
              body("moon", alt=35.0, magnitude=-11.0, elongation_deg=150.0),
              body("mars", alt=12.0, magnitude=1.2, elongation_deg=-60.0),
              body("neptune", alt=30.0, magnitude=7.8, elongation_deg=100.0)]  # fmt: skip
    observed = observe(bodies, -20.0, 0.0, DEFAULTS)
    assert observed == [
        {**bodies[0], "visibility": verdict("below_horizon")},
        {**bodies[1], "visibility": verdict(None)},
        {**bodies[2], "visibility": verdict(None)},
        {**bodies[3], "visibility": verdict("too_faint")},
    ]
