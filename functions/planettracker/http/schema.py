"""JSON Schema from the core's typed shapes: TypedDicts, Literals, optionals, lists and
`Annotated[..., Doc(...)]`. Each TypedDict becomes a named component, referenced
wherever it is used, so a field is described once, where its type is defined."""

from __future__ import annotations

import types
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from ..core.shapes import Doc

_SCALARS: dict[Any, str] = {bool: "boolean", int: "integer", float: "number", str: "string"}
# The core hands out instants and days as values; JSON carries them as ISO 8601 text.
_TEXTS: dict[Any, dict[str, Any]] = {
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
}


def _doc(doc: Doc) -> dict[str, Any]:
    said = ", ".join(
        ([doc.unit] if doc.unit else []) + ([f"{doc.decimals} decimals"] if doc.decimals else [])
    )
    described = f"{doc.text} ({said})" if said and doc.text else doc.text or said
    pairs = {
        "description": described,
        "minimum": doc.minimum,
        "maximum": doc.maximum,
        "exclusiveMinimum": doc.exclusive_minimum,
        "exclusiveMaximum": doc.exclusive_maximum,
        "format": doc.format,
        "x-decimals": doc.decimals,
        "maxItems": doc.max_items,
    }
    return {k: v for k, v in pairs.items() if v is not None}


def _is_typed_dict(kind: Any) -> bool:
    return isinstance(kind, type) and hasattr(kind, "__required_keys__")


class Components:
    """Collects the named schemas that the described types use."""

    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}

    def ref(self, kind: type) -> dict[str, Any]:
        """Describe a TypedDict once, under its class name, and refer to it."""
        name = kind.__name__
        if name not in self.schemas:
            self.schemas[name] = {}  # claimed first: a shape may refer to itself
            hints = get_type_hints(kind, include_extras=True)
            required: frozenset[str] = getattr(kind, "__required_keys__", frozenset())
            self.schemas[name] = {
                "type": "object",
                "required": [k for k in hints if k in required],
                "properties": {k: self.of(v) for k, v in hints.items()},
                **({"description": " ".join(kind.__doc__.split())} if kind.__doc__ else {}),
            }
        return {"$ref": f"#/components/schemas/{name}"}

    def of(self, kind: Any) -> dict[str, Any]:
        """The schema of one annotation."""
        origin = get_origin(kind)
        if origin is Annotated:
            inner, *extras = get_args(kind)
            schema = self.of(inner)
            for extra in extras:
                if isinstance(extra, Doc):
                    schema = {**schema, **_doc(extra)} if "$ref" not in schema else {
                        "allOf": [schema], **_doc(extra)}  # fmt: skip
            return schema
        if _is_typed_dict(kind):
            return self.ref(kind)
        if kind in _SCALARS:
            return {"type": _SCALARS[kind]}
        if kind in _TEXTS:
            return _TEXTS[kind]
        if origin is Literal:
            values = get_args(kind)
            return {"type": _SCALARS[type(values[0])], "enum": list(values)}
        if origin is list:
            return {"type": "array", "items": self.of(get_args(kind)[0])}
        if origin in (Union, types.UnionType):
            options = [a for a in get_args(kind) if a is not type(None)]
            assert len(options) == 1, f"only `X | None` unions are described: {kind}"
            schema = self.of(options[0])
            if "type" in schema and "enum" not in schema:
                return {**schema, "type": [schema["type"], "null"]}
            if "enum" in schema:
                return {**schema, "type": [schema["type"], "null"], "enum": [*schema["enum"], None]}
            return {"oneOf": [{"type": "null"}, schema]}
        raise TypeError(f"no schema for {kind!r}")
