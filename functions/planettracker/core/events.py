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
from datetime import UTC, datetime
from typing import Annotated, TypedDict

import ephem

from . import timescales
from .ephemeris import BODIES, CLASSES, Atmosphere, BodyName, Location, pyephem_observer
from .shapes import Doc, instant
from .timescales import Moment

NO_REFRACTION = Atmosphere(pressure_mbar=0.0)
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


def _utc(date: float) -> datetime:
    return timescales.from_ut1(ephem.Date(date).datetime().replace(tzinfo=UTC))


def _utc_iso(date: float) -> str:
    return timescales.iso_z(_utc(date), "seconds")


_MAYBE = "; null when no such event is found in the day around the instant"


class Events(TypedDict):
    """A body's rise, transit and set around an instant (UTC, to the second)."""

    name: BodyName
    circumpolar: Annotated[bool, Doc("No next rise or set: the body stays up all day")]
    never_rises: Annotated[bool, Doc("No next rise or set: the body stays down all day")]
    previous_rise: Annotated[str | None, instant("The last rise before the instant" + _MAYBE)]
    next_rise: Annotated[str | None, instant("The first rise after the instant" + _MAYBE)]
    previous_set: Annotated[str | None, instant("The last set before the instant" + _MAYBE)]
    next_set: Annotated[str | None, instant("The first set after the instant" + _MAYBE)]
    previous_transit: Annotated[str, instant("The last meridian transit before the instant")]
    next_transit: Annotated[str, instant("The first meridian transit after the instant")]
    transit_alt_deg: Annotated[float, Doc("Apparent altitude at the next transit", "degrees")]


def _search(find: Callable[[ephem.Body], float], body: ephem.Body) -> float | type[Exception]:
    """Run one PyEphem search; a circumpolar verdict comes back as its exception class."""
    try:
        return find(body)
    except (ephem.AlwaysUpError, ephem.NeverUpError) as verdict:
        return type(verdict)


def _found(result: float | type[Exception]) -> str | None:
    return _utc_iso(result) if isinstance(result, float) else None


def events(
    name: BodyName, where: Location, horizon_deg: float, air: Atmosphere, moment: Moment
) -> Events:
    """Return the previous and next rise, transit and set of a body around an instant.

    Each event is searched on its own, so a body that starts (or stops) rising that
    day keeps the events it has: the day polar night ends, the Sun has a next rise
    but no previous one. `circumpolar` and `never_rises` say why the next rise and
    set are both missing. `transit_alt_deg` is the apparent altitude under `air`.
    """
    at = pyephem_observer(where, NO_REFRACTION, moment)
    at.horizon = math.radians(geometric_horizon_deg(horizon_deg))
    body = CLASSES[name]()
    previous_rise, next_rise, previous_set, next_set = (
        _search(find, body)
        for find in (at.previous_rising, at.next_rising, at.previous_setting, at.next_setting)
    )
    previous_transit, next_transit = at.previous_transit(body), at.next_transit(body)
    refracting = pyephem_observer(where, air, moment)
    refracting.date = next_transit
    body.compute(refracting)
    verdicts = {next_rise, next_set}
    return {
        "name": name,
        "circumpolar": verdicts == {ephem.AlwaysUpError},
        "never_rises": verdicts == {ephem.NeverUpError},
        "previous_rise": _found(previous_rise),
        "next_rise": _found(next_rise),
        "previous_set": _found(previous_set),
        "next_set": _found(next_set),
        "previous_transit": _utc_iso(previous_transit),
        "next_transit": _utc_iso(next_transit),
        "transit_alt_deg": math.degrees(body.alt),
    }


def sky_events(
    where: Location, horizon_deg: float, air: Atmosphere, moment: Moment
) -> list[Events]:
    """Every body's events, in `BODIES` order."""
    return [events(name, where, horizon_deg, air, moment) for name in BODIES]
