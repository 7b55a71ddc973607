"""Upload site/ to the stack's bucket and invalidate the distribution (`make deploy`).

Runs in the SAM tools' environment, which has boto3. The page calls the API on its
own origin through CloudFront, so the api-base meta tag stays empty unless the stack's
ApiBase parameter names another origin (which its CSP's connect-src then allows).
"""

from __future__ import annotations

import argparse
import mimetypes
import re
import time
from pathlib import Path

SITE = Path(__file__).resolve().parents[1] / "site"
TYPES = {
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".html": "text/html",
}


def with_api_base(html: str, api_base: str) -> str:
    """Return index.html with its api-base meta tag set to `api_base`."""
    tag = re.compile(r'(<meta name="api-base" content=")[^"]*(")')
    if not tag.search(html):
        raise ValueError('index.html has no <meta name="api-base" content="...">')
    return tag.sub(lambda m: m.group(1) + api_base.replace('"', "%22") + m.group(2), html)


def main(argv: list[str] | None = None) -> None:
    import boto3  # only in the SAM tools' environment

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="planettracker")
    parser.add_argument("--region", default="us-east-1")
    args = parser.parse_args(argv)
    stack = boto3.client("cloudformation", region_name=args.region).describe_stacks(
        StackName=args.stack
    )["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    s3 = boto3.client("s3", region_name=args.region)
    for path in sorted(p for p in SITE.rglob("*") if p.is_file()):
        key = path.relative_to(SITE).as_posix()
        body = path.read_bytes()
        if key == "index.html":
            body = with_api_base(body.decode(), parameters.get("ApiBase", "")).encode()
        content_type = (
            TYPES.get(path.suffix) or mimetypes.guess_type(key)[0] or "application/octet-stream"
        )
        # index.html is revalidated every time so a deploy shows at once; the rest briefly cached.
        cache = "no-cache" if key == "index.html" else "public, max-age=300"
        s3.put_object(Bucket=outputs["SiteBucketName"], Key=key, Body=body,
                      ContentType=content_type, CacheControl=cache)  # fmt: skip
        print(f"uploaded {key} ({content_type})")
    boto3.client("cloudfront").create_invalidation(
        DistributionId=outputs["DistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]},
                           "CallerReference": f"planettracker-{time.time_ns()}"},
    )  # fmt: skip
    print(f"invalidated; the site is at {outputs['SiteUrl']}")


if __name__ == "__main__":
    main()
