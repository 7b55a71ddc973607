"""Details on tap: a body's row or mark opens a dialog with every field /planets gives for
it, its rise, transit and set from /events and its night from /tonight; by keyboard too,
closed by Escape, and fit for a phone."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import requests
from playwright.sync_api import Locator, Page, expect

from .conftest import (
    Console,
    NewPage,
    day_time,
    expect_full_table,
    in_zone,
    save_screenshot,
)

PARIS_2020 = {"lat": "48.85661", "lon": "2.35222", "time": "2020-12-21T17:00:00Z"}
# As the page sends it (rounded to 0.005 degrees and 100 m).
ASKED = {"lat": "48.855", "lon": "2.35", "elevation": "0", "time": PARIS_2020["time"]}


def answers(live_server: str, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    sky = requests.get(f"{live_server}/planets", params=ASKED, timeout=10).json()
    events = requests.get(f"{live_server}/events", params=ASKED, timeout=10).json()
    body = next(b for b in sky["bodies"] if b["name"] == name)
    return body, next(e for e in events["bodies"] if e["name"] == name)


def terms(dialog: Locator) -> dict[str, list[str]]:
    """Each section's heading -> its rows as "term: value"."""
    found: dict[str, list[str]] = {}
    for part in dialog.locator("section").all():
        rows = part.locator("dt").all_text_contents(), part.locator("dd").all_text_contents()
        found[part.locator("h3").text_content() or ""] = [
            f"{t}: {d}" for t, d in zip(*rows, strict=True)
        ]
    return found


def opened(new_page: NewPage, live_server: str, **options: Any) -> Page:
    page = new_page(**options)
    page.goto(f"{live_server}/?{urlencode(PARIS_2020)}")
    expect_full_table(page)
    expect(page.locator("[data-tonight-list] li").first).to_be_visible()
    return page


def test_a_rows_details_hold_every_field_and_its_events(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = opened(new_page, live_server)
    page.locator('[data-rows] tr[data-body="jupiter"]').click()
    dialog = page.get_by_role("dialog", name="Jupiter")
    expect(dialog).to_be_visible()
    body, events = answers(live_server, "jupiter")
    shown = terms(dialog)
    # A fixed moment's section is not headed "Now"; the link names no zone: the page shows
    # the one the API names for the place.
    now = shown["At the time shown (the place's clock, Europe/Paris, UTC+01:00)"]
    # Every field of the body, nested ones as their path, each once.
    labelled = {"az": "Azimuth", "alt": "Altitude", "ra_hours": "Right ascension",
                "dec_deg": "Declination", "distance_au": "Distance", "distance_km": "Distance",
                "magnitude": "Magnitude", "phase_percent": "Lit", "compass": "Direction",
                "elongation_deg": "From the Sun (east +)", "constellation": "Constellation",
                "constellation_abbr": "Constellation (IAU)", "above_horizon": "Above the horizon",
                "visibility": "Seen by eye"}  # fmt: skip
    fields = [k for k in body if k != "name"] + ["visibility.reason"]
    assert len(now) == len(fields)
    assert [row.split(":")[0] for row in now][: len(labelled)] == [
        labelled[k] for k in body if k != "name"
    ]
    assert f"Azimuth: {body['az']}°" in now
    assert f"Altitude: {body['alt']}°" in now
    assert f"Constellation: {body['constellation']}" in now
    assert f"Distance: {body['distance_au']} au" in now
    assert "Above the horizon: yes" in now
    events_rows = shown["Rise, transit and set"]

    def paris(key: str) -> str:
        return day_time(
            in_zone(events[key], "Europe/Paris"), in_zone(PARIS_2020["time"], "Europe/Paris")
        )

    assert f"Sets: {paris('next_set')}" in events_rows
    assert f"Rose: {paris('previous_rise')}" in events_rows
    assert f"Next transit: {paris('next_transit')}" in events_rows
    assert f"Altitude at transit: {events['transit_alt_deg']}°" in events_rows
    # A timeline: the instants in the order they happen, whatever order the answer has.
    instants = {"previous_rise": "Rose", "next_rise": "Rises", "previous_set": "Set",
                "next_set": "Sets", "previous_transit": "Last transit",
                "next_transit": "Next transit"}  # fmt: skip
    happen = sorted(
        (k for k in instants if events[k]), key=lambda k: datetime.fromisoformat(events[k])
    )
    labels = [row.split(":")[0] for row in events_rows]
    assert [label for label in labels if label in instants.values()] == [
        instants[k] for k in happen
    ]
    assert happen != [k for k in instants if events[k]]  # the answer's own order differs
    assert any(row.startswith("Best: ") for row in shown["Tonight"])
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator('[data-rows] tr[data-body="jupiter"]')).to_be_focused()
    assert console.problems() == []


def test_by_keyboard_and_from_the_charts_mark(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    page = opened(new_page, live_server)
    row = page.locator('[data-rows] tr[data-body="moon"]')
    row.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Moon")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.keyboard.press("Tab")  # the next row, by keyboard alone
    expect(page.locator('[data-rows] tr[data-body="moon"] + tr')).to_be_focused()
    page.keyboard.press(" ")
    expect(page.locator("dialog[open]")).to_be_visible()
    page.get_by_role("button", name="Close").click()
    expect(page.locator("dialog[open]")).to_have_count(0)
    page.locator('[data-marks] [data-body="moon"]').click()
    expect(dialog).to_be_visible()
    assert console.problems() == []


def test_the_details_fit_a_phone(new_page: NewPage, live_server: str, console: Console) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
    page = opened(new_page, live_server, **phone)
    page.locator('[data-rows] tr[data-body="saturn"]').tap()
    dialog = page.get_by_role("dialog", name="Saturn")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844
    wide = page.evaluate(
        "() => [...document.querySelectorAll('dialog dd')].filter("
        "(d) => d.scrollWidth > d.clientWidth + 1).length"
    )
    assert wide == 0  # nothing cut
    save_screenshot(page, "details-phone", full_page=False)
    assert console.problems() == []


def test_now_the_details_write_positions_to_the_apis_last_digit(
    located_page: Page, live_server: str, console: Console
) -> None:
    """Live, the position is interpolated between samples: written as the API writes its
    own (5 decimals), as it once was a double's seventeen digits ("97.17453383280262°")."""
    page = located_page
    page.goto(live_server)
    expect_full_table(page)
    page.locator('[data-rows] tr[data-body="sun"]').click()
    dialog = page.get_by_role("dialog", name="Sun")
    expect(dialog.locator("h3").first).to_contain_text("Now")
    now = terms(dialog)
    rows = next(rows for heading, rows in now.items() if heading.startswith("Now"))
    for label in ("Azimuth", "Altitude"):
        assert any(re.fullmatch(rf"{label}: -?\d+(\.\d{{1,5}})?°", row) for row in rows), rows
    assert console.problems() == []
