"""Find a place by name on the page: an ARIA combobox over site/js/places.js whose
suggestions name country and region, chosen by keyboard or pointer; the choice sets the
place, its elevation and its clock; the gazetteer loads on the field's first use."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from .conftest import (
    FETCH_LOG,
    SKY,
    Console,
    NewPage,
    expect_full_table,
    query_of,
    wait_for_query,
)


def open_search(page: Page, live_server: str) -> None:
    page.add_init_script(FETCH_LOG)
    page.goto(live_server)
    expect_full_table(page)
    page.evaluate("document.querySelector('[data-controls]').open = true")


def test_arrows_and_enter_choose_a_suggestion_that_sets_place_and_clock(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = new_page(timezone_id="America/Los_Angeles")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_search(page, live_server)
    assert not [url for url in asked if "places" in url]
    box = page.get_by_role("combobox", name="Find a place")
    box.focus()  # the gazetteer loads on first focus, before the first letter
    page.wait_for_event("requestfinished", lambda r: r.url.endswith("/data/places.json"))
    box.press_sequentially("tromso")
    options = page.get_by_role("listbox", name="Places").get_by_role("option")
    expect(options.first).to_have_text("Tromsø Troms, Norway")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).not_to_have_attribute("aria-activedescendant", "place-option-0")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "place-option-0")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("Tromsø, Troms, Norway")
    # GeoNames has no elevation for Tromsø: 0 m, as the API's default.
    assert [page.locator(f"#{k}").input_value() for k in ("lat", "lon", "elevation")] == [
        "69.649",
        "18.955",
        "0",
    ]
    wait_for_query(page, SKY, {"lat": "69.65", "lon": "18.955"})
    expect(page.locator("[data-status]")).to_contain_text("Sky over Tromsø, Troms, Norway (")
    assert page.locator('[data-clock][value="place"]').is_checked()
    expect(page.locator("[data-place-clock]")).to_contain_text("Tromsø's clock (Europe/Oslo)")
    # Oslo's offset now: +01:00, or +02:00 in summer time.
    oslo = datetime.now(ZoneInfo("Europe/Oslo")).isoformat()[-6:]
    expect(page.locator("[data-caption]")).to_contain_text(
        f"Tromsø's clock, Europe/Oslo, UTC{oslo}"
    )
    link = query_of(page.url)
    assert (link["place"], link["zone"], link["lat"]) == (
        "Tromsø, Troms, Norway",
        "Europe/Oslo",
        "69.649",
    )
    lazy = {f"{live_server}/js/places.js", f"{live_server}/data/places.json"}
    assert sorted(url for url in asked if "places" in url) == sorted(lazy)  # each once
    assert console.problems() == []


def test_a_suggestion_is_chosen_by_pointer_and_up_wraps_to_the_last(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = new_page()
    open_search(page, live_server)
    box = page.get_by_role("combobox", name="Find a place")
    box.press_sequentially("san jose")
    options = page.get_by_role("listbox", name="Places").get_by_role("option")
    expect(options.nth(1)).to_have_text("San José San José, Costa Rica")
    expect(options).to_have_count(8)  # the search's limit
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", "place-option-7")
    options.nth(1).click()
    expect(box).to_have_value("San José, San José, Costa Rica")
    expect(page.locator("[data-place-clock]")).to_contain_text(
        "San José's clock (America/Costa_Rica)"
    )
    expect(page.locator("#elevation")).not_to_have_value("0")  # GeoNames has it: 1,1xx m
    assert console.problems() == []


def test_nothing_found_is_said_and_escape_closes_then_clears(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = new_page()
    open_search(page, live_server)
    box = page.get_by_role("combobox", name="Find a place")
    box.press_sequentially("qxzqxz")
    expect(page.locator("[data-place-note]")).to_have_text("No place found.")
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.fill("")
    box.press_sequentially("syd")
    expect(page.get_by_role("listbox", name="Places").get_by_role("option").first).to_contain_text(
        "Sydney"
    )
    expect(page.locator("[data-place-note]")).to_have_text("")
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_value("syd")
    box.press("Escape")
    expect(box).to_have_value("")
    # Typing coordinates after a name: the place is the coordinates, the name goes, and
    # the clock is theirs, the zone the API names for them.
    box.press_sequentially("syd")
    box.press("Enter")
    expect(page.locator("[data-place-clock]")).to_contain_text("(Australia/Sydney)")
    page.locator("#lat").fill("48.85")
    page.locator("#lon").fill("2.35")
    expect(page.locator("[data-status]")).to_contain_text("Typed location.")
    expect(page.locator("[data-place-clock]")).to_contain_text("the place's clock (Europe/Paris)")
    expect(box).to_have_value("")
    expect(page.locator('[data-clock][value="place"]')).to_be_checked()
    assert console.problems() == []
