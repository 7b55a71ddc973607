"""The async client against small aiohttp servers that misbehave on purpose."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web

from planettracker.client.api import ApiProblem, ClientError, PlanetTrackerClient, Unreachable
from planettracker.client.decode import decode
from planettracker.http import endpoints, headers, messages, params, router
from planettracker.http.answers import Sky, SkyEvents, SkySpan

from .conftest import free_port

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
T = "2024-03-20T12:00:00Z"
T_VALUE = datetime(2024, 3, 20, 12, tzinfo=UTC)


@asynccontextmanager
async def serving(handler: Handler, path: str = "/planets") -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get(path, handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


PLANETS = next(route for route in router.ROUTES if route.path == "/planets")


def real_sky(request: web.Request) -> web.Response:
    """What the real API answers, errors included, at a fixed "now"."""
    query = list(request.query.items())
    api_request = messages.ApiRequest(now=params.EARLIEST, query=query)
    answer = router.respond(PLANETS, api_request, headers.Settings())
    return web.Response(body=answer.body, status=answer.status, headers=answer.headers)


def test_many_never_has_more_than_the_limit_in_flight() -> None:
    in_flight, peak = 0, 0

    async def slow(request: web.Request) -> web.StreamResponse:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return real_sky(request)

    async def go() -> list[Sky]:
        async with serving(slow) as url, PlanetTrackerClient(url, concurrency=3) as client:
            queries = [{"lat": lat, "lon": 0, "time": T} for lat in range(-80, 81, 8)]
            return await client.many(queries)

    skies = asyncio.run(go())
    assert peak == 3  # the limit was reached, never passed
    assert [s["observer"]["lat"] for s in skies] == list(range(-80, 81, 8))  # in order
    assert all(len(s["bodies"]) == 10 and s["bodies"][0]["name"] == "sun" for s in skies)


def test_5xx_is_retried_with_backoff_until_it_succeeds() -> None:
    calls: list[float] = []

    async def flaky(request: web.Request) -> web.StreamResponse:
        calls.append(asyncio.get_running_loop().time())
        if len(calls) < 3:
            return web.Response(status=503, text="busy")
        return real_sky(request)

    async def go() -> Sky:
        async with serving(flaky) as url, PlanetTrackerClient(url, backoff_s=0.05) as client:
            return await client.sky(time=T)

    assert asyncio.run(go())["time"] == T_VALUE
    gaps = [b - a for a, b in zip(calls, calls[1:], strict=False)]
    assert len(calls) == 3 and gaps[0] >= 0.05 and gaps[1] >= 0.1  # doubling


def test_a_client_error_is_not_retried_and_names_the_parameter() -> None:
    calls = 0

    async def strict(request: web.Request) -> web.StreamResponse:
        nonlocal calls
        calls += 1
        return await answer_now(request)

    async def go() -> None:
        async with serving(strict) as url, PlanetTrackerClient(url, backoff_s=0.01) as client:
            await client.sky(lat=91, lon=0)

    with pytest.raises(ApiProblem) as caught:
        asyncio.run(go())
    assert calls == 1
    assert (caught.value.status, caught.value.parameter, caught.value.code) == (
        400,
        "lat",
        "invalid-parameter",
    )
    assert "lat: lat is out of range (accepted: a decimal number from -90 to 90" in str(
        caught.value
    )


def test_retries_give_up_on_persistent_failure() -> None:
    calls = 0

    async def down(request: web.Request) -> web.StreamResponse:
        nonlocal calls
        calls += 1
        return web.json_response({"status": 503, "detail": "maintenance"}, status=503)

    async def go() -> None:
        async with (
            serving(down) as url,
            PlanetTrackerClient(url, retries=2, backoff_s=0.01) as client,
        ):
            await client.sky()

    with pytest.raises(ApiProblem) as caught:
        asyncio.run(go())
    assert calls == 3 and caught.value.status == 503 and "maintenance" in str(caught.value)


def test_connection_errors_are_retried_then_reported_unreachable() -> None:
    async def go() -> None:
        url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
        async with PlanetTrackerClient(url, retries=2, backoff_s=0.01) as client:
            await client.sky()

    with pytest.raises(Unreachable, match="cannot reach"):
        asyncio.run(go())


def test_timeouts_count_as_transient() -> None:
    calls = 0

    async def stuck(request: web.Request) -> web.StreamResponse:
        nonlocal calls
        calls += 1
        await asyncio.sleep(5)
        return real_sky(request)

    async def go() -> None:
        async with (
            serving(stuck) as url,
            PlanetTrackerClient(url, timeout_s=0.2, retries=1, backoff_s=0.01) as c,
        ):
            await c.sky()

    with pytest.raises(Unreachable):
        asyncio.run(go())
    assert calls == 2


def test_not_json_is_a_client_error_not_a_crash() -> None:
    async def html(request: web.Request) -> web.StreamResponse:
        return web.Response(text="<html>hello</html>", content_type="text/html")

    async def go() -> None:
        async with serving(html) as url, PlanetTrackerClient(url) as client:
            await client.sky()

    with pytest.raises(ClientError):
        asyncio.run(go())


async def answer_now(request: web.Request) -> web.StreamResponse:
    return real_sky(request)


def test_typed_results_hold_the_whole_answer() -> None:
    async def go() -> Sky:
        async with (
            serving(answer_now) as url,
            PlanetTrackerClient(url) as c,
        ):
            return await c.sky(lat=10, lon=20, time=T)

    sky = asyncio.run(go())
    expected = json.loads(
        endpoints.get_planets(
            messages.ApiRequest(
                now=params.EARLIEST, query=[("lat", "10"), ("lon", "20"), ("time", T)]
            )
        ).body
    )
    assert sky == {**expected, "time": T_VALUE}  # the instant read back into a datetime


def routed(path: str) -> Handler:
    """What the real API answers at `path`, at a fixed "now"."""
    route = next(route for route in router.ROUTES if route.path == path)

    async def answer(request: web.Request) -> web.StreamResponse:
        api_request = messages.ApiRequest(now=params.EARLIEST, query=list(request.query.items()))
        got = router.respond(route, api_request, headers.Settings())
        return web.Response(body=got.body, status=got.status, headers=got.headers)

    return answer


def test_events_come_from_their_own_resource() -> None:
    async def go() -> SkyEvents:
        async with serving(routed("/events"), "/events") as url, PlanetTrackerClient(url) as client:
            return await client.events(lat=10, lon=20, time=T)

    found = asyncio.run(go())
    assert [b["name"] for b in found["bodies"]][:2] == ["sun", "moon"]
    sunset = found["bodies"][0]["next_set"]
    assert sunset is not None and sunset.date() == T_VALUE.date() and sunset.tzinfo == UTC


def test_a_span_comes_whole_and_typed() -> None:
    async def go() -> SkySpan:
        async with serving(routed("/sky"), "/sky") as url, PlanetTrackerClient(url) as client:
            return await client.span(lat=10, lon=20, start=T, span=30, step=15)

    found = asyncio.run(go())
    query = [("lat", "10"), ("lon", "20"), ("start", T), ("span", "30"), ("step", "15")]
    expected = json.loads(
        endpoints.get_sky(messages.ApiRequest(now=params.EARLIEST, query=query)).body
    )
    assert found == decode(SkySpan, expected)  # the whole answer, its instants as datetimes
    assert [s["time"] for s in found["samples"]] == [
        T_VALUE + timedelta(seconds=s) for s in (0, 15, 30)
    ]


@pytest.mark.parametrize(
    ("broken", "named"),
    [
        (lambda sky: sky.pop("observer"), "'observer'"),
        # A server from before the place's zone was named.
        (lambda sky: sky["observer"].pop("time_zone"), "/planets.observer has no 'time_zone'"),
        (lambda sky: sky["bodies"][3]["visibility"].pop("reason"), "bodies[3].visibility"),
        (lambda sky: sky.update(bodies={}), "/planets.bodies is not a list"),
        (lambda sky: sky.update(time="noon"), "/planets.time is not an ISO 8601 instant"),
    ],
)
def test_an_answer_of_another_shape_is_refused_naming_the_field(
    broken: Callable[[dict[str, Any]], object], named: str
) -> None:
    async def other_version(request: web.Request) -> web.StreamResponse:
        sky = json.loads(real_sky(request).body)
        broken(sky)
        return web.json_response(sky)

    async def go() -> Sky:
        async with serving(other_version) as url, PlanetTrackerClient(url) as client:
            return await client.sky(time=T)

    with pytest.raises(ClientError, match=re.escape(named)):
        asyncio.run(go())
