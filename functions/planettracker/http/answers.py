"""The shapes of the API's answers, composed from the core's types (the schema and the
client read these same definitions)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypedDict

from ..core.ephemeris import Observer, Provenance
from ..core.events import Events
from ..core.planner import Night
from ..core.shapes import Doc, instant
from ..core.visibility import Body


class Context(TypedDict):
    """What every answer about an instant says: when, where and how."""

    time: Annotated[str, instant("The moment, in UTC")]
    observer: Observer
    provenance: Provenance


class Sky(Context):
    """Every body's position and visibility, in a fixed order."""

    bodies: list[Body]


class Planet(Body, Context):
    """One body's position and visibility (the tutorial's route), with the context."""


class SkyEvents(Context):
    """Every body's rise, transit and set, in the same order as /planets."""

    bodies: list[Events]


class PlanetEvents(Events, Context):
    """One body's rise, transit and set, with the context."""


class Tonight(Night):
    """A night's plan, with the night's date and the place and air it was computed for."""

    observer: Observer
    provenance: Provenance
    date: Annotated[date, Doc("The night begins on this date, by the place's mean solar time")]


class SkySample(TypedDict):
    """The sky at one instant of a span: the bodies as /planets gives them then."""

    time: Annotated[str, instant("The sample's instant, in UTC")]
    bodies: list[Body]


class SkySpan(TypedDict):
    """Every body's position and visibility at each instant of a span on a UTC grid: a
    page interpolates between the samples and asks again once per span."""

    start: Annotated[
        str, instant("The first sample, a whole multiple of step_s since 1970-01-01T00:00:00Z")
    ]
    stop: Annotated[str, instant("The last sample")]
    step_s: Annotated[int, Doc("Time between samples", "seconds", minimum=1)]
    observer: Observer
    provenance: Annotated[Provenance, Doc("How the samples were computed (time scales at start)")]
    samples: list[SkySample]
