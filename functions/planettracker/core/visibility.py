"""Whether a body can be seen by the naked eye now, and if not, the first reason why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, TypedDict

from .ephemeris import Position
from .shapes import Doc

SUN_UP_DEG = -0.833  # the almanacs' sunrise: upper limb (16') plus 34' of refraction
Reason = Literal["below_horizon", "too_faint", "too_close_to_sun", "daylight", "twilight"]


class Visibility(TypedDict):
    """Naked-eye visibility now. Not visible, with the first reason that applies:
    below_horizon (under the horizon parameter), too_faint (magnitude above
    limiting_magnitude), too_close_to_sun (within 10 deg elongation), daylight (Sun
    above -0.833 deg), twilight (Sun above -6 deg for magnitude <= 0, -12 deg for <= 4,
    -18 deg otherwise). The Sun and Moon are visible whenever they are up."""

    visible: bool
    reason: Reason | None


class BodyReport(Position):
    """A body's position with the verdict an observer asks next: can I see it now?"""

    visibility: Annotated[Visibility, Doc("Naked-eye visibility now")]


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
    body: Position, sun_alt_deg: float, horizon_deg: float, limits: Thresholds
) -> Visibility:
    """Say whether a computed body can be seen now and, if not, the first reason why."""
    reason: Reason | None = None
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


def observe(
    bodies: list[Position], sun_alt_deg: float, horizon_deg: float, limits: Thresholds
) -> list[BodyReport]:
    """Give each computed body its visibility verdict."""
    return [{**b, "visibility": visibility(b, sun_alt_deg, horizon_deg, limits)} for b in bodies]
