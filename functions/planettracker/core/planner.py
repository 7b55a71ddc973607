"""Tonight's plan and a body's track: questions over a span of time, built on the core."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal, TypedDict, get_args

from . import ephemeris, events
from .ephemeris import Atmosphere, BodyName, CompassPoint, Location, Position
from .instant import Instant, at, nightly
from .shapes import DEGREES, MAGNITUDE, Doc, instant
from .timescales import Moment
from .visibility import SUN_UP_DEG, Reason, Thresholds, visibility

ASTRONOMICAL_DUSK_DEG = -18.0
PlanBodyName = Literal["moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune"]
PLAN_BODIES: tuple[PlanBodyName, ...] = get_args(PlanBodyName)
PLAN_STEP = timedelta(minutes=10)
_GRID_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NIGHT = timedelta(days=1)
TRACK_MAX_POINTS = 1441  # a day at one a minute, both ends included
SkyDarkness = Literal[
    "night", "astronomical_twilight", "nautical_twilight", "civil_twilight", "daylight"
]  # fmt: skip
# The Sun's altitude below which each sky begins, darkest first: the twilights'
# definitions, and the almanacs' sunset (visibility.py's daylight).
_SKIES: tuple[tuple[float, SkyDarkness], ...] = (
    (ASTRONOMICAL_DUSK_DEG, "night"), (-12.0, "astronomical_twilight"),
    (-6.0, "nautical_twilight"), (SUN_UP_DEG, "civil_twilight"),
)  # fmt: skip
POLAR_NIGHT = "polar night: dark all day"


class Span(TypedDict):
    start: Annotated[datetime, instant("The first instant")]
    end: Annotated[datetime, instant("The last instant")]


Window = TypedDict(
    "Window",
    {"from": Annotated[datetime, instant("The first visible sample")],
     "until": Annotated[datetime, instant("The last visible sample")]},
)  # fmt: skip


class Best(TypedDict):
    """Where to look: the visible sample at which the body stands highest."""

    time: Annotated[datetime, instant("The moment it stands highest while visible")]
    alt: ephemeris.Altitude
    az: ephemeris.Azimuth
    compass: Annotated[
        CompassPoint, Doc("16-point compass direction of the azimuth (at a pole, see az)")
    ]
    constellation: Annotated[str, Doc("The constellation it is in")]


class PlanBody(TypedDict):
    """A body's night: each sample judged by the rule /planets applies (visibility)."""

    name: PlanBodyName
    visible: Annotated[bool, Doc("Visible at some sample of the night")]
    reason: Annotated[
        Reason | None, Doc("When it is never visible, the reason most samples give; else null")
    ]
    magnitude: Annotated[
        float, Doc("Brightest visual magnitude in the night", "magnitude", decimals=MAGNITUDE)
    ]
    windows: Annotated[list[Window], Doc("The runs of visible samples")]
    best: Annotated[Best | None, Doc("Null when it is never visible")]
    altitudes: Annotated[
        list[ephemeris.Altitude],
        Doc("Apparent altitude at each sample: sampled.start, every whole multiple of step_s "
            "(UTC) between, sampled.end"),
    ]  # fmt: skip


class Darkest(TypedDict):
    """The darkest the night's sky gets: the sample at which the Sun is lowest."""

    time: Annotated[datetime, instant("The sample at which the Sun is lowest")]
    sun_alt_deg: Annotated[
        float,
        Doc("The Sun's apparent altitude then", "degrees", minimum=-90, maximum=90,
            decimals=DEGREES),
    ]  # fmt: skip
    sky: Annotated[
        SkyDarkness,
        Doc("night: the Sun below -18 deg; astronomical_twilight: below -12 deg; "
            "nautical_twilight: below -6 deg; civil_twilight: below -0.833 deg; "
            "daylight: above"),
    ]  # fmt: skip


class Night(TypedDict):
    """A night's plan. Bodies worth going out for come first: visible ones, brightest first."""

    night: Annotated[Span, Doc("Local noon to the next, by the place's mean solar time")]
    darkness: Annotated[
        Span | None,
        Doc("Astronomical dusk to dawn (the Sun's centre below -18 deg), within the night; "
            "all of it in polar night; null when the Sun stays above -18 deg"),
    ]  # fmt: skip
    darkness_note: Annotated[
        str | None, Doc("Why there is no ordinary darkness: none at all, or all night")
    ]
    darkest: Darkest
    sampled: Annotated[
        Span,
        Doc("The samples' span: sunset to sunrise (the Sun's centre at -0.833 deg), or the "
            "whole night when the Sun neither sets nor rises in it"),
    ]  # fmt: skip
    step_s: Annotated[
        float,
        Doc("Time between samples: they fall on whole multiples of it in UTC, which every "
            "place shares, and on sampled's two ends", "seconds"),
    ]  # fmt: skip
    bodies: list[PlanBody]


def local_noon(where: Location, day: date) -> datetime:
    """Noon of `day` by the place's mean solar time, as a UTC instant to the second (the
    night's start)."""
    noon = datetime.combine(day, time(12), UTC) - timedelta(hours=where.lon / 15)
    return noon.replace(microsecond=0)


def night_of(where: Location, when: datetime) -> date:
    """The day whose night (local noon to noon, mean solar time) holds an instant: after
    midnight, the night in progress began the day before."""
    day = (when + timedelta(hours=where.lon / 15)).date()
    return day if when >= local_noon(where, day) else day - timedelta(days=1)


def sky_darkness(sun_alt_deg: float) -> SkyDarkness:
    """Name the sky for a Sun's altitude: night, one of the twilights, or daylight."""
    return next((sky for below, sky in _SKIES if sun_alt_deg < below), "daylight")


