"""Every door behind one call signature, so one table of cases runs through all of them.

The Lambda doors are fed API Gateway events made by `sam local generate-event`
(tests/events/*.json), adjusted per request: method, path, query, headers, body
(base64, with isBase64Encoded) and the path parameters a route template yields.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import gzip
import json
import threading
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import requests
from aiohttp.test_utils import TestClient as AiohttpClient
from aiohttp.test_utils import TestServer
from fastapi.testclient import TestClient

from planettracker.doors import devserver, fastapi_app
from planettracker.http import headers, router

T = TypeVar("T")
EVENTS = Path(__file__).resolve().parents[1] / "events"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Door = Callable[..., Reply]  # (method, path, query="", body=b"", headers=None) -> Reply


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def fastapi_door() -> Door:
    client = TestClient(fastapi_app.create_app(headers.Settings()))

    def call(
        method: str, path: str, query: str = "", body: bytes = b"", headers: Any = None
    ) -> Reply:
        url = f"{path}?{query}" if query else path
        answer = client.request(method, url, content=body, headers=headers or {})
        return Reply(answer.status_code, _lower(answer.headers), answer.content)

    return call


def _route(path: str) -> tuple[str | None, dict[str, str]]:
    """The route template API Gateway would match, and its path parameters."""
    for route in router.ROUTES:
        if route.matches(path):
            names = [p[1:-1] for p in route.path.split("/") if p.startswith("{")]
            values = [
                v
                for t, v in zip(route.path.split("/"), path.split("/"), strict=True)
                if t.startswith("{")
            ]
            return route.path, dict(zip(names, values, strict=True))
    return None, {}


def _grouped(query: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        grouped.setdefault(name, []).append(value)
    return grouped


def _lambda_reply(answer: dict[str, Any]) -> Reply:
    headers = _lower(answer.get("headers") or {})
    for name, values in (answer.get("multiValueHeaders") or {}).items():
        headers[name.lower()] = ", ".join(values)
    body = answer.get("body", "")
    raw = base64.b64decode(body) if answer.get("isBase64Encoded") else body.encode()
    if headers.get("content-encoding") == "gzip":  # as every HTTP client here decodes it
        raw = gzip.decompress(raw)
    return Reply(answer["statusCode"], headers, raw)


def http_api_v2_door() -> Door:
    from planettracker.doors.lambda_handler import handler

    template = json.loads((EVENTS / "http-api-v2.json").read_text())

    def call(
        method: str, path: str, query: str = "", body: bytes = b"", headers: Any = None
    ) -> Reply:
        event = copy.deepcopy(template)
        del event["cookies"]
        route, path_params = _route(path)
        event["routeKey"] = f"{method} {route}" if route else "$default"
        event["requestContext"]["routeKey"] = event["routeKey"]
        event["rawPath"] = path
        event["rawQueryString"] = query
        grouped = _grouped(query)
        event["queryStringParameters"] = {k: ",".join(v) for k, v in grouped.items()}
        if not grouped:
            del event["queryStringParameters"]
        event["headers"] = _lower(headers or {})
        event["requestContext"]["http"].update(method=method, path=path)
        event["pathParameters"] = path_params
        event["body"] = base64.b64encode(body).decode() if body else None
        event["isBase64Encoded"] = bool(body)
        return _lambda_reply(handler(event, None))

    return call


def rest_api_v1_door() -> Door:
    from planettracker.doors.lambda_handler import handler

    template = json.loads((EVENTS / "rest-api-v1.json").read_text())

    def call(
        method: str, path: str, query: str = "", body: bytes = b"", headers: Any = None
    ) -> Reply:
        event = copy.deepcopy(template)
        route, path_params = _route(path)
        event["resource"] = route or "/{proxy+}"
        event["path"] = path
        event["httpMethod"] = method
        grouped = _grouped(query)
        event["queryStringParameters"] = {k: v[-1] for k, v in grouped.items()} or None
        event["multiValueQueryStringParameters"] = grouped or None
        event["pathParameters"] = path_params or (
            {"proxy": path.lstrip("/")} if not route else None
        )
        event["headers"] = dict(headers or {})
        event["multiValueHeaders"] = {k: [v] for k, v in (headers or {}).items()}
        event["body"] = base64.b64encode(body).decode() if body else None
        event["isBase64Encoded"] = bool(body)
        context = event["requestContext"]
        context.update(
            httpMethod=method, path=f"/{context['stage']}{path}", resourcePath=event["resource"]
        )
        return _lambda_reply(handler(event, None))

    return call


class AiohttpDoor:
    """aiohttp's own test client, on an event loop in its own thread, so the cases stay
    synchronous and never meet another library's loop (Playwright's sync API runs one)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        app = devserver.create_app(headers.Settings())
        self.client = AiohttpClient(TestServer(app, host="127.0.0.1"), loop=self.loop)
        self._run(self.client.start_server())

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    def __call__(
        self, method: str, path: str, query: str = "", body: bytes = b"", headers: Any = None
    ) -> Reply:
        async def go() -> Reply:
            url = f"{path}?{query}" if query else path
            async with self.client.request(
                method, url, data=body or None, headers=headers or {}
            ) as answer:
                return Reply(answer.status, _lower(answer.headers), await answer.read())

        return self._run(go())

    def close(self) -> None:
        self._run(self.client.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


def live_door(base: str) -> Door:
    session = requests.Session()

    def call(
        method: str, path: str, query: str = "", body: bytes = b"", headers: Any = None
    ) -> Reply:
        url = f"{base}{path}?{query}" if query else f"{base}{path}"
        answer = session.request(method, url, data=body or None, headers=headers or {}, timeout=10)
        return Reply(answer.status_code, _lower(answer.headers), answer.content)

    return call
