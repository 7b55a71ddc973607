"""The IANA time zone in force at a place, from its coordinates.

tzfpy (MIT) looks the point up in timezone-boundary-builder's polygons (ODbL, drawn from
OpenStreetMap; release 2026e in tzfpy 2.1.1), simplified to within about 111 m of each
border. The release covers the oceans too: beyond territorial waters the answer is a
nautical zone, `Etc/GMT+N` west of Greenwich and `Etc/GMT-N` east of it (POSIX signs:
`Etc/GMT-12` is UTC+12), split at the 180th meridian, and `Etc/GMT` at the North Pole.
tzfpy builds its finder on the first lookup in a process, not at import: a process pays
for it on its first request, and lookups after it are cheap (docs/places.md).
"""

from __future__ import annotations

import tzfpy


def zone_at(lat: float, lon: float) -> str:
    """Name the IANA time zone of a place, geodetic degrees, north and east positive.

    Which offset the zone keeps at an instant (daylight saving, a change of rule) is
    the zone's business, answered by the tz database (`zoneinfo`), not by this lookup.
    """
    return tzfpy.get_tz(lon, lat)
