"""core/zones.py: the time zone at a place, checked at towns against the zone the
GeoNames gazetteer gives them (site/data/places.json), at the borders a coordinate
lookup can get wrong, on both sides of the date line and at sea."""

from __future__ import annotations

import json
import zoneinfo
from datetime import UTC, datetime, timedelta
from itertools import islice

import pytest

from planettracker.core.zones import zone_at

from ..conftest import ROOT


@pytest.mark.parametrize(
    ("place", "lat", "lon", "zone"),
    [
        ("Tromsø", 69.649, 18.955, "Europe/Oslo"),
        ("Sydney", -33.868, 151.207, "Australia/Sydney"),
        ("the Greenwich Observatory", 51.4769, -0.0005, "Europe/London"),
        # Where a nearest-town guess goes wrong: a state split by a zone border, a
        # nation inside a state that keeps daylight saving when the state does not.
        ("Evansville, Indiana (Central time)", 37.97, -87.57, "America/Chicago"),
        ("Indianapolis, Indiana (Eastern time)", 39.768, -86.158, "America/Indiana/Indianapolis"),
        ("Phoenix, Arizona (no daylight saving)", 33.45, -112.07, "America/Phoenix"),
        ("Window Rock, Navajo Nation (daylight saving)", 35.68, -109.05, "America/Denver"),
        # The date line: 4 km of sea between the Diomedes, 21 hours apart on the clock;
        # Samoa west of it since 2011, American Samoa east of it; Kiritimati at UTC+14.
        ("Little Diomede", 65.75, -168.94, "America/Nome"),
        ("Big Diomede", 65.78, -169.05, "Asia/Anadyr"),
        ("Apia, Samoa", -13.83, -171.76, "Pacific/Apia"),
        ("Pago Pago, American Samoa", -14.28, -170.70, "Pacific/Pago_Pago"),
        ("Kiritimati", 1.87, -157.4, "Pacific/Kiritimati"),
        # At sea, nautical zones: a half-zone of 7.5 degrees either side of the 180th
        # meridian, UTC+12 west of it and UTC-12 east of it.
        ("the equatorial Pacific west of the date line", 0.0, 179.5, "Etc/GMT-12"),
        ("the equatorial Pacific east of the date line", 0.0, -179.5, "Etc/GMT+12"),
        ("on the 180th meridian, read as east", 10.0, 180.0, "Etc/GMT-12"),
        ("on the 180th meridian, read as west", 10.0, -180.0, "Etc/GMT+12"),
        ("the mid-Atlantic", 0.0, -30.0, "Etc/GMT+2"),
        ("the Gulf of Guinea, 0 N 0 E", 0.0, 0.0, "Etc/GMT"),
        ("the North Pole", 90.0, 0.0, "Etc/GMT"),
        (
            "the South Pole (New Zealand time, as the station keeps)",
            -90.0,
            0.0,
            "Antarctica/McMurdo",
        ),
    ],
)
def test_the_zone_at_a_place(place: str, lat: float, lon: float, zone: str) -> None:
    assert zone_at(lat, lon) == zone, place


def test_every_point_of_a_one_degree_grid_has_a_zone_the_tz_database_knows() -> None:
    known = zoneinfo.available_timezones()
    unknown = {
        (lat, lon, zone_at(lat, lon))
        for lat in range(-90, 91)
        for lon in range(-180, 181)
        if zone_at(lat, lon) not in known
    }
    assert unknown == set()


def same_clock(a: str, b: str) -> bool:
    """Whether two zones keep the same UTC offset all through 2026 (every 6 hours)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return all(
        (start + timedelta(hours=h)).astimezone(zoneinfo.ZoneInfo(a)).utcoffset()
        == (start + timedelta(hours=h)).astimezone(zoneinfo.ZoneInfo(b)).utcoffset()
        for h in range(0, 365 * 24, 6)
    )


def test_the_largest_towns_keep_the_clock_their_gazetteer_gives_them() -> None:
    """GeoNames names each town's zone by hand, independently of the boundaries. Of the
    1,000 largest towns, those whose two zones keep different clocks are all in Xinjiang,
    where Beijing time (official; the boundary data's first answer) and Ürümqi time
    (GeoNames' choice) are both kept, and the boundary data holds both."""
    data = json.loads((ROOT / "site" / "data" / "places.json").read_text(encoding="utf-8"))
    differ = set()
    for _name, _area, lat, lon, _elevation, _people, zone, *_ in islice(data["places"], 1000):
        theirs, ours = data["zones"][zone], zone_at(lat, lon)
        if theirs != ours and not same_clock(theirs, ours):
            differ.add((theirs, ours))
    assert differ == {("Asia/Urumqi", "Asia/Shanghai")}
