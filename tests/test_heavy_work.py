"""Heavy answers never hold up the poll in the aiohttp door: they run in a pool apart."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from planettracker.doors import devserver
from planettracker.http import headers

HEAVY = ("/tonight?date=2024-03-20", "/planets/mars/track?start=2024-03-20T00:00:00Z&step=60")


class HeldPool(ThreadPoolExecutor):
    """A pool whose work waits until released, so a test can see what happens meanwhile."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.release = threading.Event()
        self.taken = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.taken += 1

        def held() -> Any:
            assert self.release.wait(timeout=30)
            return fn(*args, **kwargs)

        return super().submit(held)


def test_polls_are_answered_while_heavy_work_runs_apart() -> None:
    pool = HeldPool()

    async def go() -> None:
        app = devserver.create_app(headers.Settings(), pool=lambda: pool)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            heavy = [asyncio.create_task(client.get(path)) for path in HEAVY]
            for _ in range(1000):  # up to 10 s for both to reach the pool
                if pool.taken == len(HEAVY):
                    break
                await asyncio.sleep(0.01)
            assert pool.taken == len(HEAVY)
            for _ in range(5):  # the heavy work is held, and the polls go on
                poll = await client.get("/planets?lat=48.85&lon=2.35")
                assert poll.status == 200 and not any(task.done() for task in heavy)
            pool.release.set()
            for task in heavy:
                answer = await task
                assert answer.status == 200 and (await answer.json())["observer"]

    asyncio.run(go())
    assert pool.taken == len(HEAVY)


def test_the_pool_is_worker_processes_bounded_by_the_cores() -> None:
    pool = devserver.heavy_work_pool()
    try:
        assert isinstance(pool, ProcessPoolExecutor)
        assert 1 <= pool._max_workers < max(2, os.cpu_count() or 2)
        assert pool.submit(sum, [1, 2, 3]).result(timeout=60) == 6
    finally:
        pool.shutdown()
