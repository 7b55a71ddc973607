"""Run infra/destroy.py against stubbed AWS clients (botocore's Stubber): no network, no
credentials. Run by the SAM tools' Python, where boto3 lives (tests/infra/test_infra.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import boto3
from botocore.stub import Stubber

spec = importlib.util.spec_from_file_location("destroy", Path(sys.argv[1]))
assert spec and spec.loader
destroy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(destroy)

session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
s3, cfn = session.client("s3"), session.client("cloudformation")
versions = [{"Key": f"js/{i}.js", "VersionId": f"v{i}"} for i in range(1500)]
with Stubber(s3) as s3_stub, Stubber(cfn) as cfn_stub:
    cfn_stub.add_response(
        "describe_stacks",
        {
            "Stacks": [
                {
                    "StackName": "pt",
                    "CreationTime": "2026-01-01T00:00:00Z",
                    "StackStatus": "CREATE_COMPLETE",
                    "Outputs": [
                        {"OutputKey": "SiteUrl", "OutputValue": "https://d1.cloudfront.net/"},
                        {"OutputKey": "SiteBucketName", "OutputValue": "site"},
                        {"OutputKey": "LogBucketName", "OutputValue": "logs"},
                    ],
                }
            ]
        },
        {"StackName": "pt"},
    )
    # Two pages: 1,500 versions, then a delete marker; DeleteObjects takes 1,000 at most.
    s3_stub.add_response(
        "list_object_versions",
        {
            "Versions": versions,
            "IsTruncated": True,
            "NextKeyMarker": "k",
            "NextVersionIdMarker": "v",
        },
        {"Bucket": "site"},
    )
    s3_stub.add_response(
        "delete_objects",
        {},
        {"Bucket": "site", "Delete": {"Objects": versions[:1000], "Quiet": True}},
    )
    s3_stub.add_response(
        "delete_objects",
        {},
        {"Bucket": "site", "Delete": {"Objects": versions[1000:], "Quiet": True}},
    )
    s3_stub.add_response(
        "list_object_versions",
        {"DeleteMarkers": [{"Key": "index.html", "VersionId": "m1"}], "IsTruncated": False},
        {"Bucket": "site", "KeyMarker": "k", "VersionIdMarker": "v"},
    )
    s3_stub.add_response(
        "delete_objects",
        {},
        {
            "Bucket": "site",
            "Delete": {"Objects": [{"Key": "index.html", "VersionId": "m1"}], "Quiet": True},
        },
    )
    s3_stub.add_response(
        "list_object_versions",
        {"Versions": [{"Key": "cloudfront/E1.2026-01-01-00.a.gz", "VersionId": "null"}],
         "IsTruncated": False},
        {"Bucket": "logs"},
    )  # fmt: skip
    s3_stub.add_response(
        "delete_objects",
        {},
        {"Bucket": "logs", "Delete": {"Objects": [
            {"Key": "cloudfront/E1.2026-01-01-00.a.gz", "VersionId": "null"}], "Quiet": True}},
    )  # fmt: skip
    cfn_stub.add_response("delete_stack", {}, {"StackName": "pt"})
    cfn_stub.add_response(
        "describe_stacks",
        {
            "Stacks": [
                {
                    "StackName": "pt",
                    "CreationTime": "2026-01-01T00:00:00Z",
                    "StackStatus": "DELETE_COMPLETE",
                }
            ]
        },
        {"StackName": "pt"},
    )
    destroy.destroy(cfn, s3, "pt")
    s3_stub.assert_no_pending_responses()
    cfn_stub.assert_no_pending_responses()
