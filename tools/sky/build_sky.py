"""Write site/data/sky.json: the stars and constellation figures the sky chart draws.

Run once, and again only to change what is kept: `python tools/sky/build_sky.py`.
It fetches the npm package d3-celestial 0.7.35 (BSD-3-Clause, Olaf Frohn) with
`npm pack`, checks it against the registry's published sha512, and keeps:

- every star to magnitude 4.0 of its `stars.6.json` (from XHIP, Anderson & Francis
  2012, VizieR V/137D: Hipparcos positions at J2000 with V magnitudes and B-V), plus
  every fainter star that a constellation figure joins (from `stars.8.json` for Mira);
- the figures of `constellations.lines.json` (the IAU/Sky & Telescope figures, as
  d3-celestial draws them), each vertex turned into the Hipparcos number of the star
  at that place, so the page draws lines between the stars it has;
- each constellation's IAU name and label position from `constellations.json`, and
  the proper names of the stars brighter than magnitude 1.5 from `starnames.json`.

Positions stay at J2000: the page precesses them to the date shown.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "d3-celestial@0.7.35"
INTEGRITY = (  # the registry's dist.integrity for that version
    "sha512-cURxIl0E+FGWnYj6gTDt80SjuiM9lklcGykj/skVy7glDg5nj/"
    "QxTUoPPArU+bpEQ+1fLy5hi920OvJ/TgliRw=="
)
MAG_LIMIT = 4.0
NAMED_LIMIT = 1.5
MATCH_DEG = 0.01  # a figure's vertex and its star are the same coordinates in the package
OUT = Path(__file__).resolve().parents[2] / "site" / "data" / "sky.json"


def fetch(workdir: Path) -> Path:
    """The package's data folder, unpacked from the checked tarball."""
    subprocess.run(
        ["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
    )
    (tarball,) = workdir.glob("*.tgz")
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != INTEGRITY:
        raise SystemExit(f"{tarball.name} does not match the registry's integrity {INTEGRITY}")
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package" / "data"


def ra_of(lon: float) -> float:
    """GeoJSON longitude (-180..180, the package's convention) to right ascension, degrees."""
    return round(lon % 360, 4)


def build(data: Path) -> dict[str, Any]:
    def load(name: str) -> Any:
        return json.loads((data / name).read_text(encoding="utf-8"))

    stars = {f["id"]: f for f in load("stars.6.json")["features"]}
    faint = {f["id"]: f for f in load("stars.8.json")["features"]}

    def star_at(lon: float, lat: float) -> int:
        for pool in (stars, faint):
            for hip, f in pool.items():
                x, y = f["geometry"]["coordinates"]
                if abs(x - lon) < MATCH_DEG and abs(y - lat) < MATCH_DEG:
                    stars[hip] = f
                    return int(hip)
        raise SystemExit(f"no star at {lon}, {lat}")

    # Serpens comes twice under one abbreviation (Caput, then Cauda) in both files:
    # the n-th figure of an abbreviation goes with its n-th name.
    about: dict[str, list[Any]] = {}
    for f in load("constellations.json")["features"]:
        about.setdefault(f["id"], []).append(f)
    constellations = []
    for figure in load("constellations.lines.json")["features"]:
        abbr = figure["id"]
        paths = figure["geometry"]["coordinates"]
        lines = [[star_at(lon, lat) for lon, lat in line] for line in paths]
        named = about[abbr].pop(0)
        lon, lat = named["geometry"]["coordinates"]
        constellations.append({
            "abbr": abbr,
            "name": named["properties"]["name"],
            "rank": int(named["properties"]["rank"]),
            "label": [ra_of(lon), round(lat, 4)],
            "lines": lines,
        })  # fmt: skip
    joined = {hip for c in constellations for line in c["lines"] for hip in line}
    kept = sorted(
        (f for hip, f in stars.items() if f["properties"]["mag"] <= MAG_LIMIT or hip in joined),
        key=lambda f: f["properties"]["mag"],
    )
    proper = load("starnames.json")
    named = {
        str(f["id"]): proper[str(f["id"])]["name"]
        for f in kept
        if f["properties"]["mag"] < NAMED_LIMIT and proper.get(str(f["id"]), {}).get("name")
    }
    return {
        "source": (
            "d3-celestial 0.7.35 (BSD-3-Clause, Olaf Frohn): stars from XHIP (Anderson & "
            "Francis 2012, VizieR V/137D), figures after the IAU and Sky & Telescope"
        ),
        "epoch": "J2000",
        "columns": ["hip", "ra_deg", "dec_deg", "mag", "bv"],
        "stars": [
            [
                int(f["id"]),
                ra_of(f["geometry"]["coordinates"][0]),
                round(f["geometry"]["coordinates"][1], 4),
                f["properties"]["mag"],
                round(float(f["properties"]["bv"] or 0), 2),
            ]
            for f in kept
        ],
        "names": named,
        "constellations": constellations,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sky = build(fetch(Path(tmp)))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(sky, separators=(",", ":"), ensure_ascii=False)
    OUT.write_text(text + "\n", encoding="utf-8")
    bright = sum(1 for s in sky["stars"] if s[3] <= MAG_LIMIT)
    print(f"{OUT}: {len(sky['stars'])} stars ({bright} to magnitude {MAG_LIMIT}), "
          f"{len(sky['constellations'])} figures, {len(text) // 1024} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
