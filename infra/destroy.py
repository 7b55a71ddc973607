"""Tear a PlanetTracker stack down: `make destroy` (STACK=..., REGION=...).

CloudFormation cannot delete a bucket that still holds objects, so the stack's buckets
(the versioned site, CloudFront's logs) are emptied first, every version and delete
marker; then the stack is deleted and waited for. Runs in the SAM tools' environment,
which has boto3. Asks for the stack's name unless --yes is given.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

BATCH = 1000  # the most keys one DeleteObjects call takes


def empty_bucket(s3: Any, bucket: str) -> int:
    """Delete every object version and delete marker in `bucket`; return how many."""
    deleted = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        keys = [
            {"Key": item["Key"], "VersionId": item["VersionId"]}
            for item in page.get("Versions", []) + page.get("DeleteMarkers", [])
        ]
        for start in range(0, len(keys), BATCH):
            batch = keys[start : start + BATCH]
            answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
            if answer.get("Errors"):
                raise RuntimeError(f"could not delete from {bucket}: {answer['Errors'][:3]}")
            deleted += len(batch)
    return deleted


def destroy(cloudformation: Any, s3: Any, stack: str) -> None:
    """Empty the stack's buckets, then delete the stack and wait until it is gone."""
    found = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    for output in found.get("Outputs", []):
        if output["OutputKey"].endswith("BucketName"):
            bucket = output["OutputValue"]
            print(f"emptied {bucket}: {empty_bucket(s3, bucket)} object versions deleted")
    cloudformation.delete_stack(StackName=stack)
    print(f"deleting stack {stack} (CloudFront takes some minutes)...")
    cloudformation.get_waiter("stack_delete_complete").wait(
        StackName=stack, WaiterConfig={"Delay": 15, "MaxAttempts": 240}
    )
    print(f"deleted {stack}")


def main(argv: list[str] | None = None) -> None:
    import boto3  # only in the SAM tools' environment

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="planettracker")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--yes", action="store_true", help="do not ask for the stack's name")
    args = parser.parse_args(argv)
    if not args.yes:
        typed = input(f"This deletes stack {args.stack} in {args.region} and its site. "
                      "Type its name to go on: ")  # fmt: skip
        if typed.strip() != args.stack:
            sys.exit("not deleted")
    destroy(
        boto3.client("cloudformation", region_name=args.region),
        boto3.client("s3", region_name=args.region),
        args.stack,
    )


if __name__ == "__main__":
    main()
