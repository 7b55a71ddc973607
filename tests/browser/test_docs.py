"""/docs as a reader opens it: offline, from the site's own files, under the site's CSP."""

from __future__ import annotations

import requests
from playwright.sync_api import Page, Route

from .conftest import Console, NewPage


def test_docs_render_offline_under_the_sites_csp(
    new_page: NewPage, console: Console, live_server: str
) -> None:
    page: Page = new_page()
    elsewhere: list[str] = []

    def only_here(route: Route) -> None:
        if route.request.url.startswith(live_server):
            route.continue_()
        else:  # what a CDN would have served: refused, as on a machine offline
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    page.goto(f"{live_server}/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    schema = requests.get(f"{live_server}/openapi.json", timeout=10).json()
    operations = sum(len(methods) for methods in schema["paths"].values())
    assert page.locator(".opblock").count() == operations
    assert "Content-Security-Policy" in requests.head(f"{live_server}/docs", timeout=10).headers
    assert elsewhere == []
    # A CSP refusal, a missing asset or a script error would show here.
    assert console.problems() == []
