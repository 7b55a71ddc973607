"""Tonight's plan and a body's track: questions over a span of time, built on the core."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, TypedDict

import ephem

from . import ephemeris, events, timescales
from .ephemeris import Atmosphere, BodyName, Location
from .shapes import instant
from .timescales import Moment
from .visibility import Thresholds, visibility

ASTRONOMICAL_DUSK_DEG = -18.0
PLAN_BODIES: tuple[BodyName, ...] = (
    "moon",
    "mercury",
    "venus",
    "mars",
    "jupiter",
    "saturn",
    "uranus",
    "neptune",
)
PLAN_STEP = timedelta(minutes=10)
TRACK_MAX_POINTS = 1441  # a day at one a minute, both ends included


def _iso(when: datetime) -> str:
    return timescales.iso_z(when, "seconds")


def local_noon(where: Location, day: date) -> datetime:
    """Noon of `day` by the place's mean solar time, as a UTC instant (the night's start)."""
    return datetime.combine(day, time(12), UTC) - timedelta(hours=where.lon / 15)


Span = tuple[datetime, datetime]
NO_DARKNESS = "no astronomical darkness: the Sun stays above -18 deg"
POLAR_NIGHT = "polar night: dark all day"


def darkness(where: Location, noon: datetime) -> tuple[Span | None, str | None]:
    """Astronomical dusk to dawn in the 24 h after `noon`, and a note when there is no
    ordinary night: none at all (white nights, polar day), or all of it (polar night)."""
    end = noon + timedelta(days=1)
    at = ephemeris.pyephem_observer(where, events.NO_REFRACTION, Moment.of(noon))
    at.horizon = math.radians(ASTRONOMICAL_DUSK_DEG)
    sun = ephem.Sun()
    try:
        dusk = at.next_setting(sun, use_center=True)
        at.date = dusk
        dawn = at.next_rising(sun, use_center=True)
    except ephem.AlwaysUpError:
        return None, NO_DARKNESS
    except ephem.NeverUpError:
        return (noon, end), POLAR_NIGHT
    start, stop = (
        timescales.from_ut1(ephem.Date(d).datetime().replace(tzinfo=UTC)) for d in (dusk, dawn)
    )
    if start >= end:
        return None, NO_DARKNESS  # the Sun sets into darkness only after this night
    return (start, min(stop, end)), None


def _windows(times: list[datetime], seen: list[bool]) -> list[dict[str, str]]:
    """The runs of visible samples, as from/until pairs."""
    windows, opened = [], None
    for i, visible in enumerate([*seen, False]):
        if visible and opened is None:
            opened = i
        elif not visible and opened is not None:
            windows.append({"from": _iso(times[opened]), "until": _iso(times[i - 1])})
            opened = None
    return windows


def plan_night(where: Location, air: Atmosphere, day: date, horizon_deg: float,
               limits: Thresholds) -> dict[str, Any]:  # fmt: skip
    """Plan the night that begins on `day` at a place: the darkness window and, for the
    Moon and each planet, when it can be seen, its best moment and where to look then.

    Bodies worth going out for come first: those visible at some point, brightest first.
    Sampled every 10 minutes; `altitudes` holds each sample, for drawing a curve.
    """
    noon = local_noon(where, day)
    span, note = darkness(where, noon)
    plan: dict[str, Any] = {
        "date": day.isoformat(),
        "night": {"start": _iso(noon), "end": _iso(noon + timedelta(days=1))},
        "darkness": None if span is None else {"start": _iso(span[0]), "end": _iso(span[1])},
        "darkness_note": note,
        "step_s": PLAN_STEP.total_seconds(),
    }
    if span is None:
        midnight = ephemeris.sky(where, air, Moment.of(noon + timedelta(hours=12)), PLAN_BODIES)
        unseen = {"visible": False, "reason": "no_darkness", "windows": [], "best": None}
        plan["bodies"] = sorted(
            ({"name": b["name"], **unseen, "magnitude": b["magnitude"], "altitudes": []}
             for b in midnight),
            key=lambda b: b["magnitude"],
        )  # fmt: skip
        return plan
    times = []
    when = span[0]
    while when <= span[1]:
        times.append(when)
        when += PLAN_STEP
    rows = [ephemeris.sky(where, air, Moment.of(t), ("sun", *PLAN_BODIES)) for t in times]
    bodies = []
    for index, name in enumerate(PLAN_BODIES, start=1):
        track = [row[index] for row in rows]
        verdicts = [
            visibility(b, row[0]["alt"], horizon_deg, limits)
            for b, row in zip(track, rows, strict=True)
        ]
        seen = [v["visible"] for v in verdicts]
        best = max(
            (i for i, s in enumerate(seen) if s), key=lambda i: track[i]["alt"], default=None
        )
        reasons = Counter(v["reason"] for v in verdicts if v["reason"])
        bodies.append({
            "name": name,
            "visible": best is not None,
            "reason": None if best is not None else reasons.most_common(1)[0][0],
            "magnitude": min(b["magnitude"] for b in track),
            "windows": _windows(times, seen),
            "best": None if best is None else {
                "time": _iso(times[best]), "alt": track[best]["alt"], "az": track[best]["az"],
                "compass": track[best]["compass"], "constellation": track[best]["constellation"]},
            "altitudes": [b["alt"] for b in track],
        })  # fmt: skip
    bodies.sort(key=lambda b: (not b["visible"], b["magnitude"]))
    plan["bodies"] = bodies
    return plan


def point_count(start: datetime, stop: datetime, step: timedelta) -> int:
    """How many points a track from `start` to `stop` inclusive, every `step`, has."""
    return int((stop - start) / step) + 1


class TrackPoint(TypedDict):
    time: Annotated[str, instant("The moment of this point")]
    az: ephemeris.Azimuth
    alt: ephemeris.Altitude
    ra_hours: ephemeris.RightAscension
    dec_deg: ephemeris.Declination
    above_horizon: ephemeris.AboveHorizon


def body_track(name: BodyName, where: Location, air: Atmosphere, start: datetime,
               stop: datetime, step: timedelta) -> list[TrackPoint]:  # fmt: skip
    """Positions of one body from `start` to `stop` inclusive, every `step`."""
    points: list[TrackPoint] = []
    for i in range(point_count(start, stop, step)):
        when = start + i * step
        body = ephemeris.position(name, where, air, Moment.of(when))
        points.append({"time": _iso(when), "az": body["az"], "alt": body["alt"],
                       "ra_hours": body["ra_hours"], "dec_deg": body["dec_deg"],
                       "above_horizon": body["above_horizon"]})  # fmt: skip
    return points
