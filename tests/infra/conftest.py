"""What the infra tests share: the SAM tools run offline, and the transformed template."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT

INFRA = ROOT / "infra"
SAM_BIN = ROOT / ".venv-sam" / "bin"
# No credentials anywhere: these checks must not need an AWS account.
OFFLINE_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "SAM_CLI_TELEMETRY": "0",
}
ORIGIN = "https://planets.example.org"
ORIGINS = f"{ORIGIN},https://other.example.org"
FUNCTION_URL = {"AllowedOrigins": ORIGINS, "Origin": "FunctionUrl"}


def run(*argv: str | Path, cwd: Path = INFRA) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=OFFLINE_ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


def transform(parameters: dict[str, str] | None = None) -> dict[str, Any]:
    """The template as aws-sam-translator turns it into CloudFormation; SAM settles some
    parameters (DeploymentStyle) itself, from these values or the defaults."""
    argv = [SAM_BIN / "python", ROOT / "tests" / "infra" / "transform.py", "template.yaml"]
    done = run(*argv, json.dumps(parameters or {}))
    assert done.returncode == 0, done.stderr
    template: dict[str, Any] = json.loads(done.stdout)
    return template


@pytest.fixture(scope="session")
def transformed() -> dict[str, Any]:
    return transform()


def of_type(resources: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in resources.values() if r["Type"] == kind]


def distribution(resources: dict[str, Any]) -> dict[str, Any]:
    (found,) = of_type(resources, "AWS::CloudFront::Distribution")
    config: dict[str, Any] = found["DistributionConfig"]
    return config
