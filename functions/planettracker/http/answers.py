"""The shapes of the API's answers, composed from the core's types (the schema and the
client read these same definitions)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, TypedDict

from ..core.ephemeris import BodyName, ElevationM, Latitude, Longitude, Observer, Provenance
from ..core.events import Events
from ..core.planner import TRACK_MAX_POINTS, Night, TrackPoint
from ..core.shapes import Doc, instant
from ..core.visibility import BodyReport


class Context(TypedDict):
    """What every answer about an instant says: when, where and how."""

    time: Annotated[datetime, instant("The moment, in UTC")]
    observer: Observer
    provenance: Provenance


class Sky(Context):
    """Every body's position and visibility, in a fixed order."""

    bodies: list[BodyReport]


class Planet(BodyReport, Context):
    """One body's position and visibility (the tutorial's route), with the context."""


class SkyEvents(Context):
    """Every body's rise, transit and set, in the same order as /planets."""

    bodies: list[Events]


class PlanetEvents(Events, Context):
    """One body's rise, transit and set, with the context."""


class Track(TypedDict):
    """One body's positions from start to stop, every step."""

    name: BodyName
    observer: Observer
    provenance: Provenance
    start: Annotated[datetime, instant("The first point")]
    stop: Annotated[datetime, instant("The end of the span (the last point is at or before it)")]
    step_s: Annotated[float, Doc("Time between points", "seconds")]
    points: Annotated[
        list[TrackPoint], Doc("From start, every step, to stop", max_items=TRACK_MAX_POINTS)
    ]


class GeoLocation(TypedDict):
    """A location, validated and normalised; nothing is stored."""

    lat: Latitude
    lon: Longitude
    elevation_m: ElevationM
    elevation: Annotated[float, Doc("The tutorial's name for elevation_m, kept for its clients",
                                    "metres")]  # fmt: skip


class _ProblemAlways(TypedDict):
    type: Annotated[str, Doc("A URI naming the problem type; about:blank: see status")]
    title: Annotated[str, Doc("The status's phrase")]
    status: Annotated[int, Doc("The HTTP status")]
    detail: Annotated[str, Doc("What is wrong, in words")]
    code: Annotated[str, Doc("A stable machine-readable name for the problem")]


# total=False rather than NotRequired[...], which a TypedDict cannot see in an annotation
# that `from __future__ import annotations` has made a string.
class Problem(_ProblemAlways, total=False):
    """RFC 9457 problem details: what is wrong, with what, and what is accepted."""

    parameter: Annotated[str, Doc("The offending parameter")]
    accepted: Annotated[str, Doc("What the parameter accepts")]


class Health(TypedDict):
    """Liveness and version."""

    status: Literal["ok"]
    version: Annotated[str, Doc("PlanetTracker's version")]


class SkySample(TypedDict):
    """The sky at one instant of a span: the bodies as /planets gives them then."""

    time: Annotated[datetime, instant("The sample's instant, in UTC")]
    bodies: list[BodyReport]


class SkySpan(TypedDict):
    """Every body's position and visibility at each instant of a span on a UTC grid: a
    page interpolates between the samples and asks again once per span."""

    start: Annotated[
        datetime, instant("The first sample, a whole multiple of step_s since 1970-01-01T00:00:00Z")
    ]
    stop: Annotated[datetime, instant("The last sample")]
    step_s: Annotated[int, Doc("Time between samples", "seconds", minimum=1)]
    observer: Observer
    provenance: Annotated[Provenance, Doc("How the samples were computed (time scales at start)")]
    samples: list[SkySample]


class Tonight(Night):
    """A night's plan, with the night's date and the place and air it was computed for."""

    observer: Observer
    provenance: Provenance
    date: Annotated[date, Doc("The night begins on this date, by the place's mean solar time")]
