"""The place's own clock: a place picked by name or linked with its zone shows every time in
its zone, named, with UTC and the browser's clock as the alternatives; the Time field reads
and writes in the chosen clock, across a daylight-saving change and at the date line."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import requests
from playwright.sync_api import Page, expect

from .conftest import (
    FETCH_LOG,
    PLANETS,
    Console,
    NewPage,
    day_time,
    expect_full_table,
    in_zone,
    query_of,
    save_screenshot,
    settle_frames,
    wait_for_query,
)


def open_link(page: Page, live_server: str, **link: str) -> None:
    page.add_init_script(FETCH_LOG)
    page.goto(f"{live_server}/?{urlencode(link)}")
    expect_full_table(page)
    page.evaluate("document.querySelector('[data-controls]').open = true")


def set_time(page: Page, value: str) -> str:
    """Type a wall time into the Time field; return the instant the page then asks for."""
    page.locator("#time").fill(value)
    page.wait_for_function("() => new URLSearchParams(location.search).has('time')")
    page.wait_for_function(f"() => !location.search.includes('{value[:13]}')")
    return query_of(page.url)["time"]


def pick(page: Page, query: str) -> None:
    box = page.get_by_role("combobox", name="Find a place")
    box.press_sequentially(query)
    expect(page.get_by_role("listbox", name="Places").get_by_role("option").first).to_be_visible()
    box.press("Enter")


@pytest.mark.parametrize("locale", ["en-GB", "ja-JP"])
def test_tokyo_by_name_in_a_los_angeles_browser(
    new_page: NewPage, live_server: str, console: Console, locale: str
) -> None:
    page = new_page(locale=locale, timezone_id="America/Los_Angeles")
    open_link(page, live_server)
    pick(page, "tokyo")
    expect(page.locator("[data-place-clock]")).to_contain_text("Tokyo's clock (Asia/Tokyo)")
    page.locator("#time").fill("2024-03-20T21:00:00")  # Tokyo's clock: 12:00 UTC
    wait_for_query(page, PLANETS, {"lat": "35.69", "time": "2024-03-20T12:00:00.000Z"})
    expect_full_table(page)
    caption = page.locator("[data-caption]")
    expect(caption).to_contain_text("Tokyo's clock, Asia/Tokyo, UTC+09:00")
    expect(page.locator("[data-status]")).to_contain_text("UTC+09:00")
    # The status names Tokyo as found (GeoNames: 139.692, 44 m), not as sent (139.69, 0 m):
    # the sky is computed within the rounding, and the line says so.
    given = [float(page.locator(f"#{k}").input_value()) for k in ("lat", "lon", "elevation")]
    assert given[1:] != [139.69, 0] and [round(v, 2) for v in given[:2]] == [35.69, 139.69]
    expect(page.locator("[data-status]")).to_contain_text(
        f"({given[0]:.4f}° N, {given[1]:.4f}° E, {given[2]:g} m; computed within 0.005° and 100 m)"
    )
    expect(page.locator("[data-tonight-note]")).to_contain_text("Tokyo's clock, Asia/Tokyo")
    if locale == "en-GB":
        asked = {"lat": "35.69", "lon": "139.69", "elevation": "0", "time": "2024-03-20T12:00:00Z"}
        events = requests.get(f"{live_server}/events", params=asked, timeout=10).json()
        today = in_zone(asked["time"], "Asia/Tokyo")
        sets = page.locator('[data-rows] [data-field="set"]').all_text_contents()
        expected = [
            day_time(in_zone(e["next_set"], "Asia/Tokyo"), today) if e["next_set"] else "—"
            for e in events["bodies"]
        ]
        assert sorted(sets) == sorted(expected)
    for size, viewport in (("desktop", {"width": 1280, "height": 800}), ("phone", None)):
        if viewport is None:
            page.set_viewport_size({"width": 390, "height": 844})
            settle_frames(page)
        save_screenshot(page, f"tokyo-in-los-angeles-{locale}-{size}")
    # The alternatives: UTC, then the browser's clock (PDT, UTC−07:00 on 20 March 2024).
    page.get_by_label("UTC", exact=True).check()
    expect(page.locator("#time")).to_have_value("2024-03-20T12:00")
    expect(caption).to_contain_text("UTC")
    page.locator('[data-clock][value="local"]').check()
    expect(page.locator("#time")).to_have_value("2024-03-20T05:00")
    expect(caption).to_contain_text("your clock, UTC−07:00")
    page.locator('[data-clock][value="place"]').check()
    expect(page.locator("#time")).to_have_value("2024-03-20T21:00")
    assert console.problems() == []


def test_typed_coordinates_show_the_clock_of_the_zone_the_api_names(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """Tokyo typed as coordinates in a Los Angeles browser: the answer's observer names
    Asia/Tokyo, and the page shows its clock, as for a town found by name, and reads the
    time typed in it; then Apia, whose clock is a day ahead of Los Angeles'."""
    page = new_page(timezone_id="America/Los_Angeles")
    open_link(page, live_server, time="2024-03-20T12:00:00Z")
    page.locator("#lat").fill("35.69")
    page.locator("#lon").fill("139.69")
    expect(page.locator("[data-place-clock]")).to_contain_text("the place's clock (Asia/Tokyo)")
    expect(page.locator('[data-clock][value="place"]')).to_be_checked()
    expect(page.locator("[data-caption]")).to_contain_text(
        "the place's clock, Asia/Tokyo, UTC+09:00"
    )
    expect(page.locator("#time")).to_have_value("2024-03-20T21:00")
    expect(page.locator("[data-status]")).to_contain_text("20 Mar 2024, 21:00:00 UTC+09:00")
    assert set_time(page, "2024-03-21T06:00:00") == "2024-03-20T21:00:00Z"
    page.locator("#lat").fill("-13.83")
    page.locator("#lon").fill("-171.76")
    expect(page.locator("[data-place-clock]")).to_contain_text("the place's clock (Pacific/Apia)")
    expect(page.locator("[data-status]")).to_contain_text("21 Mar 2024, 10:00:00 UTC+13:00")
    assert console.problems() == []


