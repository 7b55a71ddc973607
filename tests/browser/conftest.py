"""Real Chromium (Debian's package, found on PATH) driven by Playwright, against `make dev`."""

from __future__ import annotations

import math
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from ..conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
# The machines have no network but the package registries: keep Chromium from trying.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PARIS = {"latitude": 48.85661, "longitude": 2.35222}
# As the page sends it: rounded to 0.005 degrees, so that a town shares its URLs.
PARIS_QUERY = {"lat": "48.855", "lon": "2.35", "elevation": "0"}
PLANETS = re.compile(r"/planets(\?|$)")
SKY = re.compile(r"/sky(\?|$)")
TONIGHT = re.compile(r"/tonight(\?|$)")
SPAN_MS = 120_000  # what one /sky request of the page covers (site/js/api.js)
AHEAD_MS = 5000  # how long before its samples run out the page asks for the next span
# A past moment for the page's clock where the real one would make a test depend on the
# hour it runs: over Paris no body is within 20 degrees of the horizon in the quarter hour
# after it. The API still answers "now" (/events, /tonight) by the real clock, months
# later, so the page asks neither again (their next events or night end are far ahead).
QUIET = datetime(2026, 1, 5, 1, 0, 10, tzinfo=UTC)
EVENTS = re.compile(r"/events(\?|$)")

# Each fetch the page makes, with start and end times from the page's own clock (the fake
# one where a test installs it), the order of every start and end whatever that clock
# says, and whether it has settled: its JSON read by the page (or the fetch failed), so
# that by the next task the page has acted on it, its next request scheduled.
FETCH_LOG = """
(() => {
  const original = window.fetch;
  let order = 0;
  window.__fetches = [];
  window.fetch = async (...args) => {
    const entry = {
      url: String(args[0]), start: performance.now(), end: null,
      began: ++order, ended: null, settled: false,
    };
    window.__fetches.push(entry);
    try {
      const response = await original(...args);
      const json = response.json.bind(response);
      response.json = async () => {
        try { return await json(); } finally { entry.settled = true; }
      };
      return response;
    } catch (error) {
      entry.settled = true;
      throw error;
    } finally {
      entry.end = performance.now();
      entry.ended = ++order;
    }
  };
})();
"""
# How long to wait for something the page will do, at most: a safety net that keeps a
# broken page from hanging the suite, never a claim about how fast anything is.
PATIENCE_MS = 30_000
WATCHDOG_MS = 10_000  # how long the page waits for an answer before giving up on it


def fetches(page: Page, pattern: re.Pattern[str]) -> list[dict[str, Any]]:
    """The page's fetches (FETCH_LOG) whose path matches, in the order they started."""
    log: list[dict[str, Any]] = page.evaluate("window.__fetches")
    return [f for f in log if pattern.search(urlsplit(f["url"]).path + "?")]


MATCHING = """([pattern]) => window.__fetches
  .filter((f) => new RegExp(pattern).test(new URL(f.url).pathname + "?"))"""


def wait_for_fetches(
    page: Page, pattern: re.Pattern[str], count: int, timeout: float = PATIENCE_MS
) -> None:
    """Wait until the page has started `count` fetches whose path matches."""
    page.wait_for_function(
        f"([count, pattern]) => ({MATCHING})([pattern]).length >= count",
        arg=[count, pattern.pattern],
        timeout=timeout,
    )


def wait_for_settled(page: Page, pattern: re.Pattern[str], count: int | None = None) -> None:
    """Wait until the page has started `count` fetches whose path matches (by default as
    many as it has started now) and every one of them has settled."""
    count = len(fetches(page, pattern)) if count is None else count
    page.wait_for_function(
        f"""([count, pattern]) => {{
          const log = ({MATCHING})([pattern]);
          return log.length >= count && log.every((f) => f.settled);
        }}""",
        arg=[count, pattern.pattern],
        timeout=PATIENCE_MS,
    )


