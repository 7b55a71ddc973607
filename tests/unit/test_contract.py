from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from planettracker.http import contract, endpoints, headers, messages

NOW = datetime(2024, 3, 20, 12, tzinfo=UTC)


def test_settings_come_from_an_injected_mapping() -> None:
    assert headers.Settings.from_environ({}).cors_origins == ("*",)
    settings = headers.Settings.from_environ(
        {"PLANETTRACKER_CORS_ORIGINS": "https://a.example, https://b.example"}
    )
    assert settings.cors_origins == ("https://a.example", "https://b.example")


def test_cors_names_only_allowed_origins() -> None:
    settings = headers.Settings(cors_origins=("https://a.example",))
    route = contract.ROUTES[0]
    allowed = contract.respond(
        route, messages.ApiRequest(now=NOW, origin="https://a.example"), settings
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert allowed.headers["Vary"] == "Origin"
    other = contract.respond(
        route, messages.ApiRequest(now=NOW, origin="https://evil.example"), settings
    )
    assert "Access-Control-Allow-Origin" not in other.headers and other.headers["Vary"] == "Origin"


def test_an_unexpected_failure_is_a_500_problem_not_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(request: messages.ApiRequest) -> messages.ApiResponse:
        raise ZeroDivisionError

    route = contract.Route("GET", "/broken", broken)
    answer = contract.respond(route, messages.ApiRequest(now=NOW), headers.Settings())
    assert answer.status == 500 and answer.headers["Content-Type"] == headers.PROBLEM_JSON
    assert json.loads(answer.body) == {
        "type": "about:blank", "title": "Internal Server Error", "status": 500,
        "detail": "the server failed to answer", "code": "internal-error",
    }  # fmt: skip
    assert "ZeroDivisionError" in caplog.text


def test_every_route_is_documented_with_its_method() -> None:
    schema = json.loads(endpoints.get_openapi(messages.ApiRequest(now=NOW)).body)
    documented = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    served = {
        (r.method, r.path) for r in contract.ROUTES if r.path not in ("/openapi.json", "/docs")
    }
    assert documented == served
