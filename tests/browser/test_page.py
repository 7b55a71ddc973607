"""The live sky page in real Chromium against a live `make dev` server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, Route, expect

from .conftest import (
    EVENTS,
    FETCH_LOG,
    PARIS,
    PARIS_QUERY,
    PLANETS,
    QUIET,
    SKY,
    TONIGHT,
    WATCHDOG_MS,
    Console,
    Gate,
    NewPage,
    advance,
    expect_full_table,
    expected_rows,
    fetches,
    install_clock,
    page_now,
    pause_clock,
    place_of,
    query_of,
    save_screenshot,
    shown_within_last_digit,
    table,
    unproject,
    until_next_span,
    wait_for_fetches,
    wait_for_query,
    wait_for_settled,
)

# Headless Chromium never hides a tab, so the test decides what document.hidden says.
HIDEABLE = """
Object.defineProperty(document, "hidden", { get: () => !!window.__hidden });
Object.defineProperty(document, "visibilityState", {
  get: () => (window.__hidden ? "hidden" : "visible"),
});
"""


def instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def planet_requests(page: Page) -> list[dict[str, Any]]:
    return fetches(page, PLANETS)


def sky_requests(page: Page) -> list[dict[str, Any]]:
    return fetches(page, SKY)


def never_overlapping(log: list[dict[str, Any]]) -> bool:
    """Each request ended before the next one began (FETCH_LOG's order, not its clock)."""
    return all(
        earlier["ended"] is not None and earlier["ended"] < later["began"]
        for earlier, later in zip(log, log[1:], strict=False)
    )


class Recorder:
    """Pass requests through to the real server, keeping each URL and answer."""

    def __init__(self) -> None:
        self.answers: list[dict[str, Any]] = []
        self.urls: list[str] = []

    def __call__(self, route: Route) -> None:
        response = route.fetch()
        self.urls.append(route.request.url)
        self.answers.append(response.json())
        route.fulfill(response=response)


class FirstAnswerOnly:
    """Answer the first /sky request from the real server, hold every later one.

    The page never sends a second request while one is in flight, so the screen keeps
    showing the span recorded here, with no race against the next one.
    """

    def __init__(self) -> None:
        self.answers: list[dict[str, Any]] = []
        self.urls: list[str] = []
        self.held: list[Route] = []

    def __call__(self, route: Route) -> None:
        if self.answers:
            self.held.append(route)
            return
        response = route.fetch()
        self.urls.append(route.request.url)
        self.answers.append(response.json())
        route.fulfill(response=response)


class Located:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.first = FirstAnswerOnly()
        self.events = Recorder()


@pytest.fixture
def located(located_page: Page, live_server: str) -> Iterator[Located]:
    """The page in Paris, the first /sky answer on screen, later ones held; the page's
    clock is Playwright's, running as the real one until a test pauses it."""
    seen = Located(located_page)
    located_page.add_init_script(FETCH_LOG)
    install_clock(located_page)
    located_page.route(SKY, seen.first)
    located_page.route(EVENTS, seen.events)
    located_page.goto(live_server)
    expect_full_table(located_page)
    yield seen
    located_page.unroute_all(behavior="ignoreErrors")


def test_located_table_equals_the_api(located: Located, live_server: str, console: Console) -> None:
    page, first = located.page, located.first
    query = query_of(first.urls[0])
    assert place_of(first.urls[0]) == PARIS_QUERY
    assert (query["span"], query["step"]) == ("120", "30")
    assert datetime.fromisoformat(query["start"]).timestamp() % 120 == 0  # the span's grid
    assert [query_of(url) for url in located.events.urls] == [PARIS_QUERY]
    span, events = first.answers[0], located.events.answers[0]
    assert span["observer"]["source"] == "request"
    pause_clock(page)
    page.clock.run_for(2000)  # a showing at a known moment: the clock's, not a sample's
    when = shown_within_last_digit(page, live_server, PARIS_QUERY)
    # The rest of each row is the nearest sample's, with rise and set from /events.
    nearest = min(span["samples"], key=lambda s: abs(instant(s["time"]) - instant(when)))
    expected = expected_rows({"time": when, "bodies": nearest["bodies"]}, events)
    assert {n: {**r, "az": "", "alt": ""} for n, r in table(page).items()} == {
        n: {**r, "az": "", "alt": ""} for n, r in expected.items()
    }
    # The same question asked of the API directly, pinned to the moment the page got.
    direct = requests.get(
        f"{live_server}/events", params={**PARIS_QUERY, "time": events["time"]}, timeout=10
    ).json()
    assert direct["bodies"] == events["bodies"]
    expect(page.locator("[data-status]")).to_contain_text("Your location")
    below = {b["name"] for b in nearest["bodies"] if not b["above_horizon"]}
    assert {
        r.get_attribute("data-body") for r in page.locator('[data-rows] tr[data-up="false"]').all()
    } == below
    assert "(set)" not in (page.locator("[data-rows]").text_content() or "")
    assert console.problems() == []


def test_chart_marks_exactly_the_bodies_above_the_horizon(
    located: Located, live_server: str
) -> None:
    """Each mark sits where the stereographic projection puts its body: turned back into
    azimuth and altitude, the mark's place gives the API's for the moment shown."""
    page = located.page
    pause_clock(page)
    when = page.locator("[data-table]").get_attribute("data-time")
    bodies = requests.get(
        f"{live_server}/planets", params={**PARIS_QUERY, "time": when}, timeout=10
    ).json()["bodies"]
    marks = page.locator("[data-marks] [data-body]")
    up = {b["name"]: b for b in bodies if b["above_horizon"]}
    assert {m.get_attribute("data-body") for m in marks.all()} == set(up)
    radius = float(page.locator("[data-horizon]").get_attribute("r") or "0")
    assert radius > 100
    for mark in marks.all():
        body = up[mark.get_attribute("data-body") or ""]
        x, y = map(float, re.findall(r"-?[\d.]+", mark.get_attribute("transform") or ""))
        az, alt = unproject(x, y, radius)
        assert alt == pytest.approx(body["alt"], abs=0.05)
        if body["alt"] < 89:
            assert (az - body["az"] + 180) % 360 - 180 == pytest.approx(0, abs=0.05)


def test_typing_coordinates_changes_the_sky_and_invalid_values_are_not_sent(
    typing_page: Page, console: Console
) -> None:
    page = typing_page
    before = table(page)
    page.locator("#lat").fill("")
    page.locator("#lat").press_sequentially("-33.86", delay=40)
    page.locator("#lon").fill("")
    page.locator("#lon").press_sequentially("151.21", delay=40)
    expect(page.locator("[data-status]")).to_contain_text("33.8600° S, 151.2100° E")
    sent = [query_of(f["url"]) for f in sky_requests(page)]
    typed = [q for q in sent if q.get("lat") != PARIS_QUERY["lat"]]
    # Debounced: nothing was sent for the half-typed values.
    assert all(q["lat"] == "-33.86" and q["lon"] == "151.21" for q in typed) and typed
    assert table(page)["sun"] != before["sun"]

    count = len(sky_requests(page))
    # The errors are written when the half-second pause after typing has passed and the
    # page has read the fields: by then it has decided whether to send anything.
    page.locator("#lat").fill("95")
    expect(page.locator('[data-error="lat"]')).to_contain_text("from -90 to 90")
    expect(page.locator("#lat")).to_have_attribute("aria-invalid", "true")
    page.locator("#lon").fill("abc")
    expect(page.locator('[data-error="lon"]')).to_contain_text("from -180 to 180")
    # A valid place typed after the invalid ones: whatever they sent comes before it.
    page.locator("#lat").fill("-33.87")
    page.locator("#lon").fill("151.21")
    marker = wait_for_query(page, SKY, {"lat": "-33.87", "lon": "151.21"})
    later = [query_of(f["url"]) for f in sky_requests(page)[count : marker - 1]]
    assert all(q["lat"] == "-33.86" and q["lon"] == "151.21" for q in later)
    assert console.problems() == []


def test_no_prompt_at_load_and_denied_geolocation_falls_back_to_greenwich(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """Never granted: the page shows Greenwich without asking; asked by the button and
    denied, it says so and stays at Greenwich."""
    page = new_page()  # no permission: Chromium denies at once when asked
    page.add_init_script(FETCH_LOG)
    page.goto(live_server)
    status = page.locator("[data-status]")
    expect(status).to_contain_text("Use my location")
    expect(status).to_contain_text("Greenwich Observatory")
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    assert sky_requests(page) and all(place_of(f["url"]) == {} for f in sky_requests(page))
    page.locator("[data-use-location]").click()  # asks, is denied
    expect(status).to_contain_text("Location unavailable (permission denied)")
    expect(status).to_contain_text("Greenwich Observatory")
    assert all(place_of(f["url"]) == {} for f in sky_requests(page))
    assert console.problems() == []


def test_choosing_a_time_shows_that_sky_and_now_returns(
    located_page: Page, live_server: str, console: Console
) -> None:
    page = located_page
    page.add_init_script(FETCH_LOG)
    install_clock(page)
    page.goto(live_server)
    expect(page.locator("[data-status]")).to_contain_text("Your location")
    page.locator("#time").fill("2024-03-20T12:00:00")  # the context's clock is UTC
    status = page.locator("[data-status]")
    expect(status).to_contain_text("20 Mar 2024")
    query = query_of(planet_requests(page)[-1]["url"])
    assert query["time"] == "2024-03-20T12:00:00.000Z"
    direct = {
        kind: requests.get(f"{live_server}/{kind}", params=query, timeout=10).json()
        for kind in ("planets", "events")
    }
    expect_full_table(page)
    assert table(page) == expected_rows(direct["planets"], direct["events"])
    # A fixed moment never changes: no polling while it is shown, for a minute of the
    # page's time (thirty periods).
    count_planets = len(planet_requests(page))
    pause_clock(page)  # no poll is due: the fixed moment's answer is on screen
    page.clock.run_for(60_000)
    assert len(planet_requests(page)) == count_planets
    page.clock.resume()

    count = len(sky_requests(page))
    page.locator("[data-now]").click()
    expect(status).to_contain_text("now (")
    expect(page.locator("#time")).to_have_value("")
    wait_for_fetches(page, SKY, count + 1)
    assert len(planet_requests(page)) == count_planets
    assert console.problems() == []


def test_outage_shows_a_banner_keeps_stale_data_and_recovers(
    located_page: Page, live_server: str, console: Console
) -> None:
    """On the page's own clock: the next span's request fails, the banner says so and the
    last sky stays, marked stale; the API back, a retry brings the next span."""
    page = located_page
    page.add_init_script(FETCH_LOG)
    install_clock(page)
    page.goto(live_server)
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    problem = json.dumps(
        {"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": "down"}
    )
    page.route(
        SKY,
        lambda route: route.fulfill(
            status=503, body=problem, content_type="application/problem+json"
        ),
    )
    pause_clock(page)
    page.clock.run_for(until_next_span(page))
    banner = page.locator("[data-banner]")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("not answering")
    expect(page.locator("[data-table]")).to_have_attribute("data-stale", "")
    expect(page.locator("[data-rows] tr")).to_have_count(10)  # the last good data stays
    page.unroute(SKY)
    advance(page, 2000)  # the first retry, a period after the failure
    expect(banner).to_be_hidden()
    expect(page.locator("[data-table]")).not_to_have_attribute("data-stale", "")
    assert console.problems(ignore=("status of 503",)) == []


def test_one_request_per_span_never_two_at_once(located_page: Page, live_server: str) -> None:
    """On the page's own clock, paused and moved on by the test: the next span asked for
    a few seconds before the samples run out, not a millisecond sooner, each one carrying
    on from the last; and never while one is in flight, even past its time."""
    page = located_page
    gate = Gate()
    page.add_init_script(FETCH_LOG)
    install_clock(page)
    page.route(SKY, gate)
    page.goto(live_server)
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    pause_clock(page)
    first = len(sky_requests(page)) - 1
    for _ in range(3):
        count = len(sky_requests(page))
        page.clock.run_for(until_next_span(page) - 1)
        assert len(sky_requests(page)) == count
        page.clock.run_for(1)
        assert len(sky_requests(page)) == count + 1
    # An answer that comes after the next span's time: nothing else is sent meanwhile.
    wait_for_settled(page, SKY)
    gate.shut = True
    count = len(sky_requests(page))
    page.clock.run_for(until_next_span(page))
    page.clock.run_for(4000)
    assert len(sky_requests(page)) == count + 1
    gate.release()
    wait_for_settled(page, SKY)
    log = sky_requests(page)[first:]
    starts = [instant(query_of(f["url"])["start"]) for f in log]
    assert [(b - a).total_seconds() for a, b in zip(starts, starts[1:], strict=False)] == [120] * 4
    assert never_overlapping(sky_requests(page))


def test_a_hung_api_never_gets_a_second_request(located: Located) -> None:
    """The second request hangs: no third is sent while the page waits for it, on its
    own clock, until it gives up on it (10 s), and then one retry a period later."""
    page, first = located.page, located.first
    pause_clock(page)
    page.clock.run_for(max(0, until_next_span(page)))
    wait_for_fetches(page, SKY, 2)
    hung = sky_requests(page)[1]
    page.clock.run_for(hung["start"] + WATCHDOG_MS - page_now(page) - 10)
    assert len(first.held) == 1
    assert len(sky_requests(page)) == 2 and sky_requests(page)[1]["end"] is None
    page.clock.run_for(20)  # the watchdog gives up on it
    expect(page.locator("[data-banner]")).to_contain_text("did not answer in time")
    assert sky_requests(page)[1]["end"] is not None
    page.clock.run_for(1000)
    assert len(sky_requests(page)) == 2
    page.clock.run_for(1100)
    assert len(sky_requests(page)) == 3
    assert never_overlapping(sky_requests(page))


def test_polling_pauses_while_hidden(located_page: Page, live_server: str) -> None:
    """On the page's own clock: nothing for five minutes while hidden, nor shown; shown
    again, one request at once for the span now is in, and the next when it runs out."""
    page = located_page
    page.add_init_script(FETCH_LOG)
    page.add_init_script(HIDEABLE)
    install_clock(page)
    page.goto(live_server)
    expect(page.locator("[data-status]")).to_contain_text("Your location")
    wait_for_settled(page, SKY)
    page.evaluate("window.__hidden = true; document.dispatchEvent(new Event('visibilitychange'))")
    count = len(sky_requests(page))
    pause_clock(page)  # hidden: no poll is due
    shown = page.locator("[data-table]").get_attribute("data-time")
    page.clock.run_for(300_000)
    assert len(sky_requests(page)) == count
    assert page.locator("[data-table]").get_attribute("data-time") == shown
    page.evaluate("window.__hidden = false; document.dispatchEvent(new Event('visibilitychange'))")
    page.clock.run_for(0)
    assert len(sky_requests(page)) == count + 1
    now = page.evaluate("Date.now()") / 1000
    assert instant(query_of(sky_requests(page)[-1]["url"])["start"]).timestamp() == now // 120 * 120
    page.clock.run_for(max(0, until_next_span(page) - 1))
    assert len(sky_requests(page)) == count + 1


def test_test_performance_times_n_requests(
    located_page: Page, live_server: str, console: Console
) -> None:
    page = located_page
    page.goto(live_server)
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    result = page.evaluate("testPerformance(12)")
    assert result["n"] == 12 and result["ok"] == 12 and result["ms"] > 0
    page.locator("#perf-n").fill("5")
    page.locator("[data-perf-form] button").click()
    expect(page.locator("[data-perf-result]")).to_contain_text("5 of 5 requests answered")
    assert console.problems() == []


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 800), ("phone", 390, 844)])
def test_readable_at_desktop_and_phone_sizes(
    new_page: NewPage, live_server: str, console: Console, name: str, width: int, height: int
) -> None:
    """The chart starts in the first screen, nothing overflows sideways, the table fits
    without cutting a number, and the Tonight curves' text is at least 11 px."""
    viewport = {"width": width, "height": height}
    page = new_page(viewport=viewport, geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    expect(page.locator("[data-curves] .curve-label, [data-curves] .axis").first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    chart = page.locator("[data-chart]").bounding_box()
    assert chart is not None and chart["y"] < height and chart["width"] >= min(width - 20, 300)
    fits = page.evaluate(
        "(() => { const s = document.querySelector('.table .scroll');"
        " return s.scrollWidth <= s.clientWidth; })()"
    )
    assert fits
    cut = page.evaluate(
        "[...document.querySelectorAll('[data-table] th, [data-table] td')]"
        ".filter((c) => c.offsetParent !== null && c.scrollWidth > c.clientWidth + 1)"
        ".map((c) => c.textContent)"
    )
    assert cut == []  # no number or word runs out of its cell
    sizes = page.evaluate(
        "[...document.querySelectorAll('[data-curves-chart] text')].map((t) =>"
        " t.getBoundingClientRect().height / 1.2)"
    )
    assert sizes and min(sizes) >= 11 * 0.95
    controls_open = page.evaluate("document.querySelector('[data-controls]').open")
    assert controls_open == (name == "desktop")  # folded away on a phone
    for field in ("#lat", "#lon", "#elevation", "#time", "#perf-n"):
        assert page.locator(f"label[for='{field[1:]}']").count() == 1
    assert page.locator("th[scope=col]").count() == 9
    save_screenshot(page, f"page-{name}")
    assert console.problems() == []


def test_tonight_plan_and_altitude_curves(
    located_page: Page, live_server: str, console: Console
) -> None:
    page = located_page
    page.add_init_script(FETCH_LOG)
    install_clock(page, at=QUIET)  # no night ends in the five minutes, whenever it runs
    with page.expect_response(lambda r: "/tonight?" in r.url) as answer:
        page.goto(live_server)
    plan = answer.value.json()
    assert query_of(answer.value.url) == PARIS_QUERY
    items = page.locator("[data-tonight-list] li")
    expect(items).to_have_count(len(plan["bodies"]))
    assert [i.get_attribute("data-body") for i in items.all()] == [
        b["name"] for b in plan["bodies"]
    ]
    visible = [b["name"] for b in plan["bodies"] if b["visible"]]
    curves = page.locator("[data-curves] polyline.curve")
    assert [c.get_attribute("data-body") for c in curves.all()] == visible
    # Each point stands at its sample's time: the night's ends and the 10-minute UTC grid
    # between them, so the first and last gaps are shorter than the rest.
    start, end = (datetime.fromisoformat(plan["sampled"][k]).timestamp() for k in ("start", "end"))
    step = plan["step_s"]
    grid = [t for t in range(int(start // step + 1) * int(step), int(end), int(step)) if t > start]
    times = [start, *grid, end]
    for body, curve in zip([b for b in plan["bodies"] if b["visible"]], curves.all(), strict=True):
        xs = [float(p.split(",")[0]) for p in (curve.get_attribute("points") or "").split()]
        assert len(xs) == len(body["altitudes"]) == len(times)
        for x, t in zip(xs, times, strict=True):
            share = (t - start) / (end - start)
            assert x == pytest.approx(xs[0] + share * (xs[-1] - xs[0]), abs=0.11)
    if plan["darkness"]:
        expect(page.locator("[data-tonight-note]")).to_contain_text("Dark from")
    # Asked once per place: five minutes of the page's clock, and the spans of sky asked
    # for in them, do not ask again.
    wait_for_settled(page, SKY)
    pause_clock(page)
    count = len(sky_requests(page))
    advance(page, 300_000, step=5000)
    assert len(sky_requests(page)) >= count + 2
    assert len(fetches(page, TONIGHT)) == 1
    assert console.problems() == []
