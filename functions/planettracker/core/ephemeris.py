"""Positions of the Sun, Moon and planets for an observer: the pure core.

Plain values in, plain data out. Nothing here reads a clock, the environment or a
file: the caller passes the time. A sky is computed in two parts, libastro's own seam:
what every observer shares at an instant (core/instant.py: PyEphem, once per instant)
and what the place adds (core/topocentric.py: parallax, the horizon, refraction).
PyEphem's bodies and observers are mutable (`compute()` overwrites a body's fields),
so fresh ones are built wherever PyEphem is asked and nothing PyEphem owns outlives it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Literal, TypedDict, get_args

import ephem

from . import instant, timescales, zones
from .instant import BODIES as BODIES  # re-exported: the layers ask this module
from .instant import CLASSES as CLASSES
from .instant import BodyName as BodyName
from .shapes import AU, DEGREES, HOURS, KM, MAGNITUDE, PERCENT, Doc, scale
from .timescales import UTC_LEAP_SECONDS_START, Moment, Regime
from .topocentric import Horizon, horizon, local_sidereal, places

# The au is 149,597,870.7 km exactly (IAU 2012 Resolution B2); PyEphem's meters_per_au
# is 700 m short of it, which put distance_km 0.7 km out per au (25 km at Pluto).
KM_PER_AU = 149_597_870.7
CompassPoint = Literal[
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
]  # fmt: skip
COMPASS_POINTS: tuple[CompassPoint, ...] = get_args(CompassPoint)


Azimuth = Annotated[
    float,
    Doc("Azimuth from true north through east; at a pole, where every way is south (or"
        " north), the given lon's meridian is taken as south (north at the South Pole), so"
        " azimuth and compass there depend on lon", "degrees",
        minimum=0, exclusive_maximum=360, decimals=DEGREES),
]  # fmt: skip
Altitude = Annotated[
    float,
    Doc("Apparent altitude, refracted unless pressure is 0", "degrees",
        minimum=-90, maximum=90, decimals=DEGREES),
]  # fmt: skip
AboveHorizon = Annotated[bool, Doc("alt > 0")]
RightAscension = Annotated[
    float,
    Doc("Apparent topocentric right ascension, equinox of date", "hours",
        minimum=0, exclusive_maximum=24, decimals=HOURS),
]  # fmt: skip
Declination = Annotated[
    float,
    Doc("Apparent topocentric declination, equinox of date", "degrees",
        minimum=-90, maximum=90, decimals=DEGREES),
]  # fmt: skip


Latitude = Annotated[float, Doc("Latitude", "degrees", minimum=-90, maximum=90)]
Longitude = Annotated[float, Doc("Longitude, east positive", "degrees", minimum=-180, maximum=180)]
ElevationM = Annotated[float, Doc("Height above sea level", "metres")]


class Position(TypedDict):
    """Where a body is in an observer's sky, and how it looks."""

    name: BodyName
    az: Azimuth
    alt: Altitude
    compass: Annotated[
        CompassPoint, Doc("16-point compass direction of the azimuth (at a pole, see az)")
    ]
    above_horizon: AboveHorizon
    ra_hours: RightAscension
    dec_deg: Declination
    distance_au: Annotated[
        float, Doc("Distance from the observer", "au", exclusive_minimum=0, decimals=AU)
    ]
    distance_km: Annotated[
        float, Doc("Distance from the observer", "km", exclusive_minimum=0, decimals=KM)
    ]
    magnitude: Annotated[float, Doc("Visual magnitude", "magnitude", decimals=MAGNITUDE)]
    phase_percent: Annotated[
        float,
        Doc("Illuminated fraction of the disc", "percent", minimum=0, maximum=100,
            decimals=PERCENT),
    ]  # fmt: skip
    elongation_deg: Annotated[
        float,
        Doc("Angle from the Sun, positive east (evening)", "degrees",
            minimum=-180, maximum=180, decimals=DEGREES),
    ]  # fmt: skip
    constellation: Annotated[str, Doc("The constellation the body is in")]
    constellation_abbr: Annotated[str, Doc("Its IAU abbreviation")]


