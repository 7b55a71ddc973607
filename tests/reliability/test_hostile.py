"""Hostile and heavy traffic against a dev server process of its own: 4xx answers,
nobody else stalled, bounded memory under load, and the Lambda handler unshaken by
events API Gateway never sends. Every loop here is bounded in count; no test asserts
how fast anything is (tests/bench/hostile.py measures that), and a timeout here is only
a safety net against a hung server."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import free_port, start_dev_server, stop, wait_until_up
from .hostile_requests import HOSTILE, PATIENCE_S, raw_status

LOAD_REQUESTS = 1500  # per connection: 96,000 requests in all
CONNECTIONS = 64
RSS_GROWTH_LIMIT_MIB = 40


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """(base URL, pid) of a dev server process started for these tests alone."""
    port = free_port()
    process = start_dev_server(
        port, tmp_path_factory.mktemp("hostile") / "server.log", via_make=False
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/health", process)
        yield base, process.pid
    finally:
        stop(process)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def still_waiting(sock: socket.socket) -> bool:
    """The server holds the connection open and has said nothing on it: it is still
    waiting for the rest of the request."""
    sock.setblocking(False)
    try:
        sock.recv(1)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)
    return False  # an answer, or the connection closed


@pytest.mark.parametrize(("name", "request_bytes"), HOSTILE, ids=[name for name, _ in HOSTILE])
def test_hostile_requests_get_a_4xx_and_the_server_serves_on(
    server: tuple[str, int], name: str, request_bytes: bytes
) -> None:
    """How long the answer takes is make bench's (tests/bench/hostile.py); here, that it
    comes, refuses, and leaves the server answering everyone else."""
    status = raw_status(port_of(server[0]), request_bytes)
    assert 400 <= status < 500, name
    assert requests.get(f"{server[0]}/planets", timeout=PATIENCE_S).status_code == 200, name


def test_slow_clients_stall_nobody_else(server: tuple[str, int]) -> None:
    """Every request is answered while a hundred half-sent ones are still held open: the
    server answers others while it waits for them, not once it has given up on them."""
    base = server[0]
    idlers = []
    try:
        for _ in range(100):  # each sends half a request head, then waits
            sock = socket.create_connection(("127.0.0.1", port_of(base)), timeout=PATIENCE_S)
            sock.sendall(b"GET /planets HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            idlers.append(sock)
        for _ in range(20):
            answer = requests.get(f"{base}/planets", timeout=PATIENCE_S)
            assert answer.status_code == 200
        assert all(still_waiting(sock) for sock in idlers)
    finally:
        for sock in idlers:
            sock.close()


async def _load(base: str, requests_each: int, connections: int) -> dict[str, int]:
    counts = {"ok": 0, "errors": 0}
    limits = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(
        connector=limits, timeout=aiohttp.ClientTimeout(total=PATIENCE_S)
    ) as session:

        async def worker(i: int) -> None:
            paths = ["/planets", f"/planets/mars?lat={i % 90}&lon=0", "/planets?lat=91&lon=0"]
            for n in range(requests_each):
                path = paths[n % 3]
                try:
                    async with session.get(base + path) as answer:
                        await answer.read()
                        expected = 400 if "lat=91" in path else 200
                        counts["ok" if answer.status == expected else "errors"] += 1
                except (aiohttp.ClientError, TimeoutError):
                    counts["errors"] += 1

        await asyncio.gather(*(worker(i) for i in range(connections)))
    return counts


def _run_apart(load: Coroutine[Any, Any, dict[str, int]]) -> dict[str, int]:
    """Run on a loop of its own: asyncio.run would leave the main thread with no current
    loop, and the Lambda tests below need the one Mangum finds there."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(load)
    finally:
        loop.close()


def test_bounded_load_loses_nothing_and_memory_stays_flat(server: tuple[str, int]) -> None:
    base, pid = server
    _run_apart(_load(base, 200, 8))  # warm up: imports, caches, allocator pools
    before = rss_mib(pid)
    counts = _run_apart(_load(base, LOAD_REQUESTS, CONNECTIONS))
    after = rss_mib(pid)
    print(f"load: {counts['ok']} answers over {CONNECTIONS} connections, "
          f"{counts['errors']} errors; RSS {before:.1f} -> {after:.1f} MiB")  # fmt: skip
    assert counts == {"ok": LOAD_REQUESTS * CONNECTIONS, "errors": 0}
    assert after - before < RSS_GROWTH_LIMIT_MIB
    assert requests.get(f"{base}/planets/mars", timeout=PATIENCE_S).json()["name"] == "mars"


UNUSABLE_EVENTS: list[Any] = [
    None, "x", 42, [], {}, {"foo": 1}, {"version": "2.0"}, {"httpMethod": "GET"},
    {"version": "2.0", "requestContext": {"http": {}}},
    {"httpMethod": "GET", "path": "/health", "requestContext": {}},
    {"Records": [{"eventSource": "aws:sqs", "body": "hi"}]},
    {"source": "aws.events", "detail-type": "Scheduled Event"},
]  # fmt: skip


@pytest.mark.usefixtures("main_thread_loop")
@pytest.mark.parametrize("event", UNUSABLE_EVENTS, ids=repr)
def test_lambda_answers_unusable_events_with_a_problem(event: Any) -> None:
    from planettracker.doors.lambda_handler import handler

    answer = handler(event, None)
    assert answer["statusCode"] == 400
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    assert '"code":"unsupported-event"' in answer["body"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
event_keys = st.sampled_from(["version", "rawPath", "requestContext", "headers", "body", "httpMethod",
                              "path", "isBase64Encoded", "queryStringParameters", "routeKey"])  # fmt: skip


@pytest.mark.usefixtures("main_thread_loop")
@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.dictionaries(event_keys, json_values, max_size=8))
def test_lambda_never_raises_on_generated_events(event: dict[str, Any]) -> None:
    from planettracker.doors.lambda_handler import handler

    answer = handler(event, None)
    assert isinstance(answer["statusCode"], int) and 200 <= answer["statusCode"] < 600
