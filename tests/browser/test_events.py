"""When the page asks GET /events: once per place and time, and for "now" again only
after the earliest next event of its last answer has passed, never at every poll."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import Page, Route, expect

from .conftest import (
    EVENTS,
    FETCH_LOG,
    PARIS_QUERY,
    SKY,
    Console,
    advance,
    expect_full_table,
    fetches,
    install_clock,
    page_now,
    pause_clock,
    query_of,
    wait_for_settled,
)

NEXT = ("next_rise", "next_set", "next_transit")
DAY_MS = 86_400_000


def instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def after_spans(page: Page, spans: int) -> None:
    """Move the page's paused clock on until it has asked for `spans` more spans of sky."""
    wait_for_settled(page, SKY)
    pause_clock(page)
    count = len(fetches(page, SKY))
    while len(fetches(page, SKY)) < count + spans:
        advance(page, 5000, step=5000)


class HourAway:
    """Answer /events from the real server with every next rise, set and transit moved an
    hour past the answer's moment, keeping each answer: within the test no event falls
    due, so the page never rightly asks again for "now", and every extra ask is a fault.
    `first_transit`: the first answer's Sun transits that long after its moment instead."""

    def __init__(self, first_transit: timedelta | None = None) -> None:
        self.first_transit = first_transit
        self.answers: list[dict[str, Any]] = []

    def __call__(self, route: Route) -> None:
        answer = route.fetch().json()
        moment = instant(answer["time"])
        for body in answer["bodies"]:
            for key in NEXT:
                if body[key] is not None:
                    body[key] = iso_z(moment + timedelta(hours=1))
        if not self.answers and self.first_transit is not None:
            assert answer["bodies"][0]["name"] == "sun"
            answer["bodies"][0]["next_transit"] = iso_z(moment + self.first_transit)
        self.answers.append(answer)
        route.fulfill(json=answer)


def test_events_asked_once_per_place_not_at_every_poll(
    located_page: Page, live_server: str, console: Console
) -> None:
    page = located_page
    answers = HourAway()
    page.add_init_script(FETCH_LOG)
    install_clock(page)
    page.route(EVENTS, answers)
    page.goto(live_server)
    expect_full_table(page)
    after_spans(page, 2)
    asked = fetches(page, EVENTS)
    assert query_of(asked[0]["url"]) == PARIS_QUERY
    assert len(asked) == 1
    assert console.problems() == []


def test_events_asked_again_when_the_place_or_the_time_changes(
    located_page: Page, live_server: str, console: Console
) -> None:
    page = located_page
    answers = HourAway()
    page.add_init_script(FETCH_LOG)
    install_clock(page)
    page.route(EVENTS, answers)
    page.goto(live_server)
    expect_full_table(page)

    pause_clock(page)  # both typed within the page's half-second wait, however slow the machine
    page.locator("#lat").fill("-33.86")
    page.locator("#lon").fill("151.21")
    page.clock.resume()
    expect(page.locator("[data-status]")).to_contain_text("33.8600° S")
    expect_full_table(page)
    asked = [query_of(f["url"]) for f in fetches(page, EVENTS)]
    assert asked == [PARIS_QUERY, {"lat": "-33.86", "lon": "151.21", "elevation": "0"}]

    sydney = asked[1]
    page.get_by_label("UTC", exact=True).check()  # rather than Sydney's, which it shows
    page.locator("#time").fill("2024-03-20T12:00:00")
    expect(page.locator("[data-status]")).to_contain_text("20 Mar 2024")
    expect_full_table(page)
    # A fixed moment's events never change: not asked again in a day of the page's time,
    # past every event of that answer.
    pause_clock(page)  # nothing is due: the fixed moment's answers are on screen
    page.clock.run_for(DAY_MS)
    asked = [query_of(f["url"]) for f in fetches(page, EVENTS)]
    assert asked[2:] == [{**sydney, "time": "2024-03-20T12:00:00.000Z"}]
    assert answers.answers[-1]["time"] == "2024-03-20T12:00:00Z"
    page.clock.resume()

    page.locator("[data-now]").click()
    expect(page.locator("[data-status]")).to_contain_text("now (")
    expect_full_table(page)
    after_spans(page, 1)
    asked = [query_of(f["url"]) for f in fetches(page, EVENTS)]
    assert asked[3:] == [sydney]
    assert console.problems() == []


def test_events_asked_again_once_the_earliest_next_event_has_passed(
    located_page: Page, live_server: str, console: Console
) -> None:
    """The first answer says the Sun transits a minute after its moment; every other
    event, and everything in later answers, is an hour away. On the page's own clock,
    paused and moved on by the test: not asked again before the transit, asked within
    2 s after it, then not again."""
    page = located_page
    answers = HourAway(first_transit=timedelta(minutes=1))
    page.add_init_script(FETCH_LOG)
    install_clock(page)
    page.route(EVENTS, answers)
    page.goto(live_server)
    expect_full_table(page)
    wait_for_settled(page, EVENTS, 1)
    pause_clock(page)  # the transit is a minute away
    wait_for_settled(page, SKY)
    answered = fetches(page, EVENTS)[0]["end"]
    advance(page, answered + 60_000 - 1 - page_now(page))
    assert len(fetches(page, EVENTS)) == 1
    advance(page, 2000)
    assert len(fetches(page, EVENTS)) == 2
    first, second = fetches(page, EVENTS)
    assert query_of(second["url"]) == PARIS_QUERY
    assert first["ended"] < second["began"]
    advance(page, 10_000)  # the next answer's events are an hour away
    assert len(fetches(page, EVENTS)) == 2
    assert console.problems() == []
