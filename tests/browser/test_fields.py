"""The page reads only fields the served schema names: FIELDS in site/js/api.js lists
every field the page reads from each answer, each must resolve in the served
/openapi.json, and the page, watched while it runs, reads nothing that FIELDS omits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import requests
from playwright.sync_api import Page, expect

from planettracker.http import params

from .conftest import NewPage, expect_full_table

# Wraps every successful JSON answer in proxies that note each field the page reads, as
# a path like FIELDS' ("bodies[].visibility.reason"), under the URL's last segment.
READS = """
(() => {
  const reads = {};
  window.__reads = () => Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, [...v]]));
  function watch(value, kind, path) {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value, {
      get(target, key, receiver) {
        const found = Reflect.get(target, key, receiver);
        if (typeof key === "symbol") return found;
        if (Array.isArray(target)) {
          // Items are followed; length, map, filter and the like are not fields.
          return /^\\d+$/.test(key) ? watch(found, kind, `${path}[]`) : found;
        }
        if (key === "then") return found; // await asks any value whether it is a promise
        const here = path ? `${path}.${key}` : key;
        (reads[kind] ??= new Set()).add(here);
        return watch(found, kind, here);
      },
    });
  }
  const json = Response.prototype.json;
  Response.prototype.json = async function () {
    const data = await json.call(this);
    return this.ok ? watch(data, new URL(this.url).pathname.split("/").pop(), "") : data;
  };
})();
"""
ROUTES = {"planets": "/planets", "sky": "/sky", "events": "/events", "tonight": "/tonight"}


def response_schema(schema: dict[str, Any], route: str) -> dict[str, Any]:
    ok: dict[str, Any] = schema["paths"][route]["get"]["responses"]["200"]
    found: dict[str, Any] = ok["content"]["application/json"]["schema"]
    return found


def resolves(schema: dict[str, Any], root: dict[str, Any], path: str) -> bool:
    """Whether a FIELDS path names a property of `root`, following $ref into the
    components and every branch of oneOf/anyOf/allOf."""

    def shapes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/components/schemas/")
            yield from shapes(schema["components"]["schemas"][name])
        for key in ("oneOf", "anyOf", "allOf"):
            for branch in node.get(key, []):
                yield from shapes(branch)
        yield node

    nodes = [root]
    for step in re.findall(r"\[\]|[^.\[\]]+", path):
        nodes = [
            child
            for node in nodes
            for shape in shapes(node)
            for child in ([shape["items"]] if step == "[]" and "items" in shape else [])
            + ([shape["properties"][step]] if step in shape.get("properties", {}) else [])
        ]
    return bool(nodes)


def covered(read: str, fields: list[str]) -> bool:
    """A read is a listed field or on the way to one ("bodies" before "bodies[].name")."""
    return any(f == read or f.startswith((f"{read}.", f"{read}[]")) for f in fields)


def test_every_field_the_page_reads_is_in_the_served_schema(
    located_page: Page, live_server: str
) -> None:
    page = located_page
    page.add_init_script(READS)
    page.goto(live_server)
    expect_full_table(page)
    expect(page.locator("[data-tonight-list] li").first).to_be_attached()
    fields: dict[str, list[str]] = page.evaluate("import('./js/api.js').then((m) => m.FIELDS)")
    reads: dict[str, list[str]] = {
        kind: fields
        for kind, fields in page.evaluate("window.__reads()").items()
        if kind in ROUTES  # the page's own static data (data/sky.json) is not the API's
    }

    schema = requests.get(f"{live_server}/openapi.json", timeout=10).json()
    missing = {
        kind: [f for f in fields[kind] if not resolves(schema, response_schema(schema, route), f)]
        for kind, route in ROUTES.items()
    }
    assert missing == {kind: [] for kind in ROUTES}
    # Showing now, the page asks for spans of sky, not /planets (asked for a fixed moment).
    assert set(reads) == set(ROUTES) - {"planets"}
    unlisted = {kind: [r for r in reads[kind] if not covered(r, fields[kind])] for kind in reads}
    assert unlisted == {kind: [] for kind in reads}
    # What the table needs was read, so the check above saw the page at work.
    assert {"samples[].bodies[].visibility.visible", "stop"} <= set(reads["sky"])
    assert {"bodies[].next_rise", "bodies[].next_transit"} <= set(reads["events"])


def test_the_schema_check_catches_a_misspelt_field(live_server: str) -> None:
    schema = requests.get(f"{live_server}/openapi.json", timeout=10).json()
    planets = response_schema(schema, "/planets")
    assert resolves(schema, planets, "bodies[].visibility.reason")
    assert not resolves(schema, planets, "bodies[].visibility.reasons")
    assert not resolves(schema, planets, "bodies[].events")
    assert not resolves(schema, planets, "bodies.name")  # bodies is an array


def test_the_pages_input_limits_are_the_served_schemas(new_page: NewPage, live_server: str) -> None:
    """LIMITS in site/js/api.js, which the page checks typed values against before
    sending them, equal the ranges the served schema gives /planets' parameters, and the
    times the API accepts (params.EARLIEST to LATEST, said in the schema's words)."""
    page = new_page()
    page.goto(live_server)
    limits: dict[str, dict[str, Any]] = page.evaluate("import('./js/api.js').then((m) => m.LIMITS)")
    schema = requests.get(f"{live_server}/openapi.json", timeout=10).json()
    served = {p["name"]: p for p in schema["paths"]["/planets"]["get"]["parameters"]}
    numbers = {
        name: {"min": served[name]["schema"]["minimum"], "max": served[name]["schema"]["maximum"]}
        for name in ("lat", "lon", "elevation")
    }
    times = [params.EARLIEST, params.LATEST]
    assert limits == {
        **numbers,
        "time": dict(zip(("min", "max"), (f"{t:%Y-%m-%dT%H:%M:%SZ}" for t in times), strict=True)),
    }
    assert all(f"{t:%Y-%m-%d}" in served["time"]["description"] for t in times)
