"""`make bench`: PlanetTracker measured against baselines taken in the same run.

Every figure asks for a new random place per request unless it says "fixed": over
HTTP with random-place.lua, in-process with a seeded list of places (inprocess.py).

- HTTP: one dev-server process pinned to core 0, wrk pinned to core 1, 64 connections,
  medians of 3 runs, interleaved across designs: `GET /planets` against the tutorial's
  design (seven `GET /planets/{name}` per full-sky refresh) and a bare aiohttp handler.
- In-process, through the contract's route table: `GET /planets` with one instant
  shared against a bare PyEphem loop computing the same fields at the same places; a
  cold instant (each request at a new one) against `GET /planets` as before the split
  (PyEphem for every body of every request); `GET /events` (every body's rise, transit
  and set) against `GET /planets`; `GET /tonight` for one night at new random places
  with the night's UTC grid kept from the places before, against each the first to ask.
- Where the time of one `GET /planets` goes, end to end: the contract's pieces
  (cProfile, corrected for its own cost: the instant's part, the place's part, the rest)
  and the framework's share, for the dev server (aiohttp, from its throughput), a warm
  Lambda invocation (Mangum and FastAPI) and, in-process, a cold instant.
- Instructions per request (instructions.py, with valgrind): `GET /planets` against the
  bare PyEphem loop, counted rather than timed, so the machine's load cannot move them.
- Lambda: cold import against a bare `import fastapi, mangum, ephem, tzfpy`, warm
  invocations with a real API Gateway event, and the artifact's size.

Prints a table and writes build/bench.json. Ratios from the same run, not absolute
figures, are what the targets judge: these machines are shared and noisy.
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ephem
import inprocess
import instructions
from inprocess import Places, per_call_us, respond_us

from planettracker.core import ephemeris, instant
from planettracker.http import router

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.accuracy import before_split  # noqa: E402 - once the checkout's root is on the path

HERE = Path(__file__).resolve().parent
RANDOM_PLACE = HERE / "random-place.lua"
PAGE_SKY_PER_VIEWER_HOUR = 3600 / 120  # the page asks one two-minute span at a time
DURATION = os.environ.get("BENCH_SECONDS", "10")
RUNS = 3
CONNECTIONS = 64
SERVER_CORE, WRK_CORE = "0", "1"
SEED = 20240320
TUTORIAL_BODIES = ("mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune")
ALL_BODIES = ("sun", "moon", *TUTORIAL_BODIES, "pluto")
PYEPHEM_CLASSES = [getattr(ephem, name.capitalize()) for name in ALL_BODIES]
PYEPHEM_WHEN = ephem.Date(inprocess.WHEN.replace(tzinfo=None))
ALMANAC_HORIZON = math.radians(-34 / 60)  # a horizon of 0 less the almanacs' refraction


def radians(places: list[inprocess.Place]) -> list[tuple[float, float]]:
    return [(math.radians(float(lat)), math.radians(float(lon))) for lat, lon in places]


def bare_pyephem_sky(place: tuple[float, float]) -> list[tuple[Any, ...]]:
    """The floor for positions: PyEphem computing the same fields, nothing around it."""
    observer = ephem.Observer()
    observer.lat, observer.lon = place
    observer.date = PYEPHEM_WHEN
    rows = []
    for cls in PYEPHEM_CLASSES:
        body = cls()
        body.compute(observer)
        rows.append((body.az, body.alt, body.ra, body.dec, body.earth_distance, body.mag,
                     body.phase, body.elong, ephem.constellation(body)))  # fmt: skip
    return rows


def bare_pyephem_events(place: tuple[float, float]) -> list[list[Any]]:
    """The floor for events: PyEphem's own searches for the same events, every body."""
    searching, refracting = ephem.Observer(), ephem.Observer()
    for observer in (searching, refracting):
        observer.lat, observer.lon = place
        observer.date = PYEPHEM_WHEN
    searching.pressure, searching.horizon = 0, ALMANAC_HORIZON
    finds = (searching.previous_rising, searching.next_rising,
             searching.previous_setting, searching.next_setting)  # fmt: skip
    rows = []
    for cls in PYEPHEM_CLASSES:
        body = cls()
        found: list[Any] = []
        for find in finds:
            try:
                found.append(find(body))
            except (ephem.AlwaysUpError, ephem.NeverUpError):
                found.append(None)
        transit = searching.next_transit(body)
        found += [searching.previous_transit(body), transit]
        refracting.date = transit
        body.compute(refracting)
        rows.append([*found, body.alt])
    return rows


