"""The capacity and cost model, docs/scale.md, from `make bench`'s figures: `make scale`.

Reads build/bench.json (what one warm Lambda invocation and GET /events cost on the
bench machine, the handler's cold import), the template's defaults (poll-sized throttle,
memory, reserved concurrency) and the answers' compressed sizes (computed here, from the
contract), then writes docs/scale.md with those inputs embedded, so a test can render the
document again from them and find it unchanged. Prices are list prices, dated, with their
pages named: they are not fetched and must be checked before a decision rests on them.

    python infra/scale.py [--bench build/bench.json] [--out docs/scale.md]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MARK = "<!-- scale-inputs "

# US East (N. Virginia) list prices as published by AWS in 2025 (PRICES_AS_OF), not
# re-checked when this ran: there is no network here. Check the pages before relying on them.
PRICES_AS_OF = "2025-06"
PRICES: dict[str, Any] = {
    "cloudfront_per_million_https": 1.00,  # $0.0100 per 10,000 HTTPS requests, US/Europe
    "cloudfront_per_gb_out": 0.085,  # first 10 TB a month to the internet, US/Europe
    "cloudfront_per_gb_to_origin": 0.02,  # request bytes CloudFront sends to the origin
    "http_api_per_million": [[300, 1.00], [None, 0.90]],  # first 300 M a month, then
    "lambda_per_million_requests": 0.20,
    "lambda_arm64_per_gb_s": 0.0000133334,  # first 7.5 billion GB-s a month
    "snapstart_cache_per_gb_s": 0.0000015046,  # Python: per GB-s a version's snapshot is cached
    "snapstart_restore_per_gb": 0.0001397998,  # Python: per GB restored
    "logs_ingest_per_gb": 0.50,  # CloudWatch Logs, standard class
    "alarm_per_month": 0.10,  # a standard-resolution metric alarm
    # WebAcl=create: one web ACL, two rules (the rate rule, AWS's common rule set, which
    # adds no fee of its own), and every request the distribution takes.
    "waf_web_acl_per_month": 5.00,
    "waf_rule_per_month": 1.00,
    "waf_per_million_requests": 0.60,
    # MonthlyBudgetUsd: the user guide's price, the first two budgets free and then $0.02
    # a day each; the pricing page since charges only budgets with actions (this has none).
    "budget_per_day_beyond_two": 0.02,
}
SOURCES = {
    "CloudFront": "https://aws.amazon.com/cloudfront/pricing/",
    "HTTP API": "https://aws.amazon.com/api-gateway/pricing/",
    "Lambda, SnapStart": "https://aws.amazon.com/lambda/pricing/",
    "CloudWatch": "https://aws.amazon.com/cloudwatch/pricing/",
    "WAF": "https://aws.amazon.com/waf/pricing/",
    "Budgets": "https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/",
}
# Service quotas that are defaults, per account and region (all can be raised on request).
LIMITS = {
    "account_concurrency": 1000,  # Lambda concurrent executions
    # A new account's Lambda concurrency starts lower, raised by AWS with use (Service
    # Quotas shows it); 10 has been reported, and then no reserved concurrency fits.
    "new_account_concurrency": 10,
    "cloudfront_distribution_rps": 250000,  # CloudFront requests/s per distribution
    "api_gateway_small_region_rps": 2500,  # API Gateway's regional quota in some regions
    # Lambda: requests/s at most 10 x the concurrency (the account's, or the function's
    # reserved concurrency): what binds for a function that runs in a few milliseconds.
    "lambda_rps_per_concurrency": 10,
    "api_gateway_region_rps": 10000,  # API Gateway: all APIs of an account in a region
}
# How the page asks (site/js: api.js, main.js), and what an hour of it is.
ASSUMED = {
    "span_s": 120,  # GET /sky, two minutes of samples, asked again as they run out
    "sky_at_load": 1,  # a load in a span's last seconds asks for the next at once too
    "events_per_viewer_hour": 2,  # GET /events at load, then after each earliest next event
    "tonight_per_viewer_hour": 1,  # GET /tonight once per place (a viewer-hour is a visit)
    "page_loads_per_viewer_hour": 1,
    # The place search's gazetteer (site/data/places.json, ~1 MB gzipped) is fetched only
    # when the name field is first used: taken as one viewer-hour in five.
    "place_searches_per_viewer_hour": 0.2,
    "request_bytes": 600,  # a GET's line and headers, CloudFront to the origin
    "access_log_bytes": 330,  # one JSON access-log line with CloudWatch's 26 bytes
    "vcpu_mb": 1769,  # Lambda gives one vCPU at 1,769 MB, pro rata below
    # The edge cache model: a town's viewers spread over the page's place grid.
    "place_grid_deg": 0.005,  # the page rounds lat and lon to this (site/js/api.js)
    "town_km": 10,  # a square town this wide
    "town_lat_deg": 50,  # at this latitude (a degree of longitude shrinks with cos lat)
}


def figure(bench: dict[str, Any], dotted: str) -> float:
    """One number from bench.json, by its dotted path; a clear error if it is missing."""
    node: Any = bench
    for key in dotted.split("."):
        if not isinstance(node, dict) or node.get(key) is None:
            sys.exit(f"build/bench.json has no {dotted}: run `make bench` (or update scale.py)")
        node = node[key]
    return float(node)


def template_defaults() -> dict[str, int]:
    """The capacity parameters' defaults, read from infra/template.yaml."""
    text = (ROOT / "infra" / "template.yaml").read_text()
    found = {}
    for name in ("ThrottleRate", "ThrottleBurst", "ReservedConcurrency", "MemorySize",
                 "WafRateLimit"):  # fmt: skip
        match = re.search(rf"^  {name}:\n(?:    .*\n)*?    Default: (\d+)$", text, re.M)
        assert match, f"no default for {name} in template.yaml"
        found[name] = int(match.group(1))
    return found


