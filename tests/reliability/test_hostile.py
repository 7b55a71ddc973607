"""Hostile and heavy traffic against a dev server process of its own: quick 4xx answers,
nobody else stalled, bounded memory under load, and the Lambda handler unshaken by
events API Gateway never sends. Every loop here is bounded in count and time."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import free_port, start_dev_server, stop, wait_until_up

LOAD_SECONDS = 30
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


def raw(base: str, data: bytes, timeout: float = 5) -> tuple[int, float]:
    """Send raw bytes; return the status code of the answer and how long it took."""
    port = int(base.rsplit(":", 1)[1])
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split(b" ", 2)[1]), time.monotonic() - started


@pytest.mark.parametrize(
    ("name", "request_bytes"),
    [
        ("very long URL", b"GET /planets?lat=" + b"1" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("long value", b"GET /planets?lat=" + b"1" * 7000 + b"&lon=0 HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("many parameters", b"GET /planets?" + b"&".join([b"a=1"] * 1500) + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("huge header", b"GET /planets HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 100_000 + b"\r\n\r\n"),
        ("non-UTF-8 path", b"GET /plan\xff\xfeets HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("non-UTF-8 query", b"GET /planets?lat=\xff\xfe&lon=0 HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("garbage", b"\x00\x01\x02 nonsense\r\n\r\n"),
        ("wrong method", b"DELETE /planets HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("unknown method", b"BREW /planets HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("1 MB body", b"POST /geo_location HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 1000000\r\n\r\n" + b" " * 1_000_000),
        ("2 MB body", b"POST /geo_location HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 2000000\r\n\r\n" + b" " * 2_000_000),
        ("lying length", b"POST /geo_location HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
    ],
)  # fmt: skip
def test_hostile_requests_get_a_quick_4xx(
    server: tuple[str, int], name: str, request_bytes: bytes
) -> None:
    status, seconds = raw(server[0], request_bytes)
    assert 400 <= status < 500, name
    assert seconds < 2, name


def test_slow_clients_stall_nobody_else(server: tuple[str, int]) -> None:
    base = server[0]
    port = int(base.rsplit(":", 1)[1])
    idlers = []
    try:
        for _ in range(100):  # each sends half a request head, then waits
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /planets HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            idlers.append(sock)
        for _ in range(20):
            started = time.monotonic()
            answer = requests.get(f"{base}/planets", timeout=5)
            assert answer.status_code == 200 and time.monotonic() - started < 1
    finally:
        for sock in idlers:
            sock.close()


async def _load(base: str, seconds: float, connections: int) -> dict[str, int]:
    counts = {"ok": 0, "errors": 0}
    deadline = time.monotonic() + seconds
    limits = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(
        connector=limits, timeout=aiohttp.ClientTimeout(total=10)
    ) as session:

        async def worker(i: int) -> None:
            paths = ["/planets", f"/planets/mars?lat={i % 90}&lon=0", "/planets?lat=91&lon=0"]
            n = 0
            while time.monotonic() < deadline:
                path = paths[n % 3]
                n += 1
                try:
                    async with session.get(base + path) as answer:
                        await answer.read()
                        expected = 400 if "lat=91" in path else 200
                        counts["ok" if answer.status == expected else "errors"] += 1
                except (aiohttp.ClientError, TimeoutError):
                    counts["errors"] += 1

        await asyncio.gather(*(worker(i) for i in range(connections)))
    return counts


def test_bounded_load_loses_nothing_and_memory_stays_flat(server: tuple[str, int]) -> None:
    base, pid = server
    asyncio.run(_load(base, 2, 8))  # warm up: imports, caches, allocator pools
    before = rss_mib(pid)
    counts = asyncio.run(_load(base, LOAD_SECONDS, CONNECTIONS))
    after = rss_mib(pid)
    print(f"load: {counts['ok']} answers in {LOAD_SECONDS} s over {CONNECTIONS} connections, "
          f"{counts['errors']} errors; RSS {before:.1f} -> {after:.1f} MiB")  # fmt: skip
    assert counts["errors"] == 0 and counts["ok"] > 1000
    assert after - before < RSS_GROWTH_LIMIT_MIB
    assert requests.get(f"{base}/planets/mars", timeout=5).json()["name"] == "mars"


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
