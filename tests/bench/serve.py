"""Serve one of the benchmarked designs on 127.0.0.1, all under the same conditions
(one process, no access log): `python serve.py DESIGN PORT`, DESIGN one of
planettracker, planettracker_heavy_on_loop, tutorial, ceiling."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, TypeVar

import ephem
from aiohttp import web

from planettracker.doors.devserver import create_app
from planettracker.http import router

T = TypeVar("T")


class TutorialTracker(ephem.Observer):  # type: ignore[misc]
    """The tutorial's PlanetTracker, as published: an Observer that builds its seven
    planets on creation and computes the one asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.planets = {name: getattr(ephem, name.capitalize())() for name in
                        ("mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune")}  # fmt: skip

    def calc_planet(self, planet_name: str) -> dict[str, Any]:
        convert = 180.0 / math.pi
        self.date = ephem.now()
        planet = self.planets[planet_name]
        planet.compute(self)
        return {"az": float(planet.az) * convert, "alt": float(planet.alt) * convert,
                "name": planet_name}  # fmt: skip


async def tutorial_planet(request: web.Request) -> web.Response:
    """The tutorial's handler, as published: a new tracker per request, a print per request."""
    planet_name = request.match_info["name"]
    data = request.query
    try:
        geo = {
            "lon": str(data["lon"]),
            "lat": str(data["lat"]),
            "elevation": float(data["elevation"]),
        }
    except KeyError:
        geo = {"lon": "-0.0005", "lat": "51.4769", "elevation": 0.0}
    print(f"get_planet_ephmeris: {planet_name}, {geo}")  # noqa: T201 - the tutorial's own
    tracker = TutorialTracker()
    tracker.lon, tracker.lat, tracker.elevation = geo["lon"], geo["lat"], geo["elevation"]
    return web.json_response(tracker.calc_planet(planet_name))


CONSTANT = b'{"status":"ok"}'


async def constant(request: web.Request) -> web.Response:
    return web.Response(body=CONSTANT, content_type="application/json")


class OnTheLoop(Executor):
    """Heavy answers computed where they are asked, on the event loop: the door as it
    was before its pool, for comparison."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        done: Future[T] = Future()
        done.set_result(fn(*args, **kwargs))
        return done


def app_for(design: str) -> web.Application:
    if design == "planettracker":
        return create_app(router.Settings())
    if design == "planettracker_heavy_on_loop":
        return create_app(router.Settings(), pool=OnTheLoop)
    app = web.Application()
    if design == "tutorial":
        app.router.add_get("/planets/{name}", tutorial_planet)
    else:
        app.router.add_get("/{tail:.*}", constant)
    return app


if __name__ == "__main__":
    web.run_app(app_for(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), access_log=None,
                print=None)  # fmt: skip
