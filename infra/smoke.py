"""Smoke-check a deployed PlanetTracker: `make smoke URL=https://...` (or any base URL).

Each check is a request from the contract with what its answer must be; the script
prints one line per check and exits 1 if any failed.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from typing import Any

import requests

Check = tuple[str, str, dict[str, Any], Callable[[requests.Response], bool]]
FORM = "lat=48.93&lon=2.45&elevation=0"


def problem(status: int, parameter: str | None) -> Callable[[requests.Response], bool]:
    def check(r: requests.Response) -> bool:
        return (
            r.status_code == status
            and r.headers.get("Content-Type", "").startswith("application/problem+json")
            and r.json().get("parameter") == parameter
        )

    return check


CHECKS: list[Check] = [
    ("GET", "health", {}, lambda r: r.ok and r.json()["status"] == "ok"),
    ("GET", "planets/mars", {}, lambda r: r.ok and r.json()["name"] == "mars"),
    ("GET", "planets/mars", {"params": {"lon": "145.051", "lat": "-39.754", "elevation": "0"}},
     lambda r: r.ok and r.json()["observer"]["lat"] == -39.754),
    ("GET", "planets", {"params": {"time": "2024-03-20T12:00:00Z"}},
     lambda r: r.ok and len(r.json()["bodies"]) == 10 and "immutable" in r.headers["Cache-Control"]),  # noqa: E501
    ("GET", "events", {"params": {"time": "2024-03-20T12:00:00Z"}},
     lambda r: r.ok and [b["name"] for b in r.json()["bodies"]][:2] == ["sun", "moon"]
     and r.json()["bodies"][0]["next_set"].startswith("2024-03-20T18:")),
    ("GET", "planets/moon/events", {}, lambda r: r.ok and r.json()["name"] == "moon"
     and "max-age=" in r.headers["Cache-Control"]),
    # A parameter /events does not take is not in its cache key: a fixed time of its own
    # makes this a miss, so the app answers, as a new question would be answered.
    ("GET", "events", {"params": {"time": "2001-02-03T04:05:06Z", "limiting_magnitude": "4"}},
     problem(400, "limiting_magnitude")),
    # Signed by CloudFront for a function URL origin, a POST must carry its body's SHA-256.
    ("POST", "geo_location", {"data": FORM, "headers": {
        "Content-Type": "application/x-www-form-urlencoded",
        "x-amz-content-sha256": hashlib.sha256(FORM.encode()).hexdigest()}},
     lambda r: r.ok and r.json() == {"lat": 48.93, "lon": 2.45, "elevation_m": 0.0,
                                     "elevation": 0.0}),
    ("HEAD", "planets/mars", {}, lambda r: r.ok and r.headers["Content-Type"] == "application/json"
     and int(r.headers["Content-Length"]) > 0 and not r.content),
    ("GET", "openapi.json", {}, lambda r: r.ok and r.json()["openapi"].startswith("3.")),
    ("GET", "planets", {"params": {"lat": "91", "lon": "0"}}, problem(400, "lat")),
    ("GET", "planets/vulcan", {}, problem(404, "name")),
    # The time data says which regime an instant is in, and when it expires.
    ("GET", "planets/mars", {"params": {"time": "2024-03-20T12:00:00Z"}},
     lambda r: r.ok and r.json()["provenance"]["time_scales"]["regime"] == "observed"
     and r.json()["provenance"]["time_scales"]["data_expires"] > "2024"),
    # The app answers preflights (no-store is its mark), not a gateway in front of it.
    ("OPTIONS", "planets", {"headers": {"Origin": "https://planets.example.org",
                                        "Access-Control-Request-Method": "GET"}},
     lambda r: r.status_code == 204 and "access-control-allow-methods" in r.headers
     and r.headers.get("Cache-Control") == "no-store"),
]  # fmt: skip


def run(base: str) -> list[str]:
    """Run every check against `base`; return the failures."""
    base = base.rstrip("/") + "/"
    failures = []
    with requests.Session() as session:
        for method, path, kwargs, ok in CHECKS:
            try:
                answer = session.request(method, base + path, timeout=15, **kwargs)
                passed = ok(answer)
                detail = f"{answer.status_code}"
            except (requests.RequestException, ValueError, KeyError) as error:
                passed, detail = False, f"{type(error).__name__}: {error}"
            print(f"{'ok  ' if passed else 'FAIL'} {method} /{path} {kwargs or ''} -> {detail}")
            if not passed:
                failures.append(f"{method} /{path}")
    return failures


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit("usage: python infra/smoke.py BASE_URL")
    failures = run(args[0])
    print(f"{len(CHECKS) - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
