"""The aiohttp door as a process: static files from site/ only, a log line per request,
clean shutdown on SIGINT and SIGTERM, and the Procfile's gunicorn command."""

from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from planettracker.doors.devserver import site_file

from .conftest import ROOT, free_port, start_dev_server, stop, wait_until_up


def raw_get(base: str, path: str) -> tuple[int, bytes]:
    """GET a path exactly as written: no client-side normalisation of dots or escapes."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path",
    [
        "/pyproject.toml", "/../pyproject.toml", "/%2e%2e/pyproject.toml", "/%2E%2E/pyproject.toml",
        "/..%2fpyproject.toml", "/js/../../pyproject.toml", "/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/..%5cpyproject.toml", "/js\\..\\..\\pyproject.toml", "//etc/passwd", "/%2fetc/passwd",
        "/functions/planettracker/http/router.py", "/.git/HEAD", "/.gitignore", "/Makefile",
        "/%00index.html",
    ],
)  # fmt: skip
def test_nothing_outside_site_is_served(live_server: str, path: str) -> None:
    status, body = raw_get(live_server, path)
    assert status in (400, 404)
    assert b"[build-system]" not in body and b"root:" not in body and b"import" not in body


def test_site_is_served_with_security_headers(live_server: str) -> None:
    index = requests.get(f"{live_server}/", timeout=10)
    assert index.status_code == 200 and "<title>PlanetTracker</title>" in index.text
    assert index.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in index.headers["Content-Security-Policy"]
    assert index.headers["Referrer-Policy"]
    script = requests.get(f"{live_server}/js/main.js", timeout=10)
    assert script.status_code == 200 and "javascript" in script.headers["Content-Type"]


def test_symlink_out_of_site_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("hi")
    (tmp_path / "secret.txt").write_text("secret")
    (site / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert site_file(site, "") == (site / "index.html").resolve()
    assert site_file(site, "index.html") == (site / "index.html").resolve()
    assert site_file(site, "link.txt") is None
    assert site_file(site, "../secret.txt") is None


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_logs_each_request_and_stops_cleanly(tmp_path: Path, sig: int) -> None:
    port, log = free_port(), tmp_path / "server.log"
    process = start_dev_server(port, log, via_make=False)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/health", process)
        for path in ("/planets/mars", "/planets?lat=91", "/index.html"):
            requests.get(f"{base}{path}", timeout=10)
    finally:
        code = stop(process, sig)
    lines = log.read_text().splitlines()
    for path, status in (("/planets/mars", 200), ("/planets?lat=91", 400), ("/index.html", 200)):
        assert sum(f'"GET {path} HTTP/1.1" {status}' in line for line in lines) == 1
    assert "Traceback" not in log.read_text()
    assert code == 0  # a graceful exit, not death by the signal


def test_vendored_swagger_ui_is_the_pinned_release() -> None:
    """/docs loads Swagger UI from site/vendor: the release `make vendor-swagger-ui` pins."""
    vendored = ROOT / "site" / "vendor" / "swagger-ui-dist"
    pinned = re.search(r"^SWAGGER_UI \?= (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    release = json.loads((vendored / "package.json").read_text())
    assert pinned and release["name"] == "swagger-ui-dist" and release["version"] == pinned[1]
    assert release["license"] == "Apache-2.0" and (vendored / "LICENSE").is_file()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert (vendored / asset).stat().st_size > 100_000


@pytest.mark.parametrize("via_make", [True, False])
def test_a_busy_port_is_one_line_naming_another(via_make: bool) -> None:
    """`make dev` where something already listens: the port and one to use instead."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        module = [sys.executable, "-m", "planettracker.doors.devserver", "--port", str(port)]
        make = ["make", "--no-print-directory", "dev", "HOST=127.0.0.1", f"PORT={port}"]
        done = subprocess.run(make if via_make else module, cwd=ROOT, capture_output=True,
                              text=True, timeout=120)  # fmt: skip
    said = done.stderr.splitlines()
    suggested = re.fullmatch(rf"port {port} is in use: make dev PORT=(\d+)", said[0])
    assert suggested and int(suggested[1]) > port and done.returncode != 0
    # make adds its own line saying which recipe failed; nothing else is printed.
    assert len(said) == (2 if via_make else 1) and "Traceback" not in done.stderr
    # Under `make test` this make is nested, and names itself make[N].
    made = r"make(\[\d+\])?: \*\*\* \[Makefile:\d+: dev\] Error 1"
    assert not via_make or re.fullmatch(made, said[1])
    assert done.stdout == ""
