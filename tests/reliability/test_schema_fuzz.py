"""schemathesis against the served OpenAPI schema: no 5xx, and every answer (status,
content type, headers, body) conforms to what the schema documents, for generated
valid and invalid requests. Bounded and derandomized: the same cases every run.

(schemathesis's pytest plugin does not run under pytest 9, so each operation's
strategy drives a plain Hypothesis test here.)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from planettracker.doors.fastapi_app import create_app
from planettracker.http import headers

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
OPERATIONS = [
    "GET /planets",
    "GET /planets/{name}",
    "GET /sky",
    "GET /planets/{name}/track",
    "GET /tonight",
    "POST /geo_location",
    "GET /health",
]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


def fuzz(schema: schemathesis.BaseSchema, label: str, mode: GenerationMode) -> int:
    """Run up to 60 generated cases of one operation; return how many ran."""
    (operation,) = [r.ok() for r in schema.get_all_operations() if r.ok().label == label]
    ran = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def check(case: schemathesis.Case) -> None:
        nonlocal ran
        ran += 1
        case.call_and_validate(checks=CHECKS)

    check()
    return ran


@pytest.fixture(scope="module")
def schemas(live_server: str) -> dict[str, Callable[[], schemathesis.BaseSchema]]:
    app = create_app(headers.Settings())
    return {
        "make-dev": lambda: schemathesis.openapi.from_url(f"{live_server}/openapi.json"),
        "fastapi": lambda: schemathesis.openapi.from_asgi("/openapi.json", app),
    }


# GET /health takes no input, so there is nothing invalid to generate for it.
CASES = [(label, mode) for label in OPERATIONS for mode in MODES
         if (label, mode) != ("GET /health", GenerationMode.NEGATIVE)]  # fmt: skip


@pytest.mark.parametrize(("label", "mode"), CASES, ids=lambda x: getattr(x, "value", x))
@pytest.mark.parametrize("door", ["make-dev", "fastapi"])
def test_answers_are_as_documented(
    schemas: dict[str, Callable[[], schemathesis.BaseSchema]],
    door: str,
    label: str,
    mode: GenerationMode,
) -> None:
    assert fuzz(schemas[door](), label, mode) >= 1
