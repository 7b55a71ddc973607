"""Properties of the core over generated input: any valid question gets finite,
in-range positions; any junk gets the documented 400, never another exception."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from planettracker.http import endpoints, headers, messages, params, router
from planettracker.http.errors import ApiError

NOW = datetime(2024, 3, 20, 12, tzinfo=UTC)
BOUNDED = settings(max_examples=200, deadline=None, derandomize=True, database=None)

lat = st.floats(-90, 90, allow_nan=False)
lon = st.floats(-180, 180, allow_nan=False)
elevation = st.floats(-500, 20000, allow_nan=False)
pressure = st.floats(0, 1200, allow_nan=False)
temperature = st.floats(-100, 60, allow_nan=False)
moment = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
)


def planets(query: list[tuple[str, str]]) -> messages.ApiResponse:
    return endpoints.get_planets(messages.ApiRequest(now=NOW, query=query))


@BOUNDED
@given(lat, lon, elevation, pressure, temperature, moment)
def test_valid_questions_get_finite_in_range_answers(
    la: float, lo: float, el: float, pr: float, te: float, when: datetime
) -> None:
    query = [("lat", repr(la)), ("lon", repr(lo)), ("elevation", repr(el)),
             ("pressure", repr(pr)), ("temperature", repr(te)), ("time", when.isoformat())]  # fmt: skip
    answer = planets(query)
    for body in json.loads(answer.body)["bodies"]:
        assert 0 <= body["az"] < 360 and -90 <= body["alt"] <= 90
        # orjson writes a non-finite float as null: no top-level field may be null.
        assert None not in body.values()
        assert all(math.isfinite(v) for v in body.values() if isinstance(v, float))


junk = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "0x1", "1_0", "", " ", "--1", "½"]),
    st.floats().map(repr),
    st.integers().map(str),
)


@BOUNDED
@given(st.sampled_from(sorted(params.SKY_PARAMS) + ["bogus"]), junk)
def test_any_junk_is_a_400_naming_the_parameter_or_a_valid_answer(name: str, value: str) -> None:
    query = [(name, value)] + (
        [("lon", "0")] if name == "lat" else [("lat", "0")] if name == "lon" else []
    )
    try:
        answer = planets(query)
    except ApiError as error:
        assert error.status == 400 and error.parameter == name and error.accepted
        return
    assert answer.status == 200  # the junk happened to be valid, e.g. "12"


@BOUNDED
@given(st.text(max_size=40))
def test_any_body_name_is_found_or_a_404(name: str) -> None:
    try:
        assert params.parse_body_name(name) == name.strip().lower()
    except ApiError as error:
        assert error.status == 404 and error.parameter == "name"


names = st.sampled_from(
    sorted(params.SKY_PARAMS | params.TRACK_PARAMS | params.TONIGHT_PARAMS) + ["x"]
)
values = st.one_of(
    junk, st.sampled_from(["0", "45", "-90", "180", "2024-03-20T12:00:00Z", "2024-03-20", "60"])
)
routes = st.sampled_from([r for r in router.ROUTES if r.method == "GET"])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    routes,
    st.lists(st.tuples(names, values), max_size=5),
    st.sampled_from(["mars", "MOON", "x", ""]),
)
def test_no_query_makes_any_route_fail(
    route: router.Route, query: list[tuple[str, str]], name: str
) -> None:
    request = messages.ApiRequest(now=NOW, query=query, path_params={"name": name})
    answer = router.respond(route, request, headers.Settings())
    assert answer.status in (200, 400, 404), answer.body
    assert answer.headers["Content-Type"] in (
        headers.JSON,
        headers.PROBLEM_JSON,
        "text/html; charset=utf-8",
    )
