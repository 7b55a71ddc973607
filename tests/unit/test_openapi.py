"""The schema's components come from the answers' types (http/schema.py), none by hand."""

from __future__ import annotations

import ast
import inspect
import json
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypedDict

from planettracker.core.shapes import Doc, instant
from planettracker.http import openapi
from planettracker.http.schema import Components


def test_every_component_is_generated_from_its_type() -> None:
    served = openapi.document()["components"]["schemas"]
    generated = Components()
    for answer in openapi.ANSWERS:
        generated.ref(answer)
    assert served == generated.schemas
    assert {"Tonight", "Track", "GeoLocation", "Problem", "Health"} <= set(served)


def test_every_reference_names_a_component() -> None:
    document = openapi.document()
    text = json.dumps(document)
    names = {part.split('"')[0] for part in text.split('"$ref": "#/components/schemas/')[1:]}
    assert names and names <= set(document["components"]["schemas"]), names


def test_openapi_py_writes_no_object_schema_by_hand() -> None:
    """Only the request bodies (from the parameter table) describe properties there."""
    tree = ast.parse(inspect.getsource(openapi))
    holders = set()
    for statement in tree.body:
        for node in ast.walk(statement):
            keys = [k.value for k in getattr(node, "keys", []) if isinstance(k, ast.Constant)]
            if isinstance(node, ast.Dict) and "properties" in keys:
                holders.add(getattr(statement, "name", None) or ast.unparse(statement.targets[0]))  # type: ignore[attr-defined]
    assert holders == {"_location_bodies"}


class _Window(TypedDict):
    start: Annotated[datetime, instant("From")]
    end: datetime


_Span = TypedDict("_Span", {"from": datetime, "until": datetime})


class _Planned(TypedDict):
    """A night."""

    date: Annotated[date, Doc("The day")]
    darkness: _Window | None
    note: Literal["polar night", "white night"] | None
    spans: list[_Span]
    altitudes: Annotated[list[float], Doc("Samples", "degrees", decimals=5, max_items=3)]


def test_the_generator_takes_nested_shapes_lists_optionals_literals_and_times() -> None:
    components = Components()
    assert components.ref(_Planned) == {"$ref": "#/components/schemas/_Planned"}
    instant_schema: dict[str, Any] = {"type": "string", "format": "date-time"}
    assert components.schemas == {
        "_Planned": {
            "type": "object",
            "required": ["date", "darkness", "note", "spans", "altitudes"],
            "properties": {
                "date": {"type": "string", "format": "date", "description": "The day"},
                "darkness": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/_Window"}]},
                "note": {"type": ["string", "null"], "enum": ["polar night", "white night", None]},
                "spans": {"type": "array", "items": {"$ref": "#/components/schemas/_Span"}},
                "altitudes": {
                    "type": "array", "items": {"type": "number"},
                    "description": "Samples (degrees, 5 decimals)", "x-decimals": 5, "maxItems": 3,
                },
            },
            "description": "A night.",
        },
        "_Window": {
            "type": "object",
            "required": ["start", "end"],
            "properties": {"start": {**instant_schema, "description": "From"}, "end": instant_schema},
        },
        "_Span": {
            "type": "object",
            "required": ["from", "until"],
            "properties": {"from": instant_schema, "until": instant_schema},
        },
    }  # fmt: skip
