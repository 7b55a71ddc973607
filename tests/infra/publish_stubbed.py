"""Run infra/publish_site.py against stubbed AWS clients (botocore's Stubber): no network,
no credentials. The page is uploaded with the stack's ApiBase in its api-base tag, then
the distribution invalidated. Run by the SAM tools' Python, where boto3 lives."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import ANY, Stubber

spec = importlib.util.spec_from_file_location("publish_site", Path(sys.argv[1]))
assert spec and spec.loader
publish = importlib.util.module_from_spec(spec)
spec.loader.exec_module(publish)

session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
clients = {name: session.client(name) for name in ("cloudformation", "s3", "cloudfront")}
stubs = {name: Stubber(client) for name, client in clients.items()}
stubs["cloudformation"].add_response(
    "describe_stacks",
    {"Stacks": [{
        "StackName": "pt", "CreationTime": "2026-01-01T00:00:00Z",
        "StackStatus": "UPDATE_COMPLETE",
        "Parameters": [{"ParameterKey": "ApiBase", "ParameterValue": "https://api.example.org"}],
        "Outputs": [
            {"OutputKey": "SiteUrl", "OutputValue": "https://d1.cloudfront.net/"},
            {"OutputKey": "SiteBucketName", "OutputValue": "site"},
            {"OutputKey": "DistributionId", "OutputValue": "E1"},
        ],
    }]},
    {"StackName": "pt"},
)  # fmt: skip
for path in sorted(p for p in publish.SITE.rglob("*") if p.is_file()):
    key = path.relative_to(publish.SITE).as_posix()
    body: Any = ANY
    if key == "index.html":
        body = publish.with_api_base(path.read_text(), "https://api.example.org").encode()
    stubs["s3"].add_response("put_object", {}, {"Bucket": "site", "Key": key, "Body": body,
                             "ContentType": ANY, "CacheControl": ANY})  # fmt: skip
stubs["cloudfront"].add_response(
    "create_invalidation", {}, {"DistributionId": "E1", "InvalidationBatch": ANY}
)
for stub in stubs.values():
    stub.activate()
boto3.client = lambda name, **_: clients[name]  # type: ignore[assignment]
publish.main(["--stack", "pt", "--region", "us-east-1"])
for stub in stubs.values():
    stub.assert_no_pending_responses()
