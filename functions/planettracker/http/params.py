"""Turn request parameters (strings, as every door receives them) into core values.

Every rule about what a parameter accepts lives here, once; the OpenAPI schema is
built from the same table, so documentation and validation cannot drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..core.ephemeris import BODIES, GREENWICH, Atmosphere, BodyName, Location
from ..core.planner import TRACK_MAX_POINTS, night_of, point_count
from ..core.timescales import Moment, iso_z
from ..core.visibility import Thresholds
from .errors import ApiError, invalid

# Plain decimal notation only: Python's float() also takes "nan", "inf", "1_0" and
# surrounding blanks, none of which a client means as a coordinate.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?", re.ASCII)
_MAX_VALUE_LENGTH = 64

# Beyond this range PyEphem's theories (notably its Pluto) are not meant to be used.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)


@dataclass(frozen=True)
class NumberParam:
    """A decimal number within [minimum, maximum], in the stated unit."""

    name: str
    minimum: float
    maximum: float
    unit: str
    description: str
    default: float | None = None

    @property
    def accepted(self) -> str:
        return f"a decimal number from {self.minimum:g} to {self.maximum:g} ({self.unit})"

    def parse(self, raw: str) -> float:
        text = raw.strip()
        if len(text) > _MAX_VALUE_LENGTH or not _NUMBER.fullmatch(text):
            raise invalid(self.name, f"{self.name} is not a decimal number", self.accepted)
        value = float(text)
        if not math.isfinite(value) or not self.minimum <= value <= self.maximum:
            raise invalid(self.name, f"{self.name} is out of range", self.accepted)
        return value + 0.0  # -0.0 becomes 0.0


LAT = NumberParam("lat", -90.0, 90.0, "degrees", "Geodetic latitude, north positive.")
LON = NumberParam("lon", -180.0, 180.0, "degrees", "Longitude, east positive.")
ELEVATION = NumberParam(
    "elevation", -500.0, 20000.0, "metres", "Height above sea level.", default=0.0
)
PRESSURE = NumberParam(
    "pressure",
    0.0,
    1200.0,
    "mbar",
    "Air pressure for refraction; 0 turns refraction off.",
    default=Atmosphere.pressure_mbar,
)
TEMPERATURE = NumberParam(
    "temperature",
    -100.0,
    60.0,
    "degrees Celsius",
    "Air temperature for refraction.",
    default=Atmosphere.temperature_C,
)
HORIZON = NumberParam(
    "horizon",
    -5.0,
    60.0,
    "degrees",
    "Apparent altitude of your horizon (trees, buildings), for rise, set and visibility.",
    default=0.0,
)
LIMITING_MAGNITUDE = NumberParam(
    "limiting_magnitude",
    -5.0,
    10.0,
    "magnitude",
    "The faintest magnitude that counts as visible (6 for dark skies, 3-4 in a city).",
    default=6.0,
)
TIME_ACCEPTED = (
    "an ISO 8601 date-time with Z or a UTC offset, e.g. 2024-03-20T12:00:00Z, "
    f"from {EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d} (in a URL, write + as %2B)"
)
STEP = NumberParam("step", 1.0, 86400.0, "seconds", "Time between points.", default=600.0)
# A span of sky: a minute by default, at four samples a minute (cubic interpolation
# through four of them is within 0.1" of PyEphem at 15 s; docs/page.md).
SPAN = NumberParam(
    "span", 0.0, 3600.0, "seconds", "Time from the first sample to the last.", default=60.0
)
SPAN_STEP = NumberParam(
    "step", 1.0, 3600.0, "seconds", "Time between samples, whole seconds.", default=15.0
)
SPAN_MAX_SAMPLES = 61
NUMBER_PARAMS: tuple[NumberParam, ...] = (
    LAT, LON, ELEVATION, PRESSURE, TEMPERATURE, HORIZON, LIMITING_MAGNITUDE,
)  # fmt: skip
SKY_PARAMS: frozenset[str] = frozenset({p.name for p in NUMBER_PARAMS} | {"time"})
EVENTS_PARAMS: frozenset[str] = SKY_PARAMS - {"limiting_magnitude"}
LOCATION_PARAMS: frozenset[str] = frozenset({"lat", "lon", "elevation"})
ATMOSPHERE_PARAMS: frozenset[str] = frozenset({"pressure", "temperature"})
TRACK_PARAMS: frozenset[str] = LOCATION_PARAMS | ATMOSPHERE_PARAMS | {"start", "stop", "step"}
TONIGHT_PARAMS: frozenset[str] = (
    LOCATION_PARAMS | ATMOSPHERE_PARAMS | {"date", "horizon", "limiting_magnitude"}
)
SPAN_PARAMS: frozenset[str] = (SKY_PARAMS - {"time"}) | {"start", "span", "step"}
DATE_ACCEPTED = f"a date as YYYY-MM-DD, from {EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d}"


def single_values(pairs: Iterable[tuple[str, str]], allowed: frozenset[str]) -> dict[str, str]:
    """Collapse repeated parameters, rejecting unknown names and repeats that disagree.

    A repeat that is textually identical is harmless; one that differs leaves no
    honest way to choose, so it is a 400 rather than a silent first- or last-wins.
    """
    values: dict[str, str] = {}
    for name, value in pairs:
        if name not in allowed:
            raise invalid(
                name, f"unknown parameter {name!r}", "one of: " + ", ".join(sorted(allowed))
            )
        if values.setdefault(name, value) != value:
            raise invalid(
                name, f"{name} is given more than once with different values", "a single value"
            )
    return values


# A "+01:00" offset typed unencoded in a URL arrives as " 01:00": after a time of day,
# a space and an offset can only have meant a plus.
_PLUS_AS_SPACE = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")


def parse_time(raw: str, name: str = "time") -> datetime:
    """Parse an ISO 8601 date-time that states its offset into an aware UTC datetime.

    Lenient only where the meaning is unambiguous: RFC 3339's lowercase `t` and `z`,
    and an offset whose `+` arrived as a space.
    """
    text = _PLUS_AS_SPACE.sub(r"\1+\2", raw.strip().upper())
    try:
        when = datetime.fromisoformat(text) if len(text) <= _MAX_VALUE_LENGTH else None
    except ValueError:
        when = None
    if when is None:
        raise invalid(name, f"{name} is not an ISO 8601 date-time", TIME_ACCEPTED)
    if when.tzinfo is None:
        raise invalid(name, f"{name} has no Z or UTC offset", TIME_ACCEPTED)
    when = when.astimezone(UTC)
    if not EARLIEST <= when <= LATEST:
        raise invalid(name, f"{name} is outside the supported range", TIME_ACCEPTED)
    return when


# date.fromisoformat also reads 20240320 and the week date 2024-W12-3: YYYY-MM-DD only.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date(raw: str) -> date:
    """Parse a calendar date, YYYY-MM-DD, within the supported range."""
    text = raw.strip()
    try:
        day = date.fromisoformat(text) if _DATE.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None or not EARLIEST.date() <= day <= LATEST.date():
        raise invalid("date", "date is not a supported YYYY-MM-DD date", DATE_ACCEPTED)
    return day


def _read(values: Mapping[str, str], param: NumberParam) -> float | None:
    """Read a parameter: its value if given, else its default (None if it has none)."""
    raw = values.get(param.name)
    return param.default if raw is None else param.parse(raw)


def parse_location(values: Mapping[str, str], *, required: bool = False) -> Location:
    """Read lat/lon/elevation; with neither lat nor lon given, Greenwich (unless required)."""
    lat, lon = _read(values, LAT), _read(values, LON)
    elevation = _read_defaulted(values, ELEVATION)
    if lat is None and lon is None and not required:
        return Location(GREENWICH.lat, GREENWICH.lon, elevation, GREENWICH.source)
    for name, value in (("lat", lat), ("lon", lon)):
        if value is None:
            raise invalid(name, f"{name} is missing", "lat and lon given together")
    assert lat is not None and lon is not None
    # -180 and 180 are one meridian; answer with one spelling of it.
    return Location(lat, -180.0 if lon == 180.0 else lon, elevation, "request")


def parse_atmosphere(values: Mapping[str, str]) -> Atmosphere:
    return Atmosphere(_read_defaulted(values, PRESSURE), _read_defaulted(values, TEMPERATURE))


def _read_defaulted(values: Mapping[str, str], param: NumberParam) -> float:
    """Read a parameter that has a default, so never None."""
    value = _read(values, param)
    assert value is not None, f"{param.name} has no default"
    return value


def parse_body_name(raw: str) -> BodyName:
    """Return the lower-case body name, or a 404 for a body PlanetTracker does not know."""
    name = raw.strip().lower()
    for known in BODIES:
        if name == known:
            return known
    raise ApiError(
        404,
        "unknown-body",
        f"no body named {raw[:_MAX_VALUE_LENGTH]!r}",
        parameter="name",
        accepted="one of: " + ", ".join(BODIES),
    )


@dataclass(frozen=True)
class SkyQuestion:
    """Where, when and under what sky: what /planets and /events ask, parsed once."""

    where: Location
    air: Atmosphere
    moment: Moment
    fixed: bool  # a time was given, so the answer never changes
    horizon_deg: float
    limits: Thresholds


def sky_question(
    pairs: Iterable[tuple[str, str]], now: datetime, allowed: frozenset[str] = SKY_PARAMS
) -> SkyQuestion:
    """Parse a whole query for the sky at one instant: the time given, to its own
    precision, or else the current whole second, the instant every poll in it shares."""
    values = single_values(pairs, allowed)
    fixed = "time" in values
    return SkyQuestion(
        where=parse_location(values),
        air=parse_atmosphere(values),
        moment=Moment.of(parse_time(values["time"]) if fixed else now.replace(microsecond=0)),
        fixed=fixed,
        horizon_deg=_read_defaulted(values, HORIZON),
        limits=Thresholds(limiting_magnitude=_read_defaulted(values, LIMITING_MAGNITUDE)),
    )


@dataclass(frozen=True)
class TrackQuestion:
    where: Location
    air: Atmosphere
    start: datetime
    stop: datetime
    step: timedelta
    fixed: bool  # a start was given


def track_question(pairs: Iterable[tuple[str, str]], now: datetime) -> TrackQuestion:
    """Parse a whole query for a body's positions over a span, at most TRACK_MAX_POINTS."""
    values = single_values(pairs, TRACK_PARAMS)
    where, air = parse_location(values), parse_atmosphere(values)
    fixed = "start" in values
    start = parse_time(values["start"], "start") if fixed else now
    stop = parse_time(values["stop"], "stop") if "stop" in values else start + timedelta(days=1)
    step = timedelta(seconds=_read_defaulted(values, STEP))
    if stop < start:
        raise invalid("stop", "stop is before start", "a time at or after start")
    count = point_count(start, stop, step)
    if count > TRACK_MAX_POINTS:
        limit = f"at most {TRACK_MAX_POINTS} points: a longer step or a shorter span"
        raise invalid("step", f"start, stop and step give {count} points", limit)
    return TrackQuestion(where, air, start, stop, step, fixed)


