"""Real Chromium (Debian's package, found on PATH) driven by Playwright, against `make dev`."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from ..conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
# The machines have no network but the package registries: keep Chromium from trying.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PARIS = {"latitude": 48.85661, "longitude": 2.35222}
PARIS_QUERY = {"lat": str(PARIS["latitude"]), "lon": str(PARIS["longitude"]), "elevation": "0"}
PLANETS = re.compile(r"/planets(\?|$)")
EVENTS = re.compile(r"/events(\?|$)")

# Each fetch the page makes, with start and end times from the page's own clock.
FETCH_LOG = """
(() => {
  const original = window.fetch;
  window.__fetches = [];
  window.fetch = async (...args) => {
    const entry = { url: String(args[0]), start: performance.now(), end: null };
    window.__fetches.push(entry);
    try { return await original(...args); } finally { entry.end = performance.now(); }
  };
})();
"""


def fetches(page: Page, pattern: re.Pattern[str]) -> list[dict[str, Any]]:
    """The page's fetches (FETCH_LOG) whose path matches, in the order they started."""
    log: list[dict[str, Any]] = page.evaluate("window.__fetches")
    return [f for f in log if pattern.search(urlsplit(f["url"]).path + "?")]


def wait_for_fetches(page: Page, pattern: re.Pattern[str], count: int, timeout: float) -> None:
    """Wait until the page has started `count` fetches whose path matches."""
    page.wait_for_function(
        """([count, pattern]) => window.__fetches
          .filter((f) => new RegExp(pattern).test(new URL(f.url).pathname + "?"))
          .length >= count""",
        arg=[count, pattern.pattern],
        timeout=timeout,
    )


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def table(page: Page) -> dict[str, dict[str, str]]:
    rows = page.locator("[data-rows] tr").all()
    return {
        row.get_attribute("data-body") or "": {
            cell.get_attribute("data-field") or "": cell.text_content() or ""
            for cell in row.locator("[data-field]").all()
        }
        for row in rows
    }


def expect_full_table(page: Page) -> None:
    """Wait for every body's row, its rise and set filled from an /events answer."""
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    expect(page.locator('[data-rows] [data-field="rise"]', has_text="—")).to_have_count(0)


def event_time(events: dict[str, Any], key: str) -> str:
    """What the page shows in a browser whose clock is UTC."""
    if events["circumpolar"]:
        return "always up"
    if events["never_rises"]:
        return "never up"
    return datetime.fromisoformat(events[key]).strftime("%H:%M")


def expected_rows(sky: dict[str, Any], events: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The table for a /planets answer and the /events answer for the same question."""
    by_name = {e["name"]: e for e in events["bodies"]}
    return {
        b["name"]: {
            "name": b["name"].capitalize(),
            "az": f"{b['az']:.2f}",
            "compass": b["compass"],
            "alt": f"{b['alt']:.2f}",
            "magnitude": f"{b['magnitude']:.2f}",
            "rise": event_time(by_name[b["name"]], "next_rise"),
            "set": event_time(by_name[b["name"]], "next_set"),
            "constellation": b["constellation"],
        }
        for b in sky["bodies"]
    }


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not on PATH: .ci/run installs Debian's chromium package")
    pytest.skip("chromium is not on PATH (apt-get install chromium); CI always runs these")


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


class Console:
    """Everything the page said on its console or threw."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def problems(self, ignore: tuple[str, ...] = ()) -> list[str]:
        return [m for m in self.messages if not any(text in m for text in ignore)]


@pytest.fixture
def console() -> Console:
    return Console()


def watch(page: Page, console: Console) -> Page:
    page.on(
        "console",
        lambda m: (
            console.messages.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: console.messages.append(f"pageerror: {e}"))
    return page


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser, console: Console) -> Iterator[NewPage]:
    """Open pages in fresh browser contexts (UTC clock, British English), their console
    watched; every context is closed at the end of the test, pass or fail."""
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(locale="en-GB", timezone_id="UTC", **options)
        contexts.append(context)
        return watch(context.new_page(), console)

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def located_page(new_page: NewPage, live_server: str) -> Page:
    """The page with geolocation granted and set to Paris."""
    return new_page(geolocation=PARIS, permissions=["geolocation"])


def save_screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
