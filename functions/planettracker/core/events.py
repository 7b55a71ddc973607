"""Rise, transit and set: when a body crosses the horizon and the meridian.

Conventions are the almanacs': a body rises or sets when its upper limb (PyEphem's
default, `use_center=False`) crosses the horizon, taken as 34' below the geometric
horizon for refraction, with PyEphem's own refraction off (pressure 0), as the US
Naval Observatory computes them. An observer's own horizon (trees, a roof line) is an
apparent altitude; refraction is taken off it by Bennett's formula, scaled so that it
gives the almanacs' 34' at altitude 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache, partial
from typing import Annotated, Literal, NamedTuple, TypedDict

import ephem

from . import timescales
from .ephemeris import BODIES, CLASSES, Atmosphere, BodyName, Location
from .instant import Apparent
from .instant import at as instant_at
from .shapes import DEGREES, Doc, instant
from .timescales import Moment
from .topocentric import Horizon, local_sidereal, places
from .topocentric import horizon as horizon_of

HORIZON_REFRACTION_ARCMIN = 34.0
_BENNETT_AT_ZERO = 1 / math.tan(math.radians(7.31 / 4.4))  # arc-minutes, about 34.5


def refraction_arcmin(apparent_alt_deg: float) -> float:
    """Refraction at an apparent altitude (Bennett 1982), scaled to 34' at the horizon."""
    h = apparent_alt_deg
    bennett = 1 / math.tan(math.radians(h + 7.31 / (h + 4.4)))
    return bennett * HORIZON_REFRACTION_ARCMIN / _BENNETT_AT_ZERO


def geometric_horizon_deg(apparent_horizon_deg: float) -> float:
    """The geometric altitude at which a body appears at an apparent altitude."""
    return apparent_horizon_deg - refraction_arcmin(apparent_horizon_deg) / 60


def _utc(date: float, moment: Moment) -> datetime:
    """A PyEphem date (UT1) as UTC, with the moment's UT1 - UTC: it drifts by under
    3 ms a day, except by a whole second across a leap second, which is added back."""
    ut1: datetime = ephem.Date(date).datetime()
    utc = ut1.replace(tzinfo=UTC) - timedelta(seconds=moment.ut1_minus_utc_s)
    leap = timescales.tai_minus_utc(utc) - timescales.tai_minus_utc(moment.utc)
    return utc - timedelta(seconds=leap)


def _to_the_second(date: float, moment: Moment) -> datetime:
    """An event's instant, truncated to the second: the precision the search claims."""
    return _utc(date, moment).replace(microsecond=0)


_MAYBE = "; null when no such event is found in the day around the instant"


class Events(TypedDict):
    """A body's rise, transit and set around an instant (UTC, to the second)."""

    name: BodyName
    circumpolar: Annotated[bool, Doc("No next rise or set: the body stays up all day")]
    never_rises: Annotated[bool, Doc("No next rise or set: the body stays down all day")]
    previous_rise: Annotated[datetime | None, instant("The last rise before the instant" + _MAYBE)]
    next_rise: Annotated[datetime | None, instant("The first rise after the instant" + _MAYBE)]
    previous_set: Annotated[datetime | None, instant("The last set before the instant" + _MAYBE)]
    next_set: Annotated[datetime | None, instant("The first set after the instant" + _MAYBE)]
    previous_transit: Annotated[datetime, instant("The last meridian transit before the instant")]
    next_transit: Annotated[datetime, instant("The first meridian transit after the instant")]
    transit_alt_deg: Annotated[
        float, Doc("Apparent altitude at the next transit", "degrees", decimals=DEGREES)
    ]


Kind = Literal["rise", "set", "transit"]
Missing = Literal["always_up", "never_up"]
# Each step shrinks the error about twenty-fold or more (the body's own motion against
# the sky's turning), and the rest of that geometric series is added at the end, so a
# step this short leaves about a second to go, and fewer computations of the body than
# PyEphem's own searches make (make bench times both).
_ACCEPT_DAYS = 120 / 86400
_MAX_STEPS = 8
# How fast each body's hour angle turns, in turns a day: the sky's sidereal turning
# less the body's mean eastward motion in right ascension (degrees a day).
_MEAN_RA_DEG_PER_DAY: dict[BodyName, float] = {
    "sun": 0.9856, "moon": 13.1764, "mercury": 0.9856, "venus": 0.9856, "mars": 0.5240,
    "jupiter": 0.0831, "saturn": 0.0335, "uranus": 0.0117, "neptune": 0.0060, "pluto": 0.0040,
}  # fmt: skip
_TURNS_PER_DAY = {name: (360.9856 - rate) / 360 for name, rate in _MEAN_RA_DEG_PER_DAY.items()}
_TINY_DAYS = 0.1 / 86400


