"""The Tonight panel never misleads: its heading names the night in the reader's language,
"now" plans the same night as the same moment typed, and a night with no astronomical
darkness still plans what its twilight shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import Page, expect

from .conftest import PARIS, Console, NewPage, expect_full_table, query_of, save_screenshot

TONIGHT = "/tonight?"
# A range's dash, as ICU writes it (thin or plain spaces around it, or none).
DASH = re.compile(r"\s*([–～])\s*")


def heading_of(page: Page) -> str:
    return DASH.sub(r"\1", page.locator("[data-tonight-heading]").text_content() or "")


@pytest.mark.parametrize(
    ("locale", "night", "month_end"),
    [
        ("en-US", "December 2–3, 2026", "November 30–December 1, 2026"),
        ("en-GB", "2–3 December 2026", "30 November–1 December 2026"),
        ("de-DE", "2.–3. Dezember 2026", "30. November–1. Dezember 2026"),
        # Chromium's ICU writes Japanese ranges of days in figures, or with 年月日.
        (
            "ja-JP",
            r"2026(/12/02～2026/12/03|年12月2日～3日)",
            r"2026(/11/30～2026/12/01|年11月30日～12月1日)",
        ),
    ],
)
def test_the_nights_heading_reads_in_each_locale(
    new_page: NewPage, live_server: str, console: Console, locale: str, night: str, month_end: str
) -> None:
    """Once garbled in US English ("2–December 3, 2026"): the night's two days as the
    locale writes a range, within a month and across a month's end."""
    page = new_page(locale=locale, geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    expect(page.locator("[data-status]")).to_contain_text("Your location")
    page.evaluate("document.querySelector('[data-controls]').open = true")
    for moment, expected in (("2026-12-03T02:00", night), ("2026-12-01T01:00", month_end)):
        page.locator("#time").fill(moment)  # read in the context's clock, UTC
        spaced = DASH.sub(r"\\s*\1\\s*", expected)
        expect(page.locator("[data-tonight-heading]")).to_have_text(
            re.compile(f"The night of {spaced}")
        )
    assert console.problems() == []


def test_now_plans_the_same_night_as_the_same_moment_typed(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """ "Now" asks the API for its night (no date) and shows the night it answers for;
    typing the same moment asks for that moment's night: one moment, one plan."""
    page = new_page(geolocation=PARIS, permissions=["geolocation"])
    with page.expect_response(lambda r: TONIGHT in r.url) as first:
        page.goto(live_server)
    assert "date" not in query_of(first.value.url)
    plan = first.value.json()
    items = page.locator("[data-tonight-list] li")
    expect(items).to_have_count(len(plan["bodies"]))
    now_heading = heading_of(page)
    now_plan = items.all_text_contents()
    assert now_heading.startswith("Tonight: the night of ")

    moment = datetime.now(UTC).replace(microsecond=0)
    page.evaluate("document.querySelector('[data-controls]').open = true")
    with page.expect_response(lambda r: TONIGHT in r.url) as typed:
        page.locator("#time").fill(f"{moment:%Y-%m-%dT%H:%M:%S}")
    assert query_of(typed.value.url)["date"] == plan["date"]
    expect(page.locator("[data-tonight-heading]")).to_contain_text("The night of")
    assert heading_of(page) == now_heading.replace("Tonight: the night", "The night")
    expect(items).to_have_count(len(plan["bodies"]))
    assert items.all_text_contents() == now_plan
    assert console.problems() == []


def test_a_night_without_astronomical_darkness_plans_its_twilight(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """London at midsummer: no astronomical darkness, yet Venus shows in the twilight.
    The page lists its window and draws its curve, and gives the API's note as it is."""
    page = new_page(geolocation={"latitude": 51.5, "longitude": -0.12}, permissions=["geolocation"])
    page.goto(live_server)
    expect(page.locator("[data-status]")).to_contain_text("Your location")
    page.evaluate("document.querySelector('[data-controls]').open = true")
    # The typed night's answer, not a late one for "now" that may still be on its way.
    with page.expect_response(lambda r: TONIGHT in r.url and "date=2026-06-21" in r.url) as answer:
        page.locator("#time").fill("2026-06-21T22:00:00")
    plan = answer.value.json()
    assert plan["darkness"] is None and plan["darkness_note"]
    visible = [b for b in plan["bodies"] if b["visible"]]
    assert "venus" in [b["name"] for b in visible]
    note = page.locator("[data-tonight-note]")
    expect(note).to_contain_text(plan["darkness_note"][1:])
    expect(note).not_to_contain_text("nothing to plan")
    venus = page.locator('[data-tonight-list] li[data-body="venus"]')
    window = plan["bodies"][[b["name"] for b in plan["bodies"]].index("venus")]["windows"][0]
    expect(venus).to_contain_text(f"Venus: {window['from'][11:16]}–{window['until'][11:16]}")
    curves = page.locator("[data-curves] polyline.curve")
    expect(curves).to_have_count(len(visible))
    expect(page.locator("[data-curves-chart]")).to_be_visible()
    assert page.locator("[data-curves] rect.dark").count() == 0  # no darkness to shade
    expect_full_table(page)
    direct = requests.get(f"{live_server}/tonight", params=query_of(answer.value.url), timeout=10)
    assert direct.json()["bodies"] == plan["bodies"]
    page.locator("[data-curves-chart]").scroll_into_view_if_needed()
    save_screenshot(page, "tonight-twilight", full_page=False)
    assert console.problems() == []


TOKYO = {"latitude": 35.6762, "longitude": 139.6503}


@pytest.mark.parametrize(
    ("name", "locale", "zone", "viewport"),
    [
        ("tokyo-en-US-desktop", "en-US", "America/Los_Angeles", {"width": 1280, "height": 800}),
        ("tokyo-de-DE-phone", "de-DE", "Europe/Berlin", {"width": 390, "height": 844}),
    ],
)
def test_a_place_far_from_the_browsers_clock_reads_well(
    new_page: NewPage,
    live_server: str,
    console: Console,
    name: str,
    locale: str,
    zone: str,
    viewport: dict[str, int],
) -> None:
    """Tokyo seen from a browser in Los Angeles (or Berlin, on a phone), where times fall
    on other days: nothing overflows sideways, the table included, and the screenshots
    are left in test-artifacts/ to look at."""
    page = new_page(
        locale=locale,
        timezone_id=zone,
        viewport=viewport,
        geolocation=TOKYO,
        permissions=["geolocation"],
    )
    page.goto(live_server)
    expect_full_table(page)
    items = page.locator("[data-tonight-list] li")
    expect(items.first).to_be_attached()
    expect(page.locator("[data-tonight-heading]")).to_contain_text("Tonight: the night of")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    fits = "(() => { const s = document.querySelector('.table .scroll');" + (
        " return s.scrollWidth <= s.clientWidth; })()"
    )
    assert page.evaluate(fits)
    save_screenshot(page, name)
    assert console.problems() == []


def test_a_window_of_one_sample_reads_around_its_time(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """Tokyo's night of 20-21 March 2024 sees Venus at one of its 10-minute samples only,
    a window from 05:10 until 05:10: the list and the details say "around 05:10"."""
    page = new_page(timezone_id="America/Los_Angeles")
    link = f"{live_server}/?lat=35.69&lon=139.692&time=2024-03-20T12:00:00Z"
    with page.expect_response(lambda r: TONIGHT in r.url) as answer:
        page.goto(link)
    plan = answer.value.json()
    venus = next(b for b in plan["bodies"] if b["name"] == "venus")
    assert [w["from"] == w["until"] for w in venus["windows"]] == [True]
    at = datetime.fromisoformat(venus["windows"][0]["from"]).astimezone(ZoneInfo("Asia/Tokyo"))
    item = page.locator('[data-tonight-list] li[data-body="venus"]')
    expect(item).to_contain_text(f"Venus: around {at:%H:%M}; best at {at:%H:%M}")
    expect_full_table(page)
    page.locator('[data-rows] tr[data-body="venus"]').click()
    expect(page.get_by_role("dialog", name="Venus")).to_contain_text(f"around {at:%H:%M}")
    assert console.problems() == []
