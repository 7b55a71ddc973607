"""The stack and region of an environment in infra/samconfig.toml, for the Makefile:
`python infra/environments.py ENV` prints "stack region"; with `--output NAME`, that
stack output's value (which needs boto3 and credentials: the SAM tools' Python).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

SAMCONFIG = Path(__file__).resolve().parent / "samconfig.toml"


def stack_and_region(env: str, config: Path = SAMCONFIG) -> tuple[str, str]:
    saved = tomllib.loads(config.read_text())
    found = saved.get(env, {}).get("global", {}).get("parameters", {})
    if "stack_name" not in found:
        sys.exit(f"infra/samconfig.toml has no environment {env!r} with a stack_name")
    return found["stack_name"], found.get("region", "us-east-1")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("env")
    parser.add_argument("--output", help="print this output of the deployed stack")
    args = parser.parse_args(argv)
    stack, region = stack_and_region(args.env)
    if not args.output:
        print(stack, region)
        return
    import boto3  # only in the SAM tools' environment

    found = boto3.client("cloudformation", region_name=region).describe_stacks(StackName=stack)
    outputs = {o["OutputKey"]: o["OutputValue"] for o in found["Stacks"][0]["Outputs"]}
    print(outputs[args.output])


if __name__ == "__main__":
    main()
