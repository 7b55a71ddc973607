"""The ways users start PlanetTracker outside AWS, run as they run them: `make dev` on a
fresh clone, and the tutorial's PaaS path (a buildpack's install, then the Procfile)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from .conftest import ROOT, free_port, stop, wait_until_up


def _names(requirements: Path) -> set[str]:
    """The distributions a lock file pins."""
    pinned = re.findall(r"^([A-Za-z0-9_.-]+)==", requirements.read_text(), re.M)
    return {name.lower().replace("_", "-") for name in pinned}


def _installed(python: Path) -> set[str]:
    listed = subprocess.run(
        [python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {line.split("==")[0].lower().replace("_", "-") for line in listed.splitlines()}


def _serves_the_page_and_the_api(base: str) -> None:
    for path in ("/", "/js/main.js", "/planets/mars"):
        answer = requests.get(f"{base}{path}", timeout=10)
        assert answer.status_code == 200, (path, answer.status_code)
    assert "<html" in requests.get(f"{base}/", timeout=10).text


def test_make_dev_on_a_fresh_clone_installs_only_what_serving_needs(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    port, log = free_port(), tmp_path / "dev.log"
    typed = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "dev", f"PORT={port}"],
            cwd=clone, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, seconds=300)
        print(f"\nmake dev on a fresh clone answered {time.monotonic() - typed:.1f} s after")
        _serves_the_page_and_the_api(f"http://127.0.0.1:{port}")
    finally:
        stop(process)
    installed = _installed(clone / ".venv-serve" / "bin" / "python")
    assert installed - {"pip", "setuptools"} == _names(ROOT / "requirements" / "serve.txt")
    assert not (clone / ".venv").exists()  # the test toolchain was not installed


def test_the_paas_path_as_a_platform_runs_it(tmp_path: Path) -> None:
    """What a Heroku-style buildpack does: it finds requirements.txt and .python-version,
    installs the locked dependencies and the project (a normal install, not editable),
    then a Procfile runner starts `web` with PORT and WEB_CONCURRENCY set. Here the
    project is a wheel built from a fresh clone and installed into a virtualenv outside
    any checkout; honcho, a real Procfile runner, runs the Procfile from an empty folder."""
    assert (ROOT / ".python-version").read_text().strip() == "3.12"
    assert (ROOT / "requirements.txt").read_text().splitlines()[-2:] == [
        "-r requirements/paas.txt", "."
    ]  # fmt: skip
    clone, wheels, app = tmp_path / "clone", tmp_path / "wheels", tmp_path / "app"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    python = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*python, "wheel", "--quiet", "--no-deps", "-w", wheels, clone], check=True)
    subprocess.run([sys.executable, "-m", "venv", tmp_path / "venv"], check=True)
    venv = tmp_path / "venv" / "bin"
    (wheel,) = wheels.glob("planettracker-*.whl")
    install = [venv / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*install, "-r", clone / "requirements" / "paas.txt", wheel], check=True)
    shutil.rmtree(clone)  # nothing of a checkout is left to lean on
    app.mkdir()
    shutil.copy(ROOT / "Procfile", app / "Procfile")
    port, log = free_port(), tmp_path / "honcho.log"
    honcho = Path(sys.executable).with_name("honcho")
    # A platform binds 0.0.0.0:$PORT (gunicorn's default with PORT set); tests stay on
    # 127.0.0.1, through gunicorn's own environment variable for extra arguments.
    env = {**os.environ, "PATH": f"{venv}:{os.environ['PATH']}", "PORT": str(port),
           "WEB_CONCURRENCY": "2", "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}"}  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            [honcho, "start", "web"], cwd=app, env=env, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, seconds=60)
        _serves_the_page_and_the_api(f"http://127.0.0.1:{port}")
    finally:
        stop(process, signal.SIGINT)
    said = log.read_text()
    assert len(re.findall(r"Booting worker with pid", said)) == 2, said  # WEB_CONCURRENCY
    assert "Traceback" not in said, said
