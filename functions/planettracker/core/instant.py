"""The part of the sky that is the same for every observer at one instant.

PyEphem spends nearly all of a position on what does not depend on the place: the
planetary theories, light time, deflection, nutation and aberration, which give each
body's apparent geocentric place of date, and its magnitude, phase and elongation.
Here that is computed once per instant (UT1) for every body, beside the apparent
sidereal time at Greenwich; core/topocentric.py turns it into one place's sky.

`shared` is a bounded memo of `at`: `at` is a pure function of the instant and returns
frozen values, so a hit is exactly what a miss would compute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal, NamedTuple, get_args

import ephem

from .shapes import DEGREES, MAGNITUDE, PERCENT

BodyName = Literal[
    "sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"
]  # fmt: skip
BODIES: tuple[BodyName, ...] = get_args(BodyName)
CLASSES: dict[BodyName, Any] = {name: getattr(ephem, name.capitalize()) for name in BODIES}

# libastro's Earth radius (ERAD, m) and au (MAU, m): parallax works in Earth radii.
EARTH_RADIUS_M = 6.37816e6
AU_M = 1.4959787e11

# PyEphem gives the geocentric distance only in single precision (earth_distance is a C
# float: 570 km at Pluto), but its topocentric ra/dec in double. An observer this far
# above the North Pole sees every body (declinations within +-30 deg) displaced by a
# parallax of 1e-3 rad or more, from which the distance is solved to about 1e-13.
_REFERENCE_HEIGHT_ER = 1000.0

# round(x * scale) / scale is the nearest double to round(x, decimals), in a quarter of
# the time.
_DEG, _MAG, _PCT = (10.0**d for d in (DEGREES, MAGNITUDE, PERCENT))


class Apparent(NamedTuple):
    """One body at an instant, as seen from the Earth's centre.

    `ra`/`dec` are libastro's apparent geocentric place of date (PyEphem's `g_ra`,
    `g_dec`), radians; `distance_er` the geocentric distance in Earth radii, the unit of
    libastro's parallax, and its parts along the equator and the axis (as ta_par's
    sphcart forms them). Magnitude, phase, elongation and constellation do not depend on
    the place in PyEphem (the constellation is that of the geocentric astrometric
    place, `a_ra`/`a_dec`, for the Moon too), so they are kept as the answer writes them.
    """

    name: BodyName
    ra: float
    dec: float
    distance_er: float
    equator_er: float  # distance_er cos(dec): from the Earth's axis
    axis_er: float  # distance_er sin(dec): from the equator's plane
    magnitude: float
    phase_percent: float
    elongation_deg: float
    constellation: str
    constellation_abbr: str


@dataclass(frozen=True)
class Instant:
    """Every body's `Apparent` (in `BODIES` order) and the apparent sidereal time at
    Greenwich, in hours, at one UT1 instant."""

    sidereal_h: float
    bodies: tuple[Apparent, ...]

    def body(self, name: BodyName) -> Apparent:
        return self.bodies[BODIES.index(name)]


def reference_observer(ut1: datetime) -> ephem.Observer:
    """Build the observer the instant is read from: far above the North Pole, on the
    Greenwich meridian, no refraction (see `_REFERENCE_HEIGHT_ER`)."""
    built = ephem.Observer()
    built.lat = math.pi / 2
    built.lon = 0.0
    built.elevation = _REFERENCE_HEIGHT_ER * EARTH_RADIUS_M
    built.pressure = 0.0
    # PyEphem reads its date as UT: give it UT1, and a naive datetime (its convention).
    built.date = ephem.Date(ut1.replace(tzinfo=None))
    return built


def sidereal_h(reference: ephem.Observer) -> float:
    """The apparent sidereal time at Greenwich, hours (libastro's now_lst at longitude 0)."""
    return math.degrees(float(reference.sidereal_time())) / 15.0


def _unit(ra: float, dec: float) -> tuple[float, float, float]:
    c = math.cos(dec)
    return c * math.cos(ra), c * math.sin(ra), math.sin(dec)


def reference_place(reference: ephem.Observer) -> tuple[float, float, float]:
    """The reference observer in Earth radii, equatorial axes of date (ta_par's model)."""
    lat, height = float(reference.lat), reference.elevation / EARTH_RADIUS_M
    e2 = (2 - 1 / 298.257) / 298.257
    r_obs = 1 / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    x_obs = (r_obs + height) * math.cos(lat)
    sidereal = float(reference.sidereal_time())
    return (
        x_obs * math.cos(sidereal),
        x_obs * math.sin(sidereal),
        (r_obs * (1 - e2) + height) * math.sin(lat),
    )


def apparent(name: BodyName, reference: ephem.Observer,
             where: tuple[float, float, float]) -> Apparent:  # fmt: skip
    """Compute one body's geocentric part at the reference observer's instant (`where`
    is that observer's place, from `reference_place`).

    The distance solves libastro's parallax (ta_par) backwards: the geocentric place g
    at distance rho, less the observer o, lies along the topocentric place t:
    rho g - o = r t, so rho (g x t) = o x t.
    """
    body = CLASSES[name]()
    body.compute(reference)
    abbr, constellation = ephem.constellation(body)
    ra, dec = float(body.g_ra), float(body.g_dec)
    gx, gy, gz = _unit(ra, dec)
    tx, ty, tz = _unit(float(body.ra), float(body.dec))
    ox, oy, oz = where
    cross = (gy * tz - gz * ty, gz * tx - gx * tz, gx * ty - gy * tx)  # g x t
    distance_er = (
        (oy * tz - oz * ty) * cross[0] + (oz * tx - ox * tz) * cross[1]
        + (ox * ty - oy * tx) * cross[2]
    ) / (cross[0] ** 2 + cross[1] ** 2 + cross[2] ** 2)  # fmt: skip
    return Apparent(
        name=name,
        ra=ra,
        dec=dec,
        distance_er=distance_er,
        equator_er=distance_er * math.cos(dec),
        axis_er=distance_er * math.sin(dec),
        magnitude=round(body.mag * _MAG) / _MAG,
        phase_percent=round(body.phase * _PCT) / _PCT,
        elongation_deg=round(math.degrees(body.elong) * _DEG) / _DEG,
        constellation=constellation,
        constellation_abbr=abbr,
    )


def at(ut1: datetime) -> Instant:
    """Compute the instant's part of the sky for every body at a UT1 instant."""
    reference = reference_observer(ut1)
    where = reference_place(reference)
    return Instant(
        sidereal_h=sidereal_h(reference),
        bodies=tuple(apparent(name, reference, where) for name in BODIES),
    )


# Enough for the current second, a poll's sample grid of coming minutes and a night's
# plan (145 samples) at once; least recently used beyond that. About 4 kB an instant.
SHARED_INSTANTS = 512
shared = lru_cache(maxsize=SHARED_INSTANTS)(at)
