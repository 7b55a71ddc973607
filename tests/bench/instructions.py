"""Instructions per request, counted by valgrind's callgrind: a figure that the machine's
load does not move, beside bench.py's timings, which it does.

Each count is the difference between two fresh processes that do the same setup and then
answer `count` requests or none, so the interpreter's start, the imports and the places'
setup cancel out. Asked as bench.py asks: `GET /planets` through the contract, one
instant shared, a new random place each, against the bare PyEphem loop over the same
places. Run by bench.py when valgrind is on PATH:

    python tests/bench/instructions.py planets|bare COUNT   # one process, counted by bench.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNT = 400
_COLLECTED = re.compile(r"Collected : (\d+)")


def answer(kind: str, count: int) -> None:
    import inprocess

    import bench

    places = inprocess.Places(bench.SEED + 2).take(count + inprocess.WARM_UP)
    if kind == "planets":
        call = inprocess.answering("/planets")
        requests = inprocess.asking(places)
        for request in requests[: inprocess.WARM_UP]:  # the instant, computed once
            call(request)
        for request in requests[inprocess.WARM_UP :]:
            call(request)
    else:
        for place in bench.radians(places[inprocess.WARM_UP :]):
            bench.bare_pyephem_sky(place)


def collected(kind: str, count: int) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, kind, str(count)],
        capture_output=True, text=True, check=True, cwd=HERE,
    ).stderr  # fmt: skip
    match = _COLLECTED.search(out)
    assert match, out[-500:]
    return int(match.group(1))


def per_request() -> dict[str, float] | None:
    """Instructions per `GET /planets` and per bare loop, and their ratio; None without
    valgrind."""
    if shutil.which("valgrind") is None:
        return None
    figures = {kind: (collected(kind, COUNT) - collected(kind, 0)) / COUNT
               for kind in ("planets", "bare")}  # fmt: skip
    return {
        "planets_per_request": figures["planets"],
        "bare_per_request": figures["bare"],
        "ratio": figures["planets"] / figures["bare"],
    }


if __name__ == "__main__":
    answer(sys.argv[1], int(sys.argv[2]))
