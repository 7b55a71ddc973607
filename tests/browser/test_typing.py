"""Coordinates typed as people type them: a decimal comma is read as a point, and where
a comma could as well separate thousands, the page says how to write the number."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import SKY, Console, fetches, query_of, wait_for_query


def test_a_decimal_comma_is_read_and_an_ambiguous_one_explained(
    typing_page: Page, console: Console
) -> None:
    page = typing_page
    for field, typed in (("#lat", "-33,86"), ("#lon", "151,21"), ("#elevation", "58,5")):
        page.locator(field).fill(typed)
    expect(page.locator("[data-status]")).to_contain_text("33.8600° S, 151.2100° E")
    sent = [query_of(f["url"]) for f in fetches(page, SKY)]
    # Sent as the page sends every place: the height to 100 m (docs/page.md).
    assert {"lat": "-33.86", "lon": "151.21", "elevation": "100"}.items() <= sent[-1].items()

    count = len(fetches(page, SKY))
    # The error is written when the half-second pause after typing has passed and the
    # page has read the field: by then it has decided whether to send anything.
    page.locator("#elevation").fill("1,200")  # 1200 m, or 1.2 m?
    error = page.locator('[data-error="elevation"]')
    expect(error).to_contain_text("Write 1200 for 1200 m or 1.2 for 1.2 m")
    expect(error).not_to_contain_text("1.200")  # which reads as 1200 where "." groups digits
    expect(page.locator("#elevation")).to_have_attribute("aria-invalid", "true")
    # A valid height typed afterwards: whatever "1,200" sent comes before it.
    page.locator("#elevation").fill("260")
    marker = wait_for_query(page, SKY, {"elevation": "300"})
    between = fetches(page, SKY)[count : marker - 1]
    assert all(query_of(f["url"])["elevation"] == "100" for f in between)
    assert console.problems() == []