def wait_for_query(page: Page, pattern: re.Pattern[str], query: dict[str, str]) -> int:
    """Wait for a fetch whose path matches and whose query holds `query`; return how many
    matching fetches had started when the first such one did (it included)."""
    page.wait_for_function(
        f"""([pattern, query]) => ({MATCHING})([pattern]).some((f) =>
          Object.entries(query).every(([k, v]) => new URL(f.url).searchParams.get(k) === v))""",
        arg=[pattern.pattern, query],
        timeout=PATIENCE_MS,
    )
    queries = [query_of(f["url"]) for f in fetches(page, pattern)]
    return next(i for i, q in enumerate(queries, 1) if query.items() <= q.items())


def page_now(page: Page) -> float:
    """The page's performance.now(): the fake clock's where a test installed it."""
    now: float = page.evaluate("performance.now()")
    return now


def install_clock(page: Page, at: datetime | None = None) -> None:
    """Install Playwright's clock on the page (before goto), running from `at` or as the
    real one, at least 30 s before the page asks for its second span: a test that loads
    the page and then pauses its clock must not race the page into that request first.
    A test that depends on which bodies rise or set gives `at`, a moment it has chosen."""
    if at is not None:
        assert at.timestamp() * 1000 % SPAN_MS < SPAN_MS - AHEAD_MS - 30_000
        page.clock.install(time=at)
        return
    into_span = time.time() * 1000 % SPAN_MS
    if into_span > SPAN_MS - AHEAD_MS - 30_000:
        time.sleep((SPAN_MS - into_span) / 1000 + 0.5)
    page.clock.install()


def pause_clock(page: Page) -> None:
    """Stop the page's clock (page.clock.install() before goto), a second on from now:
    call it only while nothing the test cares about is due within that second. From then
    on the page's time moves only by page.clock.run_for."""
    for _ in range(3):  # a loaded machine may take the second to get there: again
        try:
            page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds, as Python's
            return
        except PlaywrightError:
            continue
    raise AssertionError("the page's clock ran past every second asked to pause at")


def advance(page: Page, ms: float, step: int = 1000) -> None:
    """Move the page's paused clock on by `ms`, a step at a time, letting every request to
    the API the page starts be answered before time moves on, as it would be in real time
    (one run_for over many periods would fire the page's watchdogs instead)."""
    while ms > 0:
        page.clock.run_for(min(ms, step))
        ms -= step
        for pattern in (PLANETS, SKY, EVENTS, TONIGHT):
            wait_for_settled(page, pattern)


def place_of(url: str) -> dict[str, str]:
    """The place a /sky or /planets request asked for: its query less the times."""
    return {k: v for k, v in query_of(url).items() if k not in ("start", "span", "step", "time")}


def until_next_span(page: Page) -> float:
    """Once the last /sky request has settled: the page time until the next is due, a few
    seconds before the samples it asked for run out (exact while the clock is paused)."""
    wait_for_settled(page, SKY)
    start = query_of(fetches(page, SKY)[-1]["url"])["start"]
    stop_ms = datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp() * 1000 + SPAN_MS
    now: float = page.evaluate("Date.now()")
    return stop_ms - AHEAD_MS - now


def hundredths(text: str) -> int:
    return round(float(text) * 100)


def shown_within_last_digit(page: Page, live_server: str, place: dict[str, str]) -> str:
    """What the table shows, the instant it says it shows, against GET /planets for that
    instant and place: every azimuth and altitude within one in its last digit (0.01
    degree). Returns the instant."""
    when = page.locator("[data-table]").get_attribute("data-time") or ""
    direct = requests.get(f"{live_server}/planets", params={**place, "time": when}, timeout=10)
    rows = table(page)
    for body in direct.json()["bodies"]:
        row = rows[body["name"]]
        alt = hundredths(row["alt"]) - hundredths(f"{body['alt']:.2f}")
        az = (hundredths(row["az"]) - hundredths(f"{body['az']:.2f}") + 18000) % 36000 - 18000
        assert max(abs(alt), abs(az)) <= 1, (when, body, row)
    return when