@dataclass(frozen=True)
class SpanQuestion:
    """The sky at the instants of a span: every `step_s` from `start` to `start + span_s`."""

    where: Location
    air: Atmosphere
    start: datetime  # on the grid: a whole multiple of step_s since 1970-01-01T00:00:00Z
    span_s: int
    step_s: int
    fixed: bool  # a start was given, so the answer never changes
    horizon_deg: float
    limits: Thresholds

    @property
    def instants(self) -> list[datetime]:
        return [self.start + timedelta(seconds=s) for s in range(0, self.span_s + 1, self.step_s)]


def _seconds(values: Mapping[str, str], param: NumberParam) -> int:
    value = _read_defaulted(values, param)
    if not value.is_integer():
        accepted = f"a whole number of seconds from {param.minimum:g} to {param.maximum:g}"
        raise invalid(param.name, f"{param.name} is not a whole number of seconds", accepted)
    return int(value)


def span_question(pairs: Iterable[tuple[str, str]], now: datetime) -> SpanQuestion:
    """Parse a whole query for the sky over a span. Samples fall on a UTC grid, so that
    viewers asking within the same step ask for the same instants: a given `start` off
    the grid is refused rather than moved, so a URL always names the instants it answers."""
    values = single_values(pairs, SPAN_PARAMS)
    step_s, span_s = _seconds(values, SPAN_STEP), _seconds(values, SPAN)
    fixed = "start" in values
    if fixed:
        start = parse_time(values["start"], "start")
        if start.microsecond or int(start.timestamp()) % step_s:
            raise invalid("start", f"start is not on the grid of step {step_s} s",
                          f"a whole multiple of step seconds since 1970-01-01T00:00:00Z, "
                          f"e.g. {iso_z(_floor(start, step_s))}")  # fmt: skip
    else:
        start = _floor(now, step_s)
    if span_s % step_s:
        raise invalid("span", "span is not a whole multiple of step", "a whole multiple of step")
    count = span_s // step_s + 1
    if count > SPAN_MAX_SAMPLES:
        limit = f"at most {SPAN_MAX_SAMPLES} samples: a longer step or a shorter span"
        raise invalid("step", f"span and step give {count} samples", limit)
    if start + timedelta(seconds=span_s) > LATEST:
        raise invalid("span", "span ends outside the supported range", TIME_ACCEPTED)
    return SpanQuestion(
        where=parse_location(values),
        air=parse_atmosphere(values),
        start=start,
        span_s=span_s,
        step_s=step_s,
        fixed=fixed,
        horizon_deg=_read_defaulted(values, HORIZON),
        limits=Thresholds(limiting_magnitude=_read_defaulted(values, LIMITING_MAGNITUDE)),
    )