def before_split_us(places: list[inprocess.Place]) -> float:
    """GET /planets through the same contract, its sky computed as before the split
    (tests/accuracy/before_split.py: PyEphem for every body of every request), each at
    a new instant: before the split nothing was shared between requests, so the memos of
    an instant's moment and provenance must not lighten it either."""
    split = ephemeris.sky
    ephemeris.sky = before_split.sky
    try:
        return respond_us("/planets", places, cold=True)
    finally:
        ephemeris.sky = split


def tonight_us(places: Places, night: str = "2024-03-20") -> tuple[float, float]:
    """µs per GET /tonight for one night at new random places: the night's UTC grid kept
    from the places before (60 first, as a crowd asks), and each the first to ask (the
    memo emptied before it); interleaved, the same number of places each."""
    answer = inprocess.answering("/tonight")

    def first(request: router.ApiRequest) -> Any:
        instant.nightly.cache_clear()
        return answer(request)

    def asking(count: int) -> list[router.ApiRequest]:
        return [router.ApiRequest(now=inprocess.WHEN,
                                    query=[("lat", lat), ("lon", lon), ("date", night)])
                for lat, lon in places.take(count)]  # fmt: skip

    instant.nightly.cache_clear()
    for request in asking(60):
        assert answer(request).status == 200
    shared, alone = [], []
    for _ in range(2):
        shared.append(per_call_us(answer, asking(30), 3))
        alone.append(per_call_us(first, asking(30), 3))
    return min(shared), min(alone)


def in_process(places: Places) -> dict[str, Any]:
    warm = inprocess.WARM_UP
    planets, bare, gzipped, cold, before = [], [], [], [], []
    for _ in range(2):  # interleaved, so drift in machine load hits all alike
        shared = places.take(warm + 2100)
        planets.append(respond_us("/planets", shared))
        bare.append(per_call_us(bare_pyephem_sky, radians(shared[warm:]), 7))
        # The same places asked with Accept-Encoding: gzip (the PaaS door; Lambda sets
        # PLANETTRACKER_COMPRESS=false behind CloudFront).
        gzipped.append(respond_us("/planets", shared, accept_encoding="gzip"))
        cold.append(respond_us("/planets", places.take(warm + 700), cold=True))
        before.append(before_split_us(places.take(warm + 700)))
    figures: dict[str, Any] = {
        "sky_page_random_us": respond_us(
            "/sky", inprocess.page_places(places.take(warm + 700)), extra=inprocess.PAGE_SPAN
        ),
        "planets_random_us": min(planets),
        "planets_gzip_random_us": min(gzipped),
        "bare_pyephem_sky_random_us": min(bare),
        "planets_cold_random_us": min(cold),
        "planets_before_split_random_us": min(before),
        "planets_fixed_us": respond_us("/planets", [inprocess.FIXED_PLACE] * (warm + 2100)),
        "planet_mars_random_us": respond_us(
            "/planets/{name}", places.take(warm + 2100), path_params={"name": "mars"}
        ),
        "bare_pyephem_events_random_us": per_call_us(
            bare_pyephem_events, radians(places.take(50)), 5
        ),
    }
    try:
        figures["events_random_us"] = respond_us("/events", places.take(warm + 50), repeat=5)
    except LookupError as missing:
        figures["events_random_us"] = None
        figures["events_missing"] = str(missing)
    figures["tonight_shared_random_us"], figures["tonight_first_random_us"] = tonight_us(places)
    figures["breakdown"] = inprocess.breakdown("/planets", places.take(warm + 2000))
    figures["breakdown_cold"] = inprocess.breakdown("/planets", places.take(warm + 1000),
                                                    cold=True)  # fmt: skip
    return figures


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wrk(url: str, script: Path | None, connections: int = CONNECTIONS) -> dict[str, float]:
    argv = ["taskset", "-c", WRK_CORE, "wrk", "-t2", f"-c{connections}", f"-d{DURATION}s",
            "--latency", url]  # fmt: skip
    if script:
        argv[4:4] = ["-s", str(script)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=300).stdout
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}

    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert found, out
        return float(found.group(1)) * scale[found.group(2)]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert rate, out
    return {"rps": float(rate.group(1)), "p50_ms": latency("50"), "p99_ms": latency("99"),
            "errors": float(bool(errors))}  # fmt: skip


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def start(design: str, probe: str) -> tuple[subprocess.Popen[bytes], str]:
    """A one-process server of `design` on the server core; returns it and its base URL."""
    port = free_port()
    argv = ["taskset", "-c", SERVER_CORE, sys.executable, str(HERE / "serve.py"), design,
            str(port)]  # fmt: skip
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not answers(base + probe):
        assert time.monotonic() < deadline and server.poll() is None, f"{design} did not start"
        time.sleep(0.1)
    return server, base