def _sun_below(where: Location, centre_alt_deg: float, noon: Moment) -> Span | None:
    """When the Sun's centre is below an altitude in the night from `noon` (to the
    second): from its descent to its ascent, within the night; all of it when the Sun
    never rises above the altitude, None when it does not go below it in the night."""
    end = noon.utc + NIGHT
    down, up = events.sun_crossings(where, centre_alt_deg, noon)
    if isinstance(down, str):
        return {"start": noon.utc, "end": end} if down == "never_up" else None
    if down >= end:
        return None
    return {"start": down.replace(microsecond=0),
            "end": end if isinstance(up, str) else min(up.replace(microsecond=0), end)}  # fmt: skip


def sample_times(sampled: Span) -> list[datetime]:
    """The samples of a span: its two ends and, between them, every whole multiple of
    `PLAN_STEP` in UTC (from 00:00), the grid that every place's night shares."""
    start, end = sampled["start"], sampled["end"]
    times = [start]
    when = start - (start - _GRID_EPOCH) % PLAN_STEP + PLAN_STEP
    while when < end:
        times.append(when)
        when += PLAN_STEP
    return [*times, end]


def _windows(times: list[datetime], seen: list[bool]) -> list[Window]:
    """The runs of visible samples, as from/until pairs."""
    windows: list[Window] = []
    opened = None
    for i, visible in enumerate([*seen, False]):
        if visible and opened is None:
            opened = i
        elif not visible and opened is not None:
            windows.append({"from": times[opened], "until": times[i - 1]})
            opened = None
    return windows


def _plan_body(
    name: PlanBodyName, times: list[datetime], track: list[Position], sun_alts: list[float],
    horizon_deg: float, limits: Thresholds,
) -> PlanBody:  # fmt: skip
    verdicts = [
        visibility(b, sun_alt, horizon_deg, limits)
        for b, sun_alt in zip(track, sun_alts, strict=True)
    ]
    seen = [v["visible"] for v in verdicts]
    best = max((i for i, s in enumerate(seen) if s), key=lambda i: track[i]["alt"], default=None)
    reasons = Counter(v["reason"] for v in verdicts if v["reason"])
    return {
        "name": name,
        "visible": best is not None,
        "reason": None if best is not None else reasons.most_common(1)[0][0],
        "magnitude": min(b["magnitude"] for b in track),
        "windows": _windows(times, seen),
        "best": None if best is None else {
            "time": times[best], "alt": track[best]["alt"], "az": track[best]["az"],
            "compass": track[best]["compass"], "constellation": track[best]["constellation"]},
        "altitudes": [b["alt"] for b in track],
    }  # fmt: skip


def plan_night(where: Location, air: Atmosphere, noon: Moment, horizon_deg: float,
               limits: Thresholds) -> Night:  # fmt: skip
    """Plan the night from `noon` (see `local_noon`) at a place: its darkness and, for the
    Moon and each planet, when it can be seen, its best moment and where to look then.

    Samples at sunset, on the 10-minute UTC grid between and at sunrise (or all night when
    the Sun neither sets nor rises; see `sample_times`), and judges each body at each
    sample by the rule /planets applies with the Sun's altitude then: a bright planet shows
    in twilight, so a night without astronomical darkness still has its windows.
    `altitudes` holds each sample, for a curve.
    """
    end = noon.utc + NIGHT
    darkness = _sun_below(where, ASTRONOMICAL_DUSK_DEG, noon)
    sampled = _sun_below(where, SUN_UP_DEG, noon) or {"start": noon.utc, "end": end}
    times = sample_times(sampled)
    # The grid's instants are every place's (kept apart from the polls': instant.py); the
    # two ends are this place's own sunset and sunrise, which nobody shares: not kept.
    parts: list[Callable[[datetime], Instant]] = [at, *[nightly] * (len(times) - 2), at]
    rows = [
        {b["name"]: b
         for b in ephemeris.sky(where, air, Moment.of(t), ("sun", *PLAN_BODIES), part)}
        for t, part in zip(times, parts, strict=True)
    ]  # fmt: skip
    sun_alts = [row["sun"]["alt"] for row in rows]
    darkest = min(range(len(times)), key=sun_alts.__getitem__)
    sky = sky_darkness(sun_alts[darkest])
    note: str | None = None
    if darkness is None:
        note = ("no astronomical darkness: the Sun stays above −18° and the sky is at its "
                f"darkest in {sky.replace('_', ' ')}")  # fmt: skip
    elif darkness == {"start": noon.utc, "end": end}:
        note = POLAR_NIGHT
    bodies = [
        _plan_body(name, times, [row[name] for row in rows], sun_alts, horizon_deg, limits)
        for name in PLAN_BODIES
    ]
    bodies.sort(key=lambda b: (not b["visible"], b["magnitude"]))
    return {
        "night": {"start": noon.utc, "end": end},
        "darkness": darkness,
        "darkness_note": note,
        "darkest": {"time": times[darkest], "sun_alt_deg": sun_alts[darkest], "sky": sky},
        "sampled": sampled,
        "step_s": PLAN_STEP.total_seconds(),
        "bodies": bodies,
    }


def point_count(start: datetime, stop: datetime, step: timedelta) -> int:
    """How many points a track from `start` to `stop` inclusive, every `step`, has."""
    return int((stop - start) / step) + 1


class TrackPoint(TypedDict):
    time: Annotated[datetime, instant("The moment of this point, to the second")]
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
        points.append({"time": when.replace(microsecond=0), "az": body["az"], "alt": body["alt"],
                       "ra_hours": body["ra_hours"], "dec_deg": body["dec_deg"],
                       "above_horizon": body["above_horizon"]})  # fmt: skip
    return points
