"""The sky in motion, on the page's own clock: Play runs the shown instant forward at its
rate, stars and bodies together, from GET /sky spans of an hour (never a request a frame);
Stop returns to the present."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from playwright.sync_api import Page, expect

from .conftest import (
    FETCH_LOG,
    PLANETS,
    SKY,
    Console,
    NewPage,
    expect_full_table,
    fetches,
    pause_clock,
    query_of,
    shown_within_last_digit,
    wait_for_settled,
)

START = "2024-03-20T20:00:00Z"
PARIS = {"lat": "48.85", "lon": "2.35"}


def shown(page: Page) -> datetime:
    when = page.locator("[data-table]").get_attribute("data-time") or ""
    return datetime.fromisoformat(when.replace("Z", "+00:00"))


def run(page: Page, ms: int) -> None:
    """Move the paused clock on a quarter second at a time, each /sky answered first."""
    for _ in range(ms // 250):
        page.clock.run_for(250)
        wait_for_settled(page, SKY)


def test_play_moves_stars_and_bodies_from_spans_and_stop_returns_to_now(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = new_page()
    page.add_init_script(FETCH_LOG)
    page.clock.install(time=datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    page.goto(f"{live_server}/?{urlencode({**PARIS, 'time': START})}")
    expect_full_table(page)
    pause_clock(page)
    page.evaluate("document.querySelector('[data-controls]').open = true")
    star = page.locator('[data-star="32349"]')  # Sirius
    before = star.get_attribute("cx"), star.get_attribute("cy")
    planets = len(fetches(page, PLANETS))
    page.locator("[data-play-rate]").select_option("600")
    page.locator("[data-play]").click()
    expect(page.locator("[data-play]")).to_have_text("Stop")
    wait_for_settled(page, SKY)
    run(page, 3000)  # 3 s at 10 minutes a second: half an hour of sky
    assert shown(page) == datetime(2024, 3, 20, 20, 30, tzinfo=UTC)
    expect(page.locator("[data-status]")).to_contain_text("playing at 10 min a second")
    assert (star.get_attribute("cx"), star.get_attribute("cy")) != before
    shown_within_last_digit(page, live_server, {**PARIS, "elevation": "0"})
    run(page, 9000)  # on to 22:00: two hours of sky
    assert shown(page) == datetime(2024, 3, 20, 22, 0, tzinfo=UTC)
    asked = [query_of(f["url"]) for f in fetches(page, SKY)]
    # An hour a request, each on the hour and carrying on from the last; nothing else.
    starts = [q["start"] for q in asked]
    assert starts == ["2024-03-20T20:00:00Z", "2024-03-20T21:00:00Z", "2024-03-20T22:00:00Z"]
    assert {(q["span"], q["step"]) for q in asked} == {("3600", "60")}
    assert len(fetches(page, PLANETS)) == planets  # no request a frame
    # Stop: the present, asked as "now" again.
    page.locator("[data-play]").click()
    expect(page.locator("[data-play]")).to_have_text("Play")
    run(page, 1000)
    expect(page.locator("[data-status]")).to_contain_text("now (5 Jan 2026")
    assert "time" not in query_of(page.url)
    assert abs(shown(page) - datetime(2026, 1, 5, 12, 0, 17, tzinfo=UTC)) < timedelta(minutes=3)
    assert console.problems() == []
