"""What the core's answers mean, written beside their types: `Annotated[float, Doc(...)]`.

The HTTP layer's schema is generated from these annotations (http/schema.py), so a
field's unit and range are written once, where the field is defined.
"""

from __future__ import annotations

from dataclasses import dataclass

# The precision the core's numbers have, as decimals. PyEphem agrees with JPL's DE421
# to about an arc-second (docs/accuracy.md): 5 decimals of a degree are 0.036", 6 of an
# hour of right ascension 0.054"; 1e-9 au is 150 m; magnitudes and phases are single
# precision inside libastro, good to 2 decimals, past which they are noise.
DEGREES = 5
HOURS = 6
AU = 9
KM = 1
MAGNITUDE = 2
PERCENT = 2


def scale(decimals: int) -> float:
    """10 ** decimals: round(x * scale) / scale is the nearest double to round(x, decimals)
    in a quarter of its time, which counts on the hot path (some 100 values a sky)."""
    return 10.0**decimals


@dataclass(frozen=True)
class Doc:
    """A field's description, unit, range, decimals, string format and a list's length,
    for the schema."""

    text: str
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    format: str | None = None  # "date-time" for instants written as ISO 8601 with Z
    decimals: int | None = None  # the value is rounded to this many: the precision it has
    max_items: int | None = None  # for a list: the most it holds


def instant(text: str) -> Doc:
    """A UTC instant, written as ISO 8601 with a Z."""
    return Doc(text, format="date-time")
