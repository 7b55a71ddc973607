"""Rise, transit and set, and whether a body can be seen: the core's observer questions.

Conventions are the almanacs': a body rises or sets when its upper limb (PyEphem's
default, `use_center=False`) crosses the horizon, taken as 34' below the geometric
horizon for refraction, with PyEphem's own refraction off (pressure 0), as the US
Naval Observatory computes them. An observer's own horizon (trees, a roof line) is an
apparent altitude; refraction is taken off it by Bennett's formula, scaled so that it
gives the almanacs' 34' at altitude 0.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import ephem

from . import timescales
from .ephemeris import CLASSES, Atmosphere, Location, observer

NO_REFRACTION = Atmosphere(pressure_mbar=0.0)
HORIZON_REFRACTION_ARCMIN = 34.0
SUN_UP_DEG = -0.833  # the almanacs' sunrise: upper limb (16') plus 34' of refraction
_BENNETT_AT_ZERO = 1 / math.tan(math.radians(7.31 / 4.4))  # arc-minutes, about 34.5
CACHE_SIZE = 4096


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


@dataclass(frozen=True)
class _Memo:
    valid_from: datetime  # the latest previous event
    valid_until: datetime  # the earliest next event
    events: dict[str, Any]


# The events around an instant stay the same until the next event or back to the
# previous one, so an answer is reused while the instant stays between them. A fresh
# search would find the same events, to within PyEphem's own search tolerance (a
# second). Bounded, least recently used out first.
_memo: OrderedDict[tuple[Any, ...], _Memo] = OrderedDict()


def events(
    name: str, where: Location, horizon_deg: float, air: Atmosphere, when: datetime
) -> dict[str, Any]:
    """Return the previous and next rise, transit and set of a body around `when`.

    Times are UTC, ISO 8601, to the second. A body that neither rises nor sets that
    day is `circumpolar` (always up) or `never_rises`, with null rise and set times.
    `transit_alt_deg` is the apparent altitude at the next transit under `air`.
    """
    key = (name, where.lat, where.lon, where.elevation_m, horizon_deg, air)
    memo = _memo.get(key)
    if memo is not None and memo.valid_from <= when < memo.valid_until:
        _memo.move_to_end(key)
        return memo.events
    at = observer(where, NO_REFRACTION, when)
    at.horizon = math.radians(geometric_horizon_deg(horizon_deg))
    body = CLASSES[name]()
    previous = [at.previous_transit(body)]
    following = [at.next_transit(body)]
    found: dict[str, Any] = {"circumpolar": False, "never_rises": False}
    try:
        rise_set = [at.previous_rising(body), at.next_rising(body),
                    at.previous_setting(body), at.next_setting(body)]  # fmt: skip
    except ephem.AlwaysUpError:
        found["circumpolar"] = True
    except ephem.NeverUpError:
        found["never_rises"] = True
    else:
        previous += rise_set[0::2]
        following += rise_set[1::2]
    names = ("previous_rise", "next_rise", "previous_set", "next_set")
    found.update(dict.fromkeys(names))
    if not (found["circumpolar"] or found["never_rises"]):
        found.update(zip(names, map(_utc_iso, rise_set), strict=True))
    found["previous_transit"], found["next_transit"] = _utc_iso(previous[0]), _utc_iso(following[0])
    refracting = observer(where, air, when)
    refracting.date = following[0]
    body.compute(refracting)
    found["transit_alt_deg"] = math.degrees(body.alt)
    # PyEphem judges "always up" and "never up" by the day around the instant, and that
    # verdict can change between two transits for a grazing body: remember only answers
    # with a rise and a set, which hold until the next event.
    if not (found["circumpolar"] or found["never_rises"]):
        _memo[key] = _Memo(_utc(max(previous)), _utc(min(following)), found)
        if len(_memo) > CACHE_SIZE:
            _memo.popitem(last=False)
    return found


@dataclass(frozen=True)
class Thresholds:
    """When a body counts as visible to the naked eye. Requests may set the limiting
    magnitude; the elongation limit and the twilight table are fixed."""

    limiting_magnitude: float = 6.0
    min_elongation_deg: float = 10.0


def darkness_needed_deg(magnitude: float) -> float:
    """The Sun altitude below which a body of this magnitude shows: bright planets
    appear in civil twilight, fainter ones need nautical twilight or full darkness."""
    if magnitude <= 0.0:
        return -6.0
    if magnitude <= 4.0:
        return -12.0
    return -18.0


def visibility(
    body: dict[str, Any], sun_alt_deg: float, horizon_deg: float, limits: Thresholds
) -> dict[str, Any]:
    """Say whether a computed body can be seen now and, if not, the first reason why."""
    reason = None
    if body["alt"] < horizon_deg:
        reason = "below_horizon"
    elif body["name"] in ("sun", "moon"):
        reason = None  # bright enough to be seen whenever they are up
    elif body["magnitude"] > limits.limiting_magnitude:
        reason = "too_faint"
    elif abs(body["elongation_deg"]) < limits.min_elongation_deg:
        reason = "too_close_to_sun"
    elif sun_alt_deg >= SUN_UP_DEG:
        reason = "daylight"
    elif sun_alt_deg >= darkness_needed_deg(body["magnitude"]):
        reason = "twilight"
    return {"visible": reason is None, "reason": reason}
