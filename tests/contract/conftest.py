from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import doors

DOOR_NAMES = ["fastapi", "lambda-http-api-v2", "lambda-rest-api-v1", "aiohttp", "live-make-dev"]


@pytest.fixture(scope="session")
def reference() -> doors.Door:
    """FastAPI's TestClient: what every other door must answer identically."""
    return doors.fastapi_door()


@pytest.fixture(scope="session", params=DOOR_NAMES)
def door(request: pytest.FixtureRequest) -> Iterator[doors.Door]:
    name = request.param
    if name == "fastapi":
        yield doors.fastapi_door()
    elif name == "lambda-http-api-v2":
        request.getfixturevalue("main_thread_loop")
        yield doors.http_api_v2_door()
    elif name == "lambda-rest-api-v1":
        request.getfixturevalue("main_thread_loop")
        yield doors.rest_api_v1_door()
    elif name == "aiohttp":
        aiohttp_door = doors.AiohttpDoor()
        yield aiohttp_door
        aiohttp_door.close()
    else:
        yield doors.live_door(request.getfixturevalue("live_server"))
