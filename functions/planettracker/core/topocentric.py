"""One place's sky from the instant's: libastro's own last steps, ported.

After the geocentric apparent place, libastro's `cir_pos` (circum.c) finds the local
hour angle from the sidereal time, moves the body for parallax (`ta_par`, parallax.c),
turns it to altitude and azimuth (`hadec_aa`, aa_hadec.c, through `solve_sphere`,
misc.c) and refracts the altitude (`refract`, refract.c). Each step is written here as
it is there, operation for operation (but the local sidereal time: Greenwich's, once an
instant, plus the longitude, which libastro adds in another order, a difference of
1e-15 h), and its single-precision results (azimuth, altitude and distance are C floats
in libastro) rounded as it rounds them, so the answer is PyEphem's own
(tests/accuracy/test_against_pyephem.py) wherever PyEphem gives one (see `refract`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from math import acos, atan2, cos, floor, pi, radians, sin, sqrt, tan
from struct import Struct
from typing import NamedTuple

from .instant import AU_M, EARTH_E2, EARTH_RADIUS_M, Apparent

TWO_PI = 2 * pi
HALF_PI = pi / 2
# libastro's refract() stops when the refracted altitude unrefracts to within 0.1".
_REFRACTION_TOLERANCE = 0.1 / 3600 * pi / 180.0
# libastro's search has no bound. 20 steps at most on the accuracy suite's 10,000 cases;
# in cold dense air a few searches that end take thousands (4,489 at most in a sweep of
# every 25 mbar, 5 deg C and 0.01 deg of true altitude the API accepts), and a few never do.
_SECANT_STEPS = 10_000


class Horizon(NamedTuple):
    """A place and its air, in the units and forms libastro's steps take them."""

    lon_h: float  # east longitude, hours
    sin_lat: float  # of the geodetic latitude
    cos_lat: float
    x_obs: float  # the observer in Earth radii: towards the meridian, and north (ta_par)
    z_obs: float
    pressure_mbar: float
    temperature_C: float


def horizon(lat_deg: float, lon_deg: float, elevation_m: float,
            pressure_mbar: float, temperature_C: float) -> Horizon:  # fmt: skip
    """Prepare a place (degrees, metres) and its air (mbar, deg C) for `place`."""
    lat = radians(lat_deg)
    height = elevation_m / EARTH_RADIUS_M
    sin_lat, cos_lat = sin(lat), cos(lat)
    r_obs = 1 / sqrt(1 - EARTH_E2 * sin_lat * sin_lat)
    return Horizon(
        lon_h=radians(lon_deg) * 180.0 / pi / 15.0,
        sin_lat=sin_lat,
        cos_lat=cos_lat,
        x_obs=(r_obs + height) * cos_lat,
        z_obs=(r_obs * (1 - EARTH_E2) + height) * sin_lat,
        pressure_mbar=pressure_mbar,
        temperature_C=temperature_C,
    )


def refract(pr: float, tr: float, ta: float) -> float:
    """The apparent altitude of a true one, radians: refract.c's secant search for the
    altitude that its `unrefract` turns back into `ta`, bounded.

    In cold dense air (about -60 deg C and 1,000 mbar or more) a body 3 to 6 deg below
    the horizon can send libastro's search round a cycle for ever (PyEphem hangs there);
    past `_SECANT_STEPS` the true altitude is answered, unrefracted.
    """
    # unrefract(pr, tr, aa) is written once, inline (calls cost more than its arithmetic),
    # with its constants hoisted as C evaluates them: below 14.5 deg, above 15.5 deg, and
    # a blend of the two between.
    air = 273 + tr
    high_k = 7.888888e-5 * pr
    aa, d, t0, first = ta, 0.0, 0.0, True
    for _ in range(_SECANT_STEPS):
        aa_deg = aa * 180.0 / pi
        if aa_deg >= 15.5:
            t = aa - high_k / (air * tan(aa))
        else:
            r = ((2e-5 * aa_deg + 1.96e-2) * aa_deg + 1.594e-1) * pr
            r = r / (air * ((8.45e-2 * aa_deg + 5.05e-1) * aa_deg + 1)) * pi / 180.0
            t = aa if aa < 0 and r < 0 else aa - r
            if aa_deg >= 14.5:
                t += (aa - high_k / (air * tan(aa)) - t) * ((aa_deg - 14.5) / (15.5 - 14.5))
        if first:  # the first reading, at the true altitude itself
            d, first = 0.8 * (ta - t), False
        elif abs(ta - t) <= _REFRACTION_TOLERANCE:
            return aa
        else:
            d *= -(ta - t) / (t0 - t)
        t0 = t
        aa += d
    return ta


