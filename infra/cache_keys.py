"""Write the CloudFront cache policies and behaviours in infra/template.yaml from the
route table: `make cache-keys`.

One behaviour a route, and one cache policy per set of query parameters, keyed on the
parameters the route takes as the app itself lists them: asked with an unknown parameter,
a route that reads its query answers 400 with `accepted: one of: ...` (params.py's
allowed set); one that answers anything else reads none. A new route, or a new parameter,
changes the template the next time this runs, and tests/infra fails until it has.

    python infra/cache_keys.py [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from planettracker.core.ephemeris import BODIES
from planettracker.http import headers, router
from planettracker.http.messages import ApiRequest

TEMPLATE = Path(__file__).resolve().parent / "template.yaml"
PROBE = "planettracker-probe"
ONE_OF = "one of: "
ALL_METHODS = "[GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]"
READ_METHODS = "[GET, HEAD, OPTIONS]"
BLOCKS = ("cache policies", "cache behaviours")  # between "# BEGIN name" and "# END name"


@dataclass(frozen=True)
class Behaviour:
    pattern: str  # CloudFront's path pattern: each {placeholder} becomes *
    method: str
    parameters: tuple[str, ...]  # sorted

    @property
    def policy(self) -> str:
        return policy_id(self.parameters)


def accepted_parameters(route: router.Route) -> tuple[str, ...]:
    """The query parameters `route` takes, as its answer to an unknown one lists them."""
    if route.method != "GET":
        return ()  # a body, not a query: nothing to cache on
    path_params = {name: BODIES[0] for name in re.findall(r"{(\w+)}", route.path)}
    request = ApiRequest(
        now=datetime(2026, 1, 1, tzinfo=UTC), query=[(PROBE, "1")], path_params=path_params
    )
    answer = router.respond(route, request, headers.Settings())
    problem = json.loads(answer.body) if answer.status == 400 else {}
    if problem.get("parameter") != PROBE:
        return ()
    accepted: str = problem["accepted"]
    assert accepted.startswith(ONE_OF), accepted
    return tuple(sorted(accepted[len(ONE_OF) :].split(", ")))


def behaviours() -> list[Behaviour]:
    """Every route's behaviour; the deeper patterns first, as CloudFront takes the first
    that matches and `/planets/*` would also match `/planets/mars/track`."""
    found = [
        Behaviour(re.sub(r"{\w+}", "*", r.path), r.method, accepted_parameters(r))
        for r in router.ROUTES
    ]
    return sorted(found, key=lambda b: -b.pattern.count("/"))


def policy_id(parameters: tuple[str, ...]) -> str:
    """A logical id for a parameter set: named after the first route that takes it."""
    if not parameters:
        return "CacheKeyNoQuery"
    first = next(r for r in router.ROUTES if accepted_parameters(r) == parameters)
    words = [w for w in re.split(r"[/_.]", first.path) if w and not w.startswith("{")]
    return "CacheKey" + "".join(w.capitalize() for w in words)


def _kebab(logical_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", logical_id.removeprefix("CacheKey")).lower()


def policies_yaml(found: list[Behaviour]) -> str:
    sets = {b.parameters: b.policy for b in found}
    out = []
    for parameters, logical_id in sorted(sets.items(), key=lambda kv: kv[1]):
        if parameters:
            queries = ("{QueryStringBehavior: whitelist, QueryStrings: ["
                       + ", ".join(parameters) + "]}")  # fmt: skip
        else:
            queries = "{QueryStringBehavior: none}"
        out.append(f"""  {logical_id}:
    Type: AWS::CloudFront::CachePolicy
    Properties:
      CachePolicyConfig:
        Name: !Sub ${{AWS::StackName}}-${{AWS::Region}}-{_kebab(logical_id)}
        MinTTL: 0
        DefaultTTL: 0
        MaxTTL: 31536000
        ParametersInCacheKeyAndForwardedToOrigin:
          EnableAcceptEncodingGzip: true
          EnableAcceptEncodingBrotli: true
          QueryStringsConfig: {queries}
          HeadersConfig: !If
            - AnyOrigin
            - {{HeaderBehavior: none}}
            - {{HeaderBehavior: whitelist, Headers: [Origin]}}
          CookiesConfig: {{CookieBehavior: none}}
""")
    return "\n".join(out)


def behaviours_yaml(found: list[Behaviour]) -> str:
    return "".join(
        f"""          - PathPattern: {b.pattern}
            TargetOriginId: api
            ViewerProtocolPolicy: https-only
            Compress: true
            AllowedMethods: {READ_METHODS if b.method == "GET" else ALL_METHODS}
            CachePolicyId: !Ref {b.policy}
            OriginRequestPolicyId: !Ref ApiOriginRequestPolicy
            ResponseHeadersPolicyId: !Ref SecurityHeadersPolicy
"""
        for b in found
    )


def render(template: str) -> str:
    """`template` with its generated blocks written anew from the route table."""
    found = behaviours()
    for name, text in zip(BLOCKS, (policies_yaml(found), behaviours_yaml(found)), strict=True):
        start = template.index("\n", template.index(f"# BEGIN {name}")) + 1
        stop = template.rindex("\n", 0, template.index(f"# END {name}")) + 1
        template = template[:start] + text + template[stop:]
    return template


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the template differs")
    args = parser.parse_args(argv)
    current = TEMPLATE.read_text()
    wanted = render(current)
    if args.check:
        sys.exit(0 if wanted == current else "infra/template.yaml is stale: make cache-keys")
    TEMPLATE.write_text(wanted)
    print(f"wrote {len(behaviours())} behaviours into {TEMPLATE.name}")


if __name__ == "__main__":
    main()
