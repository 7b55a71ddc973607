"""`planettracker`: the sky in a terminal, from the local core or any PlanetTracker URL.

Exit codes: 0 ok, 2 bad arguments (including those the service refuses), 1 the
service failed or could not be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.events import Events
from ..http import endpoints, params
from ..http.answers import Sky, SkyEvents
from ..http.errors import ApiError
from ..http.messages import ApiRequest, to_json
from .decode import decode

OK, FAILED, BAD_ARGUMENTS = 0, 1, 2


class Failure(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _sky_query(args: argparse.Namespace) -> list[tuple[str, str]]:
    # Values go to the contract as text, so the CLI accepts exactly what the API does.
    names = sorted(params.SKY_PARAMS)
    return [(name, str(getattr(args, name))) for name in names if getattr(args, name) is not None]


def _events_query(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in query if name in params.EVENTS_PARAMS]


def _flag(parameter: str) -> str:
    return "--" + parameter.replace("_", "-")


def _refused(parameter: str | None, message: str, accepted: str | None) -> Failure:
    """One wording for a refused value, whether the core or a remote service refused it."""
    flag = f"{_flag(parameter)}: " if parameter in params.SKY_PARAMS else ""
    hint = f" (accepted: {accepted})" if accepted else ""
    return Failure(f"{flag}{message}{hint}", BAD_ARGUMENTS)


def local_sky(query: list[tuple[str, str]]) -> tuple[Sky, SkyEvents]:
    """Ask the contract itself, as a door would, for both resources at one instant."""
    now = datetime.now(UTC)
    answers = []
    for endpoint, asked in ((endpoints.get_planets, query),
                            (endpoints.get_events, _events_query(query))):  # fmt: skip
        try:
            answers.append(json.loads(endpoint(ApiRequest(now=now, query=asked)).body))
        except ApiError as error:
            raise _refused(error.parameter, error.message, error.accepted) from None
    return decode(Sky, answers[0]), decode(SkyEvents, answers[1])


def _need_the_client() -> None:
    """`--url` talks HTTP through the async client, whose aiohttp is an extra (the
    Lambda package leaves it out): say how to get it rather than fail on an import."""
    if importlib.util.find_spec("aiohttp") is None:
        raise Failure("--url needs the client extra (aiohttp): pip install '.[client]'", FAILED)


async def remote_sky(url: str, query: list[tuple[str, str]]) -> tuple[Sky, SkyEvents]:
    """Ask a PlanetTracker for positions and events concurrently."""
    _need_the_client()
    from .api import ApiProblem, ClientError, PlanetTrackerClient

    try:
        async with PlanetTrackerClient(url) as client:
            sky, events = await asyncio.gather(
                client.sky(**dict(query)), client.events(**dict(_events_query(query)))
            )
            return sky, events
    except ApiProblem as problem:
        if problem.status >= 500:
            raise Failure(str(problem), FAILED) from None
        raise _refused(problem.parameter, problem.detail, problem.accepted) from None
    except ClientError as error:
        raise Failure(str(error), FAILED) from None


HEADINGS = ("body", "azimuth", "altitude", "mag", "visible", "rises", "sets", "constellation")
RIGHT_ALIGNED = frozenset({2, 3})  # the numbers (azimuths are padded to one width)


def render(sky: Sky, events: SkyEvents, utc: bool = False) -> str:
    """The sky as a table: one row a body, each column as wide as its widest cell; times
    in the place's own clock (its zone from the answer), or in UTC."""
    observer = sky["observer"]
    place = (
        "the Greenwich Observatory (default)"
        if observer["source"] == "default"
        else f"lat {observer['lat']}, lon {observer['lon']}, {observer['elevation_m']} m"
    )
    clock: tzinfo = UTC if utc else _zone(observer["time_zone"])
    rows = [list(HEADINGS)]
    for b, e in zip(sky["bodies"], events["bodies"], strict=True):
        reason = b["visibility"]["reason"]
        rows.append([
            b["name"], f"{b['az']:6.2f}° {b['compass']:<3}", f"{b['alt']:.2f}°",
            f"{b['magnitude']:.2f}", "yes" if reason is None else reason.replace("_", " "),
            _when(e, e["next_rise"], clock), _when(e, e["next_set"], clock), b["constellation"],
        ])  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    at, zone = sky["time"].astimezone(clock), observer["time_zone"]
    offset = "" if utc else f" ({_offset(at)})"
    said = f"times in UTC (the place's zone: {zone})" if utc else f"times in {zone}"
    lines = [f"Sky at {at:%Y-%m-%d %H:%M:%S %Z}{offset} over {place}; {said}"]
    for row in rows:
        cells = (cell.rjust(width) if i in RIGHT_ALIGNED else cell.ljust(width)
                 for i, (cell, width) in enumerate(zip(row, widths, strict=True)))  # fmt: skip
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _offset(at: datetime) -> str:
    """UTC+01:00 (UTC-00:44:30 for an old local mean time): the offset a zone keeps at an
    instant."""
    offset = at.utcoffset() or timedelta()
    sign, size = ("-", -offset) if offset < timedelta() else ("+", offset)
    minutes, seconds = divmod(int(size.total_seconds()), 60)
    text = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def _zone(name: str) -> tzinfo:
    """The place's zone from this machine's time-zone data."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        raise SystemExit(
            f"this machine has no time-zone data for {name}: pip install tzdata, or use --utc"
        ) from None


def _when(events: Events, when: datetime | None, clock: tzinfo) -> str:
    if events["circumpolar"]:
        return "always up"
    if events["never_rises"]:
        return "never up"
    # The zone's abbreviation on each time: a rise and a set may fall either side of a
    # change of the clock (CET, CEST).
    return "-" if when is None else f"{when.astimezone(clock):%m-%d %H:%M %Z}"


def run_sky(args: argparse.Namespace) -> int:
    query = _sky_query(args)
    sky, events = asyncio.run(remote_sky(args.url, query)) if args.url else local_sky(query)
    print(to_json({"planets": sky, "events": events}, indent=True).decode() if args.json
          else render(sky, events, args.utc))  # fmt: skip
    return OK


def _progress(done: int, total: int) -> None:
    if not sys.stderr.isatty():  # a bar redrawn with \r is for eyes, not for logs
        return
    filled = 30 * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


async def bench(url: str, n: int, concurrency: int) -> dict[str, float]:
    """Time n GET /planets at most `concurrency` at a time (the tutorial's testPerformance)."""
    _need_the_client()
    from .api import ClientError, PlanetTrackerClient

    latencies: list[float] = []
    errors = 0
    # The bench holds its own turn, so each request is timed from when it is sent, not
    # from when it was queued; the client's own limit is never reached after it.
    turns = asyncio.Semaphore(concurrency)

    async def one(client: PlanetTrackerClient) -> None:
        nonlocal errors
        async with turns:
            sent = time.perf_counter()
            try:
                await client.get_json("/planets")
                latencies.append(time.perf_counter() - sent)
            except ClientError:
                errors += 1
        _progress(len(latencies) + errors, n)

    # No retries: a benchmark reports failures rather than hiding them.
    async with PlanetTrackerClient(url, concurrency=concurrency, retries=0) as client:
        started = time.perf_counter()
        await asyncio.gather(*(one(client) for _ in range(n)))
        elapsed = time.perf_counter() - started
    if not latencies:
        raise Failure(f"no request to {url} succeeded ({errors} failed)", FAILED)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": n,
        "errors": errors,
        "seconds": elapsed,
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": cuts[49] * 1000,
        "p90_ms": cuts[89] * 1000,
        "p99_ms": cuts[98] * 1000,
    }


