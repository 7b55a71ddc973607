"""The `planettracker` command, run as a user runs it: the installed console script."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import subprocess
import sys
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from .conftest import ROOT, free_port

COMMAND = str(Path(sys.executable).with_name("planettracker"))
T = "2024-03-20T12:00:00Z"


def planettracker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, timeout=120)


def test_local_and_remote_print_the_same_table(live_server: str) -> None:
    where = ["--lat", "-33.86", "--lon", "151.21", "--elevation", "58", "--time", T]
    local, remote = planettracker("sky", *where), planettracker("sky", *where, "--url", live_server)
    assert local.returncode == remote.returncode == 0, local.stderr + remote.stderr
    assert local.stdout == remote.stdout
    lines = local.stdout.splitlines()
    assert lines[0] == (
        "Sky at 2024-03-20 23:00:00 AEDT (UTC+11:00) over lat -33.86, lon 151.21, 58.0 m; "
        "times in Australia/Sydney"
    )
    assert [line.split()[0] for line in lines[2:]] == [
        "sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"
    ]  # fmt: skip
    assert re.fullmatch(
        r"sun +\d+\.\d\d° [NESW]{1,3} +-?\d+\.\d\d° +-26\.\d\d  below horizon  03-2\d \d\d:\d\d AEDT  03-2\d \d\d:\d\d AEDT  \w+",
        lines[2],
    )


def test_the_table_says_why_each_body_cannot_be_seen_in_its_column() -> None:
    """Noon at Greenwich: the Moon is down, the planets lost in daylight, Neptune and
    Pluto too faint; each says so in the `visible` column, as /planets does."""
    table = planettracker("sky", "--time", T).stdout.splitlines()[1:]
    answer = json.loads(planettracker("sky", "--time", T, "--json").stdout)["planets"]
    heading = table[0]
    assert heading.split() == [
        "body", "azimuth", "altitude", "mag", "visible", "rises", "sets", "constellation"
    ]  # fmt: skip
    column = slice(heading.index("visible"), heading.index("rises"))
    said = {row.split()[0]: row[column].strip() for row in table[1:]}
    words = {None: "yes", "below_horizon": "below horizon", "too_faint": "too faint",
             "daylight": "daylight"}  # fmt: skip
    assert said == {b["name"]: words[b["visibility"]["reason"]] for b in answer["bodies"]}
    assert set(said.values()) == {"yes", "below horizon", "too faint", "daylight"}
    # Every row ends in its constellation: nothing sits outside the columns.
    constellations = [b["constellation"] for b in answer["bodies"]]
    assert [row.rsplit("  ", 1)[-1].strip() for row in table[1:]] == constellations


def rises_and_sets(table: str) -> dict[str, tuple[str, str]]:
    """Each body's rise and set cells, read under their headings."""
    heading, *rows = table.splitlines()[1:]
    rises, sets, end = (heading.index(h) for h in ("rises", "sets", "constellation"))
    return {row.split()[0]: (row[rises:sets].strip(), row[sets:end].strip()) for row in rows}


