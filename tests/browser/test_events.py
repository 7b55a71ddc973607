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
    PLANETS,
    Console,
    expect_full_table,
    fetches,
    query_of,
    wait_for_fetches,
)

NEXT = ("next_rise", "next_set", "next_transit")


def instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def due_before(answer: dict[str, Any], moment: datetime) -> int:
    """1 when the answer's earliest next event comes before `moment` (the page may then
    rightly ask again, and a count of requests must allow for it), else 0."""
    earliest = min(instant(b[k]) for b in answer["bodies"] for k in NEXT if b[k] is not None)
    return int(earliest < moment)


def wait_for_polls(page: Page, polls: int) -> None:
    """Wait until the page has sent `polls` more /planets requests."""
    wait_for_fetches(page, PLANETS, len(fetches(page, PLANETS)) + polls, (polls + 2) * 2000)


class Answers:
    """Answer /events from the real server, keeping each answer."""

    def __init__(self) -> None:
        self.answers: list[dict[str, Any]] = []

    def __call__(self, route: Route) -> None:
        response = route.fetch()
        self.answers.append(response.json())
        route.fulfill(response=response)


def test_events_asked_once_per_place_not_at_every_poll(
    located_page: Page, live_server: str, console: Console
) -> None:
    page = located_page
    answers = Answers()
    page.add_init_script(FETCH_LOG)
    page.route(EVENTS, answers)
    page.goto(live_server)
    expect_full_table(page)
    expires = datetime.now(UTC) + timedelta(seconds=10)
    wait_for_polls(page, 3)
    asked = fetches(page, EVENTS)
    assert query_of(asked[0]["url"]) == PARIS_QUERY
    assert 1 <= len(asked) <= 1 + due_before(answers.answers[0], expires)
    assert console.problems() == []


def test_events_asked_again_when_the_place_or_the_time_changes(
    located_page: Page, live_server: str, console: Console
) -> None:
    page = located_page
    answers = Answers()
    page.add_init_script(FETCH_LOG)
    page.route(EVENTS, answers)
    page.goto(live_server)
    expect_full_table(page)

    page.locator("#lat").fill("-33.86")
    page.locator("#lon").fill("151.21")
    expect(page.locator("[data-status]")).to_contain_text("33.8600° S")
    expect_full_table(page)
    asked = [query_of(f["url"]) for f in fetches(page, EVENTS)]
    assert asked == [PARIS_QUERY, {"lat": "-33.86", "lon": "151.21", "elevation": "0"}]

    sydney = asked[1]
    page.locator("#time").fill("2024-03-20T12:00:00")  # the context's clock is UTC
    expect(page.locator("[data-status]")).to_contain_text("20 Mar 2024")
    expect_full_table(page)
    page.wait_for_timeout(4500)  # a fixed moment's events never change: not asked again
    asked = [query_of(f["url"]) for f in fetches(page, EVENTS)]
    assert asked[2:] == [{**sydney, "time": "2024-03-20T12:00:00.000Z"}]
    assert answers.answers[-1]["time"] == "2024-03-20T12:00:00Z"

    page.locator("[data-now]").click()
    expect(page.locator("[data-status]")).to_contain_text("now (")
    expect_full_table(page)
    expires = datetime.now(UTC) + timedelta(seconds=7)
    wait_for_polls(page, 2)
    asked = [query_of(f["url"]) for f in fetches(page, EVENTS)]
    assert asked[3] == sydney
    assert 4 <= len(asked) <= 4 + due_before(answers.answers[3], expires)
    assert console.problems() == []


def test_events_asked_again_once_the_earliest_next_event_has_passed(
    located_page: Page, live_server: str, console: Console
) -> None:
    """The first answer says the Sun transits 4 s after its moment; every other event,
    and everything in later answers, is an hour away."""
    page = located_page
    answers: list[dict[str, Any]] = []

    def crafted(route: Route) -> None:
        answer = route.fetch().json()
        moment = instant(answer["time"])
        for body in answer["bodies"]:
            for key in NEXT:
                if body[key] is not None:
                    body[key] = iso_z(moment + timedelta(hours=1))
        if not answers:
            answer["bodies"][0]["next_transit"] = iso_z(moment + timedelta(seconds=4))
        answers.append(answer)
        route.fulfill(json=answer)

    page.add_init_script(FETCH_LOG)
    page.route(EVENTS, crafted)
    page.goto(live_server)
    expect_full_table(page)
    assert answers[0]["bodies"][0]["name"] == "sun"
    wait_for_fetches(page, EVENTS, 2, timeout=9000)
    first, second = fetches(page, EVENTS)
    # Not before the transit, 4 s after the answer's moment (then a 1 s margin), but soon
    # after it.
    assert 4000 <= second["start"] - first["end"] <= 6000
    assert query_of(second["url"]) == PARIS_QUERY
    page.wait_for_timeout(3000)  # the next answer's events are an hour away
    assert len(fetches(page, EVENTS)) == 2
    assert console.problems() == []
