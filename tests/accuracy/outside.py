"""Answers from outside PlanetTracker for the fast tests to compare with: Skyfield on
JPL's DE421 (reference.py), for one body, place and instant at a time.

Skyfield's almanac takes the almanacs' conventions: the Sun's centre 50' below the
horizon (its 16' radius plus 34' of refraction), other bodies' centres 34' below (the
Moon's radius taken off too), or the centre at a geometric altitude given.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
from skyfield import almanac
from skyfield.api import load_constellation_map, position_of_radec, wgs84
from skyfield.framelib import ecliptic_frame

from planettracker.core.ephemeris import BodyName, Location

from .reference import BODIES, EARTH, moment

CONSTELLATIONS = load_constellation_map()


def position(name: BodyName, where: Location, when: datetime) -> dict[str, float | str]:
    """Apparent topocentric right ascension and declination of date, distance, lit
    fraction (percent), signed elongation and constellation, without refraction."""
    t = moment(when)
    observer = EARTH + wgs84.latlon(where.lat, where.lon, elevation_m=where.elevation_m)
    seen = observer.at(t).observe(BODIES[name])
    ra, dec, distance = seen.apparent().radec(epoch="date")
    # Phase: the angle at the body between the Sun and the observer; lit fraction (1 + cos)/2.
    cos_phase = 1.0
    if name != "sun":
        to_sun = BODIES["sun"].at(t).position.au - BODIES[name].at(t).position.au
        to_us = -seen.position.au
        cos_phase = np.dot(to_sun, to_us) / np.linalg.norm(to_sun) / np.linalg.norm(to_us)
    # Elongation, as PyEphem takes it from the Earth's centre (for the Moon, up to a
    # degree from the topocentric one): positive when the body is east of the Sun, its
    # ecliptic longitude of date ahead of the Sun's.
    body = EARTH.at(t).observe(BODIES[name]).apparent()
    sun = EARTH.at(t).observe(BODIES["sun"]).apparent()
    _, body_lon, _ = body.frame_latlon(ecliptic_frame)
    _, sun_lon, _ = sun.frame_latlon(ecliptic_frame)
    east = (body_lon.degrees - sun_lon.degrees) % 360 < 180
    separation = float(body.separation_from(sun).degrees)
    return {
        "ra_hours": float(ra.hours), "dec_deg": float(dec.degrees),
        "distance_km": float(distance.km), "phase_percent": float(50 * (1 + cos_phase)),
        "elongation_deg": separation if east else -separation,
        "constellation_abbr": str(CONSTELLATIONS(position_of_radec(ra.hours, dec.degrees, epoch=t))),
    }  # fmt: skip


def apparent_alt_deg(name: BodyName, where: Location, when: datetime) -> float:
    """Apparent altitude, refracted for 1010 mbar and 15 C (PlanetTracker's default air)."""
    observer = EARTH + wgs84.latlon(where.lat, where.lon, elevation_m=where.elevation_m)
    apparent = observer.at(moment(when)).observe(BODIES[name]).apparent()
    alt, _, _ = apparent.altaz(temperature_C=15.0, pressure_mbar=1010.0)
    return float(alt.degrees)


def events(
    name: BodyName, where: Location, when: datetime, centre_horizon_deg: float | None = None
) -> dict[str, datetime | None]:
    """The last rise, set and transit before `when` and the first after, in UTC; None
    where there is none within a day and a half."""
    observer = EARTH + wgs84.latlon(where.lat, where.lon, elevation_m=where.elevation_m)
    start, stop = moment(when - timedelta(days=1.5)), moment(when + timedelta(days=1.5))
    horizon = {} if centre_horizon_deg is None else {"horizon_degrees": centre_horizon_deg}
    target = BODIES[name]
    rises, real_rises = almanac.find_risings(observer, target, start, stop, **horizon)
    sets, real_sets = almanac.find_settings(observer, target, start, stop, **horizon)
    found: dict[str, list[datetime]] = {
        # Skyfield also lists the day's culmination where there is no rise or set.
        "rise": [t.utc_datetime() for t, real in zip(rises, real_rises, strict=True) if real],
        "set": [t.utc_datetime() for t, real in zip(sets, real_sets, strict=True) if real],
        "transit": [t.utc_datetime() for t in almanac.find_transits(observer, target, start, stop)],
    }
    answer: dict[str, datetime | None] = {}
    for kind, times in found.items():
        answer[f"previous_{kind}"] = max((t for t in times if t < when), default=None)
        answer[f"next_{kind}"] = min((t for t in times if t > when), default=None)
    return answer
