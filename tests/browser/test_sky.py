"""The sky chart as a person looks at it: stars where PyEphem puts them, labels that
never touch each other or a mark (over crowded skies and both screen sizes), bodies
drawn as themselves, the sky's colour by the Sun; and the page's words: rising and set
told apart, times that say their clock, announcements only for what changes, Tonight
for the chosen night, and the showing period as a setting."""

from __future__ import annotations

import math
import os
import random
import re
import shutil
from datetime import datetime
from typing import Any

import ephem
import pytest
import requests
from playwright.sync_api import Page, Route, expect

from .conftest import (
    ARTIFACTS,
    FETCH_LOG,
    PARIS,
    PLANETS,
    QUIET,
    ROOT,
    SKY,
    Console,
    NewPage,
    advance,
    day_time,
    expect_full_table,
    fetches,
    install_clock,
    pause_clock,
    query_of,
    save_screenshot,
    settle_frames,
    show_moment,
    table,
    unproject,
    until_next_span,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# (name, lat, lon, UTC moment): crowded and plain skies, day and night, both hemispheres.
MOMENTS = [
    # Jupiter and Saturn 0.1 degrees apart, Pluto beside them, in twilight.
    ("paris-great-conjunction", 48.85661, 2.35222, "2020-12-21T17:00:00"),
    # Venus and Jupiter half a degree apart in the evening twilight.
    ("quito-venus-jupiter", -0.18, -78.47, "2023-03-01T23:40:00"),
    ("sydney-night", -33.86, 151.21, "2024-03-20T12:00:00"),
    # The Moon, Mars and Jupiter close together before dawn, at a high latitude.
    ("oslo-moon-mars-jupiter", 59.91, 10.75, "2024-08-28T02:30:00"),
    ("tromso-midnight-sun", 69.65, 18.96, "2024-06-21T00:00:00"),
]

RECTS = """
(() => {
  const rect = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    labels: [...document.querySelectorAll("[data-label]")].map((el) => ({
      text: el.textContent, kind: el.dataset.label, rect: rect(el),
      chart: el.closest("[data-chart]") ? "sky" : "curves",
    })),
    marks: [...document.querySelectorAll("[data-star], [data-marks] circle, [data-marks] path")]
      .map((el) => ({ name: el.dataset.star ?? el.closest("[data-body]").dataset.body, rect: rect(el) })),
  };
})()
"""

EPSILON = 0.01  # px: boxes that only touch do not overlap


def overlap(a: list[float], b: list[float]) -> bool:
    return (
        a[0] < b[2] - EPSILON
        and b[0] < a[2] - EPSILON
        and a[1] < b[3] - EPSILON
        and b[1] < a[3] - EPSILON
    )


def collisions(page: Page) -> list[str]:
    """Every pair of labels, and every label and mark, whose boxes intersect."""
    found = page.evaluate(RECTS)
    labels, marks = found["labels"], found["marks"]
    bad = [
        f"label {a['text']!r} on label {b['text']!r}"
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if overlap(a["rect"], b["rect"])
    ]
    bad += [
        f"label {a['text']!r} on mark {m['name']}"
        for a in labels
        if a["chart"] == "sky"
        for m in marks
        if overlap(a["rect"], m["rect"])
    ]
    return bad


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(("name", "lat", "lon", "time"), MOMENTS, ids=[m[0] for m in MOMENTS])
def test_no_label_touches_another_label_or_a_mark(
    new_page: NewPage,
    live_server: str,
    console: Console,
    viewport: dict[str, int],
    name: str,
    lat: float,
    lon: float,
    time: str,
) -> None:
    page = new_page(viewport=viewport, geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    show_moment(page, lat, lon, time)
    expect(page.locator("[data-tonight-note]")).to_contain_text(re.compile("Dark from|darkness"))
    found = page.evaluate(RECTS)
    up = page.locator("[data-marks] [data-body]").all()
    body_labels = [lab for lab in found["labels"] if lab["kind"] == "body"]
    # Every body above the horizon is named on the chart, and its name is on the screen;
    # so are the four cardinal points.
    assert len(body_labels) == len(up)
    cardinals = sorted(lab["text"] for lab in found["labels"] if lab["kind"] == "cardinal")
    assert cardinals == ["E", "N", "S", "W"]
    for label in found["labels"]:
        left, top, right, bottom = label["rect"]
        assert left >= 0 and right <= viewport["width"], label
    assert collisions(page) == []
    if viewport is DESKTOP and name == "paris-great-conjunction":
        save_screenshot(page, "chart-conjunction", full_page=False)
    assert console.problems() == []


MARK_LABEL_LEADER = """(body) => {
  const box = (el) => (el ? el.getBoundingClientRect().toJSON() : null);
  return [
    box(document.querySelector(`[data-marks] [data-body="${body}"]`)),
    box(document.querySelector(`[data-label="body"][data-for="${body}"]`)),
    document.querySelectorAll(`[data-leader="${body}"]`).length,
  ];
}"""


def test_conjunction_bodies_are_named_beside_their_marks(
    new_page: NewPage, live_server: str
) -> None:
    """Jupiter and Saturn share one spot: both names are shown, neither on the other,
    each joined to its mark by a leader line when it had to move away."""
    page = new_page(viewport=DESKTOP, geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    show_moment(page, *MOMENTS[0][1:])
    for body in ("jupiter", "saturn", "pluto"):
        label = page.locator(f'[data-label="body"][data-for="{body}"]')
        expect(label).to_have_text(body.capitalize())
        # Read in one go: the chart may be drawn again between two separate reads.
        mark, box, leader = page.evaluate(MARK_LABEL_LEADER, body)
        assert mark is not None and box is not None
        gap = math.hypot(
            max(box["x"] - (mark["x"] + mark["width"]), mark["x"] - (box["x"] + box["width"]), 0),
            max(box["y"] - (mark["y"] + mark["height"]), mark["y"] - (box["y"] + box["height"]), 0),
        )
        assert gap <= 10 or leader == 1, (body, gap)


def pyephem_star(hip_ra_dec: tuple[float, float], lat: float, lon: float, when: str) -> Any:
    observer = ephem.Observer()
    observer.lat, observer.lon = str(lat), str(lon)
    observer.date = ephem.Date(datetime.fromisoformat(when).replace(tzinfo=None))
    observer.pressure, observer.temp = 1010, 15
    star = ephem.FixedBody()
    star._ra, star._dec = (math.radians(v) for v in hip_ra_dec)
    star._epoch = ephem.J2000
    star.compute(observer)
    return star


def separation_deg(az1: float, alt1: float, az2: float, alt2: float) -> float:
    return math.degrees(
        float(
            ephem.separation(
                (math.radians(az1), math.radians(alt1)), (math.radians(az2), math.radians(alt2))
            )
        )
    )


@pytest.mark.parametrize(
    ("lat", "lon", "time"),
    [
        (48.85661, 2.35222, "2020-12-21T22:00:00"),
        (-33.86, 151.21, "2024-03-20T12:00:00"),
        (64.15, -21.94, "1950-01-15T03:00:00"),
        (19.82, -155.47, "2090-07-04T10:00:00"),
    ],
    ids=["paris-2020", "sydney-2024", "reykjavik-1950", "mauna-kea-2090"],
)
def test_stars_are_where_pyephem_puts_them(
    new_page: NewPage, live_server: str, lat: float, lon: float, time: str
) -> None:
    """At night over 100 stars are drawn, each carrying its Hipparcos number; turned back
    from the chart, each is within 0.03 degree of PyEphem's apparent place for the same
    place and moment (its own precession, nutation, aberration and refraction)."""
    page = new_page(viewport=DESKTOP, geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    lat, lon = show_moment(page, lat, lon, time)
    assert page.locator("[data-chart]").get_attribute("data-sky") == "night"
    radius = float(page.locator("[data-horizon]").get_attribute("r") or "0")
    drawn = page.evaluate(
        "[...document.querySelectorAll('[data-star]')]"
        ".map((s) => [Number(s.dataset.star), Number(s.getAttribute('cx')),"
        " Number(s.getAttribute('cy'))])"
    )
    assert len(drawn) >= 100
    catalogue = requests.get(f"{live_server}/data/sky.json", timeout=10).json()
    coordinates = {hip: (ra, dec) for hip, ra, dec, _mag, _bv in catalogue["stars"]}
    worst = 0.0
    for hip, x, y in drawn:
        star = pyephem_star(coordinates[hip], lat, lon, time)
        az, alt = unproject(x, y, radius)
        worst = max(worst, separation_deg(az, alt, math.degrees(star.az), math.degrees(star.alt)))
    assert worst < 0.03  # measured about 0.01; the issue asks for 0.1
    # Every star PyEphem puts above the horizon is drawn, or hidden under a body's name
    # (at most six for each name).
    up = {
        hip
        for hip, radec in coordinates.items()
        if pyephem_star(radec, lat, lon, time).alt > math.radians(0.05)
    }
    missing = up - {hip for hip, _x, _y in drawn}
    hidden = {
        int(h)
        for h in (page.locator("[data-chart]").get_attribute("data-hidden-stars") or "").split()
    }
    assert missing <= hidden
    assert len(hidden) <= 6 * page.locator('[data-chart] [data-label="body"]').count()


def test_the_catalogue_names_its_source_and_reaches_magnitude_4(live_server: str) -> None:
    catalogue = requests.get(f"{live_server}/data/sky.json", timeout=10).json()
    assert "XHIP" in catalogue["source"] and catalogue["epoch"] == "J2000"
    bright = [s for s in catalogue["stars"] if s[3] <= 4.0]
    assert len(bright) >= 500  # the sky has about 520 stars to magnitude 4
    hips = {s[0] for s in catalogue["stars"]}
    assert len(hips) == len(catalogue["stars"])
    assert len(catalogue["constellations"]) == 89  # the 88, Serpens in two parts
    names = {c["name"] for c in catalogue["constellations"]}
    assert len(names) == 89 and {"Serpens Caput", "Serpens Cauda"} <= names
    joined = {hip for c in catalogue["constellations"] for line in c["lines"] for hip in line}
    assert joined <= hips


SUN_ALT_TO_SKY = [
    (0.0, "day"),
    (-3, "civil"),
    (-9, "nautical"),
    (-15, "astronomical"),
    (-25, "night"),
]


def test_the_sky_colour_follows_the_sun(new_page: NewPage, live_server: str) -> None:
    """The chart's sky is day, civil, nautical or astronomical twilight, or night, by the
    Sun's altitude in the answer on screen."""
    page = new_page(viewport=DESKTOP, geolocation=PARIS, permissions=["geolocation"])
    altitude = {"value": 0.0}

    def sun_at(route: Route) -> None:
        answer = route.fetch().json()
        answer["bodies"][0]["alt"] = altitude["value"]
        answer["bodies"][0]["above_horizon"] = altitude["value"] > -0.833
        route.fulfill(json=answer)

    page.route(PLANETS, sun_at)
    page.goto(live_server)
    expect(page.locator("[data-rows] tr")).to_have_count(10)
    page.evaluate("document.querySelector('[data-controls]').open = true")
    chart = page.locator("[data-chart]")
    fills = set()
    for hour, (alt, phase) in enumerate(SUN_ALT_TO_SKY):
        altitude["value"] = alt
        page.locator("#time").fill(f"2024-03-20T{hour + 10:02}:00:00")  # a moment's sky
        expect(chart).to_have_attribute("data-sky", phase)
        fills.add(page.evaluate("getComputedStyle(document.querySelector('.disc')).fill"))
    assert len(fills) == len(SUN_ALT_TO_SKY)  # five different colours


def test_bodies_drawn_as_themselves(new_page: NewPage, live_server: str) -> None:
    """Sun and Moon as discs, the Moon's bright limb towards the Sun; planets sized by
    magnitude; Neptune and Pluto, beyond the eye, hollow."""
    page = new_page(viewport=DESKTOP, geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    lat, lon = show_moment(page, *MOMENTS[0][1:])  # the Moon half lit in the south, the Sun set
    sky = requests.get(
        f"{live_server}/planets",
        params={"lat": lat, "lon": lon, "time": MOMENTS[0][3] + "Z"},
        timeout=10,
    ).json()
    bodies = {b["name"]: b for b in sky["bodies"]}
    radius = {
        name: float(
            page.locator(f'[data-marks] [data-body="{name}"] circle').first.get_attribute("r")
            or "0"
        )
        for name in ("mars", "jupiter", "uranus", "neptune", "moon")
    }
    assert radius["jupiter"] > radius["mars"] > radius["uranus"]  # -1.8, -0.5, 5.7
    for name in ("neptune", "pluto"):
        mark = page.locator(f'[data-marks] [data-body="{name}"]')
        assert mark.get_attribute("data-naked-eye") == "false"
        # Found and read in one evaluation: a late catalogue redraws the chart between two.
        fill = f"getComputedStyle(document.querySelector('[data-body=\"{name}\"] circle')).fill"
        assert page.evaluate(fill) == "none"
    for name in ("mars", "jupiter", "uranus"):
        mark = page.locator(f'[data-marks] [data-body="{name}"]')
        assert mark.get_attribute("data-naked-eye") == "true"
    # The bright limb: the lit path is turned towards the Sun along the great circle.
    lit = page.locator('[data-marks] [data-body="moon"] path')
    turned = float(lit.get_attribute("data-bright-limb-deg") or "nan")
    moon, sun = bodies["moon"], bodies["sun"]
    toward = bearing_on_chart(moon, sun)
    assert (turned - toward + 180) % 360 - 180 == pytest.approx(0, abs=3)
    assert 0.4 < moon["phase_percent"] / 100 < 0.6


def bearing_on_chart(moon: dict[str, Any], sun: dict[str, Any]) -> float:
    """Degrees (the chart's x to y) in which the Moon sees the Sun, by a small step
    along the great circle between them, projected as the page projects."""

    def vec(b: dict[str, Any]) -> list[float]:
        az, alt = math.radians(b["az"]), math.radians(b["alt"])
        return [math.cos(alt) * math.cos(az), math.cos(alt) * math.sin(az), math.sin(alt)]

    def xy(az: float, alt: float) -> tuple[float, float]:
        r = math.tan(math.radians(90 - alt) / 2)
        return -r * math.sin(math.radians(az)), -r * math.cos(math.radians(az))

    m, s = vec(moon), vec(sun)
    dot = sum(a * b for a, b in zip(m, s, strict=True))
    t = [b - dot * a for a, b in zip(m, s, strict=True)]
    norm = math.hypot(*t)
    step = math.radians(0.5)
    p = [a * math.cos(step) + b / norm * math.sin(step) for a, b in zip(m, t, strict=True)]
    az, alt = math.degrees(math.atan2(p[1], p[0])), math.degrees(math.asin(p[2]))
    (x0, y0), (x1, y1) = xy(moon["az"], moon["alt"]), xy(az, alt)
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def test_rising_and_set_told_apart(new_page: NewPage, live_server: str) -> None:
    """A body below the horizon says when it rises next, never "(set)"; one above says
    whether it can be seen and when it sets."""
    page = new_page(viewport=DESKTOP, geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    lat, lon, time = MOMENTS[0][1:]
    lat, lon = show_moment(page, lat, lon, time)
    params = {"lat": lat, "lon": lon, "time": time + "Z"}
    sky = requests.get(f"{live_server}/planets", params=params, timeout=10).json()
    events = requests.get(f"{live_server}/events", params=params, timeout=10).json()
    rows = table(page)
    by_name = {e["name"]: e for e in events["bodies"]}
    for body in sky["bodies"]:
        seen = rows[body["name"]]["seen"]
        rise = by_name[body["name"]]["next_rise"]
        if not body["above_horizon"]:
            assert seen == f"No: below the horizon; rises {day_time(rise, sky['time'])}"
        else:
            assert seen.startswith("Yes" if body["visibility"]["visible"] else "No: ")
            assert "sets " in seen
    assert rows["venus"]["seen"].startswith("No: below the horizon; rises ")
    assert rows["jupiter"]["seen"].startswith("Yes; sets ")
    assert rows["neptune"]["seen"].startswith("No: too faint to see by eye (magnitude 7.9)")
    assert "(set)" not in (page.locator("main").text_content() or "")


def test_every_time_says_its_clock_and_utc_is_a_switch(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """In a Paris browser the times carry UTC+01:00; switched to UTC they move an hour
    and say UTC; the time typed is read in the clock chosen."""
    page = new_page(
        viewport=DESKTOP,
        geolocation=PARIS,
        permissions=["geolocation"],
        timezone_id="Europe/Paris",
    )
    page.add_init_script(FETCH_LOG)
    page.goto(live_server)
    expect_full_table(page)
    page.locator("#time").fill("2024-01-10T22:00:00")  # Paris winter time: 21:00 UTC
    status = page.locator("[data-status]")
    expect(status).to_contain_text("10 Jan 2024, 22:00:00 UTC+01:00")
    assert query_of(fetches(page, PLANETS)[-1]["url"])["time"] == "2024-01-10T21:00:00.000Z"
    expect_full_table(page)
    expect(page.locator("[data-caption]")).to_contain_text("your clock, UTC+01:00")
    expect(page.locator("[data-tonight-note]")).to_contain_text("(your clock, UTC+01:00)")
    local = table(page)["sun"]["rise"]
    page.get_by_label("UTC", exact=True).check()
    expect(status).to_contain_text("10 Jan 2024, 21:00:00 UTC")
    expect(page.locator("[data-caption]")).to_contain_text("times in UTC")
    expect(page.locator("[data-tonight-note]")).to_contain_text("(UTC)")
    utc = table(page)["sun"]["rise"]
    # Both "tomorrow hh:mm": sunrise on the 11th is the next day in either clock.
    assert local.startswith("tomorrow ") and utc.startswith("tomorrow ")
    hours = (int(local[-5:-3]) - int(utc[-5:-3])) % 24
    assert hours == 1 and local[-2:] == utc[-2:]
    expect(page.locator("#time")).to_have_value(re.compile(r"^2024-01-10T21:00(:00)?$"))
    page.locator("#time").fill("2024-01-10T23:30:00")  # now read as UTC
    expect(status).to_contain_text("10 Jan 2024, 23:30:00 UTC")
    assert query_of(fetches(page, PLANETS)[-1]["url"])["time"] == "2024-01-10T23:30:00.000Z"
    assert console.problems() == []


def test_tonight_is_asked_for_the_chosen_night(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """Now: the API's night ahead (no date). A chosen moment: that moment's night, noon
    to noon by the place's solar time, asked once per place and date."""
    page = new_page(viewport=DESKTOP, geolocation=PARIS, permissions=["geolocation"])
    asked: list[dict[str, str]] = []
    page.on(
        "request",
        lambda r: asked.append(query_of(r.url)) if "/tonight?" in r.url else None,
    )
    page.goto(live_server)
    expect_full_table(page)
    expect(page.locator("[data-tonight-note]")).not_to_be_empty()
    assert [q.get("date") for q in asked] == [None]
    heading = page.locator("[data-tonight-heading]")
    expect(heading).to_have_text(re.compile(r"^Tonight: the night of \d.*\d{4}$"))

    page.locator("#time").fill("2024-03-20T23:00:00")
    expect(heading).to_have_text(re.compile(r"^The night of 20\s*–\s*21 March 2024$"))
    page.locator("#time").fill("2024-03-21T02:00:00")  # still the same night: not asked again
    expect(page.locator("[data-status]")).to_contain_text("21 Mar 2024, 02:00")
    page.locator("#time").fill("2024-03-21T20:00:00")  # the next night
    expect(heading).to_have_text(re.compile(r"^The night of 21\s*–\s*22 March 2024$"))
    expect(page.locator("[data-tonight-note]")).to_contain_text("Dark from")
    dates = [q.get("date") for q in asked]
    assert dates == [None, "2024-03-20", "2024-03-21"]
    plan = requests.get(f"{live_server}/tonight", params=asked[-1], timeout=10).json()
    assert plan["date"] == "2024-03-21"
    items = page.locator("[data-tonight-list] li")
    expect(items).to_have_count(len(plan["bodies"]))
    assert console.problems() == []


def test_announces_risings_and_outages_not_every_poll(
    located_page: Page, live_server: str, console: Console
) -> None:
    """The status line is not a live region; the one live region speaks when a body
    rises or sets and when the API goes down or comes back, once each. On the page's own
    clock, moved on a span at a time."""
    page = located_page
    live = page.locator("[aria-live]:not([data-error])")
    flip = {"on": False, "down": False}

    def spans(route: Route) -> None:
        if flip["down"]:
            route.fulfill(status=503, json={"title": "down", "status": 503})
            return
        answer = route.fetch().json()
        if flip["on"]:
            for sample in answer["samples"]:
                mars = next(b for b in sample["bodies"] if b["name"] == "mars")
                mars["alt"] = -mars["alt"]
        route.fulfill(json=answer)

    page.add_init_script(FETCH_LOG)
    install_clock(page, at=QUIET)  # only the turned Mars rises or sets (once, Neptune did)
    page.route(SKY, spans)
    page.goto(live_server)
    expect_full_table(page)
    assert live.count() == 1
    assert page.locator("[data-status]").get_attribute("aria-live") is None
    announce = page.locator("[data-announce]")
    pause_clock(page)

    def next_span() -> None:
        advance(page, until_next_span(page) + 2000)  # asked, answered, and a showing

    next_span()
    expect(announce).to_have_text("")  # the sky moving alone says nothing
    flip["on"] = True
    next_span()
    next_span()  # the turned samples shown
    expect(announce).to_have_text(re.compile(r"^Mars has (risen|set)\.$"))
    flip["down"] = True
    advance(page, until_next_span(page))
    expect(announce).to_have_text(re.compile("not answering"))
    said = announce.text_content()
    count = len(fetches(page, SKY))
    advance(page, 2000)
    assert len(fetches(page, SKY)) == count + 1  # retried, failed again
    assert announce.text_content() == said  # not said again
    assert page.locator("[data-banner]").get_attribute("role") is None
    flip["down"] = False
    advance(page, 4000)
    expect(announce).to_have_text("The PlanetTracker API is answering again.")
    assert console.problems(ignore=("status of 503",)) == []


def test_the_chart_has_a_text_alternative(located_page: Page, live_server: str) -> None:
    page = located_page
    page.goto(live_server)
    expect_full_table(page)
    chart = page.locator("[data-chart]")
    described = chart.get_attribute("aria-describedby")
    text = page.locator(f"#{described}")
    up = [r for r, v in table(page).items() if not v["seen"].startswith("No: below")]
    for name in up:
        expect(text).to_contain_text(name.capitalize())
    expect(text).to_contain_text(re.compile(r"^(Daytime|Civil|Nautical|Astronomical|Night)"))


def test_the_showing_period_is_a_setting(new_page: NewPage, live_server: str) -> None:
    """<meta name="poll-interval">, once the period of the tutorial's polls, is how often
    the page shows the sky's positions: at 4000, a new instant every 4 s of its clock."""
    page = new_page(geolocation=PARIS, permissions=["geolocation"])

    def slower(route: Route) -> None:
        html = route.fetch().text()
        route.fulfill(
            body=html.replace(
                'name="poll-interval" content="2000"', 'name="poll-interval" content="4000"'
            ),
            content_type="text/html",
        )

    page.route(re.compile(r"/(index\.html)?$"), slower)
    page.add_init_script(FETCH_LOG)
    install_clock(page)
    page.goto(live_server)
    expect_full_table(page)
    pause_clock(page)
    shown = page.locator("[data-table]")
    page.clock.run_for(4000)  # a showing, at a moment of the interval's own rhythm

    def shown_ms() -> float:
        moment = datetime.fromisoformat((shown.get_attribute("data-time") or "")[:-1] + "+00:00")
        return moment.timestamp() * 1000

    times = [shown_ms()]
    for _ in range(3):
        page.clock.run_for(times[-1] + 4000 - page.evaluate("Date.now()") - 1)
        assert shown_ms() == times[-1]
        page.clock.run_for(1)
        times.append(shown_ms())
    assert [b - a for a, b in zip(times, times[1:], strict=False)] == [4000] * 3


def test_readme_screenshots(new_page: NewPage, live_server: str) -> None:
    """The README's pictures: the great conjunction's evening over Paris, found by name and
    shown in its own clock, at 1280 x 800; the same sky at 390 x 844 with Jupiter's details
    open. Kept in test-artifacts/; copied to docs/ with UPDATE_README_SCREENSHOTS=1."""
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport=viewport, timezone_id="America/New_York")
        page.goto(live_server)
        expect_full_table(page)
        page.evaluate("document.querySelector('[data-controls]').open = true")
        box = page.get_by_role("combobox", name="Find a place")
        box.press_sequentially("paris")
        expect(
            page.get_by_role("listbox", name="Places").get_by_role("option").first
        ).to_contain_text("Paris Île-de-France, France")
        box.press("Enter")
        page.locator("#time").fill("2020-12-21T18:15:00")  # Paris's clock: 17:15 UTC
        expect(page.locator("[data-status]")).to_contain_text("21 Dec 2020, 18:15:00 UTC+01:00")
        expect_full_table(page)
        page.locator("#time").blur()
        page.evaluate(
            "document.querySelector('[data-controls]').open = "
            "matchMedia('(min-width: 60rem)').matches; window.scrollTo(0, 0)"
        )
        settle_frames(page)
        assert collisions(page) == []
        if label == "phone":
            page.locator('[data-rows] tr[data-body="jupiter"]').click()
            expect(page.get_by_role("dialog", name="Jupiter")).to_contain_text("Paris's clock")
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"readme-{label}.jpg"
        page.screenshot(path=str(path), type="jpeg", quality=85)
        assert path.stat().st_size < 250_000  # small enough for a README
        if os.environ.get("UPDATE_README_SCREENSHOTS"):
            (ROOT / "docs").mkdir(exist_ok=True)
            shutil.copyfile(path, ROOT / "docs" / f"screenshot-{label}.jpg")
    assert ARTIFACTS.is_dir()


def test_labels_never_touch_over_many_seeded_skies(
    new_page: NewPage, live_server: str, console: Console
) -> None:
    """Twelve seeded places and moments (1900-2100, pole to pole), on a phone, where the
    chart is smallest and most crowded: no collisions, every body above the horizon named."""
    rng = random.Random(11)
    page = new_page(viewport=PHONE, geolocation=PARIS, permissions=["geolocation"])
    page.goto(live_server)
    for _ in range(12):
        lat = round(rng.uniform(-89, 89), 2)
        lon = round(rng.uniform(-180, 180), 2)
        moment = (
            datetime(1900, 1, 1) + (datetime(2100, 12, 1) - datetime(1900, 1, 1)) * rng.random()
        )
        show_moment(page, lat, lon, moment.replace(microsecond=0).isoformat())
        where = (lat, lon, moment.isoformat())
        assert collisions(page) == [], where
        up = page.locator("[data-marks] [data-body]").count()
        assert page.locator('[data-chart] [data-label="body"]').count() == up, where
    assert console.problems() == []


PURE = """
async () => {
  const sky = await import("./js/sky.js");
  const labels = await import("./js/labels.js");
  const api = await import("./js/api.js");
  const chart = await import("./js/chart.js");
  const roundTrip = [];
  for (const [az, alt] of [[0, 0], [90, 45], [181, 10], [359, 89], [270, -5]]) {
    const { x, y } = sky.project(az, alt, 300);
    roundTrip.push([az, alt, sky.unproject(x, y, 300)]);
  }
  // Forty labels wanting the same spot, among a field of marks.
  const marks = Array.from({ length: 60 }, (_, i) => {
    const x = ((i * 37) % 300) - 150, y = ((i * 53) % 300) - 150;
    return { x0: x - 1, y0: y - 1, x1: x + 1, y1: y + 1, star: true, soft: i % 2 === 0 };
  });
  const crowd = Array.from({ length: 40 }, (_, i) => ({
    id: `l${i}`, w: 40, h: 14, x: 0, y: 0, r: 4, mode: "beside", required: i < 10,
  }));
  const bounds = { x0: -200, y0: -200, x1: 200, y1: 200 };
  const { placed, knocked } = labels.placeLabels(crowd, marks, bounds);
  const boxes = [...placed.values()].map((p) => p.box);
  const standing = marks.filter((m) => !knocked.has(m));
  const clash = boxes.some((a, i) => boxes.some((b, j) => i !== j && labels.intersects(a, b)))
    || boxes.some((a) => standing.some((m) => labels.intersects(a, m)));
  const spread = labels.spreadColumn(
    [{ id: "a", y: 100, h: 14 }, { id: "b", y: 100, h: 14 }, { id: "c", y: 101, h: 14 }], 0, 110, 2);
  return {
    roundTrip,
    requiredPlaced: crowd.slice(0, 10).every((l) => placed.has(l.id)),
    clash,
    knockedHard: [...knocked].some((m) => !m.soft && !m.star),
    spread: Object.fromEntries(spread),
    nights: [
      api.nightOf("2024-03-21T01:59:00Z", 0), api.nightOf("2024-03-21T12:01:00Z", 0),
      api.nightOf("2024-03-21T10:00:00Z", 150), api.nightOf("2024-03-20T19:59:00Z", -120),
    ],
    gmst: sky.gmstDeg(Date.parse("2000-01-01T12:00:00Z")),
    phases: [-0.5, -3, -9, -15, -30].map(sky.skyPhase),
    crescent: chart.moonPath(10, 0.1, 0), full: chart.moonPath(10, 1, Math.PI / 2),
  };
}
"""


def test_the_page_modules_pure_parts(new_page: NewPage, live_server: str) -> None:
    """The projection turns back exactly; forty labels on one spot never clash and the
    required ten all find a place; the Tonight column spreads names apart inside its
    bounds; a moment's night is the noon-to-noon one; GMST at J2000 is 280.46 degrees."""
    page = new_page()
    page.goto(live_server)
    found = page.evaluate(PURE)
    for az, alt, back in found["roundTrip"]:
        assert back["alt"] == pytest.approx(alt, abs=1e-9)
        if alt < 89.999:
            assert (back["az"] - az + 180) % 360 - 180 == pytest.approx(0, abs=1e-9)
    assert found["requiredPlaced"] and not found["clash"] and not found["knockedHard"]
    ys = sorted(found["spread"].values())
    assert all(b - a >= 16 - 1e-9 for a, b in zip(ys, ys[1:], strict=False))
    assert ys[0] >= 7 and ys[-1] <= 110 - 7
    assert found["nights"] == ["2024-03-20", "2024-03-21", "2024-03-21", "2024-03-19"]
    assert found["gmst"] == pytest.approx(280.46061837, abs=1e-6)
    assert found["phases"] == ["day", "civil", "nautical", "astronomical", "night"]
    # A thin crescent's terminator bulges towards the lit limb; a full Moon's is a circle.
    assert " 0 0 " in found["crescent"].split("A")[2]
    assert found["full"].split("A")[2].strip().startswith("10.00 10.00")