# The search reads each body from a grid of instants shared by every place and moment:
# one every 6 hours UT1, each computed once (instant.at) and kept while in use. Between
# four of them a body's geocentric place is a cubic in time; the place's own part
# (parallax) is topocentric.places'. 6 hours keeps the body within 0.05" of PyEphem
# computing it at every step (tests/unit/test_events.py), a few ms of the sky's turning,
# far inside the second the events are written to.
GRID_DAYS = 0.25
_GRID_ZERO = datetime(1899, 12, 31, 12)  # PyEphem's date 0.0, read as UT1
# Greenwich mean sidereal time (h) as a line in PyEphem's date (days), from the IAU 1982
# formula's linear terms: the grid holds only what is left (nutation's equation of the
# equinoxes, the formula's tiny T^2 term), a slowly changing number that never wraps at 24 h.
_SIDEREAL_H_PER_DAY = 24.06570982441908
_SIDEREAL_H_AT_ZERO = 18.697374558 - _SIDEREAL_H_PER_DAY * 36525.0
# A search reaches about a day either way: 11 nodes. Nodes serve a day's requests each.
GRID_NODES = 256


class _Node(NamedTuple):
    sidereal_rest_h: float
    xyz_er: tuple[tuple[float, float, float], ...]  # geocentric, equator of date, BODIES order
    bodies: tuple[Apparent, ...]


@lru_cache(maxsize=GRID_NODES)
def grid_node(k: int) -> _Node:
    """The grid's instant k (PyEphem date k * GRID_DAYS): a pure function of k."""
    days = k * GRID_DAYS
    sky = instant_at(_GRID_ZERO + timedelta(days=days))
    rest = sky.sidereal_h - _SIDEREAL_H_AT_ZERO - _SIDEREAL_H_PER_DAY * days
    return _Node(
        (rest + 12.0) % 24.0 - 12.0,
        tuple(
            (b.equator_er * math.cos(b.ra), b.equator_er * math.sin(b.ra), b.axis_er)
            for b in sky.bodies
        ),
        sky.bodies,
    )


@cache
def _radius_au(index: int) -> float:
    """libastro's angular radius (PyEphem's `radius`) times the distance it is seen from:
    each body's own radius in au (the Moon's to 3e-6 of it: asin's curve)."""
    body = CLASSES[BODIES[index]]()
    body.compute(ephem.J2000)
    return float(body.radius) * float(body.earth_distance)


def _unrefracted(where: Location) -> Horizon:
    return horizon_of(where.lat, where.lon, where.elevation_m, 0.0, 0.0)


def _place(index: int, here: Horizon, date: float) -> tuple[float, tuple[float, ...]]:
    """The local sidereal time (radians) and topocentric.places' answer for one body at
    a PyEphem date, its geocentric place interpolated from the grid (Lagrange, 4 nodes).
    Written out, not looped: it runs about 90 times a request."""
    t = date / GRID_DAYS
    k = math.floor(t)
    u = t - k
    a, b, c, d = grid_node(k - 1), grid_node(k), grid_node(k + 1), grid_node(k + 2)
    after, before, twice = u + 1, u - 1, u - 2  # u from the nodes at -1, 1 and 2
    wa, wb = -u * before * twice / 6, after * before * twice / 2
    wc, wd = -after * u * twice / 2, after * u * before / 6
    (ax, ay, az), (bx, by, bz) = a.xyz_er[index], b.xyz_er[index]
    (cx, cy, cz), (dx, dy, dz) = c.xyz_er[index], d.xyz_er[index]
    x = wa * ax + wb * bx + wc * cx + wd * dx
    y = wa * ay + wb * by + wc * cy + wd * dy
    z = wa * az + wb * bz + wc * cz + wd * dz
    rest = wa * a.sidereal_rest_h + wb * b.sidereal_rest_h + wc * c.sidereal_rest_h
    rest += wd * d.sidereal_rest_h
    equator = math.hypot(x, y)
    node = b.bodies[index]
    body = Apparent(node.name, math.atan2(y, x) % math.tau, math.atan2(z, equator),
                    math.hypot(equator, z), equator, z, *node[6:])  # fmt: skip
    lst = local_sidereal(_SIDEREAL_H_AT_ZERO + _SIDEREAL_H_PER_DAY * date + rest, here)
    return lst, places([body], lst, here)[0]


Seen = tuple[float, float, float]


def _seen(index: int, here: Horizon, date: float) -> Seen:
    """A body's topocentric hour angle and declination (radians) and angular radius, as
    PyEphem's `ha`, `dec` and `radius` give them from `here` at a PyEphem date."""
    lst, (_, _, ra, dec, distance_au) = _place(index, here, date)
    return lst - ra, dec, _radius_au(index) / distance_au


def _aim(kind: Kind, lat: float, dec: float, limb_alt: float) -> tuple[float, Missing | None]:
    """The hour angle at which the event happens for a body at declination `dec`, and,
    when the body cannot reach `limb_alt` that day, why (aiming at the culmination)."""
    if kind == "transit":
        return 0.0, None
    arg = (math.sin(limb_alt) - math.sin(lat) * math.sin(dec)) / (math.cos(lat) * math.cos(dec))
    if arg < -1.0:
        return (-math.pi if kind == "rise" else math.pi), "always_up"
    if arg > 1.0:
        return 0.0, "never_up"
    half_arc = math.acos(arg)
    return (-half_arc if kind == "rise" else half_arc), None