class Gate:
    """A route handler that lets requests through to the server while open and, once
    shut, holds them until released."""

    def __init__(self) -> None:
        self.shut = False
        self.held: list[Route] = []

    def __call__(self, route: Route) -> None:
        if self.shut:
            self.held.append(route)
        else:
            route.continue_()

    def release(self) -> None:
        self.shut = False
        while self.held:
            self.held.pop(0).continue_()


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def table(page: Page) -> dict[str, dict[str, str]]:
    rows = page.locator("[data-rows] tr").all()
    return {
        row.get_attribute("data-body") or "": {
            cell.get_attribute("data-field") or "": cell.text_content() or ""
            for cell in row.locator("[data-field]").all()
        }
        for row in rows
    }


def expect_full_table(page: Page) -> None:
    """Wait for every body's row, its rise and set filled from an /events answer."""
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    expect(page.locator('[data-rows] [data-field="rise"]', has_text="—")).to_have_count(0)


def in_zone(iso: str, zone: str) -> str:
    """The instant's wall clock in `zone`, written as if it were UTC (for day_time)."""
    when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    return when.replace(tzinfo=UTC).isoformat()


def day_time(iso: str, today: str) -> str:
    """An instant as the table shows it in a British browser whose clock is UTC: the time,
    with its day when that is not the day of `today` (the sky's moment)."""
    when, shown = (datetime.fromisoformat(t.replace("Z", "+00:00")) for t in (iso, today))
    days = (when.date() - shown.date()).days
    if days == 0:
        return f"{when:%H:%M}"
    if abs(days) == 1:
        return f"{'tomorrow' if days == 1 else 'yesterday'} {when:%H:%M}"
    if abs(days) < 7:
        return f"{when:%a %H:%M}"
    month = "Sept" if when.month == 9 else f"{when:%b}"  # en-GB's short September
    return f"{when.day} {month} {when:%H:%M}"


def event_time(events: dict[str, Any], key: str, today: str) -> str:
    """What the page shows in a browser whose clock is UTC."""
    if events["circumpolar"]:
        return "always up"
    if events["never_rises"]:
        return "never up"
    return day_time(events[key], today) if events[key] else "—"


def rise_time(body: dict[str, Any], events: dict[str, Any], today: str) -> str:
    """The Rises column: when a body that is up rose, else when it rises next."""
    if body["above_horizon"] and events["previous_rise"] and not events["circumpolar"]:
        return f"rose {day_time(events['previous_rise'], today)}"
    return event_time(events, "next_rise", today)


REASONS = {
    "below_horizon": "below the horizon",
    "too_faint": "too faint to see by eye",
    "too_close_to_sun": "too close to the Sun",
    "daylight": "in daylight",
    "twilight": "the twilight is too bright",
}


def seen_now(body: dict[str, Any], events: dict[str, Any], today: str) -> str:
    """The "Seen now?" column: yes or no and why, with the next rise or set."""
    if not body["above_horizon"]:
        if events["never_rises"]:
            return "No: below the horizon all day"
        rise = events["next_rise"]
        return f"No: below the horizon{f'; rises {day_time(rise, today)}' if rise else ''}"
    sets = (
        f"; sets {day_time(events['next_set'], today)}"
        if events["next_set"]
        else "; up all day"
        if events["circumpolar"]
        else ""
    )
    verdict = body["visibility"]
    if verdict["visible"]:
        return f"Yes{sets}"
    more = f" (magnitude {body['magnitude']:.1f})" if verdict["reason"] == "too_faint" else ""
    return f"No: {REASONS[verdict['reason']]}{more}{sets}"


