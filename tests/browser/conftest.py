"""Real Chromium (Debian's package, found on PATH) driven by Playwright, against `make dev`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

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


def open_context(browser: Browser, **options: object) -> BrowserContext:
    return browser.new_context(locale="en-GB", timezone_id="UTC", **options)  # type: ignore[arg-type]


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


@pytest.fixture
def located_page(browser: Browser, live_server: str, console: Console) -> Iterator[Page]:
    """The page with geolocation granted and set to Paris."""
    context = open_context(browser, geolocation=PARIS, permissions=["geolocation"])
    page = watch(context.new_page(), console)
    yield page
    context.close()


def save_screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
