"""Real Chromium (Debian's package, found on PATH) driven by Playwright, against `make dev`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

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