def answer_sizes() -> dict[str, int]:
    """Gzip-compressed bytes of the answers a page asks for, at Greenwich, and of the page."""
    from planettracker.http import headers, router
    from planettracker.http.messages import ApiRequest

    settings = headers.Settings()
    now = datetime(2026, 3, 20, 21, tzinfo=UTC)
    sizes = {}
    for route in router.ROUTES:
        if route.path in ("/sky", "/events", "/tonight"):
            span = [("span", "120"), ("step", "30")] if route.path == "/sky" else []
            body = router.respond(route, ApiRequest(now=now, query=span), settings).body
            sizes[route.path] = len(gzip.compress(body, 6))
    site = ROOT / "site"
    gazetteer = site / "data" / "places.json"
    files = [p for p in site.rglob("*")
             if p.is_file() and "vendor" not in p.parts and p != gazetteer]  # fmt: skip
    sizes["page"] = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    sizes["places"] = len(gzip.compress(gazetteer.read_bytes(), 6))
    return sizes


def gather(bench: dict[str, Any]) -> dict[str, Any]:
    invoke_us = figure(bench, "lambda.warm_invoke_random_p50_ms") * 1000
    door_us = max(invoke_us - figure(bench, "in_process.planets_random_us"), 0.0)
    return {
        "bench_measured_at": bench.get("measured_at", "unknown"),
        "planets_us": invoke_us,
        "sky_us": figure(bench, "in_process.sky_page_random_us") + door_us,
        "events_us": figure(bench, "in_process.events_random_us") + door_us,
        "process": {
            "sky_rps": figure(bench, "http.sky_page_random.rps"),
            "sky_us": figure(bench, "in_process.sky_page_random_us"),
            "events_us": figure(bench, "in_process.events_random_us"),
            "tonight_us": figure(bench, "in_process.tonight_shared_random_us"),
        },
        "handler_import_ms": figure(bench, "lambda.handler_import_ms"),
        "bare_import_ms": figure(bench, "lambda.bare_import_ms"),
        "sizes": answer_sizes(),
        "template": template_defaults(),
        "prices_as_of": PRICES_AS_OF,
        "prices": PRICES,
        "limits": LIMITS,
        "assumed": ASSUMED,
    }


