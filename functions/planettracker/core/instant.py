"""The part of the sky that is the same for every observer at one instant.

PyEphem spends nearly all of a position on what does not depend on the place: the
planetary theories, light time, deflection, nutation and aberration, which give each
body's apparent geocentric place of date, and its magnitude, phase and elongation.
Here that is computed once per instant (UT1) for every body, beside the apparent
sidereal time at Greenwich; core/topocentric.py turns it into one place's sky.

`shared` and `nightly` are bounded memos of `at` (core/events.py keeps a third, the grid
its search reads): `at` is a pure function of the instant and returns frozen values, so a
hit is exactly what a miss would compute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal, NamedTuple, get_args

import ephem

from .shapes import DEGREES, MAGNITUDE, PERCENT, scale

BodyName = Literal[
    "sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"
]  # fmt: skip
BODIES: tuple[BodyName, ...] = get_args(BodyName)
CLASSES: dict[BodyName, Any] = {name: getattr(ephem, name.capitalize()) for name in BODIES}

# libastro's Earth radius (ERAD, m) and au (MAU, m): parallax works in Earth radii.
EARTH_RADIUS_M = 6.37816e6
AU_M = 1.4959787e11
EARTH_E2 = (2 - 1 / 298.257) / 298.257  # ta_par's ellipsoid: eccentricity squared, (2 - f) f

# PyEphem gives the geocentric distance only in single precision (earth_distance is a C
# float: 570 km at Pluto), but its topocentric ra/dec in double. An observer this far
# above the North Pole sees every body (declinations within +-30 deg) displaced by a
# parallax of 1e-3 rad or more, from which the distance is solved to about 1e-13.
_REFERENCE_HEIGHT_ER = 1000.0

_DEG, _MAG, _PCT = map(scale, (DEGREES, MAGNITUDE, PERCENT))


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


# The reference observer's height above the equator's plane, in Earth radii, as ta_par
# places it: straight above the pole, its distance from the axis, (1 + height) cos 90
# deg = 6e-14 Earth radii, is left out, which moves the distance solved by 1e-17 of it.
_REFERENCE_Z_ER = 1 / math.sqrt(1 - EARTH_E2) * (1 - EARTH_E2) + _REFERENCE_HEIGHT_ER


def apparent(name: BodyName, reference: ephem.Observer) -> Apparent:
    """Compute one body's geocentric part at the reference observer's instant.

    The distance solves libastro's parallax (ta_par) backwards: the geocentric place g
    at distance rho, less the observer o = (0, 0, z), lies along the topocentric place
    t: rho g - o = r t, so rho (g x t) = o x t = z (-t_y, t_x, 0).
    """
    body = CLASSES[name]()
    body.compute(reference)
    abbr, constellation = ephem.constellation(body)
    ra, dec, t_ra, t_dec = float(body.g_ra), float(body.g_dec), float(body.ra), float(body.dec)
    cos_g, cos_t = math.cos(dec), math.cos(t_dec)
    gx, gy, gz = cos_g * math.cos(ra), cos_g * math.sin(ra), math.sin(dec)
    tx, ty, tz = cos_t * math.cos(t_ra), cos_t * math.sin(t_ra), math.sin(t_dec)
    cx, cy, cz = gy * tz - gz * ty, gz * tx - gx * tz, gx * ty - gy * tx  # g x t
    distance_er = _REFERENCE_Z_ER * (tx * cy - ty * cx) / (cx * cx + cy * cy + cz * cz)
    return Apparent(
        name,
        ra,
        dec,
        distance_er,
        distance_er * cos_g,
        distance_er * math.sin(dec),
        round(body.mag * _MAG) / _MAG,
        round(body.phase * _PCT) / _PCT,
        round(math.degrees(body.elong) * _DEG) / _DEG,
        constellation,
        abbr,
    )


def at(ut1: datetime) -> Instant:
    """Compute the instant's part of the sky for every body at a UT1 instant."""
    reference = reference_observer(ut1)
    return Instant(
        sidereal_h=sidereal_h(reference),
        bodies=tuple(apparent(name, reference) for name in BODIES),
    )


# The live polls' instants: the current second and the sample grid of coming minutes,
# least recently used beyond that. About 4 kB an instant.
SHARED_INSTANTS = 512
shared = lru_cache(maxsize=SHARED_INSTANTS)(at)
# /tonight's 10-minute grid, bounded apart so a night's plan never evicts a poll's
# instant: the nights in progress at every longitude span 48 h (288 instants), held
# twice over so that a few other nights asked between keep tonight's.
NIGHTLY_INSTANTS = 576
nightly = lru_cache(maxsize=NIGHTLY_INSTANTS)(at)
