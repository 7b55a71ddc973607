"""What the core's answers mean, written beside their types: `Annotated[float, Doc(...)]`.

The HTTP layer's schema is generated from these annotations (http/schema.py), so a
field's unit and range are written once, where the field is defined.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Doc:
    """A field's description, unit, range and string format, for the generated schema."""

    text: str
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    format: str | None = None  # "date-time" for instants written as ISO 8601 with Z


def instant(text: str) -> Doc:
    """A UTC instant, written as ISO 8601 with a Z."""
    return Doc(text, format="date-time")