def expected_rows(sky: dict[str, Any], events: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The table for a /planets answer and the /events answer for the same question."""
    by_name = {e["name"]: e for e in events["bodies"]}
    return {
        b["name"]: {
            "name": b["name"].capitalize(),
            "seen": seen_now(b, by_name[b["name"]], sky["time"]),
            "az": f"{b['az']:.2f}",
            "compass": b["compass"],
            "alt": f"{b['alt']:.2f}",
            "magnitude": f"{b['magnitude']:.2f}",
            "rise": rise_time(b, by_name[b["name"]], sky["time"]),
            "set": event_time(by_name[b["name"]], "next_set", sky["time"]),
            "constellation": b["constellation"],
        }
        for b in sky["bodies"]
    }


def unproject(x: float, y: float, radius: float) -> tuple[float, float]:
    """A point of the chart back to (azimuth, altitude), degrees: the inverse of the
    page's stereographic projection (zenith at the centre, the horizon at `radius`,
    north up, east on the left)."""
    alt = 90 - 2 * math.degrees(math.atan(math.hypot(x, y) / radius))
    az = math.degrees(math.atan2(-x, -y)) % 360
    return az, alt


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not on PATH: .ci/run installs Debian's chromium package")
    pytest.skip("chromium is not on PATH (apt-get install chromium); CI always runs these")


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


class Console:
    """Everything the page said on its console or threw."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def problems(self, ignore: tuple[str, ...] = ()) -> list[str]:
        return [m for m in self.messages if not any(text in m for text in ignore)]


@pytest.fixture
def console() -> Console:
    return Console()


def watch(page: Page, console: Console) -> Page:
    page.on(
        "console",
        lambda m: (
            console.messages.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: console.messages.append(f"pageerror: {e}"))
    return page


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser, console: Console) -> Iterator[NewPage]:
    """Open pages in fresh browser contexts (UTC clock and British English unless told
    otherwise), their console watched; every context is closed at the end of the test,
    pass or fail."""
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(**{"locale": "en-GB", "timezone_id": "UTC", **options})
        contexts.append(context)
        return watch(context.new_page(), console)

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def located_page(new_page: NewPage, live_server: str) -> Page:
    """The page with geolocation granted and set to Paris."""
    return new_page(geolocation=PARIS, permissions=["geolocation"])


@pytest.fixture
def typing_page(located_page: Page, live_server: str) -> Page:
    """The page in Paris with its fetches logged (FETCH_LOG), once it has the place:
    ready for coordinates to be typed."""
    located_page.add_init_script(FETCH_LOG)
    located_page.goto(live_server)
    expect(located_page.locator("[data-status]")).to_contain_text("Your location")
    return located_page


def save_screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def settle_frames(page: Page) -> None:
    """Wait for two of the page's animation frames: whatever a change of layout set off
    (resize observers and the redraws they ask for) has run and been laid out."""
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def sent(degrees: float) -> float:
    """A latitude or longitude as the page sends it: to 0.005 degree (site/js/api.js)."""
    return round(round(degrees / 0.005) * 0.005, 3)


def show_moment(page: Page, lat: float, lon: float, time: str) -> tuple[float, float]:
    """Type a place and a moment (read as UTC, the contexts' clock, rather than the place's
    own, which typed coordinates show) into the controls, opening them first where they
    are folded, and wait for that sky and its events. Returns the place the page asked
    for, rounded as it sends places."""
    page.evaluate("document.querySelector('[data-controls]').open = true")
    page.locator("#lat").fill(str(lat))
    page.locator("#lon").fill(str(lon))
    expect(page.locator("[data-status]")).to_contain_text(f"{abs(lat):.4f}°")  # as typed
    page.get_by_label("UTC", exact=True).check()
    page.locator("#time").fill(time)
    day = datetime.fromisoformat(time)
    said = rf"at {day.day} \w+ {day.year}, {day:%H:%M}"  # the browser's month: Sep or Sept
    expect(page.locator("[data-status]")).to_contain_text(re.compile(said))
    expect_full_table(page)
    expect(page.locator("[data-chart-text]")).not_to_be_empty()
    return sent(lat), sent(lon)
