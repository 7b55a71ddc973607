"""The one place values become text: instants as ISO 8601 with a Z, to the second the
core gives them, and a fraction only where the instant has one."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from planettracker.http import endpoints, messages

SECOND = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def test_an_instant_is_written_with_a_z_and_its_fraction_only_if_it_has_one() -> None:
    whole = datetime(2026, 12, 3, 17, 55, tzinfo=UTC)
    half = datetime(2026, 12, 3, 17, 55, 0, 500000, tzinfo=UTC)
    assert messages.to_json({"at": whole, "then": [half, None]}) == (
        b'{"at":"2026-12-03T17:55:00Z","then":["2026-12-03T17:55:00.500000Z",null]}'
    )
    assert messages.to_json({"at": whole}, indent=True) == b'{\n  "at": "2026-12-03T17:55:00Z"\n}'


def test_every_event_is_written_to_the_second_and_the_time_as_asked() -> None:
    asked = [("time", "2026-12-03T05:23:55.25+01:00")]
    request = messages.ApiRequest(now=datetime(2026, 12, 3, tzinfo=UTC), query=asked)
    answer = json.loads(endpoints.get_events(request).body)
    assert answer["time"] == "2026-12-03T04:23:55.250000Z"
    written = [
        body[f"{when}_{kind}"]
        for body in answer["bodies"]
        for when in ("previous", "next")
        for kind in ("rise", "set", "transit")
    ]
    assert len(written) == 60 and all(w is None or SECOND.fullmatch(w) for w in written), written
    assert sum(w is not None for w in written) > 40
