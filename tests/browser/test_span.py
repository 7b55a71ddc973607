"""The page's poll on its own clock: an hour of it asks the API at most 70 times, every
route counted, while the positions shown move at least every 2 s; and what it shows
between samples is within the last displayed digit of GET /planets for that instant,
near the zenith, across north and at the horizon with refraction."""

from __future__ import annotations

import itertools
import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import (
    ARTIFACTS,
    EVENTS,
    FETCH_LOG,
    PARIS,
    PLANETS,
    SKY,
    TONIGHT,
    NewPage,
    advance,
    expect_full_table,
    fetches,
    install_clock,
    pause_clock,
    place_of,
    shown_within_last_digit,
    table,
)

HOUR_MS = 3_600_000
STEP_MS = 5000  # under the page's 10 s watchdog: each request is answered within a step


def shown_lag_ms(page: Page) -> float:
    """How far the instant the table shows is behind the page's clock."""
    shown = page.locator("[data-table]").get_attribute("data-time") or ""
    moment = datetime.fromisoformat(shown.replace("Z", "+00:00")).timestamp() * 1000
    lag: float = page.evaluate("Date.now()") - moment
    return lag


def api_requests(page: Page) -> dict[str, int]:
    return {
        name: len(fetches(page, pattern))
        for name, pattern in (("sky", SKY), ("planets", PLANETS), ("events", EVENTS),
                              ("tonight", TONIGHT))
    }  # fmt: skip


def test_an_hour_of_the_page_asks_at_most_70_times_and_shows_every_2_s(
    new_page: NewPage, live_server: str
) -> None:
    page = new_page(geolocation=PARIS, permissions=["geolocation"])
    page.add_init_script(FETCH_LOG)
    install_clock(page)  # the real now: /events and /tonight asked again as they come due
    page.goto(live_server)
    expect_full_table(page)
    pause_clock(page)
    lags = []
    for _ in range(HOUR_MS // STEP_MS):
        advance(page, STEP_MS, step=STEP_MS)
        lags.append(shown_lag_ms(page))
    asked = api_requests(page)
    ARTIFACTS.mkdir(exist_ok=True)  # the figure, for docs/scale.md's poll model
    (ARTIFACTS / "requests-per-viewer-hour.json").write_text(json.dumps(asked))
    assert sum(asked.values()) <= 70, asked
    # Tonight again only if the night ended (Paris's local noon, 11:50:36 UTC) in the hour.
    assert asked["sky"] >= 30 and asked["planets"] == 0 and 1 <= asked["tonight"] <= 2
    assert 0 <= min(lags) and max(lags) < 2000  # a new instant shown every 2 s


# (what, place, the page's clock at load, a test of what the case covers)
CASES = [
    # The Sun culminates 0.2 degree from the zenith at 12:00 UTC, its azimuth swinging
    # from east through south to west within minutes.
    ("zenith", {"latitude": 23.64, "longitude": 0.48}, datetime(2024, 6, 21, 11, 58, tzinfo=UTC),
     lambda rows: float(rows["sun"]["alt"]) > 89.5),
    # The midnight Sun skims the northern horizon, refracted, its azimuth through 0/360.
    ("north", {"latitude": 66.5, "longitude": 0.0}, datetime(2024, 6, 20, 23, 59, tzinfo=UTC),
     lambda rows: abs(float(rows["sun"]["alt"]) - 0.4) < 0.2),
    ("anywhere", {"latitude": 41.9028, "longitude": 12.4964},
     datetime(2025, 1, 7, 18, 33, 17, tzinfo=UTC), lambda rows: True),
]  # fmt: skip


@pytest.mark.parametrize(("what", "where", "loaded", "covers"), CASES, ids=[c[0] for c in CASES])
def test_what_the_page_shows_is_within_its_last_digit_of_the_api(
    new_page: NewPage, live_server: str, what: str, where: dict[str, float], loaded: datetime,
    covers: Any,
) -> None:  # fmt: skip
    page = new_page(geolocation=where, permissions=["geolocation"])
    page.add_init_script(FETCH_LOG)
    page.clock.install(time=loaded)
    page.goto(live_server)
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    pause_clock(page)
    place = place_of(fetches(page, SKY)[-1]["url"])
    rng = random.Random(what)
    # Twelve instants over five minutes, across spans, each at least one showing apart.
    offsets = list(itertools.accumulate(rng.uniform(2500, 47500) for _ in range(12)))
    checked, shown, last = [], [], 0.0
    for offset in offsets:
        advance(page, offset - last)
        last = offset
        checked.append(shown_within_last_digit(page, live_server, place))
        shown.append(table(page))
    assert any(covers(rows) for rows in shown), (what, [rows["sun"] for rows in shown])
    azimuths = [float(rows["sun"]["az"]) for rows in shown]
    assert len(set(checked)) == len(checked)  # twelve different instants
    assert any(not t.endswith(":00Z") and not t.endswith(":30Z") for t in checked)
    if what == "north":
        assert min(azimuths) < 1 and max(azimuths) > 359
    if what == "zenith":
        assert max(azimuths) - min(azimuths) > 90
    end = datetime.fromisoformat(checked[-1].replace("Z", "+00:00"))
    assert end - loaded > timedelta(minutes=4)
