"""The accuracy reference: Skyfield with JPL's DE421, read from the `de421` package.

That package ships DE421 as jplephem's legacy arrays rather than a SPICE kernel, so
this adapts its bodies to Skyfield's vector functions (positions in au, velocities in
au/day, about the solar system barycentre). The Earth and the Moon come from the
Earth-Moon barycentre and the geocentric Moon with DE421's own Earth/Moon mass ratio.
The time scale is Skyfield's, built on the same IERS files PlanetTracker ships, so
the comparison measures the ephemerides, not two guesses at future Earth rotation.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

import astropy_iers_data
import de421
import numpy as np
from jplephem.ephem import Ephemeris
from skyfield.api import Loader, wgs84
from skyfield.constants import AU_KM
from skyfield.timelib import Time, Timescale
from skyfield.vectorlib import VectorFunction

Vectors = Callable[[Any, Any], tuple[Any, Any]]
DE421 = Ephemeris(de421)
NAIF = {"sun": 10, "moon": 301, "mercury": 1, "venus": 2, "mars": 4, "jupiter": 5,
        "saturn": 6, "uranus": 7, "neptune": 8, "pluto": 9, "earth": 399}  # fmt: skip


class Kernel(dict[int, "Body"]):
    """What Skyfield's apparent() looks deflecting bodies up in."""


KERNEL = Kernel()


class Body(VectorFunction):  # type: ignore[misc]
    center = 0
    ephemeris = KERNEL

    def __init__(self, name: str, vectors: Vectors) -> None:
        self.target = NAIF[name]
        self.target_name = self.vector_name = name
        self.center_name = "solar system barycenter"
        self._vectors = vectors
        KERNEL[self.target] = self

    def _at(self, t: Time) -> tuple[Any, Any, None, None]:
        position, velocity = self._vectors(t.whole, t.tdb_fraction)
        shape = (3, *np.shape(t.whole))
        return position.reshape(shape) / AU_KM, velocity.reshape(shape) / AU_KM, None, None


def _barycentric(name: str) -> Vectors:
    return lambda whole, fraction: DE421.position_and_velocity(name, whole, fraction)


def _from_earth_moon(share: float, sign: int) -> Vectors:
    def vectors(whole: Any, fraction: Any) -> tuple[Any, Any]:
        emb_p, emb_v = DE421.position_and_velocity("earthmoon", whole, fraction)
        moon_p, moon_v = DE421.position_and_velocity("moon", whole, fraction)
        return emb_p + sign * share * moon_p, emb_v + sign * share * moon_v

    return vectors


EARTH = Body("earth", _from_earth_moon(DE421.earth_share, -1))
BODIES = {
    "sun": Body("sun", _barycentric("sun")),
    "moon": Body("moon", _from_earth_moon(DE421.moon_share, +1)),
    **{name: Body(name, _barycentric(name))
       for name in ("mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto")},
}  # fmt: skip
TIMESCALE: Timescale = Loader(
    os.path.join(os.path.dirname(astropy_iers_data.__file__), "data")
).timescale(builtin=False)


def moment(when: datetime) -> Time:
    """Skyfield's time for an API time: UTC from 1972, read as UT1 before (as the API does)."""
    if when.year < 1972:
        seconds = when.second + when.microsecond / 1e6
        return TIMESCALE.ut1(when.year, when.month, when.day, when.hour, when.minute, seconds)
    return TIMESCALE.from_datetime(when)


def apparent_altaz(
    name: str, lat: float, lon: float, elevation_m: float, when: datetime
) -> tuple[float, float]:
    """Apparent topocentric (azimuth, altitude) in degrees, without refraction."""
    observer = EARTH + wgs84.latlon(lat, lon, elevation_m=elevation_m)
    alt, az, _ = observer.at(moment(when)).observe(BODIES[name]).apparent().altaz()
    return float(az.degrees), float(alt.degrees)