class Observer(TypedDict):
    """The place and atmosphere an answer was computed for."""

    lat: Latitude
    lon: Longitude
    elevation_m: ElevationM
    source: Annotated[
        Literal["default", "request"],
        Doc("default: the Greenwich Observatory, as no place was given"),
    ]
    time_zone: Annotated[
        str,
        Doc("The IANA time zone at the place, from its coordinates (tzfpy, on"
            " timezone-boundary-builder's boundaries, OpenStreetMap data, ODbL); at sea a"
            " nautical zone, Etc/GMT+N west of Greenwich and Etc/GMT-N east of it (POSIX"
            " signs: Etc/GMT-12 is UTC+12)"),
    ]  # fmt: skip
    pressure_mbar: Annotated[float, Doc("Pressure used for refraction", "mbar")]
    temperature_C: Annotated[float, Doc("Temperature used for refraction", "degrees Celsius")]
    refraction: Annotated[bool, Doc("Whether refraction was applied (pressure > 0)")]


class Refraction(TypedDict):
    applied: bool
    pressure_mbar: Annotated[float, Doc("Air pressure", "mbar")]
    temperature_C: Annotated[float, Doc("Air temperature", "degrees Celsius")]


class TimeScales(TypedDict):
    """The time scales applied, where they came from, and how long their data is good for."""

    input: Annotated[Literal["UTC", "UT1 (before 1972)"], Doc("How the time was read")]
    regime: Annotated[
        Regime,
        Doc("Where UT1 - UTC came from: none is needed before 1972 (the time is read as UT1); "
            "the IERS's observed values; the IERS's predictions; or, beyond them, Skyfield's "
            "Delta T model, whose error grows with the years"),
    ]  # fmt: skip
    ut1_minus_utc_s: Annotated[
        float, Doc("UT1 - UTC added to the input to give PyEphem UT1; 0 before 1972", "seconds")
    ]
    delta_t_s: Annotated[
        float,
        Doc("Delta T = TT - UT1 that PyEphem applied to place the bodies: its own table and "
            "extrapolation (ephem.delta_t), in every era", "seconds"),
    ]  # fmt: skip
    iers_delta_t_s: Annotated[
        float | None,
        Doc("Delta T from the IERS data (or Skyfield's model beyond it) from which "
            "UT1 - UTC was derived; null before 1972", "seconds"),
    ]  # fmt: skip
    data_expires: Annotated[
        str,
        Doc("The day the shipped leap-second list expires: UTC after it may miss a leap "
            "second announced since", format="date"),
    ]  # fmt: skip
    source: Annotated[str, Doc("The time data and its version")]


class Provenance(TypedDict):
    """How an answer was computed."""

    engine: Annotated[str, Doc("PyEphem and its version")]
    theory: str
    refraction: Refraction
    time_scales: TimeScales


@dataclass(frozen=True)
class Location:
    """A place on Earth: geodetic latitude and longitude in degrees (east positive), metres."""

    lat: float
    lon: float
    elevation_m: float
    source: Literal["default", "request"]  # "default" when the request named no place


@dataclass(frozen=True)
class Atmosphere:
    """Refraction conditions; `pressure_mbar == 0` turns refraction off (PyEphem's rule)."""

    pressure_mbar: float = 1010.0
    temperature_C: float = 15.0


# The tutorial's default observer: the Royal Observatory, Greenwich.
GREENWICH = Location(lat=51.4769, lon=-0.0005, elevation_m=0.0, source="default")


def compass_point(az_deg: float) -> CompassPoint:
    """Name the 16-point compass direction (N, NNE, ...) nearest to an azimuth in degrees."""
    return COMPASS_POINTS[int((az_deg % 360.0) / 22.5 + 0.5) % 16]


def describe(where: Location, air: Atmosphere) -> Observer:
    """Say which place and atmosphere were used."""
    return {
        "lat": where.lat,
        "lon": where.lon,
        "elevation_m": where.elevation_m,
        "source": where.source,
        "time_zone": zones.zone_at(where.lat, where.lon),
        "pressure_mbar": air.pressure_mbar,
        "temperature_C": air.temperature_C,
        "refraction": air.pressure_mbar > 0,
    }


_DEG, _HOUR, _AU, _KM = map(scale, (DEGREES, HOURS, AU, KM))
_TO_DEG = 180.0 / math.pi  # math.degrees(x) is x * _TO_DEG, without the call