# (zone, place, browser's zone, a UTC instant, its wall time, a wall time typed across the
# change, the instant it is read as, its wall time shown after, the offset then).
DST = [
    # Sydney leaves UTC+11 for UTC+10 at 03:00 on 7 April 2024: 02:00–03:00 comes twice,
    # and the repeated half hour is read as its second time.
    ("Australia/Sydney", (-33.868, 151.207, 58), "Europe/Paris", "2024-04-06T12:00:00Z",
     "2024-04-06T23:00", "2024-04-07T02:30:00", "2024-04-06T16:30:00Z", "2024-04-07T02:30",
     "UTC+10:00"),
    # Paris skips 02:00–03:00 on 29 March 2026: 02:30 is read as 03:30 summer time.
    ("Europe/Paris", (48.853, 2.349, 42), "Asia/Tokyo", "2026-03-28T12:00:00Z",
     "2026-03-28T13:00", "2026-03-29T02:30:00", "2026-03-29T01:30:00Z", "2026-03-29T03:30",
     "UTC+02:00"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("zone", "where", "viewer_zone", "before", "wall", "typed", "read", "shown", "offset"), DST
)
def test_the_places_clock_across_a_daylight_saving_change(
    new_page: NewPage,
    live_server: str,
    console: Console,
    zone: str,
    where: tuple[float, float, int],
    viewer_zone: str,
    before: str,
    wall: str,
    typed: str,
    read: str,
    shown: str,
    offset: str,
) -> None:
    page = new_page(timezone_id=viewer_zone)
    name = zone.split("/")[1]
    lat, lon, elevation = (str(v) for v in where)
    link = {"lat": lat, "lon": lon, "elevation": elevation, "zone": zone, "place": name}
    open_link(page, live_server, **link, time=before)
    expect(page.locator("#time")).to_have_value(wall)
    assert set_time(page, typed) == read
    expect(page.locator("#time")).to_have_value(shown)
    expect(page.locator("[data-caption]")).to_contain_text(f"{name}'s clock, {zone}, {offset}")
    expect(page.locator("[data-status]")).to_contain_text(f"{shown[11:]}:00 {offset}")
    assert console.problems() == []


def test_apia_and_pago_pago_a_day_apart_across_the_date_line(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """30 km apart across the date line: the same instant is 01:00 on the 21st in Apia
    (UTC+13) and 01:00 on the 20th in Pago Pago (UTC−11)."""
    when = "2024-03-20T12:00:00Z"
    page = new_page()
    open_link(page, live_server, time=when)
    pick(page, "apia")
    expect(page.locator("#time")).to_have_value("2024-03-21T01:00")
    expect(page.locator("[data-status]")).to_contain_text("21 Mar 2024, 01:00:00 UTC+13:00")
    assert query_of(page.url)["zone"] == "Pacific/Apia"
    # Its night is named by its own clock: the evening of the 20th, 30 km from the 19th's.
    expect(page.locator("[data-tonight-heading]")).to_contain_text("20 – 21 March 2024")
    page.get_by_role("combobox", name="Find a place").fill("")
    pick(page, "pago pago")
    expect(page.locator("#time")).to_have_value("2024-03-20T01:00")
    expect(page.locator("[data-status]")).to_contain_text("20 Mar 2024, 01:00:00 UTC−11:00")
    assert query_of(page.url)["time"] == when  # the instant kept, only its clock changed
    expect(page.locator("[data-tonight-heading]")).to_contain_text("19 – 20 March 2024")
    assert console.problems() == []
