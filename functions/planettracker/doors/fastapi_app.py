"""The FastAPI door (and, wrapped by Mangum, the Lambda one)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from fastapi import FastAPI, Request, Response
from starlette.exceptions import HTTPException

from .. import __version__
from ..http import headers, messages, router
from ..http.errors import ApiError

Handler = Callable[[Request], Awaitable[Response]]


def _native(answer: messages.ApiResponse) -> Response:
    return Response(answer.body, answer.status, headers=answer.headers)


def _endpoint(route: router.Route, settings: headers.Settings) -> Handler:
    async def endpoint(request: Request) -> Response:
        api_request = messages.ApiRequest(
            now=datetime.now(UTC),
            query=request.query_params.multi_items(),
            path_params=request.path_params,
            body=await request.body(),
            content_type=request.headers.get("content-type"),
            origin=request.headers.get("origin"),
            accept_encoding=request.headers.get("accept-encoding"),
        )
        head = request.method == "HEAD"
        return _native(router.respond(route, api_request, settings, head=head))

    return endpoint


def _preflight(path: str, settings: headers.Settings) -> Handler:
    async def preflight(request: Request) -> Response:
        return _native(router.preflight(path, request.headers.get("origin"), settings))

    return preflight


def create_app(settings: headers.Settings | None = None) -> FastAPI:
    """Build the app; the contract serves /openapi.json and /docs, so FastAPI's are off."""
    settings = settings or headers.Settings()
    app = FastAPI(
        title="PlanetTracker",
        version=__version__,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
    )
    # Starlette's routes (HEAD comes with GET), not FastAPI's: the endpoints read the
    # request themselves, so FastAPI's analysis of their signatures would only lengthen
    # every Lambda cold start (by about 5 ms; make bench times the import).
    for route in router.ROUTES:
        app.add_route(route.path, _endpoint(route, settings), methods=[route.method])
    for path in router.PATHS:
        app.add_route(path, _preflight(path, settings), methods=["OPTIONS"])

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        origin = request.headers.get("origin")
        if error.status_code in (404, 405):
            return _native(router.refuse(router.no_route(request.url.path), origin, settings))
        return _native(router.refuse(ApiError.from_status(error.status_code), origin, settings))

    app.add_exception_handler(HTTPException, refused)
    return app