def rotating(paths: list[str], folder: Path) -> Path:
    script = folder / "rotate.lua"
    listed = ", ".join(f'"{p}"' for p in paths)
    script.write_text(
        f"local paths = {{{listed}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    )
    return script


def http() -> dict[str, dict[str, float]]:
    where = "lon=145.051&lat=-39.754&elevation=0"  # the tutorial's example place
    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        seven = rotating([f"/planets/{n}?{where}" for n in TUTORIAL_BODIES], Path(folder))
        mars = f"/planets/mars?{where}"  # wrk's URL; the script sends all seven in turn
        plan = {  # name: (design, path, wrk script)
            "planets_random": ("planettracker", "/planets?elevation=0", RANDOM_PLACE),
            "planets_fixed": ("planettracker", f"/planets?{where}", None),
            "sky_page_random": ("planettracker", "/sky?span=120&step=30&elevation=0", RANDOM_PLACE),
            "tutorial_random": ("tutorial", "/planets/mars?elevation=0", RANDOM_PLACE),
            "tutorial_fixed_seven": ("tutorial", mars, seven),
            "planettracker_one_body_fixed_seven": ("planettracker", mars, seven),
            "bare_aiohttp_ceiling": ("ceiling", "/", None),
        }
        try:
            for design, path, _ in plan.values():
                if design not in servers:
                    servers[design] = start(design, path)
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in plan}
            for _ in range(RUNS):  # interleaved, so drift in machine load hits all alike
                for name, (design, path, script) in plan.items():
                    runs[name].append(wrk(servers[design][1] + path, script))
        finally:
            for server, _ in servers.values():
                server.terminate()
                server.wait(timeout=10)
    return {
        name: {
            **{k: statistics.median(r[k] for r in done) for k in ("rps", "p50_ms", "p99_ms")},
            "p99_over_p50_each_run": [r["p99_ms"] / r["p50_ms"] for r in done],
            "errors": sum(r["errors"] for r in done),
        }
        for name, done in runs.items()
    }


HEAVY_PATH = "/planets/mars/track?step=60"  # 1,441 points, about 50 ms of work
POLLERS = 8
# A client asking for heavy answers one after another until a deadline, on wrk's core.
HEAVY_CLIENT = """
import sys, time, urllib.request
url, seconds = sys.argv[1], float(sys.argv[2])
deadline, done = time.monotonic() + seconds, 0
while time.monotonic() < deadline:
    with urllib.request.urlopen(url, timeout=60) as reply:
        reply.read()
    done += 1
print(done)
"""


def heavy_stream() -> dict[str, Any]:
    """The poll's latency (8 connections, random places) alone and under a stream of
    heavy requests, with heavy work in the door's pool and, for comparison, on the loop."""
    found: dict[str, Any] = {}
    for design in ("planettracker", "planettracker_heavy_on_loop"):
        server, base = start(design, "/health")
        try:
            answers(base + HEAVY_PATH)  # the pool starts at the first heavy request
            alone, loaded, heavy_done = [], [], []
            for _ in range(RUNS):
                alone.append(wrk(base + "/planets?elevation=0", RANDOM_PLACE, POLLERS))
                heavy = subprocess.Popen(
                    ["taskset", "-c", WRK_CORE, sys.executable, "-c", HEAVY_CLIENT,
                     base + HEAVY_PATH, DURATION], stdout=subprocess.PIPE, text=True,
                )  # fmt: skip
                loaded.append(wrk(base + "/planets?elevation=0", RANDOM_PLACE, POLLERS))
                heavy_done.append(int(heavy.communicate(timeout=300)[0]))
        finally:
            server.terminate()
            server.wait(timeout=10)
        found[design] = {
            "alone_p99_ms": statistics.median(r["p99_ms"] for r in alone),
            "with_heavy_p99_ms": statistics.median(r["p99_ms"] for r in loaded),
            "heavy_requests_per_run": statistics.median(heavy_done),
        }
    return found


