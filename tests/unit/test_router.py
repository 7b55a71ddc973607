from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from planettracker.core.ephemeris import Atmosphere, Location, position
from planettracker.core.timescales import Moment
from planettracker.http import endpoints, headers, messages, router
from planettracker.http.openapi import document

NOW = datetime(2024, 3, 20, 12, tzinfo=UTC)


def test_settings_come_from_an_injected_mapping() -> None:
    assert headers.Settings.from_environ({}).cors_origins == ("*",)
    settings = headers.Settings.from_environ(
        {"PLANETTRACKER_CORS_ORIGINS": "https://a.example, https://b.example"}
    )
    assert settings.cors_origins == ("https://a.example", "https://b.example")


def test_cors_names_only_allowed_origins() -> None:
    settings = headers.Settings(cors_origins=("https://a.example",))
    route = router.ROUTES[0]
    allowed = router.respond(
        route, messages.ApiRequest(now=NOW, origin="https://a.example"), settings
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert allowed.headers["Vary"] == "Accept-Encoding, Origin"  # gzip or not: encoding.py
    other = router.respond(
        route, messages.ApiRequest(now=NOW, origin="https://evil.example"), settings
    )
    assert "Access-Control-Allow-Origin" not in other.headers and other.headers["Vary"].endswith(
        "Origin"
    )


def test_an_unexpected_failure_is_a_500_problem_not_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(request: messages.ApiRequest) -> messages.ApiResponse:
        raise ZeroDivisionError

    route = router.Route("GET", "/broken", broken)
    answer = router.respond(route, messages.ApiRequest(now=NOW), headers.Settings())
    assert answer.status == 500 and answer.headers["Content-Type"] == headers.PROBLEM_JSON
    assert json.loads(answer.body) == {
        "type": "about:blank", "title": "Internal Server Error", "status": 500,
        "detail": "the server failed to answer", "code": "internal-error",
    }  # fmt: skip
    assert "ZeroDivisionError" in caplog.text


def test_every_route_is_documented_with_its_method() -> None:
    schema = json.loads(endpoints.get_openapi(messages.ApiRequest(now=NOW)).body)
    documented = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    served = {(r.method, r.path) for r in router.ROUTES if r.path not in ("/openapi.json", "/docs")}
    assert documented == served


def _decimals_by_field(schema: dict[str, Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for component in schema["components"]["schemas"].values():
        for name, field in component.get("properties", {}).items():
            if "x-decimals" in field:
                assert found.setdefault(name, field["x-decimals"]) == field["x-decimals"], name
    return found


@pytest.mark.parametrize(
    ("endpoint", "query"),
    [
        (endpoints.get_planets, [("lat", "-33.86"), ("lon", "151.21"), ("elevation", "58")]),
        (endpoints.get_events, [("lat", "64.8"), ("lon", "-147.7")]),
        (endpoints.get_tonight, [("lat", "48.85"), ("lon", "2.35")]),
    ],
)
def test_numbers_carry_the_precision_the_schema_states(
    endpoint: Callable[[messages.ApiRequest], messages.ApiResponse], query: list[tuple[str, str]]
) -> None:
    """No float32 noise: each number has at most the decimals its schema field states."""
    decimals = _decimals_by_field(
        json.loads(endpoints.get_openapi(messages.ApiRequest(now=NOW)).body)
    )
    assert decimals["az"] == 5 and decimals["phase_percent"] == 2  # the table is read at all
    checked = 0

    def walk(value: Any, key: str = "") -> None:
        nonlocal checked
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in decimals and value[:1] in "-0123456789":
            checked += 1
            exponent = Decimal(value).as_tuple().exponent
            assert isinstance(exponent, int) and -exponent <= decimals[key], (key, value)

    for hour in range(0, 24, 6):
        now = datetime(2024, 3, 20, hour, 7, 13, 123456, tzinfo=UTC)
        answer = endpoint(messages.ApiRequest(now=now, query=query))
        walk(json.loads(answer.body, parse_float=str))
    assert checked > 20


def test_the_schema_says_that_at_a_pole_azimuth_depends_on_lon() -> None:
    """At the North Pole every way is south: PyEphem measures from the given meridian."""
    when = Moment.of(datetime(2024, 6, 21, 12, tzinfo=UTC))
    suns = [position("sun", Location(90.0, lon, 0.0, "request"), Atmosphere(), when)
            for lon in (0.0, 90.0)]  # fmt: skip
    assert suns[1]["az"] - suns[0]["az"] == pytest.approx(90.0, abs=1e-4)
    assert (suns[0]["compass"], suns[1]["compass"]) == ("S", "W")
    position_schema = document()["components"]["schemas"]["BodyReport"]["properties"]
    assert "depend on lon" in position_schema["az"]["description"]
    assert "at a pole, see az" in position_schema["compass"]["description"]
