"""An async client for the PlanetTracker HTTP contract (aiohttp).

One `ClientSession` per client, reused for every request; many questions at once go
through a semaphore, so at most `concurrency` requests are ever in flight; transient
failures (5xx, connection errors, timeouts) are retried with exponential backoff,
client errors never are; a problem document becomes an `ApiProblem` naming the
parameter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import aiohttp

from ..http.answers import Sky, SkyEvents, SkySpan
from .decode import ClientError as ClientError  # the base of what the client raises
from .decode import decode

T = TypeVar("T")
Query = Mapping[str, str | float]


class ApiProblem(ClientError):
    """The service answered with a problem document (RFC 9457)."""

    def __init__(self, status: int, problem: Mapping[str, Any]) -> None:
        self.status = status
        self.code = str(problem.get("code", ""))
        self.parameter: str | None = problem.get("parameter")
        self.accepted: str | None = problem.get("accepted")
        self.detail = str(problem.get("detail") or problem.get("title") or f"HTTP {status}")
        where = f"{self.parameter}: " if self.parameter else ""
        hint = f" (accepted: {self.accepted})" if self.accepted else ""
        super().__init__(f"{where}{self.detail}{hint}")


class Unreachable(ClientError):
    """The service could not be reached, or kept failing, after every retry."""


def _transient(error: BaseException) -> bool:
    if isinstance(error, ApiProblem):
        return error.status >= 500
    return isinstance(error, aiohttp.ClientConnectionError | TimeoutError)


class PlanetTrackerClient:
    """`async with PlanetTrackerClient(url) as client: sky = await client.sky(lat=...)`.

    Answers come back as the contract's own types (`http.answers`), checked on arrival
    and with their instants as datetimes.
    """

    def __init__(
        self,
        base_url: str,
        *,
        concurrency: int = 8,
        timeout_s: float = 10.0,
        retries: int = 3,
        backoff_s: float = 0.2,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff_s = backoff_s
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._limit = asyncio.Semaphore(concurrency)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> PlanetTrackerClient:
        self._session = aiohttp.ClientSession(timeout=self._timeout, raise_for_status=False)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def get_json(self, path: str, query: Query | None = None) -> Any:
        """GET a path of the contract, with retries; return its JSON."""
        params = {k: str(v) for k, v in (query or {}).items()}
        return await self._retrying(lambda: self._get_once(path, params))

    async def sky(self, **query: str | float) -> Sky:
        """Every body's position and visibility: `GET /planets`."""
        return await self._get_shaped(Sky, "/planets", query)

    async def span(self, **query: str | float) -> SkySpan:
        """Every body at each instant of a span on a UTC grid: `GET /sky`."""
        return await self._get_shaped(SkySpan, "/sky", query)

    async def events(self, **query: str | float) -> SkyEvents:
        """Every body's rise, transit and set: `GET /events`."""
        return await self._get_shaped(SkyEvents, "/events", query)

    async def many(self, queries: Iterable[Query]) -> list[Sky]:
        """The sky for each query, concurrently but never more than `concurrency` at once."""
        return list(await asyncio.gather(*(self._get_shaped(Sky, "/planets", q) for q in queries)))

    async def _get_shaped(self, kind: type[T], path: str, query: Query) -> T:
        return decode(kind, await self.get_json(path, query), path)

    async def _get_once(self, path: str, params: Mapping[str, str]) -> Any:
        assert self._session is not None, "use the client as `async with`"
        async with self._limit, self._session.get(self.base_url + path, params=params) as answer:
            if answer.status >= 400:
                try:
                    problem = await answer.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    problem = {}
                raise ApiProblem(answer.status, problem if isinstance(problem, dict) else {})
            return await answer.json()

    async def _retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        for tries in range(self.retries + 1):
            try:
                return await attempt()
            except (TimeoutError, ApiProblem, aiohttp.ClientError) as error:
                if isinstance(error, ApiProblem) and not _transient(error):
                    raise
                if not _transient(error):
                    raise ClientError(f"{self.base_url}: {error}") from error
                if tries == self.retries:
                    if isinstance(error, ApiProblem):
                        raise
                    raise Unreachable(f"cannot reach {self.base_url}: {error}") from error
                await asyncio.sleep(self.backoff_s * 2**tries)
        raise AssertionError("unreachable")  # the loop always returns or raises
