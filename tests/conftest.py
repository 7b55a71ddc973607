"""Fixtures shared by every suite: a live `make dev` server on a free loopback port."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> int:
    """Signal the server's whole process group (make and Python) and wait for it."""
    os.killpg(process.pid, sig)
    try:
        return process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


def start_dev_server(port: int, log: Path, via_make: bool = True) -> subprocess.Popen[bytes]:
    """Start the server as `make dev` does, or (via_make=False) the Python process alone."""
    module = [sys.executable, "-m", "planettracker.doors.devserver", "--port", str(port)]
    make = ["make", "--no-print-directory", "dev", "HOST=127.0.0.1", f"PORT={port}"]
    with log.open("wb") as out:
        return subprocess.Popen(
            make if via_make else module,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@pytest.fixture(scope="session")
def main_thread_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """Mangum runs each invocation on the main thread's current event loop (on Lambda the
    runtime keeps one per container): give it one, and close it when the tests end."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)
    loop.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a `make dev` server, started once for the session."""
    port = free_port()
    process = start_dev_server(port, tmp_path_factory.mktemp("dev") / "server.log")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/health", process)
        yield base
    finally:
        stop(process)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last: Playwright's sync API keeps an asyncio loop running in
    the main thread while it is open, and Mangum needs to run a loop of its own there."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid)