def tiered(millions: float, tiers: list[list[Any]]) -> float:
    cost, left = 0.0, millions
    for size, price in tiers:
        step = left if size is None else min(left, size)
        cost, left = cost + step * price, left - step
    return cost


def model(inputs: dict[str, Any]) -> dict[str, Any]:
    """Every number the document states, from the inputs alone."""
    a, p, lim, t = inputs["assumed"], inputs["prices"], inputs["limits"], inputs["template"]
    per_hour = {
        "/sky": 3600 / a["span_s"] + a["sky_at_load"],
        "/events": a["events_per_viewer_hour"],
        "/tonight": a["tonight_per_viewer_hour"],
    }
    api_per_hour = sum(per_hour.values())
    rps_per_viewer = api_per_hour / 3600

    def duration_ms(cpu_us: float, memory_mb: int) -> float:
        return cpu_us / 1000 / min(1.0, memory_mb / a["vcpu_mb"])

    memory = t["MemorySize"]
    kinds = {"/sky": inputs["sky_us"], "/events": inputs["events_us"]}
    durations = {
        mb: {k: duration_ms(us, mb) for k, us in kinds.items()} for mb in (128, memory, 1024, 1769)
    }
    # /tonight is not in bench.json: counted at /events' cost (see "What bench.json lacks").
    mean_ms = (
        sum(per_hour[k] * durations[memory][k if k != "/tonight" else "/events"] for k in per_hour)
        / api_per_hour
    )
    billed_ms = (
        sum(
            per_hour[k] * math.ceil(durations[memory][k if k != "/tonight" else "/events"])
            for k in per_hour
        )
        / api_per_hour
    )

    def concurrency(viewers: float) -> float:
        return viewers * rps_per_viewer * mean_ms / 1000

    # ReservedConcurrency 0 reserves nothing, and caps nothing: the account's limits do.
    reserved = {
        "reserved concurrency (ReservedConcurrency)": min(
            t["ReservedConcurrency"] / (rps_per_viewer * mean_ms / 1000),
            lim["lambda_rps_per_concurrency"] * t["ReservedConcurrency"] / rps_per_viewer,
        )
    }
    ceilings = {
        "HTTP API throttle (ThrottleRate)": t["ThrottleRate"] / rps_per_viewer,
        **(reserved if t["ReservedConcurrency"] else {}),
        "Lambda requests/s (10 x the account's concurrency)": lim["lambda_rps_per_concurrency"]
        * lim["account_concurrency"]
        / rps_per_viewer,
        "API Gateway's regional quota (all APIs)": lim["api_gateway_region_rps"] / rps_per_viewer,
        "Lambda concurrency (the account's 1,000)": lim["account_concurrency"]
        / (rps_per_viewer * mean_ms / 1000),
    }
    page_files = 12  # about 12 files a page load, from CloudFront's cache
    edge_per_hour = api_per_hour + a["page_loads_per_viewer_hour"] * page_files
    walls = {
        "CloudFront's 250,000 requests/s per distribution": lim["cloudfront_distribution_rps"]
        * 3600
        / edge_per_hour,
        "API Gateway's regional quota where it is 2,500 requests/s": lim[
            "api_gateway_small_region_rps"
        ]
        / rps_per_viewer,
        "a new account's Lambda concurrency (10 requests/s per unit)": lim[
            "lambda_rps_per_concurrency"
        ]
        * lim["new_account_concurrency"]
        / rps_per_viewer,
    }
    # The edge cache: a town's viewers asking within one span ask for one URL per grid
    # cell they fall in; the first of each is a miss, the rest hits.
    cell_km = a["place_grid_deg"] * 111.2
    cells = (a["town_km"] / cell_km) * (
        a["town_km"] / (cell_km * math.cos(math.radians(a["town_lat_deg"])))
    )
    hit_rate = {v: 1 - cells * (1 - (1 - 1 / cells) ** v) / v for v in (10, 100, 1_000, 10_000)}
    # A million viewer-hours in a month, with no other traffic on the account.
    million = 1e6
    requests_m = api_per_hour * million / 1e6  # millions of API requests
    sizes = inputs["sizes"]
    api_bytes = sum(per_hour[k] * sizes[k] for k in per_hour)
    page_bytes = (
        a["page_loads_per_viewer_hour"] * sizes["page"]
        + a["place_searches_per_viewer_hour"] * sizes["places"]
    )
    out_gb = (api_bytes + page_bytes) * million / 1e9
    page_requests_m = a["page_loads_per_viewer_hour"] * page_files * million / 1e6
    gb_s = requests_m * 1e6 * billed_ms / 1000 * memory / 1024
    cost = {
        "CloudFront requests": (requests_m + page_requests_m) * p["cloudfront_per_million_https"],
        "CloudFront transfer out": out_gb * p["cloudfront_per_gb_out"],
        "CloudFront to origin": requests_m
        * 1e6
        * a["request_bytes"]
        / 1e9
        * p["cloudfront_per_gb_to_origin"],
        "HTTP API requests": tiered(requests_m, p["http_api_per_million"]),
        "Lambda requests": requests_m * p["lambda_per_million_requests"],
        "Lambda duration": gb_s * p["lambda_arm64_per_gb_s"],
        "API access logs": requests_m * 1e6 * a["access_log_bytes"] / 1e9 * p["logs_ingest_per_gb"],
    }
    waf = {
        # A page's busiest 5 minutes: its spans (one more at a load near a span's end),
        # its files at load, /events at load and once more, /tonight once.
        "page_requests_per_5_min": 300 / a["span_s"] + a["sky_at_load"] + page_files + 2 + 1,
        "per_month": p["waf_web_acl_per_month"] + 2 * p["waf_rule_per_month"],
        "per_million_viewer_hours": (requests_m + page_requests_m) * p["waf_per_million_requests"],
    }
    snapstart = {
        "cache_per_month": memory / 1024 * 30 * 86400 * p["snapstart_cache_per_gb_s"],
        "per_restore": memory / 1024 * p["snapstart_restore_per_gb"],
    }
    # One dev-server process (the PaaS door, one core): wrk's /sky rate at random places,
    # and with /events and /tonight added at their in-process cost plus the HTTP cost that
    # /sky pays beyond its own in-process figure.
    proc = inputs["process"]
    http_us = max(1e6 / proc["sky_rps"] - proc["sky_us"], 0.0)
    busy_s = (
        per_hour["/sky"] / proc["sky_rps"]
        + per_hour["/events"] * (proc["events_us"] + http_us) / 1e6
        + per_hour["/tonight"] * (proc["tonight_us"] + http_us) / 1e6
    )
    process = {
        "sky_only": proc["sky_rps"] * 3600 / per_hour["/sky"],
        "every_route": 3600 / busy_s,
        "http_us": http_us,
    }
    return {
        "per_hour": per_hour,
        "api_per_hour": api_per_hour,
        "process": process,
        "durations": durations,
        "mean_ms": mean_ms,
        "billed_ms": billed_ms,
        "concurrency": {v: concurrency(v) for v in (10_000, 100_000, 1_000_000)},
        "rps": {v: v * rps_per_viewer for v in (10_000, 100_000, 1_000_000)},
        "ceilings": ceilings,
        "walls": walls,
        "cells": cells,
        "hit_rate": hit_rate,
        "cost": cost,
        "requests_m": requests_m,
        "out_gb": out_gb,
        "snapstart": snapstart,
        "waf": waf,
    }