def _crossing(
    seen: Callable[[float], Seen], lat: float, horizon: float, start: tuple[float, Seen],
    kind: Kind, direction: int, turns_per_day: float,
) -> float | Missing:  # fmt: skip
    """Find the previous (direction -1) or next (+1) event from the body as seen at the
    start date, stepping the date by the hour angle still to go, as PyEphem 4.2's
    `Observer._find_rise_or_set` does, but at the body's own rate of turning rather than
    a turn a day, and for transits too. Returns the PyEphem date, or why there is no such
    event."""
    date, (ha, dec, radius) = start
    limb_alt = horizon - radius
    previous_bump = math.inf
    for step in range(_MAX_STEPS):
        target, missing = _aim(kind, lat, dec, limb_alt)
        difference = target - ha
        if step == 0:
            difference %= math.tau
            if direction < 0:
                difference -= math.tau
            bump = difference / math.tau / turns_per_day
            if abs(bump) < _TINY_DAYS:  # already at the event: the one after (or before)
                bump += direction / turns_per_day
        else:
            bump = ((difference - math.pi) % math.tau - math.pi) / math.tau / turns_per_day
        date += bump
        if abs(bump) < _ACCEPT_DAYS:
            # The steps shrink geometrically: add the rest of the series (Aitken).
            ratio = bump / previous_bump
            if abs(ratio) < 0.5:
                date += bump * ratio / (1 - ratio)
            break
        previous_bump = bump
        ha, dec, radius = seen(date)
        limb_alt = horizon - radius
    return missing or date


def events(
    name: BodyName, where: Location, horizon_deg: float, air: Atmosphere, moment: Moment
) -> Events:
    """Return the previous and next rise, transit and set of a body around an instant.

    Each event is searched on its own, so a body that starts (or stops) rising that
    day keeps the events it has: the day polar night ends, the Sun has a next rise
    but no previous one. `circumpolar` and `never_rises` say why the next rise and
    set are both missing. `transit_alt_deg` is the apparent altitude under `air`.
    All six searches start from the body as seen at the instant.
    """
    index = BODIES.index(name)
    here = _unrefracted(where)
    seen = partial(_seen, index, here)
    date = float(moment.pyephem_date)
    start = (date, seen(date))
    horizon, lat = math.radians(geometric_horizon_deg(horizon_deg)), math.radians(where.lat)
    found = {
        (kind, direction): _crossing(
            seen, lat, horizon, start, kind, direction, _TURNS_PER_DAY[name]
        )
        for kind in ("rise", "set", "transit")
        for direction in (-1, 1)
    }
    next_transit = found["transit", 1]
    assert isinstance(next_transit, float)  # every body crosses the meridian
    air_here = horizon_of(
        where.lat, where.lon, where.elevation_m, air.pressure_mbar, air.temperature_C
    )
    _, transit_alt = _place(index, air_here, next_transit)[1][:2]
    missing = {found["rise", 1], found["set", 1]}

    def when(kind: Kind, direction: int) -> datetime | None:
        date = found[kind, direction]
        return None if isinstance(date, str) else _to_the_second(date, moment)

    return {
        "name": name,
        "circumpolar": missing == {"always_up"},
        "never_rises": missing == {"never_up"},
        "previous_rise": when("rise", -1),
        "next_rise": when("rise", 1),
        "previous_set": when("set", -1),
        "next_set": when("set", 1),
        "previous_transit": _to_the_second(found["transit", -1], moment),  # type: ignore[arg-type]
        "next_transit": _to_the_second(next_transit, moment),
        "transit_alt_deg": round(math.degrees(transit_alt), DEGREES),
    }


def sky_events(
    where: Location, horizon_deg: float, air: Atmosphere, moment: Moment
) -> list[Events]:
    """Every body's events, in `BODIES` order."""
    return [events(name, where, horizon_deg, air, moment) for name in BODIES]


def sun_crossings(
    where: Location, centre_alt_deg: float, moment: Moment
) -> tuple[datetime | Missing, datetime | Missing]:
    """Return the Sun's next descent and next ascent through a geometric altitude of its
    centre after an instant (UTC, to the microsecond), or why there is none: the
    twilights' definition (the centre 6, 12 or 18 degrees down, no refraction), and with
    -0.833 degrees the almanacs' sunset and sunrise."""
    seen = partial(_seen, BODIES.index("sun"), _unrefracted(where))
    date = float(moment.pyephem_date)
    start = (date, seen(date))
    # The search puts the upper limb on the horizon: raise it by the radius for the
    # centre (the radius changes by under 0.01' a day).
    horizon, lat = math.radians(centre_alt_deg) + start[1][2], math.radians(where.lat)
    found = (
        _crossing(seen, lat, horizon, start, kind, 1, _TURNS_PER_DAY["sun"])
        for kind in ("set", "rise")
    )
    dusk, dawn = (when if isinstance(when, str) else _utc(when, moment) for when in found)
    return dusk, dawn
