"""The aiohttp door: the API and the static site together, for `make dev` and PaaS hosting."""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import multiprocessing
import os
import socket
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from aiohttp import web

from ..http import headers, messages, router
from ..http.errors import ApiError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# The page, shipped inside the package (in a checkout, a link to the top-level site/),
# so an installed copy serves it from wherever it is installed.
SITE_DIR = Path(__file__).resolve().parents[1] / "site"
STATIC_HEADERS = {**headers.SECURITY_HEADERS, "Content-Security-Policy": headers.SITE_CSP}


Answer = Callable[[], messages.ApiResponse]
Offload = Callable[[Answer], Awaitable[messages.ApiResponse]]


HEAVY_NICENESS = 10  # a tenth of the CPU weight of the event loop when they share a core


def heavy_work_pool() -> Executor:
    """Worker processes for heavy answers: all cores but the one the event loop needs,
    at a lower priority, so that where they share a core the polls still come first.
    Started by a fork server, not forked from a running (threaded) server."""
    workers = max(1, (os.cpu_count() or 2) - 1)
    forkserver = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(
        workers, mp_context=forkserver, initializer=os.nice, initargs=(HEAVY_NICENESS,)
    )


def _native(answer: messages.ApiResponse) -> web.Response:
    return web.Response(body=answer.body, status=answer.status, headers=answer.headers)


def _view(route: router.Route, settings: headers.Settings, offload: Offload) -> Handler:
    async def view(request: web.Request) -> web.StreamResponse:
        api_request = messages.ApiRequest(
            now=datetime.now(UTC),
            query=list(request.query.items()),
            path_params=dict(request.match_info),
            body=await request.read(),
            content_type=request.headers.get("Content-Type"),
            origin=request.headers.get("Origin"),
            accept_encoding=request.headers.get("Accept-Encoding"),
        )
        head = request.method == "HEAD"
        answer = partial(router.respond, route, api_request, settings, head=head)
        return _native(await offload(answer) if route.heavy else answer())

    return view


def _preflight(path: str, settings: headers.Settings) -> Handler:
    async def preflight(request: web.Request) -> web.StreamResponse:
        return _native(router.preflight(path, request.headers.get("Origin"), settings))

    return preflight


def site_file(site_dir: Path, tail: str) -> Path | None:
    """Map a URL path to a file inside `site_dir`, or None for anything that would leave it.

    `tail` is already percent-decoded, so `%2e%2e` arrives here as `..`. Dot-segments,
    backslashes and NULs are refused outright; the resolved path (symlinks followed)
    must still be inside the site.
    """
    parts = [p for p in tail.split("/") if p]
    if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    root = site_dir.resolve()
    candidate = root.joinpath(*parts).resolve()
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _static(site_dir: Path, settings: headers.Settings) -> Handler:
    async def static(request: web.Request) -> web.StreamResponse:
        path = site_file(site_dir, request.match_info["tail"])
        if path is None or request.method not in ("GET", "HEAD"):
            origin = request.headers.get("Origin")
            return _native(router.refuse(router.no_route(request.path), origin, settings))
        return web.FileResponse(path, headers={**STATIC_HEADERS, "Cache-Control": "no-cache"})

    return static


def _refusals(settings: headers.Settings) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def refusals(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPException as error:
            if error.status < 400:
                raise
            # Only the body limit raises here: the catch-all route takes every path and method.
            refused = ApiError.from_status(error.status)
            return _native(router.refuse(refused, request.headers.get("Origin"), settings))

    return refusals


def create_app(
    settings: headers.Settings | None = None,
    site_dir: Path = SITE_DIR,
    pool: Callable[[], Executor] = heavy_work_pool,
) -> web.Application:
    """Build the app; API routes first, then the site for every other path. Heavy routes
    are answered in `pool`, made at the first heavy request and shut down with the app."""
    settings = settings or headers.Settings.from_environ(os.environ)
    app = web.Application(middlewares=[_refusals(settings)])
    made: list[Executor] = []

    async def offload(answer: Answer) -> messages.ApiResponse:
        if not made:
            made.append(pool())
        return await asyncio.get_running_loop().run_in_executor(made[0], answer)

    async def shut_down(app: web.Application) -> None:
        for executor in made:
            executor.shutdown(cancel_futures=True)

    app.on_cleanup.append(shut_down)
    for route in router.ROUTES:
        methods = [route.method, "HEAD"] if route.method == "GET" else [route.method]
        for method in methods:
            app.router.add_route(method, route.path, _view(route, settings, offload))
    for path in router.PATHS:
        app.router.add_route("OPTIONS", path, _preflight(path, settings))
    # Every other method too, so a wrong method is answered by the contract, as in FastAPI.
    app.router.add_route("*", "/{tail:.*}", _static(site_dir, settings))
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the PlanetTracker API and site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    # run_app turns SIGINT and SIGTERM into a graceful shutdown and logs each request.
    try:
        web.run_app(create_app(), host=args.host, port=args.port, print=logging.getLogger().info)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        sys.exit(f"port {args.port} is in use: make dev PORT={_free_port(args.host, args.port)}")


def _free_port(host: str, busy: int) -> int:
    """The first port after `busy` that can be bound now, to suggest instead."""
    for port in range(busy + 1, 65536):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as run_app binds
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    return busy


if __name__ == "__main__":
    main()