def n(value: float, places: int = 0) -> str:
    return f"{value:,.{places}f}"


def about(value: float) -> str:
    """Two significant figures: 21,922 -> 22,000."""
    return n(round(value, 1 - len(str(int(value)))))


def render(inputs: dict[str, Any]) -> str:
    m, t, a = model(inputs), inputs["template"], inputs["assumed"]
    memory, sizes = t["MemorySize"], inputs["sizes"]
    cost = m["cost"]
    with_api = sum(cost.values())
    without_api = with_api - cost["HTTP API requests"] - cost["API access logs"]
    lines = [
        "# Capacity and cost",
        "",
        "Generated by `make scale` (infra/scale.py) from `make bench`'s build/bench.json of "
        f"{inputs['bench_measured_at']} and the template's defaults; do not edit by hand. "
        "Run `make bench` then `make scale` to bring it up to date. "
        f"Prices: AWS list prices for US East as published in {inputs['prices_as_of']}, "
        "not fetched by the script: **check them** on "
        + ", ".join(f"[{k}]({v})" for k, v in SOURCES.items())
        + " before relying on a figure.",
        "",
        "## What a viewer asks",
        "",
        f"A page asks `GET /sky` for {a['span_s']} s of sky at a time while visible (five "
        "samples, 30 s apart, which it interpolates between, showing positions every 2 s), "
        "again a few seconds before they run out, and once more at a load in a span's last "
        "seconds; it asks `GET /events` at load and again after the earliest next rise, set "
        "or transit, and `GET /tonight` once per place and night. Per viewer-hour:",
        "",
        "| request | per viewer-hour | gzip bytes each | CloudFront cache hit rate |",
        "| --- | --- | --- | --- |",
        f"| `GET /sky` (now) | {n(m['per_hour']['/sky'])} | {n(sizes['/sky'])} | "
        "viewers in one town share it (below); its start is given and on the grid, so "
        "it is cached a year |",
        f"| `GET /events` (now) | {n(m['per_hour']['/events'])} | {n(sizes['/events'])} | "
        "~0 for distinct places (cached until the earliest next event, at most an hour); "
        "shared places as above |",
        f"| `GET /tonight` | {n(m['per_hour']['/tonight'])} | {n(sizes['/tonight'])} | "
        "~0 for distinct places (cached 5 min) |",
        "| any fixed `time` | as asked | as above | 1 - distinct URLs / requests: cached a "
        "year (`immutable`), so a shared link is computed once per edge |",
        f"| the page (site/, no vendor) | {a['page_loads_per_viewer_hour']} load | "
        f"{n(sizes['page'])} | ~1: from S3 through CloudFront |",
        f"| the place search's gazetteer (site/data/places.json), at the field's first use | "
        f"{n(a['place_searches_per_viewer_hour'], 1)} (assumed) | {n(sizes['places'])} | "
        "~1, as the page |",
        "",
        f"So **{n(m['api_per_hour'])} API requests per viewer-hour** reach the origin at "
        f"most, {n(m['api_per_hour'] / 3600, 4)} requests/s per viewer (the page polling "
        "`GET /planets` every 2 s asked 1,803); a browser test counts the page's requests "
        "over an hour of its own clock and holds them to 70. The span is the biggest lever "
        "on every figure below; every figure assumes no edge cache hits.",
        "",
        "## Viewers in one town share answers at the edge",
        "",
        f"The page sends its place rounded to {a['place_grid_deg']} degree (about "
        f"{n(a['place_grid_deg'] * 111_200)} m north-south; docs/page.md has the error "
        "budget) and a start on the span's grid, so two viewers in one grid cell in the same "
        "two minutes send the same URL, and CloudFront answers the second from its cache. "
        f"A model: a town {a['town_km']} km square at {a['town_lat_deg']} degrees of latitude "
        f"covers {n(m['cells'])} cells; its viewers fall in them at random and are served by "
        "one edge location; each cell's first request in a span misses, the rest hit: hit "
        "rate = 1 - cells x (1 - (1 - 1/cells)^viewers) / viewers. Viewers who give no "
        "place all ask for the Greenwich default's one URL, and hit at 1 - 1/viewers.",
        "",
        "| viewers in the town at once | 10 | 100 | 1,000 | 10,000 |",
        "| --- | --- | --- | --- | --- |",
        "| `GET /sky` edge hit rate | "
        + " | ".join(f"{100 * h:.0f}%" for h in m["hit_rate"].values())
        + " |",
        "",
        "A hit costs a CloudFront request and its bytes, and nothing at the origin: the "
        "HTTP API, Lambda and access-log items below fall by the hit rate times `/sky`'s "
        "share of the requests. Browsers share nothing of it, and a town spread over "
        "several edge locations (or their regional caches) misses once in each.",
        "",
        "## Lambda duration per request",
        "",
        "Measured on the bench machine (one core, warm, through Mangum and FastAPI), then "
        f"divided by Lambda's CPU share, memory / {n(a['vcpu_mb'])} MB (one vCPU at "
        f"{n(a['vcpu_mb'])} MB; the function is single-threaded, so more does not help). "
        "Assumes a Graviton core as fast as the bench machine's: measure on Lambda to confirm.",
        "",
        "| memory (MB) | `GET /sky` (ms) | `GET /events` (ms) |",
        "| --- | --- | --- |",
    ]
    for mb, per in m["durations"].items():
        mark = " (default)" if mb == memory else ""
        lines.append(f"| {mb}{mark} | {n(per['/sky'], 2)} | {n(per['/events'], 2)} |")
    lines += [
        "",
        f"At {memory} MB a viewer's requests average {n(m['mean_ms'], 2)} ms "
        f"({n(m['billed_ms'], 2)} ms billed, rounded up to whole ms per request). Memory barely "
        "moves the cost (the request charge dominates) but divides duration, and so "
        "concurrency, until 1,769 MB.",
        "",
        "## How many viewers, and what breaks first",
        "",
        "| limit | viewers it holds | the knob that moves it |",
        "| --- | --- | --- |",
    ]
    knobs = {
        "HTTP API throttle (ThrottleRate)": "ThrottleRate (and ThrottleBurst); span",
        "reserved concurrency (ReservedConcurrency)": "ReservedConcurrency; MemorySize",
        "Lambda requests/s (10 x the account's concurrency)": "a concurrency quota increase; span",
        "API Gateway's regional quota (all APIs)": "a quota increase, or Origin=FunctionUrl "
        "(no API Gateway)",
        "Lambda concurrency (the account's 1,000)": "MemorySize; a quota increase",
    }
    for name, viewers in sorted(m["ceilings"].items(), key=lambda kv: kv[1]):
        lines.append(f"| {name} | {n(viewers)} | {knobs[name]} |")
    ranked = sorted(m["ceilings"], key=m["ceilings"].get)
    account = min(
        m["ceilings"]["Lambda requests/s (10 x the account's concurrency)"],
        m["ceilings"]["API Gateway's regional quota (all APIs)"],
    )
    lines += [
        "",
        f"With the defaults the first to bind is the {ranked[0]}: **the default deployment "
        f"holds about {about(m['ceilings'][ranked[0]])} concurrent viewers** (a page asking "
        f"a span every {a['span_s']} s); the next is the {ranked[1]}, at "
        f"{about(m['ceilings'][ranked[1]])}. Past the throttle the API answers 429, the page "
        "backs off, keeps its last sky and says it is stale, and the ApiThrottled alarm "
        "fires. To hold more, raise ThrottleRate, and if you reserve concurrency keep it at "
        "least ThrottleRate / 10 (Lambda serves at most 10 requests/s per unit of "
        "concurrency), with room for cold starts; "
        f"beyond about {about(account)} viewers the account's defaults bind (10,000 "
        "requests/s for API Gateway, and for Lambda at 1,000 concurrency) and need quota "
        "increases, or a longer span.",
        "",
        "The walls beyond the template: "
        + "; ".join(f"{name}, about {about(v)} viewers" for name, v in m["walls"].items())
        + ". CloudFront's counts the page's own files too; a new account may not be able to "
        "reserve any concurrency until AWS raises its quota.",
        "",
        "**One dev-server process** (the PaaS door, `make dev`; one core) answers "
        f"{n(inputs['process']['sky_rps'])} page requests (`GET /sky`, two minutes at 30 s, "
        "a new random place each, wrk) a second: "
        f"**{n(m['process']['sky_only'])} viewers** asking {n(m['per_hour']['/sky'])} of them "
        "an hour. Counting also their `/events` and `/tonight` (at their in-process cost, "
        f"{n(inputs['process']['events_us'] / 1000, 1)} ms and "
        f"{n(inputs['process']['tonight_us'] / 1000, 1)} ms, plus the "
        f"{n(m['process']['http_us'])} µs of HTTP a `/sky` pays beyond its own), "
        f"{n(m['process']['every_route'])} viewers. Gunicorn runs one such process per core.",
        "",
        "| concurrent viewers | requests/s | busy copies at the default memory | "
        "concurrency the 10 requests/s rule asks | against the account's 1,000 |",
        "| --- | --- | --- | --- | --- |",
    ]
    limits = inputs["limits"]
    for viewers, busy in m["concurrency"].items():
        rps = m["rps"][viewers]
        needed = max(busy, rps / limits["lambda_rps_per_concurrency"])
        verdict = "fits" if needed <= limits["account_concurrency"] else "**exceeds**"
        if rps > limits["api_gateway_region_rps"]:
            verdict += "; over API Gateway's 10,000 requests/s (Origin=FunctionUrl avoids it)"
        lines.append(f"| {n(viewers)} | {n(rps)} | {n(busy)} | {n(needed)} | {verdict} |")
    lines += [
        "",
        "## Cost per million viewer-hours a month",
        "",
        f"{n(m['requests_m'])} million API requests and {n(m['out_gb'])} GB out, at the tiers "
        "above the free tier (CloudFront's always-free 1 TB and 10 million requests, "
        "Lambda's 1 million requests and 400,000 GB-s a month, are left out: they matter "
        "only for a small instance, which they make free).",
        "",
        "| item | Origin=HttpApi (default) | Origin=FunctionUrl |",
        "| --- | --- | --- |",
    ]
    for item, dollars in cost.items():
        url_side = 0.0 if item in ("HTTP API requests", "API access logs") else dollars
        lines.append(f"| {item} | ${n(dollars)} | ${n(url_side)} |")
    cloudfront = sum(v for k, v in cost.items() if k.startswith("CloudFront"))
    lambda_ = cost["Lambda requests"] + cost["Lambda duration"]
    lines += [
        f"| **total** | **${n(with_api)}** | **${n(without_api)}** |",
        "",
        f"Split: CloudFront ${n(cloudfront)}, HTTP API ${n(cost['HTTP API requests'])}, "
        f"Lambda ${n(lambda_)}, access logs ${n(cost['API access logs'])}; "
        f"${n(with_api / 1e6, 4)} a viewer-hour. Alarms add "
        f"${n(5 * inputs['prices']['alarm_per_month'], 2)} a month. "
        "The function's own logs cost nothing per request: the template logs warnings and "
        "errors only (no START/END/REPORT lines, which would cost about as much as the "
        "access logs).",
        "",
        "**The function URL origin** (`Origin=FunctionUrl`) drops the HTTP API's charge and "
        "its access logs, "
        f"{n(100 * (1 - without_api / with_api))}% of the total, and API Gateway's regional "
        "quota; CloudFront signs each request with Origin Access Control, so the URL answers "
        "nobody else. What it gives up: the per-route throttle (the caps are then "
        "ReservedConcurrency, if set, and WAF's rate rule, if on), API access logs "
        "(CloudFront's own logs, kept either way, name each viewer), and plain POSTs: "
        "CloudFront cannot sign a body for Lambda, "
        "so `POST /geo_location` through CloudFront must carry `x-amz-content-sha256` (the "
        "page never posts). The model favours it at every scale, so the template offers it; "
        "the default stays HttpApi because it keeps the whole contract, a throttle and "
        "access logs. CloudFront's request charge is then the largest item, and only the "
        "span moves it (an edge hit is still a CloudFront request).",
        "",
        "## A ceiling on abuse and on the bill (optional)",
        "",
        f"**WAF** (`WebAcl=create`): ${n(m['waf']['per_month'], 2)} a month (a web ACL, "
        "and two rules: the per-address rate rule and AWS's common rule set), plus "
        f"${n(inputs['prices']['waf_per_million_requests'], 2)} per million requests, "
        f"${n(m['waf']['per_million_viewer_hours'])} per million viewer-hours "
        f"({n(100 * m['waf']['per_million_viewer_hours'] / with_api)}% on top of the "
        "HttpApi total). The rate rule blocks an address for the rest of a 5-minute window "
        f"past WafRateLimit ({n(t['WafRateLimit'])}) requests in it; a page asks at most "
        f"{n(m['waf']['page_requests_per_5_min'])} in 5 minutes (its spans, its files at "
        "load, `/events` twice, `/tonight` once), so the default lets "
        f"{n(t['WafRateLimit'] // m['waf']['page_requests_per_5_min'])} pages share one "
        "address (a household, an office, a carrier's NAT) before any of them is refused.",
        "",
        "**AWS Budget** (`MonthlyBudgetUsd`): free as one of the account's first two "
        f"budgets, then ${n(30 * inputs['prices']['budget_per_day_beyond_two'], 2)} a month "
        "(the user guide's price; the pricing page now charges only budgets with actions, "
        "and this one has none). It mails; it stops nothing, and AWS updates its figures "
        "up to three times a day, so the rate rule and the throttles are what act at once.",
        "",
        "## Cold starts and SnapStart",
        "",
        f"Importing the handler took {n(inputs['handler_import_ms'])} ms on the bench machine "
        f"(importing FastAPI, Mangum and PyEphem alone, {n(inputs['bare_import_ms'])} ms): "
        "the part of a cold start SnapStart skips, at a full core; at "
        f"{memory} MB's CPU share that is up to "
        f"{n(inputs['handler_import_ms'] / min(1.0, memory / a['vcpu_mb']))} ms. "
        "With `SnapStart=true` each published version is snapshotted after its imports, for "
        f"${n(m['snapstart']['cache_per_month'], 2)} a month per cached version at {memory} "
        f"MB plus ${n(m['snapstart']['per_restore'] * 1e6, 2)} per million restores. At a "
        "steady crowd, cold starts are rare and SnapStart buys little; it pays for spiky, "
        "mostly idle traffic.",
        "",
        "## What bench.json lacks",
        "",
        "- `GET /tonight` through the Lambda door: the model counts it at `GET /events`' cost "
        "(one a viewer-hour, so it moves nothing). A `lambda.tonight_random_us` figure would "
        "replace that.",
        "- `GET /events` through Mangum: taken as the in-process figure plus the door's cost "
        "for `GET /planets` (`warm_invoke_random_p50_ms - planets_random_us`).",
        "- The split of the import into FastAPI, Mangum and PyEphem, which would show what a "
        "lighter door would save without SnapStart.",
        "",
        "## Assumptions",
        "",
        "```json",
        json.dumps({"assumed": a, "limits": inputs["limits"]}, indent=2, sort_keys=True),
        "```",
        "",
        MARK + json.dumps(inputs, sort_keys=True) + " -->",
        "",
    ]
    return "\n".join(lines)


def embedded_inputs(document: str) -> dict[str, Any]:
    """The inputs a generated docs/scale.md was rendered from."""
    start = document.index(MARK) + len(MARK)
    inputs: dict[str, Any] = json.loads(document[start : document.index(" -->", start)])
    return inputs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT / "build" / "bench.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "scale.md")
    args = parser.parse_args(argv)
    if not args.bench.exists():
        sys.exit(f"no {args.bench}: run `make bench` first")
    inputs = json.loads(json.dumps(gather(json.loads(args.bench.read_text()))))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(inputs))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
