"""Build the Lambda artifact reproducibly, without Docker.

Dependencies come from the lock (requirements/lambda.txt) as wheels for the target
platform and Python, each checked against the lock's sha256 hashes (--require-hashes);
the package is copied without the aiohttp door; everything is byte-compiled by the
target Python itself with hash-based, unchecked .pyc files (the zip's fixed timestamps
would otherwise make timestamp-checked .pyc files stale, and /var/task is read-only, so
every cold start would recompile); the zip has sorted entries, fixed dates and fixed
permissions, so the same inputs give the same bytes.

    python infra/package.py --python /path/to/python3.12 --platform manylinux2014_aarch64
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The aiohttp door, the client and the command: none of them runs on Lambda.
LEFT_OUT = ("devserver.py", "client", "site")  # the aiohttp door, client/ and the page
# Never imported by the function: console scripts, PyEphem's own tests and docs, and
# pydantic's v1 compatibility layer (FastAPI only probes for it, guarded by ImportError).
PRUNED = ("bin", "__pycache__", "ephem/tests", "ephem/doc", "pydantic/v1")
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def target_version(python: str) -> str:
    out = subprocess.run(
        [python, "-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip()


def install(out: Path, platform: str, version: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--target", str(out), "--platform", platform, "--implementation", "cp",
         "--python-version", version, "--only-binary=:all:", "--no-compile", "--no-deps",
         "--require-virtualenv", "--require-hashes",
         "-r", str(ROOT / "requirements" / "lambda.txt")],
        check=True,
    )  # fmt: skip
    for name in PRUNED:
        shutil.rmtree(out / name, ignore_errors=True)


def copy_package(out: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", *LEFT_OUT)
    shutil.copytree(ROOT / "functions" / "planettracker", out / "planettracker", ignore=ignore)


def compile_all(out: Path, python: str) -> None:
    # Code objects record their file name: make it the path Lambda runs them from
    # (/var/task), not this build folder, so tracebacks read right and builds match.
    subprocess.run(
        [python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
         "-s", str(out), "-p", "/var/task", str(out)],
        check=True,
    )  # fmt: skip


def write_zip(folder: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, path.read_bytes())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="the target Python interpreter")
    parser.add_argument("--platform", default="manylinux2014_aarch64")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lambda")
    args = parser.parse_args(argv)
    version = target_version(args.python)
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    install(args.out, args.platform, version)
    copy_package(args.out)
    compile_all(args.out, args.python)
    archive = args.out.with_suffix(".zip")
    write_zip(args.out, archive)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:16]
    size = archive.stat().st_size
    print(f"{archive}: {size / 2**20:.2f} MiB zipped, Python {version}, {args.platform}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