def _floor(when: datetime, step_s: int) -> datetime:
    """The grid instant at or before `when`: whole multiples of step_s since the epoch."""
    seconds = math.floor(when.timestamp())
    return datetime.fromtimestamp(seconds - seconds % step_s, UTC)


@dataclass(frozen=True)
class NightQuestion:
    where: Location
    air: Atmosphere
    day: date
    dated: bool  # a date was given
    horizon_deg: float
    limits: Thresholds


def night_question(pairs: Iterable[tuple[str, str]], now: datetime) -> NightQuestion:
    """Parse a whole query for a night's plan; without a date, the night `now` is in (from
    local noon to the next, by the place's mean solar time)."""
    values = single_values(pairs, TONIGHT_PARAMS)
    where = parse_location(values)
    dated = "date" in values
    day = parse_date(values["date"]) if dated else night_of(where, now)
    limits = Thresholds(limiting_magnitude=_read_defaulted(values, LIMITING_MAGNITUDE))
    return NightQuestion(
        where, parse_atmosphere(values), day, dated, _read_defaulted(values, HORIZON), limits
    )


def location_form(pairs: Iterable[tuple[str, str]]) -> Location:
    """Parse a location sent as a form or JSON body: lat and lon required."""
    return parse_location(single_values(pairs, LOCATION_PARAMS), required=True)
