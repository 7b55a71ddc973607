"""`make audit`: Lighthouse on the page, desktop and mobile, against a local dev server.

Starts the aiohttp door on a free loopback port, runs the locked Lighthouse
(tools/audit/node_modules) in Debian's Chromium (CHROME_PATH, default /usr/bin/chromium)
for each form factor, writes the reports to build/lighthouse/, prints each category's
score and exits 1 when any is under MINIMUM.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "tools" / "audit" / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "build" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-component-update"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url} within {seconds} s")


def run(url: str, form: str) -> dict[str, int]:
    report = OUT / f"{form}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env)
    found = json.loads(report.read_text())
    return {c: round(found["categories"][c]["score"] * 100) for c in CATEGORIES}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "planettracker.doors.devserver", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "functions")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_up(f"{url}health")
        scores = {form: run(url, form) for form in ("desktop", "mobile")}
    finally:
        server.terminate()
        server.wait(timeout=15)
    (OUT / "summary.json").write_text(json.dumps(scores, indent=2) + "\n")
    width = max(map(len, CATEGORIES))
    sys.stdout.write(f"{'':{width}}  desktop  mobile\n")
    for c in CATEGORIES:
        sys.stdout.write(f"{c:{width}}  {scores['desktop'][c]:7}  {scores['mobile'][c]:6}\n")
    low = [(f, c) for f in scores for c in CATEGORIES if scores[f][c] < MINIMUM]
    if low:
        sys.stdout.write(f"under {MINIMUM}: {low}; the reports are in {OUT}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