@pytest.mark.parametrize(
    ("where", "when", "first_line", "sun"),
    [
        # Paris's clocks go forward at 01:00 UTC on 2026-03-29: the moment is still in
        # winter time, the day's sunrise and sunset already in summer time.
        (["--lat", "48.85", "--lon", "2.35"], "2026-03-29T00:30:00Z",
         "Sky at 2026-03-29 01:30:00 CET (UTC+01:00) over lat 48.85, lon 2.35, 0.0 m; times in Europe/Paris",
         ("03-29 07:34 CEST", "03-29 20:16 CEST")),
        # New York's go forward at 07:00 UTC on 2026-03-08.
        (["--lat", "40.71", "--lon", "-74.01"], "2026-03-08T06:30:00Z",
         "Sky at 2026-03-08 01:30:00 EST (UTC-05:00) over lat 40.71, lon -74.01, 0.0 m; times in America/New_York",
         ("03-08 07:18 EDT", "03-08 18:55 EDT")),
        # The date line: at one instant Apia and Pago Pago, 130 km apart, are a day apart
        # on the clock, and so is the same sunrise; Kiritimati is 14 hours ahead of UTC.
        (["--lat", "-13.83", "--lon", "-171.76"], "2026-03-08T06:30:00Z",
         "Sky at 2026-03-08 19:30:00 +13 (UTC+13:00) over lat -13.83, lon -171.76, 0.0 m; times in Pacific/Apia",
         ("03-09 06:29 +13", "03-09 18:45 +13")),
        (["--lat", "-14.28", "--lon", "-170.7"], "2026-03-08T06:30:00Z",
         "Sky at 2026-03-07 19:30:00 SST (UTC-11:00) over lat -14.28, lon -170.7, 0.0 m; times in Pacific/Pago_Pago",
         ("03-08 06:25 SST", "03-08 18:41 SST")),
        (["--lat", "1.87", "--lon", "-157.4"], "2026-03-08T06:30:00Z",
         "Sky at 2026-03-08 20:30:00 +14 (UTC+14:00) over lat 1.87, lon -157.4, 0.0 m; times in Pacific/Kiritimati",
         ("03-09 06:37 +14", "03-09 18:42 +14")),
    ],
)  # fmt: skip
def test_times_are_in_the_places_own_clock_its_zone_named(
    where: list[str], when: str, first_line: str, sun: tuple[str, str]
) -> None:
    """Each rise and set is the answer's instant on the place's clock, with the zone's
    abbreviation for that instant; `--utc` gives the same instants in UTC."""
    local = planettracker("sky", *where, "--time", when)
    in_utc = planettracker("sky", *where, "--time", when, "--utc")
    answers = json.loads(planettracker("sky", *where, "--time", when, "--json").stdout)
    zone = ZoneInfo(answers["planets"]["observer"]["time_zone"])
    assert local.stdout.splitlines()[0] == first_line
    place = first_line.split(" over ")[1].split("; ")[0]
    assert in_utc.stdout.splitlines()[0] == (
        f"Sky at {when[:10]} {when[11:19]} UTC over {place}; times in UTC (the place's zone: {zone.key})"
    )
    assert rises_and_sets(local.stdout)["sun"] == sun

    def on(clock: tzinfo, event: str | None) -> str:
        return (
            "-"
            if event is None
            else f"{datetime.fromisoformat(event).astimezone(clock):%m-%d %H:%M %Z}"
        )

    for clock, table in ((zone, local.stdout), (UTC, in_utc.stdout)):
        assert rises_and_sets(table) == {
            e["name"]: (on(clock, e["next_rise"]), on(clock, e["next_set"]))
            for e in answers["events"]["bodies"]
        }


def test_an_offset_of_local_mean_time_is_written_to_the_second() -> None:
    """Liberia kept Monrovia Mean Time, UTC-0:44:30, until 1972."""
    first = planettracker("sky", "--lat", "6.3", "--lon", "-10.8", "--time",
                          "1971-06-01T00:00:00Z").stdout.splitlines()[0]  # fmt: skip
    assert first.startswith("Sky at 1971-05-31 23:15:30 MMT (UTC-00:44:30) over lat 6.3")


def test_a_zone_this_machine_lacks_is_one_line_naming_it() -> None:
    from planettracker.client import cli

    with pytest.raises(SystemExit) as stop:
        cli._zone("Mars/Olympus_Mons")
    assert str(stop.value) == (
        "this machine has no time-zone data for Mars/Olympus_Mons: pip install tzdata, or use --utc"
    )


def _readme_terminal() -> tuple[list[list[str]], str]:
    """The README's "In a terminal" section: its shell lines and its Python example."""
    section = (ROOT / "README.md").read_text().split("## In a terminal", 1)[1].split("\n## ")[0]
    shell = re.search(r"```sh\n(.*?)```", section, re.S)
    script = re.search(r"```python\n(.*?)```", section, re.S)
    assert shell and script
    lines = [shlex.split(line, comments=True) for line in shell[1].splitlines()]
    return [line for line in lines if line], script[1]


def test_the_readme_commands_run_as_written_on_a_fresh_install(
    live_server: str, tmp_path: Path
) -> None:
    """A user's path: a plain `pip install .` computes here and says which extra `--url`
    needs; then the README's lines, run as written (the URL swapped for the test
    server's) in a fresh virtualenv, from a fresh clone."""
    clone, venv = tmp_path / "clone", tmp_path / "venv"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}  # fmt: skip

    def run(args: list[str]) -> subprocess.CompletedProcess[str]:
        args = [arg.replace("http://127.0.0.1:8000", live_server) for arg in args]
        return subprocess.run(args, cwd=clone, env=env, capture_output=True, text=True, timeout=600)

    assert run(["pip", "install", "--quiet", "."]).returncode == 0
    assert run(["planettracker", "sky"]).returncode == 0
    plain = run(["planettracker", "sky", "--url", live_server])
    assert (plain.returncode, plain.stdout, plain.stderr) == (
        1,
        "",
        ("planettracker: error: --url needs the client extra (aiohttp): pip install '.[client]'\n"),
    )
    commands, script = _readme_terminal()
    assert commands[0] == ["pip", "install", ".[client]"]
    for command in commands:
        done = run(command)
        assert done.returncode == 0, (command, done.stderr)
        assert "Traceback" not in done.stderr
    (tmp_path / "example.py").write_text(script.replace("http://127.0.0.1:8000", live_server))
    example = run(["python", str(tmp_path / "example.py")])
    assert example.returncode == 0, example.stderr
    assert len(json.loads(example.stdout)) == 17  # the Sun's altitude at each latitude