def _positions(bodies: Sequence[instant.Apparent], lst: float, here: Horizon) -> list[Position]:
    positions: list[Position] = []
    for body, (az_rad, alt_rad, ra_rad, dec_rad, distance_au) in zip(
        bodies, places(bodies, lst, here), strict=True
    ):
        # Rounded to the precision they have (shapes.py). PyEphem's azimuth can pass 360
        # by a hair (360.00001, a single-precision 2 pi): folded before rounding, so no
        # float noise is left (360.00001 % 360 is 9.99999997e-06), and after, so that
        # 359.999996 rounded to 360 is written 0.
        az = round(az_rad * _TO_DEG % 360.0 * _DEG) / _DEG % 360.0
        alt = round(alt_rad * _TO_DEG * _DEG) / _DEG
        positions.append({
            "name": body.name,
            "az": az,
            "alt": alt,
            "compass": compass_point(az),
            "above_horizon": alt > 0.0,
            "ra_hours": round(ra_rad * _TO_DEG / 15.0 * _HOUR) / _HOUR % 24.0,
            "dec_deg": round(dec_rad * _TO_DEG * _DEG) / _DEG,
            "distance_au": round(distance_au * _AU) / _AU,
            "distance_km": round(distance_au * KM_PER_AU * _KM) / _KM,
            "magnitude": body.magnitude,
            "phase_percent": body.phase_percent,
            "elongation_deg": body.elongation_deg,
            "constellation": body.constellation,
            "constellation_abbr": body.constellation_abbr,
        })  # fmt: skip
    return positions


def _horizon(where: Location, air: Atmosphere) -> Horizon:
    return horizon(where.lat, where.lon, where.elevation_m, air.pressure_mbar, air.temperature_C)


def position(name: BodyName, where: Location, air: Atmosphere, moment: Moment) -> Position:
    """Compute one body's apparent topocentric position at an instant.

    `az` is measured from true north through east and `alt` from the horizon, both in
    degrees, refracted unless `air.pressure_mbar` is 0. `ra_hours`/`dec_deg` are
    apparent and topocentric for the equinox of date (PyEphem's `ra`/`dec`);
    `elongation_deg` is signed, positive east of the Sun (an evening object), and
    `distance_au` is topocentric: from the observer, not the Earth's centre.
    Only this body is computed, and nothing is shared: what a track asks, instant by
    instant.
    """
    reference = instant.reference_observer(moment.ut1)
    body = instant.apparent(name, reference)
    here = _horizon(where, air)
    return _positions((body,), local_sidereal(instant.sidereal_h(reference), here), here)[0]


@lru_cache(maxsize=instant.SHARED_INSTANTS)
def provenance(air: Atmosphere, moment: Moment) -> Provenance:
    """Say how a position was computed: engine, refraction and time scales. Memoised
    with the instants (it is the same for every place): callers only read it."""
    return {
        "engine": f"PyEphem {ephem.__version__}",
        "theory": "VSOP87 for the Sun and Mercury-Neptune; libastro's own Moon and Pluto",
        "refraction": {
            "applied": air.pressure_mbar > 0,
            # As floats: the memo takes Atmosphere(1010, 15) for the equal (1010.0, 15.0).
            "pressure_mbar": float(air.pressure_mbar),
            "temperature_C": float(air.temperature_C),
        },
        "time_scales": {
            "input": "UTC" if moment.utc >= UTC_LEAP_SECONDS_START else "UT1 (before 1972)",
            "regime": timescales.regime(moment.utc),
            "ut1_minus_utc_s": moment.ut1_minus_utc_s,
            # libastro turns its UT date into TT with its own Delta T, whatever fed it UT1.
            "delta_t_s": float(ephem.delta_t(moment.pyephem_date)),
            "iers_delta_t_s": moment.iers_delta_t_s,
            "data_expires": timescales.LEAP_SECONDS_EXPIRE.isoformat(),
            "source": timescales.SOURCE,
        },
    }


def sky(
    where: Location, air: Atmosphere, moment: Moment, names: tuple[BodyName, ...] = BODIES,
    part: Callable[[datetime], instant.Instant] = instant.shared,
) -> list[Position]:  # fmt: skip
    """Compute the named bodies (all, in `BODIES` order, by default) from the instant's
    part: by default shared (`instant.shared`, computed once per instant for every place)."""
    now = part(moment.ut1)
    here = _horizon(where, air)
    lst = local_sidereal(now.sidereal_h, here)
    bodies = now.bodies if names == BODIES else [now.body(name) for name in names]
    return _positions(bodies, lst, here)
