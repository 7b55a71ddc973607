"""The shapes of the API's answers, composed from the core's types (the schema and the
client read these same definitions)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypedDict

from ..core.ephemeris import Observer, Provenance
from ..core.events import Events
from ..core.shapes import instant
from ..core.visibility import Body


class Context(TypedDict):
    """What every answer about an instant says: when, where and how."""

    time: Annotated[datetime, instant("The moment, in UTC")]
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