def run_bench(args: argparse.Namespace) -> int:
    result = asyncio.run(bench(args.url, args.n, args.c))
    print(
        f"{result['requests']:.0f} requests, {result['errors']:.0f} errors, "
        f"{result['seconds']:.2f} s: {result['requests_per_s']:.1f} requests/s; latency "
        f"p50 {result['p50_ms']:.1f} ms, p90 {result['p90_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms"
    )
    return OK if result["errors"] == 0 else FAILED


def _url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(
            f"expected an http:// or https:// URL such as http://127.0.0.1:8000, got {text!r}"
        )
    return text


def _positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="planettracker", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)
    sky = commands.add_parser("sky", help="show the sky as a table", description="Show the sky.")
    for param in params.NUMBER_PARAMS:
        # Hyphenated, as command-line flags are; the parameter's own spelling is kept too.
        spellings = dict.fromkeys((f"--{param.name.replace('_', '-')}", f"--{param.name}"))
        sky.add_argument(*spellings, dest=param.name, metavar="X",
                         help=f"{param.description} ({param.unit})")  # fmt: skip
    accepted = params.TIME_ACCEPTED.replace("%", "%%")  # argparse %-formats its help
    sky.add_argument("--time", metavar="ISO", help=f"default: now. {accepted}")
    both = 'the answers as {"planets": ..., "events": ...}'
    sky.add_argument("--json", action="store_true", help=f"print {both}")
    sky.add_argument("--utc", action="store_true",
                     help="print times in UTC rather than in the place's own clock")  # fmt: skip
    sky.add_argument("--url", type=_url, help="ask this PlanetTracker instead of computing here")
    sky.set_defaults(run=run_sky)
    timing = commands.add_parser(
        "bench", help="time N requests at concurrency C", description="Time GET /planets."
    )
    timing.add_argument("--url", type=_url, required=True, help="the PlanetTracker to time")
    timing.add_argument("-n", type=_positive, default=100, help="how many requests (100)")
    timing.add_argument("-c", type=_positive, default=10, help="how many at once (10)")
    timing.set_defaults(run=run_bench)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)  # argparse exits 2 with a message on bad syntax
    try:
        code: int = args.run(args)
    except Failure as failure:
        print(f"planettracker: error: {failure}", file=sys.stderr)
        return failure.code
    return code


if __name__ == "__main__":
    sys.exit(main())