def test_json_is_the_api_answers(live_server: str) -> None:
    local = planettracker("sky", "--time", T, "--limiting-magnitude", "4", "--json")
    answers = json.loads(local.stdout)
    asked = {"time": T, "limiting_magnitude": "4"}
    planets = requests.get(f"{live_server}/planets", params=asked, timeout=30)
    events = requests.get(f"{live_server}/events", params={"time": T}, timeout=30)
    assert answers == {"planets": planets.json(), "events": events.json()}


def test_default_is_now_at_greenwich() -> None:
    done = planettracker("sky")
    assert done.returncode == 0 and "Greenwich Observatory (default)" in done.stdout


@pytest.mark.parametrize("url", [None, "live"])
@pytest.mark.parametrize(
    ("args", "flag"),
    [(["--lat", "91", "--lon", "0"], "--lat"), (["--time", "tomorrow"], "--time"),
     (["--pressure", "-3"], "--pressure"), (["--lat", "nan", "--lon", "0"], "--lat"),
     (["--limiting-magnitude", "11"], "--limiting-magnitude"),
     (["--limiting_magnitude", "11"], "--limiting-magnitude")],
)  # fmt: skip
def test_bad_arguments_exit_2_with_one_line_naming_them(
    live_server: str, url: str | None, args: list[str], flag: str
) -> None:
    done = planettracker("sky", *args, *(["--url", live_server] if url else []))
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"planettracker: error: {flag}: ") and "accepted" in line
    # The service's refusal reads like the local one, word for word.
    assert line == planettracker("sky", *args).stderr.strip()


def test_unreachable_url_exits_1_and_says_so() -> None:
    done = planettracker("sky", "--url", f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith("planettracker: error: cannot reach http://127.0.0.1:")


@pytest.mark.parametrize("args", [[], ["sky"], ["bench"]])
def test_help_on_every_command(args: list[str]) -> None:
    done = planettracker(*args, "--help")
    assert done.returncode == 0 and "usage: planettracker" in done.stdout


def test_usage_errors_exit_2() -> None:
    for args in (["bench"], ["bench", "--url", "http://x", "-n", "0"], ["nothing"], []):
        done = planettracker(*args)
        assert done.returncode == 2 and "error:" in done.stderr and "Traceback" not in done.stderr


def bench_figures(stdout: str, n: int) -> tuple[float, ...]:
    figures = re.fullmatch(
        rf"{n} requests, 0 errors, ([\d.]+) s: ([\d.]+) requests/s; latency "
        r"p50 ([\d.]+) ms, p90 ([\d.]+) ms, p99 ([\d.]+) ms\n",
        stdout,
    )
    assert figures, stdout
    return tuple(map(float, figures.groups()))


def test_bench_reports_rate_and_percentiles(live_server: str) -> None:
    done = planettracker("bench", "--url", live_server, "-n", "60", "-c", "6")
    assert done.returncode == 0, done.stderr
    _, rate, p50, p90, p99 = bench_figures(done.stdout, 60)
    assert rate > 0 and 0 < p50 <= p90 <= p99
    assert done.stderr == ""  # no progress bar when stderr is not a terminal


def test_bench_times_each_request_from_when_it_is_sent(live_server: str) -> None:
    """One at a time, each request's latency is a share of the whole run: timed from
    the queue instead, the median would be half the run."""
    done = planettracker("bench", "--url", live_server, "-n", "50", "-c", "1")
    seconds, _, p50, _, _ = bench_figures(done.stdout, 50)
    assert p50 <= 2 * seconds * 1000 / 50


def test_bench_draws_its_progress_bar_on_a_terminal(live_server: str) -> None:
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [COMMAND, "bench", "--url", live_server, "-n", "20", "-c", "4"],
        stdout=subprocess.PIPE, stderr=terminal, text=True,
    ) as running:  # fmt: skip
        os.close(terminal)
        out, _ = running.communicate(timeout=120)
        drawn = b""
        while select.select([controller], [], [], 0.5)[0]:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            drawn += chunk
    os.close(controller)
    assert running.returncode == 0 and bench_figures(out, 20)
    assert b"\r[" in drawn and b"20/20" in drawn


@pytest.mark.parametrize("command", ["sky", "bench"])
def test_a_url_without_a_scheme_exits_2_naming_the_flag(command: str) -> None:
    done = planettracker(command, "--url", "localhost:8000")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "argument --url: expected an http:// or https:// URL" in done.stderr


def test_bench_against_nothing_exits_1() -> None:
    done = planettracker("bench", "--url", f"http://127.0.0.1:{free_port()}", "-n", "3", "-c", "2")
    assert done.returncode == 1 and "no request" in done.stderr
