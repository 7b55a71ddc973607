"""What the user typed wrong is said beside the field it came from, never as an outage:
a time outside 1900-2100 is caught before it is sent, a 4xx from the API is shown beside
the parameter it names and never retried, and times on another day carry their day."""

from __future__ import annotations

import json
import re

import requests
from playwright.sync_api import Page, Route, expect

from .conftest import (
    FETCH_LOG,
    PARIS,
    PLANETS,
    Console,
    NewPage,
    expect_full_table,
    expected_rows,
    fetches,
    install_clock,
    query_of,
    show_moment,
    table,
)

TONIGHT = re.compile(r"/tonight(\?|$)")


def open_controls(page: Page) -> None:
    page.evaluate("document.querySelector('[data-controls]').open = true")


def test_a_time_outside_1900_to_2100_is_an_error_beside_the_field(
    located_page: Page, live_server: str, console: Console
) -> None:
    """2150 is flagged at the Time field, which carries the API's limits as min and max;
    nothing is sent for it, no outage banner rises, and Tonight says nothing about a
    date the user never typed."""
    page = located_page
    page.add_init_script(FETCH_LOG)
    page.goto(live_server)
    expect_full_table(page)
    open_controls(page)
    time = page.locator("#time")
    expect(time).to_have_attribute("min", "1900-01-01T00:00:00")
    expect(time).to_have_attribute("max", "2100-12-31T23:59:59")
    time.fill("2150-01-01T00:00")
    error = page.locator('[data-error="time"]')
    expect(error).to_contain_text("Time must be from 1 Jan 1900")
    expect(time).to_have_attribute("aria-invalid", "true")
    page.wait_for_timeout(3000)  # a poll or two later: still nothing sent for 2150
    assert not [f for f in page.evaluate("window.__fetches") if "2150" in f["url"]]
    expect(page.locator("[data-banner]")).to_be_hidden()
    expect(page.locator("[data-tonight-note]")).not_to_contain_text("YYYY-MM-DD")
    time.fill("2024-03-20T12:00")  # a good time clears the error and is shown
    expect(page.locator("[data-status]")).to_contain_text("20 Mar 2024")
    expect(error).to_be_empty()
    expect(time).to_have_attribute("aria-invalid", "false")
    assert console.problems() == []


def test_a_4xx_is_shown_beside_its_field_and_never_retried(
    located_page: Page, live_server: str, console: Console
) -> None:
    """The API refuses the question (here a 400 naming `time`): the page says so at the
    Time field, raises no outage banner, and asks no more, on its own clock, for 30 s."""
    page = located_page
    page.add_init_script(FETCH_LOG)
    install_clock(page)
    page.goto(live_server)
    expect_full_table(page)
    problem = {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "time is outside the supported range",
        "code": "invalid-parameter",
        "parameter": "time",
    }

    def refuse(route: Route) -> None:
        if "time" not in query_of(route.request.url):
            route.continue_()
            return
        body = json.dumps(problem)
        route.fulfill(status=400, body=body, content_type="application/problem+json")

    page.route(PLANETS, refuse)
    open_controls(page)
    page.locator("#time").fill("2024-03-20T12:00")
    error = page.locator('[data-error="time"]')
    expect(error).to_have_text("Time is outside the supported range.")
    refused = [f for f in fetches(page, PLANETS) if "time" in query_of(f["url"])]
    assert len(refused) == 1
    page.clock.run_for(30_000)
    assert len([f for f in fetches(page, PLANETS) if "time" in query_of(f["url"])]) == 1
    expect(page.locator("[data-banner]")).to_be_hidden()
    expect(page.locator("[data-table]")).not_to_have_attribute("data-stale", "")
    assert console.problems(ignore=("status of 400",)) == []


def test_a_moment_whose_night_the_api_does_not_plan_says_so_in_plain_words(
    located_page: Page, live_server: str, console: Console
) -> None:
    """00:30 UTC on 1 January 1900 in Paris is in range, but its night began on 31 December
    1899: the API refuses that date; Tonight says why without an unasked-for "date"."""
    page = located_page
    page.goto(live_server)
    expect_full_table(page)
    open_controls(page)
    with page.expect_response(lambda r: "/tonight?" in r.url and r.status == 400) as refused:
        page.locator("#time").fill("1900-01-01T00:30")
    assert refused.value.json()["parameter"] == "date"
    note = page.locator("[data-tonight-note]")
    expect(note).to_contain_text("outside the years the API plans, 1900–2100")
    expect(note).not_to_contain_text("YYYY-MM-DD")
    expect(page.locator('[data-error="time"]')).to_be_empty()
    expect(page.locator("[data-banner]")).to_be_hidden()
    assert console.problems(ignore=("status of 400",)) == []


def test_a_time_on_another_day_carries_its_day(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """Late in the evening in Paris: the Sun rises "tomorrow", a body that is up says when
    it rose, and every rise and set in the table is the API's, with its day."""
    page = new_page(geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    lat, lon = show_moment(page, PARIS["latitude"], PARIS["longitude"], "2026-12-02T22:00:00")
    query = {"lat": lat, "lon": lon, "time": "2026-12-02T22:00:00Z"}
    direct = {
        kind: requests.get(f"{live_server}/{kind}", params=query, timeout=10).json()
        for kind in ("planets", "events")
    }
    rows = table(page)
    assert rows == expected_rows(direct["planets"], direct["events"])
    assert re.fullmatch(r"No: below the horizon; rises tomorrow \d\d:\d\d", rows["sun"]["seen"])
    assert re.fullmatch(r"tomorrow \d\d:\d\d", rows["sun"]["rise"])
    circumpolar = {e["name"] for e in direct["events"]["bodies"] if e["circumpolar"]}
    up = [b["name"] for b in direct["planets"]["bodies"] if b["above_horizon"]]
    up = [name for name in up if name not in circumpolar]
    assert up and all(rows[name]["rise"].startswith("rose ") for name in up)
    assert console.problems() == []
