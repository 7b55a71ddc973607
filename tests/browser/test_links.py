"""Links that reopen a sky: the page's address holds the place (with its name and zone when
picked by name) and the time when one is fixed; typing replaces it, a committed change adds
a history entry, Back and Forward reopen each, Share copies it, and a bad value in it is
left out with a note."""

from __future__ import annotations

from urllib.parse import urlencode

from playwright.sync_api import Page, expect

from .conftest import (
    FETCH_LOG,
    PLANETS,
    Console,
    NewPage,
    expect_full_table,
    fetches,
    query_of,
    wait_for_query,
)

SYDNEY = {
    "lat": "-33.8688",
    "lon": "151.2093",
    "elevation": "58",
    "place": "Sydney, New South Wales, Australia",
    "zone": "Australia/Sydney",
    "time": "2024-03-20T12:00:00Z",
}


def link_query(page: Page) -> dict[str, str]:
    return query_of(page.url)


def test_a_link_reopens_its_place_and_time_in_the_places_clock(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = new_page(timezone_id="America/Los_Angeles")
    page.add_init_script(FETCH_LOG)
    page.goto(f"{live_server}/?{urlencode(SYDNEY)}")
    wait_for_query(page, PLANETS, {"lat": "-33.87", "lon": "151.21", "time": SYDNEY["time"]})
    expect_full_table(page)
    status = page.locator("[data-status]")
    expect(status).to_contain_text("Place from the link.")
    # The place as the link gives it; the sky is computed for it rounded, as the line says.
    expect(status).to_contain_text(
        "Sky over Sydney, New South Wales, Australia "
        "(33.8688° S, 151.2093° E, 58 m; computed within 0.005° and 100 m), at "
    )
    # The place's own clock by default: AEDT, UTC+11, on 20 March 2024.
    expect(status).to_contain_text("20 Mar 2024, 23:00:00 UTC+11:00")
    assert page.locator("#time").input_value() == "2024-03-20T23:00"  # seconds of 0 left out
    assert page.locator('[data-clock][value="place"]').is_checked()
    expect(page.locator("[data-caption]")).to_contain_text(
        "Sydney's clock, Australia/Sydney, UTC+11:00"
    )
    assert [page.locator(f"#{k}").input_value() for k in ("lat", "lon", "elevation")] == [
        SYDNEY["lat"],
        SYDNEY["lon"],
        SYDNEY["elevation"],
    ]
    assert link_query(page) == SYDNEY  # the address stays as opened
    expect(page.locator("[data-link-note]")).to_be_hidden()
    assert console.problems() == []


def test_bad_values_in_a_link_are_left_out_with_a_note(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = new_page()
    page.add_init_script(FETCH_LOG)
    bad = {"lat": "north", "lon": "2.35", "time": "yesterday", "zone": "Mars/Olympus"}
    page.goto(f"{live_server}/?{urlencode(bad)}")
    expect_full_table(page)
    note = page.locator("[data-link-note]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("lat=north is not a number from -90 to 90")
    expect(note).to_contain_text("time=yesterday is not an instant in UTC")
    expect(page.locator("[data-status]")).to_contain_text("the Greenwich Observatory")
    asked = [query_of(f["url"]) for f in fetches(page, PLANETS)]
    assert all("lat" not in q and "time" not in q for q in asked)
    # A place that reads, with a zone that does not: the place kept, its zone left out.
    page.goto(f"{live_server}/?lat=48.85&lon=2.35&zone=Mars%2FOlympus&elevation=99999")
    expect(note).to_contain_text("zone=Mars/Olympus is not a time zone this browser knows")
    expect(note).to_contain_text("elevation=99999 is not a number from -500 to 20000")
    expect(page.locator("[data-status]")).to_contain_text("48.8500° N, 2.3500° E, 0 m")
    # The place's own zone instead, as the API names it.
    expect(page.locator("[data-place-clock]")).to_contain_text("the place's clock (Europe/Paris)")
    expect(page.locator('[data-clock][value="place"]')).to_be_checked()
    assert console.problems() == []


def test_typing_replaces_the_address_and_each_committed_change_is_a_step_back(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = new_page()
    page.add_init_script(FETCH_LOG)
    page.goto(live_server)
    expect_full_table(page)
    page.evaluate("document.querySelector('[data-controls]').open = true")
    steps = page.evaluate("history.length")
    for text in ("4", "48", "48.8", "48.85"):
        page.locator("#lat").fill(text)
    page.locator("#lon").fill("2.35")
    page.wait_for_function("() => new URLSearchParams(location.search).get('lon') === '2.35'")
    assert link_query(page) == {"lat": "48.85", "lon": "2.35", "elevation": "0"}
    assert page.evaluate("history.length") == steps  # typing piles up no history
    # Typed coordinates show their own clock once the API has named its zone.
    expect(page.locator("[data-place-clock]")).to_contain_text("Europe/Paris")
    page.locator("#time").fill("2024-03-20T13:00:00")  # Paris's winter time, UTC+01:00
    page.wait_for_function("() => new URLSearchParams(location.search).has('time')")
    assert link_query(page)["time"] == "2024-03-20T12:00:00Z"
    page.locator("[data-now]").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('time')")
    assert page.evaluate("history.length") == steps + 2
    before = len(fetches(page, PLANETS))
    page.go_back()
    assert link_query(page)["time"] == "2024-03-20T12:00:00Z"
    expect(page.locator("#time")).to_have_value("2024-03-20T13:00")
    expect(page.locator("[data-status]")).to_contain_text("at 20 Mar 2024, 13:00:00 UTC+01:00")
    assert any(
        query_of(f["url"]).get("time") == "2024-03-20T12:00:00Z"
        for f in fetches(page, PLANETS)[before:]
    )
    page.go_forward()
    expect(page.locator("#time")).to_have_value("")
    expect(page.locator("[data-status]")).to_contain_text("now (")
    page.go_back()
    page.go_back()  # the page before any time was set: the typed place, now
    expect(page.locator("#lat")).to_have_value("48.85")
    expect(page.locator("#time")).to_have_value("")
    assert link_query(page) == {"lat": "48.85", "lon": "2.35", "elevation": "0"}
    assert console.problems() == []


def test_share_copies_the_link(new_page: NewPage, live_server: str, console: Console) -> None:
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server}/?{urlencode(SYDNEY)}")
    expect_full_table(page)
    page.evaluate("document.querySelector('[data-controls]').open = true")
    page.locator("[data-share]").click()
    expect(page.locator("[data-share-note]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert console.problems() == []


def test_share_without_a_clipboard_selects_the_link(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    page.goto(f"{live_server}/?{urlencode(SYDNEY)}")
    expect_full_table(page)
    page.evaluate("document.querySelector('[data-controls]').open = true")
    page.locator("[data-share]").click()
    link = page.locator("[data-share-link]")
    expect(link).to_be_visible()
    expect(link).to_be_focused()
    assert link.input_value() == page.url
    selected = page.evaluate("(e) => [e.selectionStart, e.selectionEnd]", link.element_handle())
    assert selected == [0, len(page.url)]
    assert console.problems() == []
