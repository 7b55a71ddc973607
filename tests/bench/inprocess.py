"""In-process measurements through the contract's route table, shared by bench.py (the
dev virtualenv) and its Lambda figures (the packaged build, on Python 3.12): the
standard library and `planettracker.http.router` only, so the core can be reshaped
without touching the bench.

Every call asks for a new random place, drawn as random-place.lua draws them, from a
seeded generator: no cache of answers can stand in for computing them, and two runs
ask for the same places.
"""

from __future__ import annotations

import cProfile
import itertools
import math
import pstats
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from planettracker.http import router

WHEN = datetime(2024, 3, 20, 12, tzinfo=UTC)
FIXED_PLACE = ("-39.754", "145.051")  # the tutorial's example place
SETTINGS = router.Settings()
WARM_UP = 5
Place = tuple[str, str]


class Places:
    """Random places from a seeded generator; no place is handed out twice."""

    def __init__(self, seed: int = 20240320) -> None:
        self._random = random.Random(seed)

    def take(self, count: int) -> list[Place]:
        draw = self._random.random
        return [(f"{draw() * 179.8 - 89.9:.4f}", f"{draw() * 359.8 - 179.9:.4f}")
                for _ in range(count)]  # fmt: skip


def route(path: str) -> router.Route | None:
    return next((r for r in router.ROUTES if r.method == "GET" and r.path == path), None)


# Seconds never asked before in this process: each "now" from it is a cold instant.
_UNASKED = itertools.count(86400)


# The page's request for "now" (site/js/api.js): two minutes of sky at 30 s, its start on
# the span's grid, the place rounded to 0.005 degree (random-place.lua asks the same).
PAGE_SPAN = (("start", "2024-03-20T12:00:00Z"), ("span", "120"), ("step", "30"))


def page_places(places: Sequence[Place]) -> list[Place]:
    """The places as the page sends them: to 0.005 degree."""

    def grid(value: str) -> str:
        return f"{round(float(value) / 0.005) * 0.005:.3f}"

    return [(grid(lat), grid(lon)) for lat, lon in places]


def asking(places: Sequence[Place], path_params: dict[str, str] | None = None,
           accept_encoding: str | None = None, cold: bool = False,
           extra: Sequence[tuple[str, str]] = ()) -> list[Any]:  # fmt: skip
    """Requests for "now" at each place: all at one instant (WHEN), shared as the same
    second's requests are, or `cold`, each at a second no request asked about before,
    as the first request of each second is; `extra`: more of the query."""
    return [router.ApiRequest(
        now=WHEN + timedelta(seconds=next(_UNASKED)) if cold else WHEN,
        query=[("lat", lat), ("lon", lon), *extra], path_params=path_params or {},
        accept_encoding=accept_encoding,
    ) for lat, lon in places]  # fmt: skip


def per_call_us(call: Callable[[Any], Any], items: Sequence[Any], repeat: int) -> float:
    """The fastest of `repeat` runs, each over its own share of `items`, one item a call."""
    size = len(items) // repeat
    best = math.inf
    for run in range(repeat):
        chunk = items[run * size : (run + 1) * size]
        start = time.perf_counter()
        for item in chunk:
            call(item)
        best = min(best, (time.perf_counter() - start) / size)
    return best * 1e6


def answering(path: str, path_params: dict[str, str] | None = None) -> Callable[[Any], Any]:
    """A call that answers one request for `path` through the contract, checked once."""
    found = route(path)
    if found is None:
        raise LookupError(f"no GET {path} in router.ROUTES")

    def call(request: Any) -> Any:
        return router.respond(found, request, SETTINGS)

    return call


def respond_us(path: str, places: Sequence[Place], repeat: int = 7,
               path_params: dict[str, str] | None = None,
               accept_encoding: str | None = None, cold: bool = False,
               extra: Sequence[tuple[str, str]] = ()) -> float:  # fmt: skip
    """µs per `GET path` through router.respond, a new place per call (and, `cold`, a
    new instant)."""
    call = answering(path, path_params)
    requests = asking(places, path_params, accept_encoding, cold, extra)
    for request in requests[:WARM_UP]:
        answer = call(request)
        assert answer.status == 200, (path, answer.status, answer.body[:300])
    return per_call_us(call, requests[WARM_UP:], repeat)


# The pieces of GET /planets, told apart by where a function is defined. A function that
# matches none (a builtin, PyEphem's C methods, a time-scale helper) counts towards the
# pieces of whatever called it; the contract's own code is what is left.
PIECES: tuple[tuple[str, Callable[[str, str], bool]], ...] = (
    ("validation and parsing",
     lambda file, name: file.endswith(("/http/params.py", "/http/errors.py"))),
    ("provenance", lambda file, name: name == "provenance"),
    ("visibility", lambda file, name: file.endswith("/visibility.py") or "visib" in name),
    ("positions, the instant's part (PyEphem: once an instant, shared)",
     lambda file, name: file.endswith("/instant.py")),
    ("positions, the place's part (parallax, horizon, refraction, fields)",
     lambda file, name: file.endswith(("/topocentric.py", "/ephemeris.py"))
     and name != "describe"),
    ("JSON rendering",
     lambda file, name: name in ("_json", "to_json") or "/json/" in file or "orjson" in name),
)  # fmt: skip
GLUE = "the rest of the contract"


def _piece(func: tuple[str, int, str]) -> str | None:
    file, _, name = func
    return next((piece for piece, matches in PIECES if matches(file, name)), None)