def _range(v: float, r: float) -> float:
    return v - r * floor(v / r)


def local_sidereal(sidereal_h: float, here: Horizon) -> float:
    """The local apparent sidereal time in radians, from Greenwich's in hours (now_lst)."""
    return _range(sidereal_h + here.lon_h, 24.0) * 15.0 * pi / 180.0


# libastro keeps azimuth, altitude and distance as C floats: one round trip for a whole sky.
@cache
def _single(count: int) -> Struct:
    return Struct(f"{3 * count}f")


def places(bodies: Sequence[Apparent], lst: float, here: Horizon) -> list[tuple[float, ...]]:
    """Return (az, alt, ra, dec, distance_au) of each body seen from `here` at local
    sidereal time `lst` (radians): azimuth from north through east and refracted altitude
    in radians, as PyEphem's single-precision `az`/`alt`; apparent topocentric right
    ascension and declination of date in radians; the distance from the observer in au,
    as PyEphem's single-precision `earth_distance`.
    """
    # Python's calls and attribute reads cost more than the arithmetic: the place's
    # values are read once, and libastro's range(v, r), v - r floor(v / r), which is v
    # itself when 0 <= v < r, is written inline.
    x_obs, z_obs, cc, sc = here.x_obs, here.z_obs, here.sin_lat, here.cos_lat
    pr, tr = here.pressure_mbar, here.temperature_C
    singles: list[float] = []
    doubles: list[tuple[float, float]] = []
    for _, ra, dec, _, equator_er, axis_er, *_ in bodies:
        ha_in = lst - ra
        # ta_par: the body in Earth radii, x towards the meridian, less the observer.
        x = equator_er * cos(-ha_in) - x_obs
        y = equator_er * sin(-ha_in)
        z = axis_er - z_obs
        rho2 = x * x + y * y
        # cartsph's case for a body on the axis (rho2 == 0) is what atan2(0, 0) == 0 gives.
        ha = atan2(y, x)
        ha = -(ha if ha >= 0.0 else ha - TWO_PI * floor(ha / TWO_PI))
        ha_out = ha if ha >= 0.0 else ha - TWO_PI * floor(ha / TWO_PI)
        dec_out = atan2(z, sqrt(rho2))
        # hadec_aa: solve_sphere(-ha, pi/2 - dec, sin lat, cos lat).
        big_a = -ha_out
        b = HALF_PI - dec_out
        cb, sb = cos(b), sin(b)
        ca = cb * cc + sb * sc * cos(big_a)
        ca = 1.0 if ca > 1.0 else -1.0 if ca < -1.0 else ca
        if sc < 1e-7:
            az = big_a if cc < 0 else pi - big_a
        else:
            sy = sin(big_a) * sb * sc
            sx = cb - ca * cc
            if sy:  # libastro's x ? atan2(y, x) : (y > 0 ? pi/2 : -pi/2): atan2's own answer
                az = atan2(sy, sx)
            else:
                az = 0.0 if sx >= 0 else pi
        az = az if 0.0 <= az < TWO_PI else az - TWO_PI * floor(az / TWO_PI)
        ra += ha_in - ha_out
        ra = ra if 0.0 <= ra < TWO_PI else ra - TWO_PI * floor(ra / TWO_PI)
        singles += (
            az,
            refract(pr, tr, HALF_PI - acos(ca)),
            sqrt(rho2 + z * z) * EARTH_RADIUS_M / AU_M,
        )
        doubles.append((ra, dec + (dec_out - dec)))
    rounded = _single(len(doubles))
    single = rounded.unpack(rounded.pack(*singles))
    return [
        (single[3 * i], single[3 * i + 1], ra, dec, single[3 * i + 2])
        for i, (ra, dec) in enumerate(doubles)
    ]