def lambda_python() -> str:
    found = os.environ.get("LAMBDA_PYTHON")
    if not found:
        sys.exit("make bench needs Python 3.12 for the Lambda figures (LAMBDA_PYTHON)")
    return found


def run_in(python: str, folder: Path, code: str, stdin: str = "") -> str:
    argv = [python, "-I", "-c", f"import sys; sys.path.insert(0, {str(folder)!r}); {code}"]
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=True,
                          env={"PATH": os.environ["PATH"]}, timeout=600)  # fmt: skip
    return done.stdout.strip()


IMPORT_TIME = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
LAMBDA_REPORT = (
    f"sys.path.insert(1, {str(HERE)!r}); import json, inprocess; "
    "print(json.dumps(inprocess.lambda_report(json.loads(sys.stdin.read()), "
    f"inprocess.Places({SEED + 1}))))"
)


def lambda_figures() -> dict[str, Any]:
    python = lambda_python()
    subprocess.run(["make", "--no-print-directory", "package", f"LAMBDA_PYTHON={python}"],
                   cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    artifact = ROOT / "build" / "lambda.zip"
    # Cold imports are timed on the same recipe built for this machine's architecture.
    host = ROOT / "build" / "bench-lambda"
    subprocess.run([sys.executable, str(ROOT / "infra" / "package.py"), "--python", python,
                    "--platform", f"manylinux2014_{os.uname().machine}", "--out", str(host)],
                   check=True, capture_output=True)  # fmt: skip
    bare, ours = [], []
    for _ in range(15):  # interleaved, so drift in machine load hits both alike
        bare.append(
            float(run_in(python, host, IMPORT_TIME.format("import fastapi, mangum, ephem, tzfpy")))
        )
        ours.append(float(run_in(python, host, IMPORT_TIME.format(
            "import planettracker.doors.lambda_handler"))))  # fmt: skip
    event = json.loads((ROOT / "tests" / "events" / "http-api-v2.json").read_text())
    event.pop("cookies")
    event.update(rawPath="/planets", rawQueryString="", body=None, isBase64Encoded=False,
                 pathParameters={}, queryStringParameters={}, routeKey="GET /planets")  # fmt: skip
    event["requestContext"]["http"].update(method="GET", path="/planets")
    warm = json.loads(run_in(python, host, LAMBDA_REPORT, json.dumps(event)))
    native: dict[str, float] = {}
    with zipfile.ZipFile(artifact) as zipped:
        for item in zipped.infolist():
            if item.filename.endswith(".so"):
                package = item.filename.split("/")[0]
                native[package] = native.get(package, 0) + item.compress_size / 2**20
    return {
        "native_code_mib": sum(native.values()),
        "native_code_mib_by_package": native,
        "bare_import_ms": statistics.median(bare) * 1e3,
        "handler_import_ms": statistics.median(ours) * 1e3,
        **warm,
        "artifact_mib": artifact.stat().st_size / 2**20,
    }


def instant_share_us(core: dict[str, Any], rps: float) -> tuple[float, float]:
    """The instant's part, what a cold request costs over a shared one, and its share of
    each request when one instant serves a second's requests."""
    once = core["planets_cold_random_us"] - core["planets_random_us"]
    return once, once / rps


def breakdown_rows(core: dict[str, Any], web: dict[str, Any], aws: dict[str, Any]) -> list[Any]:
    """GET /planets end to end, per request: the contract's pieces, then the framework's."""
    served, lambda_, cold = core["breakdown"], aws["breakdown"], core["breakdown_cold"]
    served_us = 1e6 / web["planets_random"]["rps"]
    once, share = instant_share_us(core, web["planets_random"]["rps"])
    columns = {
        "dev server (aiohttp)": ({
            **served["pieces_us"],
            "framework: aiohttp, HTTP, sockets (1 / req/s, less the contract)":
                served_us - served["contract_us"],
        }, served_us, served),
        "Lambda warm": ({
            **lambda_["pieces_us"],
            "framework: Mangum and FastAPI (warm invocation, less the contract)":
                lambda_["door_us"] - lambda_["contract_us"],
        }, lambda_["door_us"], lambda_),
        "in-process, a cold instant (the first request of a second)":
            (cold["pieces_us"], cold["contract_us"], cold),
    }  # fmt: skip
    rows: list[tuple[str, str]] = []
    for label, (pieces, total, profile) in columns.items():
        rows.append((f"GET /planets end to end, {label}, µs per request, random places", ""))
        rows += [(f"  {name}", f"{us:8.1f}  {us / total:6.1%}") for name, us in pieces.items()]
        rows.append(("  total", f"{total:8.1f}"))
        rows.append(("  (cProfile's own cost taken off: ns per call x calls per request)",
                     f"{profile['profiler_overhead_ns_per_call']:.0f} x "
                     f"{profile['calls_per_request']:.0f}"))  # fmt: skip
    rows.append(("the instant's part over HTTP: a cold request's extra cost, once a second, "
                 "spread over that second's requests (µs)",
                 f"{once:.0f} / {web['planets_random']['rps']:.0f} = {share:.2f} a request"))  # fmt: skip
    return rows


def judge(
    core: dict[str, Any], web: dict[str, Any], aws: dict[str, Any], heavy: dict[str, Any]
) -> list[dict[str, Any]]:
    planets, tutorial = web["planets_random"], web["tutorial_random"]
    tutorial_refreshes = tutorial["rps"] / 7
    pieces = core["breakdown"]["pieces_us"]
    bare_us, planets_us = core["bare_pyephem_sky_random_us"], core["planets_random_us"]
    cold_us, before_us = core["planets_cold_random_us"], core["planets_before_split_random_us"]
    contract_us = core["breakdown"]["contract_us"]
    ceiling_us = 1e6 / web["bare_aiohttp_ceiling"]["rps"]
    extra = sorted(((us, name) for name, us in pieces.items()), reverse=True)
    events_us = core["events_random_us"]
    pooled = heavy["planettracker"]
    targets: list[tuple[str, float | None, str, float, str]] = [
        ("GET /planets refreshes/s vs the tutorial's 7-request refresh, random places",
         planets["rps"] / tutorial_refreshes, ">=", 3.0,
         f"3x means a whole GET /planets in {7e6 / tutorial['rps'] / 3:.0f} us end to end (the "
         f"tutorial's 7 requests take {7e6 / tutorial['rps']:.0f} us); it takes "
         f"{1e6 / planets['rps']:.0f} us: the contract {contract_us:.0f} us (of which "
         + ", ".join(f"{name} {us:.0f} us" for us, name in extra[:3])
         + f"), aiohttp and HTTP {1e6 / planets['rps'] - contract_us:.0f} us, where the bare "
         f"aiohttp handler alone takes {ceiling_us:.0f} us"),
        ("GET /planets p99 / p50 over HTTP, random places (median of the runs' ratios)",
         statistics.median(planets["p99_over_p50_each_run"]), "<=", 2.0,
         f"p99 {planets['p99_ms']:.1f} ms, p50 {planets['p50_ms']:.1f} ms; runs: "
         + ", ".join(f"{r:.2f}x" for r in planets["p99_over_p50_each_run"])),
        ("GET /planets in-process, one instant shared, vs bare PyEphem loop, random places",
         planets_us / bare_us, "<=", 0.5,
         f"{planets_us:.0f} us against the loop's {bare_us:.0f} us: "
         + ", ".join(f"{name} {us:.0f} us" for us, name in extra[:4])),
        ("GET /planets in-process, a cold instant, vs a request before the split",
         cold_us / before_us, "<=", 1.3,
         f"{cold_us:.0f} us against {before_us:.0f} us: the instant's part costs "
         f"{cold_us - planets_us:.0f} us over a shared request (the bare PyEphem loop "
         f"{bare_us:.0f} us), on top of the shared request's {planets_us:.0f} us"),
        ("viewers one dev-server process holds at the page's poll (one GET /sky per 2 min)",
         web["sky_page_random"]["rps"] * 3600 / PAGE_SKY_PER_VIEWER_HOUR, ">=", 100_000,
         f"GET /sky {web['sky_page_random']['rps']:.0f} req/s against GET /planets "
         f"{planets['rps']:.0f}: five samples cost {core['sky_page_random_us']:.0f} us "
         f"in-process, /planets {planets_us:.0f} us"),
        ("GET /events vs GET /planets in-process, random places",
         None if events_us is None else events_us / planets_us, "<=", 20.0,
         core.get("events_missing", "")
         or f"a new place's events cost {events_us:.0f} us, {events_us / 10:.0f} us a body, "
         f"against {planets_us / 10:.0f} us a body for its position; PyEphem's own searches "
         f"would cost {core['bare_pyephem_events_random_us']:.0f} us"),
        ("GET /planets p99 under a stream of heavy requests vs alone, aiohttp door",
         pooled["with_heavy_p99_ms"] / pooled["alone_p99_ms"], "<=", 3.0,
         f"p99 {pooled['alone_p99_ms']:.1f} ms alone, {pooled['with_heavy_p99_ms']:.1f} ms "
         f"with {pooled['heavy_requests_per_run']:.0f} heavy answers a run; the pool shares "
         "the server's core with the event loop"),
        ("Lambda cold import vs bare import", aws["handler_import_ms"] / aws["bare_import_ms"],
         "<=", 1.15, "importing the app costs more than FastAPI, Mangum, PyEphem and tzfpy alone"),
        # Issue 6 set 5 MiB; issue 21 allows 15 with the time zones' boundaries (tzfpy).
        ("Lambda artifact size (MiB, zipped)", aws["artifact_mib"], "<=", 15.0,
         f"{aws['native_code_mib']:.2f} MiB of it is compiled code ("
         + ", ".join(f"{package} {mib:.2f}" for package, mib in sorted(
             aws["native_code_mib_by_package"].items(), key=lambda kv: -kv[1]))
         + " MiB); the rest is Python sources and their byte-code"),
    ]  # fmt: skip
    judged = []
    for name, value, op, target, why in targets:
        met = value is not None and (value >= target if op == ">=" else value <= target)
        judged.append({"name": name, "measured": value, "target": f"{op} {target}", "met": met,
                       **({} if met else {"why": why})})  # fmt: skip
    return judged


def table(results: dict[str, Any]) -> list[tuple[str, str]]:
    core, web, aws = results["in_process"], results["http"], results["lambda"]
    tutorial_refreshes = web["tutorial_random"]["rps"] / 7
    labels = {
        "sky_page_random_us": "GET /sky, the page's request (2 min at 30 s), random places",
        "planets_random_us": "GET /planets, random places, one instant shared",
        "planets_gzip_random_us": "GET /planets, random places, gzip asked and given",
        "planets_cold_random_us": "GET /planets, random places, each at a new instant (cold)",
        "planets_before_split_random_us": "GET /planets as before the split (PyEphem per request)",
        "bare_pyephem_sky_random_us": "bare PyEphem loop, same fields, same places",
        "planets_fixed_us": "GET /planets, fixed place",
        "planet_mars_random_us": "GET /planets/mars, random places",
        "events_random_us": "GET /events (every body), random places",
        "bare_pyephem_events_random_us": "PyEphem's own rise/transit/set searches, every body",
        "tonight_shared_random_us": "GET /tonight, random places, the night's grid shared",
        "tonight_first_random_us": "GET /tonight, random places, each the first to ask",
    }
    load = results["load_average_1min_before_after"]
    rows = [(f"machine: {os.cpu_count()} cores, 1-minute load average {load[0]:.2f} before, "
             f"{load[1]:.2f} after (the bench itself adds 1 to 2)", "")]  # fmt: skip
    rows.append(("in-process, through the contract, µs per request", ""))
    rows += [(label, "missing" if core[k] is None else f"{core[k]:.1f}")
             for k, label in labels.items()]  # fmt: skip
    gzip_us = core["planets_gzip_random_us"] - core["planets_random_us"]
    rows.append(("gzip's cost per GET /planets (same places, same run)",
                 f"{gzip_us:.1f} µs, {core['planets_gzip_random_us'] / core['planets_random_us']:.2f}x"))  # fmt: skip
    rows.append(("GET /tonight, the night's grid shared vs each the first to ask",
                 f"{core['tonight_shared_random_us'] / core['tonight_first_random_us']:.2f}x"))  # fmt: skip
    rows.append((f"HTTP, one process on core {SERVER_CORE}, wrk on core {WRK_CORE}, "
                 f"-c{CONNECTIONS} -d{DURATION}s, median of {RUNS}", ""))  # fmt: skip
    rows += [(name, f"{v['rps']:.0f} req/s  p50 {v['p50_ms']:.2f} ms  p99 {v['p99_ms']:.2f} ms"
              + ("  ERRORS" if v["errors"] else "")) for name, v in web.items()]  # fmt: skip
    rows += [
        ("tutorial refreshes/s (7 requests each), random places", f"{tutorial_refreshes:.0f}"),
        ("tutorial refreshes/s, fixed place", f"{web['tutorial_fixed_seven']['rps'] / 7:.0f}"),
        ("PlanetTracker refreshes/s (1 request each), random places",
         f"{web['planets_random']['rps']:.0f}"),
        ("browser clients per process (1 refresh / 2 s), random places",
         f"{web['planets_random']['rps'] * 2:.0f}"),
        ("viewers per process at the page's poll (one /sky per 2 min), random places",
         f"{web['sky_page_random']['rps'] * 3600 / PAGE_SKY_PER_VIEWER_HOUR:.0f}"),
        ("ceiling: bare aiohttp req/s vs GET /planets, random places",
         f"{web['bare_aiohttp_ceiling']['rps'] / web['planets_random']['rps']:.2f}x"),
    ]  # fmt: skip
    counted = results["instructions"]
    rows.append(("instructions per request (callgrind; the load does not move them)",
                 "no valgrind on PATH" if counted is None else
                 f"GET /planets {counted['planets_per_request']:,.0f}, bare PyEphem loop "
                 f"{counted['bare_per_request']:,.0f}: {counted['ratio']:.3f}x"))  # fmt: skip
    rows += breakdown_rows(core, web, aws)
    rows.append((f"GET /planets p99 over {POLLERS} connections, random places, alone and "
                 f"while one client asks {HEAVY_PATH} again and again", ""))  # fmt: skip
    rows += [(f"heavy work {'in the pool' if design == 'planettracker' else 'on the loop'}",
              f"alone {v['alone_p99_ms']:.1f} ms, with heavy {v['with_heavy_p99_ms']:.1f} ms "
              f"({v['with_heavy_p99_ms'] / v['alone_p99_ms']:.1f}x; "
              f"{v['heavy_requests_per_run']:.0f} heavy answers a run)")
             for design, v in results["heavy_stream"].items()]  # fmt: skip
    rows.append(("Lambda", ""))
    rows += [(k, f"{v:.2f}") for k, v in aws.items() if isinstance(v, float)]
    rows.append(("targets", ""))
    rows += [(t["name"], ("n/a" if t["measured"] is None else f"{t['measured']:.2f}")
              + f" (target {t['target']}) " + ("met" if t["met"] else f"MISSED ({t['why']})"))
             for t in results["targets"]]  # fmt: skip
    return rows


def main() -> None:
    results: dict[str, Any] = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds")}
    # Other work on the machine shows here first: figures under load are not comparable.
    results["load_average_1min_before_after"] = [os.getloadavg()[0]]
    results["in_process"] = core = in_process(Places(SEED))
    results["instructions"] = instructions.per_request()
    results["http"] = web = http()
    results["lambda"] = aws = lambda_figures()
    results["heavy_stream"] = heavy = heavy_stream()
    results["targets"] = judge(core, web, aws, heavy)
    results["load_average_1min_before_after"].append(os.getloadavg()[0])
    rows = table(results)
    width = max(len(name) for name, value in rows if value)
    for name, value in rows:
        print(f"{name:<{width}}  {value}" if value else f"\n{name}")
    out = ROOT / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nreport: {out}")


if __name__ == "__main__":
    main()