def _profiled(call: Callable[[Any], Any], items: Sequence[Any]) -> dict[Any, Any]:
    """cProfile's rows for calling `call` on each item, without this module's own calls."""
    profiler = cProfile.Profile()
    profiler.enable()
    for item in items:
        call(item)
    profiler.disable()
    rows = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return {f: row for f, row in rows.items() if f[0] != __file__ and "disable" not in f[2]}


def breakdown(path: str, places: Sequence[Place], rounds: int = 5,
              door: Callable[[Place], Any] | None = None, cold: bool = False) -> dict[str, Any]:  # fmt: skip
    """Where the time of `GET path` goes, from cProfile, in µs per request.

    cProfile charges each call it records (a fraction of a µs) to the code it times,
    which inflates Python-heavy pieces against PyEphem's C. That cost per call is
    measured here, from profiled and unprofiled runs interleaved (the fastest of each,
    as load from elsewhere only ever slows a run) and the number of calls, and taken
    off each piece; what is left adds up to the unprofiled time. `door`, given, answers
    a place through a whole door, timed in the same rounds; `cold` asks each request at
    a new instant.
    """
    call = answering(path)
    requests = asking(places, cold=cold)
    for request in requests[:WARM_UP]:
        call(request)
    parts = 3 if door else 2
    size = (len(places) - WARM_UP) // (rounds * parts)
    chunks = [range(WARM_UP + i * size, WARM_UP + (i + 1) * size) for i in range(rounds * parts)]
    plain = door_s = math.inf
    stats: dict[Any, Any] = {}
    profiled = math.inf
    for run in range(rounds):
        mine = chunks[run * parts : (run + 1) * parts]
        plain = min(plain, per_call_us(call, [requests[i] for i in mine[0]], 1) * 1e-6)
        rows = _profiled(call, [requests[i] for i in mine[1]])
        own = sum(row[2] for row in rows.values()) / size  # tt: less the calls it made
        if own < profiled:
            profiled, stats = own, rows
        if door:
            door_s = min(door_s, per_call_us(door, [places[i] for i in mine[2]], 1) * 1e-6)
    calls = sum(row[1] for row in stats.values()) / size
    overhead_s = max(0.0, (profiled - plain) / calls)

    shares: dict[tuple[str, int, str], dict[str, float]] = {}

    def share(func: tuple[str, int, str]) -> dict[str, float]:
        if func in shares:
            return shares[func]
        shares[func] = {GLUE: 1.0}  # a cycle's way back counts as glue
        piece = _piece(func)
        if piece is not None:
            shares[func] = {piece: 1.0}
            return shares[func]
        callers = {c: edge[3] for c, edge in stats[func][4].items() if c in stats}
        total = sum(callers.values())
        mixed: dict[str, float] = {}
        for caller, spent in callers.items():
            for name, part in share(caller).items():
                mixed[name] = mixed.get(name, 0.0) + part * (spent / total if total else 0.0)
        shares[func] = mixed or {GLUE: 1.0}
        return shares[func]

    pieces = dict.fromkeys([name for name, _ in PIECES], 0.0)
    for func, (_, ncalls, own_s, _, _) in stats.items():
        for name, part in share(func).items():
            if name != GLUE:
                pieces[name] += part * (own_s / size - overhead_s * ncalls / size)
    result = {name: max(0.0, spent * 1e6) for name, spent in pieces.items()}
    result[GLUE] = plain * 1e6 - sum(result.values())
    return {
        "pieces_us": result,
        "contract_us": plain * 1e6,
        "door_us": None if door is None else door_s * 1e6,
        "profiled_us": profiled * 1e6,
        "profiler_overhead_ns_per_call": overhead_s * 1e9,
        "calls_per_request": calls,
    }


def lambda_event(template: dict[str, Any], place: Place) -> dict[str, Any]:
    lat, lon = place
    return {**template, "rawQueryString": f"lat={lat}&lon={lon}"}


def lambda_report(template: dict[str, Any], places: Places) -> dict[str, Any]:
    """Warm invocations of the Lambda handler (Mangum, FastAPI) with a real HTTP API
    event for GET /planets, at a fixed place and at random ones, against the contract
    answering the same places in the same interpreter, and the contract's breakdown."""
    from planettracker.doors.lambda_handler import handler

    def invoke(event: dict[str, Any]) -> None:
        answer = handler(event, None)
        assert answer["statusCode"] == 200, answer

    def single_ms(events: list[dict[str, Any]]) -> tuple[float, float]:
        times = []
        for event in events:
            start = time.perf_counter()
            invoke(event)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1e3, statistics.quantiles(times, n=100)[98] * 1e3

    for event in [lambda_event(template, p) for p in places.take(WARM_UP)]:
        invoke(event)
    fixed = single_ms([lambda_event(template, FIXED_PLACE)] * 400)
    scattered = single_ms([lambda_event(template, p) for p in places.take(400)])
    pieces = breakdown("/planets", places.take(WARM_UP + 3000), door=lambda p: invoke(
        lambda_event(template, p)))  # fmt: skip
    return {
        "warm_invoke_fixed_p50_ms": fixed[0],
        "warm_invoke_fixed_p99_ms": fixed[1],
        "warm_invoke_random_p50_ms": scattered[0],
        "warm_invoke_random_p99_ms": scattered[1],
        "breakdown": pieces,
    }
