"""The API's apparent azimuth and altitude (refraction off) against Skyfield with JPL's
DE421, on seeded cases: every body, 1900-2050, the poles, the antimeridian, high
elevations. Prints the table the README publishes."""

from __future__ import annotations

import json
import math
import random
import statistics
from datetime import UTC, datetime, timedelta

import ephem

from planettracker.core.ephemeris import BODIES
from planettracker.http import endpoints, messages

from .reference import apparent_altaz

CASES_PER_BODY = 40
CUTOFF = datetime(2026, 12, 31, tzinfo=UTC)
# Arc-seconds: 1900-2026 for the Sun, Moon and Mercury-Neptune, to 2050 beyond, Pluto throughout.
BOUND_TO_2026, BOUND_TO_2050, BOUND_PLUTO = 3.0, 30.0, 20.0


def cases() -> list[tuple[str, float, float, float, datetime]]:
    rng = random.Random(20261125)
    start, span = (
        datetime(1900, 1, 1, tzinfo=UTC),
        (datetime(2050, 12, 31, tzinfo=UTC) - datetime(1900, 1, 1, tzinfo=UTC)),
    )
    places = [
        (90.0, 0.0),
        (-90.0, 0.0),
        (0.0, 180.0),
        (-33.0, -180.0),
        (65.0, 179.999),
        (89.5, -45.0),
    ]
    out = []
    for name in BODIES:
        for i in range(CASES_PER_BODY):
            when = start + timedelta(seconds=rng.uniform(0, span.total_seconds()))
            when = when.replace(microsecond=0)
            lat, lon = (
                places[i] if i < len(places) else (rng.uniform(-89.9, 89.9), rng.uniform(-180, 180))
            )
            elevation = rng.choice([0.0, 0.0, 350.0, 2500.0, 4200.0, 8848.0, 20000.0])
            out.append((name, lat, lon, elevation, when))
    return out


def separation_arcsec(az1: float, alt1: float, az2: float, alt2: float) -> float:
    a1, h1, a2, h2 = map(math.radians, (az1, alt1, az2, alt2))
    # Haversine: well-conditioned for the tiny angles measured here.
    s = math.sin((h2 - h1) / 2) ** 2 + math.cos(h1) * math.cos(h2) * math.sin((a2 - a1) / 2) ** 2
    return math.degrees(2 * math.asin(math.sqrt(min(1.0, s)))) * 3600


def api_altaz(
    name: str, lat: float, lon: float, elevation: float, when: datetime
) -> tuple[float, float]:
    query = [("lat", repr(lat)), ("lon", repr(lon)), ("elevation", repr(elevation)),
             ("pressure", "0"), ("time", when.isoformat())]  # fmt: skip
    request = messages.ApiRequest(now=when, query=query, path_params={"name": name})
    body = json.loads(endpoints.get_planet(request).body)
    return body["az"], body["alt"]


def plain_pyephem_altaz(
    name: str, lat: float, lon: float, elevation: float, when: datetime
) -> tuple[float, float]:
    """PyEphem as commonly used, fed UTC as if it were UT1: the baseline to beat."""
    observer = ephem.Observer()
    observer.lat, observer.lon = math.radians(lat), math.radians(lon)
    observer.elevation, observer.pressure = elevation, 0
    observer.date = ephem.Date(when.replace(tzinfo=None))
    body = getattr(ephem, name.capitalize())()
    body.compute(observer)
    return math.degrees(body.az), math.degrees(body.alt)


def error_arcsec(lat: float, ours: tuple[float, float], reference: tuple[float, float]) -> float:
    if abs(lat) == 90:
        # At a pole every direction is south (or north): azimuth has no meaning there.
        return abs(ours[1] - reference[1]) * 3600
    return separation_arcsec(*ours, *reference)


def test_positions_agree_with_de421() -> None:
    errors: dict[tuple[str, str], list[float]] = {}
    plain: dict[tuple[str, str], list[float]] = {}
    for name, lat, lon, elevation, when in cases():
        reference = apparent_altaz(name, lat, lon, elevation, when)
        period = "1900-2026" if when <= CUTOFF else "2027-2050"
        ours = api_altaz(name, lat, lon, elevation, when)
        errors.setdefault((name, period), []).append(error_arcsec(lat, ours, reference))
        baseline = plain_pyephem_altaz(name, lat, lon, elevation, when)
        plain.setdefault((name, period), []).append(error_arcsec(lat, baseline, reference))

    print('\n| body | period | cases | median (") | max (") | plain PyEphem max (") |')
    print("| --- | --- | --- | --- | --- | --- |")
    for (name, period), found in sorted(
        errors.items(), key=lambda kv: (BODIES.index(kv[0][0]), kv[0][1])
    ):
        print(f"| {name} | {period} | {len(found)} | {statistics.median(found):.2f} | {max(found):.2f} "
              f"| {max(plain[name, period]):.2f} |")  # fmt: skip
    for (name, period), found in errors.items():
        bound = (
            BOUND_PLUTO
            if name == "pluto"
            else BOUND_TO_2026
            if period == "1900-2026"
            else BOUND_TO_2050
        )
        assert max(found) <= bound, (name, period, max(found))
