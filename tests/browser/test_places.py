"""site/js/places.js in Chromium against the real site/data/places.json: the searches the
issue names, and every suggestion checked against a plain Python reading of the rule on
seeded queries; and the page's first load, which must not fetch the gazetteer."""

from __future__ import annotations

import json
import random
import unicodedata
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT, Console, NewPage, expect_full_table

DATA = json.loads((ROOT / "site" / "data" / "places.json").read_text(encoding="utf-8"))
SEARCH = """async ([queries, limit]) => {
  const places = await import("./js/places.js");
  window.gazetteer ??= fetch(new URL("data/places.json", document.baseURI))
    .then((response) => response.json())
    .then(places.gazetteer);
  const gazetteer = await window.gazetteer;
  return queries.map((query) => places.search(gazetteer, query, limit));
}"""


@pytest.fixture(scope="module")
def searched(browser: Any, live_server: str) -> Any:
    """Run places.search in a page served by `make dev`, for any queries."""
    context = browser.new_context(locale="en-GB", timezone_id="UTC")
    page = context.new_page()
    page.goto(f"{live_server}/favicon.svg")

    def run(queries: list[str], limit: int = 8) -> list[list[dict[str, Any]]]:
        found: list[list[dict[str, Any]]] = page.evaluate(SEARCH, [queries, limit])
        return found

    yield run
    context.close()


def label(found: dict[str, Any]) -> tuple[str, str | None, str, str]:
    return found["name"], found["alias"], found["region"], found["country"]


def test_accents_case_and_plain_letters_are_forgiven(searched: Any) -> None:
    tromso = {"name": "Tromsø", "alias": None, "region": "Troms", "country": "Norway",
              "lat_deg": 69.649, "lon_deg": 18.955, "elevation_m": None,
              "population": 41915, "zone": "Europe/Oslo"}  # fmt: skip
    for results in searched(["tromso", "Tromsø", "TROMSØ", "tromsö", " Tromso "], limit=1):
        assert results == [tromso]


def test_the_several_san_joses_are_told_apart_by_region_and_country(searched: Any) -> None:
    (found,) = searched(["san jose"], limit=6)
    assert [label(f) for f in found] == [
        ("San Jose", None, "California", "United States"),
        ("San José", None, "San José", "Costa Rica"),
        ("San Jose", None, "Mimaropa", "Philippines"),
        ("San Jose", None, "Bicol", "Philippines"),
        ("San José", None, "Alajuela", "Costa Rica"),
        ("San Jose", None, "Caraga", "Philippines"),
    ]


def test_prefixes_suggest_the_largest_town_first(searched: Any) -> None:
    syd, sydn, par = searched(["syd", "sydn", "par"], limit=3)
    assert [label(f) for f in syd] == [
        ("Sydney", "Syd", "New South Wales", "Australia"),  # its other name Syd, whole
        ("Sydney", None, "Nova Scotia", "Canada"),
        ("Sydney Central Business District", None, "New South Wales", "Australia"),
    ]
    assert [(f["name"], f["country"], f["zone"]) for f in sydn[:2]] == [
        ("Sydney", "Australia", "Australia/Sydney"),
        ("Sydney", "Canada", "America/Glace_Bay"),
    ]
    assert [label(f) for f in par] == [
        ("Paris", None, "Île-de-France", "France"),
        ("Paranaque City", None, "National Capital Region", "Philippines"),
        ("Parbhani", None, "Mahārāshtra", "India"),
    ]


def test_other_names_find_a_town_and_say_which_matched(searched: Any) -> None:
    cologne, venice = searched(["cologne", "venice"], limit=4)
    assert [label(f) for f in cologne] == [("Köln", "Cologne", "Nordrhein-Westfalen", "Germany")]
    assert [label(f) for f in venice] == [  # the towns called Venice before Dayton, also called so
        ("Venice", None, "Veneto", "Italy"),
        ("Venice", None, "California", "United States"),
        ("Venice", None, "Florida", "United States"),
        ("Dayton", "Venice", "Ohio", "United States"),
    ]


def test_nothing_found_is_an_empty_list(searched: Any) -> None:
    assert searched(["xqzzy", "", "   ", "-", "san josé xqzzy"]) == [[], [], [], [], []]


# The rule as the docs state it, written plainly in Python: a second reading to check the
# module's indexOf search against, on queries drawn from the data itself.
PLAIN = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
         "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ŋ": "n", "ə": "e"}  # fmt: skip


def fold(text: str) -> str:
    plain = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M")
    )
    plain = "".join(PLAIN.get(c, c) for c in plain.lower())
    plain = "".join(c for c in plain if c not in "'\u2019\u02bc`\u02bb")
    kept = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in plain)
    return " ".join(kept.split())


def kind(folded: str, query: str) -> int | None:
    if folded == query:
        return 0
    if folded.startswith(query):
        return 1
    return 2 if f" {query}" in folded else None


def folded_places() -> list[tuple[str, list[tuple[str, str]], tuple[str, str]]]:
    """Each place's folded name, its other names (folded, as given) and (country, region)."""
    return [
        (
            fold(row[0]),
            [(fold(a), a) for a in (row[7] if len(row) > 7 else [])],
            DATA["areas"][row[1]],
        )
        for row in DATA["places"]
    ]


def expected(
    places: list[tuple[str, list[tuple[str, str]], tuple[str, str]]], query: str, limit: int
) -> list[tuple[str, str | None, str, str]]:
    """Whole names, then starts of names, then starts of words; a town's own name before
    its other names at each; then the data's order, largest town first."""
    wanted, ranked = fold(query), []
    for i, (own, others, (country, region)) in enumerate(places):
        tiers = [(2 * k, None) for k in [kind(own, wanted)] if k is not None]
        tiers += [
            (2 * k + 1, alias) for name, alias in others if (k := kind(name, wanted)) is not None
        ]
        if tiers:
            tier, alias = min(tiers, key=lambda t: t[0])
            ranked.append((tier, i, (DATA["places"][i][0], alias, region, country)))
    return [found for _, _, found in sorted(ranked)[:limit]]


def test_suggestions_follow_the_rule_on_seeded_queries(searched: Any) -> None:
    rng = random.Random(21)
    queries = []
    for _ in range(60):
        row = rng.choice(DATA["places"])
        name = rng.choice([row[0], *(row[7] if len(row) > 7 else [])])
        start = rng.choice([0, 0, max(0, name.find(" ") + 1)])  # a word inside, at times
        queries.append(name[start : start + rng.randint(1, 7)])
    found = searched(queries, limit=5)
    places = folded_places()
    # Which of a town's other names is shown when two match alike is the module's choice:
    # compare the towns, their order and whether an other name matched, then that it did.
    for query, results in zip(queries, found, strict=True):
        want = expected(places, query, 5)
        shown = [(f["name"], f["alias"] is None, f["region"], f["country"]) for f in results]
        assert shown == [(n, a is None, r, c) for n, a, r, c in want], query
        for f in results:
            assert f["alias"] is None or kind(fold(f["alias"]), fold(query)) is not None, query


def test_the_first_load_does_not_fetch_the_gazetteer(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """places.json (1 MB gzipped) is for the search field's first use, not the first load."""
    page: Page = new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server)
    expect_full_table(page)
    expect(page.locator("[data-status]")).not_to_be_empty()
    assert [url for url in asked if "places" in url] == []
    assert any(url.endswith("/data/sky.json") for url in asked)  # the page's own data did load
    assert console.problems() == []
