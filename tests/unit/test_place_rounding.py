"""The page's error budget for the place it sends (docs/page.md): rounded to 0.005 degree
of latitude and longitude and 100 m of height (site/js/api.js, sharedPlace), so that a
town shares URLs, no body moves by more than 0.01 degree, the table's last digit."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from planettracker.core import ephemeris
from planettracker.core.ephemeris import Atmosphere, Location
from planettracker.core.timescales import Moment

GRID_DEG, GRID_M = 0.005, 100.0
LAST_DIGIT = 0.01
# A place moved by d degrees of the Earth turns its horizon by d: at most sqrt(2) x 0.0025
# degree, 0.0035; the Moon, 60 Earth radii away, moves by a sixtieth more (parallax).
DIRECTION_BUDGET = 0.0036


def to_grid(value: float, grid: float) -> float:
    return round(value / grid) * grid


def separation_deg(a: ephemeris.Position, b: ephemeris.Position) -> float:
    """The angle between two directions on the sky, degrees (haversine)."""
    h1, h2 = math.radians(a["alt"]), math.radians(b["alt"])
    dz = math.radians(a["az"] - b["az"])
    s = math.sin((h1 - h2) / 2) ** 2 + math.cos(h1) * math.cos(h2) * math.sin(dz / 2) ** 2
    return math.degrees(2 * math.asin(math.sqrt(s)))


def test_rounding_the_place_moves_no_body_beyond_the_last_digit() -> None:
    rng = random.Random(20240320)
    air = Atmosphere()
    worst_alt = worst_az_low = worst_direction = 0.0
    for _ in range(1500):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        elevation = rng.uniform(-100, 4000)
        when = datetime(1950, 1, 1, tzinfo=UTC) + timedelta(days=rng.uniform(0, 365.25 * 100))
        moment = Moment.of(when)
        exact = ephemeris.sky(Location(lat, lon, elevation, "request"), air, moment)
        where = Location(to_grid(lat, GRID_DEG), to_grid(lon, GRID_DEG),
                         to_grid(elevation, GRID_M), "request")  # fmt: skip
        for a, b in zip(exact, ephemeris.sky(where, air, moment), strict=True):
            worst_alt = max(worst_alt, abs(a["alt"] - b["alt"]))
            if b["alt"] >= 0:  # below, libastro's refraction formula stretches altitudes
                worst_direction = max(worst_direction, separation_deg(a, b))
            if 0 <= b["alt"] < 70:
                worst_az_low = max(worst_az_low, abs((a["az"] - b["az"] + 180) % 360 - 180))
    assert worst_direction < DIRECTION_BUDGET
    # Altitude everywhere (below the horizon libastro's refraction amplifies it), and
    # azimuth up to 70 degrees: above, a hundredth of azimuth is less than a hundredth of
    # sky (cos alt), and the same small move of the body shows as more of it.
    assert worst_alt < LAST_DIGIT
    assert worst_az_low < LAST_DIGIT
