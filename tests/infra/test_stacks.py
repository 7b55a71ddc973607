"""Offline checks of what a deployment on a real account needs (issue 18): stacks side by
side, safe defaults, cache keys from the route table, compression, a ceiling on abuse and
on the bill, a custom domain, rollouts the alarms stop, logs that name the viewer, and
deploys from CI. Nothing here talks to AWS."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml

from planettracker.http import endpoints, headers, openapi, router
from planettracker.http.messages import ApiRequest

from ..conftest import ROOT
from .cfn import resolve, with_pseudo_parameters
from .conftest import FUNCTION_URL, INFRA, distribution, of_type, transform

EVERYTHING = {"WebAcl": "create", "MonthlyBudgetUsd": "10", "AlarmEmail": "ops@example.org"}
STACKS = ("planettracker-staging", "planettracker-production")
# The longest a stack name may be (docs/deploy.md), and the longest region name.
LONGEST_STACK, LONGEST_REGION = "p" * 40, "ap-southeast-4"
# AWS's limits on the names built from them.
NAME_LIMITS = {
    "AWS::CloudFront::OriginAccessControl": 64,
    "AWS::CloudFront::CachePolicy": 128,
    "AWS::CloudFront::OriginRequestPolicy": 128,
    "AWS::CloudFront::ResponseHeadersPolicy": 128,
    "AWS::WAFv2::WebACL": 128,
    "AWS::Budgets::Budget": 100,
    "AWS::Logs::LogGroup": 512,
    "AWS::ApiGatewayV2::Api": 128,
}
# Names the same in every stack, and rightly: each is scoped by a resource of its stack
# (an alias within its function, a stage within its API, a rule within its ACL), or names
# what AWS defines (a metric of AWS/Lambda, a dimension, a managed rule group).
SCOPED_BY_THEIR_PARENT = {
    ("AWS::Lambda::Alias", "Name"),
    ("AWS::ApiGatewayV2::Stage", "StageName"),
    ("AWS::CloudWatch::Alarm", "MetricName"),
    ("AWS::CloudWatch::Alarm", "Dimensions.Name"),
    ("AWS::Logs::MetricFilter", "MetricTransformations.MetricName"),
    ("AWS::WAFv2::WebACL", "Rules.Name"),
    ("AWS::WAFv2::WebACL", "Rules.Statement.ManagedRuleGroupStatement.Name"),
    ("AWS::WAFv2::WebACL", "Rules.Statement.ManagedRuleGroupStatement.VendorName"),
    ("AWS::CodeDeploy::DeploymentGroup", "DeploymentConfigName.Fn::Sub.ConfigName"),
}


def names(resources: dict[str, Any], stack: str, region: str) -> dict[tuple[str, str], str]:
    """Every literal name a stack gives (`...Name` properties), by (resource, path)."""
    found: dict[tuple[str, str], str] = {}

    def walk(node: Any, logical_id: str, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                inner = f"{path}.{key}" if path else key
                if key.endswith("Name") and isinstance(value, str):
                    found[(logical_id, inner)] = value
                walk(value, logical_id, inner)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, logical_id, f"{path}[{index}]")

    for logical_id, resource in with_pseudo_parameters(resources, stack, region).items():
        walk(resource["Properties"], logical_id, "")
    return found


@pytest.mark.parametrize("origin", ["HttpApi", "FunctionUrl"])
def test_two_stacks_in_one_account_share_no_name(transformed: dict[str, Any], origin: str) -> None:
    resources = resolve(transformed, {**EVERYTHING, "Origin": origin})["Resources"]
    kinds = {logical_id: r["Type"] for logical_id, r in resources.items()}
    first, second = (names(resources, stack, "us-east-1") for stack in STACKS)
    assert first.keys() == second.keys()
    shared = {key for key in first if first[key] == second[key]}
    scoped = {(kinds[logical_id], re.sub(r"\[\d+\]", "", path)) for logical_id, path in shared}
    assert scoped <= SCOPED_BY_THEIR_PARENT
    unique = {key: first[key] for key in first if key not in shared}
    assert {kinds[logical_id] for logical_id, _ in unique} >= set(NAME_LIMITS) - (
        {"AWS::ApiGatewayV2::Api"} if origin == "FunctionUrl" else set()
    )
    assert set(unique.values()).isdisjoint(second.values())
    # Two regions, one account: CloudFront and Budgets names are global, so they carry it.
    elsewhere = names(resources, STACKS[0], "eu-west-1")
    global_kinds = {k for k in NAME_LIMITS if k.startswith(("AWS::CloudFront", "AWS::Budgets"))}
    assert all(first[key] != elsewhere[key] for key in unique if kinds[key[0]] in global_kinds)
    # And they fit AWS's limits for any stack name up to 40 characters in any region.
    longest = names(resources, LONGEST_STACK, LONGEST_REGION)
    for (logical_id, _path), name in longest.items():
        assert len(name) <= NAME_LIMITS.get(kinds[logical_id], 255), (logical_id, name)


def test_each_environment_is_its_own_stack_with_its_own_marker() -> None:
    environments = {}
    for env in ("default", "staging", "production"):
        done = subprocess.run(
            ["make", "-n", "--no-print-directory", "deploy", f"ENV={env}", "LAMBDA_PYTHON=python3"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        deploy = next(line for line in done.stdout.splitlines() if " deploy --config-env" in line)
        stack = re.search(r"--stack-name (\S+)", deploy)
        assert stack and f"--config-env {env} " in deploy
        assert f"touch infra/.deployed-{stack.group(1)}" in done.stdout
        environments[env] = (stack.group(1), "--guided" in done.stdout)
    assert len({stack for stack, _ in environments.values()}) == 3
    # A terminal's first deploy of a stack is guided; CI is never asked.
    in_ci = subprocess.run(
        ["make", "-n", "deploy", "ENV=staging", "CI=true", "CFN_ROLE=arn:role", "LAMBDA_PYTHON=x"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "--guided" not in in_ci and "--no-confirm-changeset --role-arn arn:role" in in_ci


def test_defaults_deploy_on_a_new_account(transformed: dict[str, Any]) -> None:
    """No reserved concurrency (a new account's quota may be 10, and Lambda keeps 100
    unreserved), no WAF, no budget, no domain: nothing a fresh account lacks."""
    resources = resolve(transformed, {})["Resources"]
    kinds = {r["Type"] for r in resources.values()}
    assert not kinds & {"AWS::WAFv2::WebACL", "AWS::Budgets::Budget"}
    (function,) = of_type(resources, "AWS::Lambda::Function")
    assert "ReservedConcurrentExecutions" not in function
    config = distribution(resources)
    assert not {"Aliases", "ViewerCertificate", "WebACLId"} & config.keys()
    readme = (ROOT / "README.md").read_text()
    assert "CloudFront" in readme and "verif" in readme and "concurrency quota" in readme


def test_every_behaviour_compresses(transformed: dict[str, Any]) -> None:
    for parameters in ({}, FUNCTION_URL):
        config = distribution(resolve(transformed, parameters)["Resources"])
        behaviours = [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]
        assert [b.get("Compress") for b in behaviours] == [True] * len(behaviours)


def load_cache_keys() -> Any:
    spec = importlib.util.spec_from_file_location("cache_keys", INFRA / "cache_keys.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def test_the_template_holds_the_route_tables_cache_keys() -> None:
    """Written by `make cache-keys`; a route or parameter added since fails here."""
    text = (INFRA / "template.yaml").read_text()
    assert load_cache_keys().render(text) == text


def test_a_new_route_gets_its_behaviour_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """/almanac, say, taking what /tonight takes: `make cache-keys` gives it a behaviour."""
    cache_keys = load_cache_keys()
    text = (INFRA / "template.yaml").read_text()
    monkeypatch.setattr(
        router, "ROUTES", (*router.ROUTES, router.Route("GET", "/almanac", endpoints.get_tonight))
    )  # fmt: skip
    grown = cache_keys.render(text)
    behaviour = re.search(r"- PathPattern: /almanac\n(?:            .*\n)+", grown)
    assert behaviour and "CachePolicyId: !Ref CacheKeyTonight" in behaviour.group(0)


def query_parameters(path: str) -> set[str]:
    """What the OpenAPI document says a GET takes in its query."""
    operation = openapi.document()["paths"].get(path, {}).get("get", {})
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


@pytest.mark.parametrize("allowed", ["*", FUNCTION_URL["AllowedOrigins"]])
def test_each_route_is_keyed_on_its_own_parameters_and_forwards_the_rest(
    transformed: dict[str, Any], allowed: str
) -> None:
    resources = resolve(transformed, {"AllowedOrigins": allowed})["Resources"]
    config = distribution(resources)
    for route in router.ROUTES:
        path = route.path.replace("{name}", "mars")
        behaviour = next(
            b for b in config["CacheBehaviors"]
            if re.fullmatch(re.escape(b["PathPattern"]).replace(r"\*", ".*"), path)
        )  # fmt: skip
        assert behaviour["PathPattern"] == re.sub(r"{\w+}", "*", route.path), route
        policy = resources[behaviour["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
        keyed = policy["ParametersInCacheKeyAndForwardedToOrigin"]
        in_key = set(keyed["QueryStringsConfig"].get("QueryStrings", []))
        # What the key holds is what the route documents and what its 400 accepts.
        documented = query_parameters(route.path) if route.method == "GET" else set()
        assert in_key == documented, route
        assert len(in_key) <= 10  # CloudFront's quota of query strings per cache policy
        expected = "whitelist" if in_key else "none"
        assert keyed["QueryStringsConfig"]["QueryStringBehavior"] == expected
        assert keyed["EnableAcceptEncodingGzip"] and keyed["EnableAcceptEncodingBrotli"]
        forwarded = resources[behaviour["OriginRequestPolicyId"]["Ref"]]["Properties"]
        queries = forwarded["OriginRequestPolicyConfig"]["QueryStringsConfig"]
        assert queries == {"QueryStringBehavior": "all"}  # unknown ones reach the app
        if in_key:
            request = ApiRequest(now=datetime(2026, 1, 1, tzinfo=UTC), query=[("city", "Oslo")],
                                 path_params={"name": "mars"})  # fmt: skip
            refused = router.respond(route, request, headers.Settings())
            assert refused.status == 400 and json.loads(refused.body)["parameter"] == "city"
            # ... and the 400 is never kept for the next viewer with the same known ones.
            assert refused.headers["Cache-Control"] == "no-store"
    assert {"ErrorCode": 400, "ErrorCachingMinTTL": 0} in config["CustomErrorResponses"]


def test_web_acl_caps_each_address_above_what_pages_ask(transformed: dict[str, Any]) -> None:
    spec = importlib.util.spec_from_file_location("scale", INFRA / "scale.py")
    assert spec and spec.loader
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    inputs = scale.embedded_inputs((ROOT / "docs" / "scale.md").read_text())
    per_page = scale.model(inputs)["waf"]["page_requests_per_5_min"]
    # 2.5 two-minute spans and one more at load, 12 files, /events twice, /tonight once.
    assert per_page == 300 / inputs["assumed"]["span_s"] + 1 + 12 + 2 + 1
    resources = resolve(transformed, {"WebAcl": "create"})["Resources"]
    (acl,) = of_type(resources, "AWS::WAFv2::WebACL")
    assert acl["Scope"] == "CLOUDFRONT" and acl["DefaultAction"] == {"Allow": {}}
    rate, common = acl["Rules"]
    limit = int(rate["Statement"]["RateBasedStatement"]["Limit"])
    assert rate["Statement"]["RateBasedStatement"]["EvaluationWindowSec"] == 300
    assert rate["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    assert limit >= 10 * per_page  # ten pages behind one address (a household, an office)
    assert common["Statement"]["ManagedRuleGroupStatement"] == {
        "VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"
    }  # fmt: skip
    assert distribution(resources)["WebACLId"] == {"Fn::GetAtt": ["WebAclForDistribution", "Arn"]}
    # Only us-east-1 holds CloudFront's ACLs: create there, or bring one's ARN elsewhere.
    rule = transformed["Rules"]["WebAclIsMadeInUsEast1"]
    assert rule["Assertions"][0]["Assert"] == {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}
    arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shared/0a1b"
    assert re.fullmatch(transformed["Parameters"]["WebAcl"]["AllowedPattern"], arn)
    brought = resolve(transformed, {"WebAcl": arn})["Resources"]
    assert not of_type(brought, "AWS::WAFv2::WebACL")
    assert distribution(brought)["WebACLId"] == arn


def test_budget_mails_before_the_month_is_spent(transformed: dict[str, Any]) -> None:
    resources = resolve(transformed, EVERYTHING)["Resources"]
    (budget,) = of_type(resources, "AWS::Budgets::Budget")
    assert budget["Budget"]["BudgetLimit"] == {"Amount": "10", "Unit": "USD"}
    assert budget["Budget"]["TimeUnit"] == "MONTHLY" and budget["Budget"]["BudgetType"] == "COST"
    notices = {(n["Notification"]["NotificationType"], n["Notification"]["Threshold"])
               for n in budget["NotificationsWithSubscribers"]}  # fmt: skip
    assert notices == {("ACTUAL", 80), ("FORECASTED", 100)}
    for notice in budget["NotificationsWithSubscribers"]:
        assert notice["Subscribers"] == [
            {"SubscriptionType": "EMAIL", "Address": "ops@example.org"}
        ]
    assert "BudgetNeedsAnAddress" in transformed["Rules"]


def test_custom_domain_leaves_the_distribution_the_only_way_in(
    transformed: dict[str, Any],
) -> None:
    certificate = (
        "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
    )
    parameters = {**FUNCTION_URL, "DomainNames": "planets.example.org,www.planets.example.org",
                  "CertificateArn": certificate}  # fmt: skip
    for name, value in parameters.items():
        assert re.fullmatch(transformed["Parameters"][name].get("AllowedPattern", ".*"), value)
    stack = resolve(transformed, parameters)
    config = distribution(stack["Resources"])
    assert config["Aliases"] == {"Fn::Split": [",", "planets.example.org,www.planets.example.org"]}
    assert config["ViewerCertificate"] == {
        "AcmCertificateArn": certificate, "SslSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }  # fmt: skip
    assert not [r for r in stack["Resources"].values() if "ApiGateway" in r["Type"]]
    assert "ApiUrl" not in stack["Outputs"]
    assert "Fn::Select" in json.dumps(stack["Outputs"]["SiteUrl"])  # the first domain
    (rule,) = [r for name, r in transformed["Rules"].items() if name.startswith("Domain")]
    asserted = [a["Assert"] for a in rule["Assertions"]]
    assert {"Fn::Equals": [{"Ref": "Origin"}, "FunctionUrl"]} in asserted


def test_the_page_may_connect_to_its_api_and_nowhere_else(transformed: dict[str, Any]) -> None:
    def connect_src(**parameters: str) -> str:
        resources = resolve(transformed, parameters)["Resources"]
        policy = resources["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
        csp = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
        text, values = csp["Fn::Sub"]
        directive = re.search(r"connect-src ([^;]*);", text)
        assert directive
        api = values["Api"]  # " ${ApiBase}" when there is one
        api = (
            api
            if isinstance(api, str)
            else api["Fn::Sub"].replace("${ApiBase}", parameters["ApiBase"])
        )
        return directive.group(1).replace("${Api}", api)

    assert connect_src() == "'self'"
    assert connect_src(ApiBase="https://api.example.org") == "'self' https://api.example.org"


@pytest.mark.parametrize(("parameters", "five_xx"), [
    ({}, "ApiServerErrorsAlarm"), (FUNCTION_URL, "FunctionUrlServerErrorsAlarm")])  # fmt: skip
def test_rollouts_move_live_and_the_alarms_roll_them_back(
    transformed: dict[str, Any], parameters: dict[str, str], five_xx: str
) -> None:
    resources = resolve(transformed, parameters)["Resources"]
    (group,) = of_type(resources, "AWS::CodeDeploy::DeploymentGroup")
    assert group["AlarmConfiguration"] == {
        "Enabled": True, "Alarms": [{"Name": {"Ref": five_xx}}, {"Name": {"Ref": "FunctionErrorsAlarm"}}]
    }  # fmt: skip
    assert "DEPLOYMENT_STOP_ON_ALARM" in group["AutoRollbackConfiguration"]["Events"]
    assert group["DeploymentConfigName"]["Fn::Sub"][1] == {"ConfigName": "Canary10Percent5Minutes"}
    (alias,) = of_type(resources, "AWS::Lambda::Alias")
    assert alias["Name"] == "live"
    linear = transform({"DeploymentStyle": "Linear10PercentEvery1Minute"})
    (group,) = of_type(linear["Resources"], "AWS::CodeDeploy::DeploymentGroup")
    assert group["DeploymentConfigName"]["Fn::Sub"][1] == {
        "ConfigName": "Linear10PercentEvery1Minute"
    }


def test_cloudfront_logs_name_the_viewer_and_expire(transformed: dict[str, Any]) -> None:
    resources = resolve(transformed, {"LogRetentionDays": "30"})["Resources"]
    logging = distribution(resources)["Logging"]
    assert logging["Bucket"] == {"Fn::GetAtt": ["LogBucket", "DomainName"]}
    bucket = resources["LogBucket"]["Properties"]
    assert {"Id": "expire-logs", "Status": "Enabled", "ExpirationInDays": "30",
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}
            } in bucket["LifecycleConfiguration"]["Rules"]  # fmt: skip
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    # Standard logs are written with an ACL: the one bucket that takes them from its owner.
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    (policy,) = of_type(resources, "AWS::CloudFront::OriginRequestPolicy")
    forwarded = policy["OriginRequestPolicyConfig"]["HeadersConfig"]["Headers"]
    assert "CloudFront-Viewer-Address" in forwarded


def test_ci_role_may_only_deploy_these_stacks() -> None:
    """infra/deploy-role.yaml: assumed through GitHub's OIDC by this repository's
    staging and production jobs only; it changes the stacks through CloudFormation,
    which builds them as a role of its own."""
    role = yaml.load((INFRA / "deploy-role.yaml").read_text(), Loader=CfnLoader)
    resources = role["Resources"]
    (trust,) = resources["DeployRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Condition"]["StringEquals"] == {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"
    }
    subjects = trust["Condition"]["ForAnyValue:StringEquals"][
        "token.actions.githubusercontent.com:sub"
    ]
    assert subjects == [{"Fn::Sub": "repo:${GitHubRepository}:environment:staging"},
                        {"Fn::Sub": "repo:${GitHubRepository}:environment:production"}]  # fmt: skip
    statements = [
        s for r in resources.values() if r["Type"] == "AWS::IAM::Role"
        for p in r["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]
    ]  # fmt: skip
    assert all(s["Effect"] == "Allow" and s["Action"] not in ("*", ["*"]) for s in statements)
    (deploy,) = resources["DeployRole"]["Properties"]["Policies"]
    passes = [s for s in deploy["PolicyDocument"]["Statement"] if s["Action"] == "iam:PassRole"]
    assert passes == [{
        "Sid": "HandTheStacksToCloudFormation", "Effect": "Allow", "Action": "iam:PassRole",
        "Resource": {"Fn::GetAtt": "CloudFormationRole.Arn"},
        "Condition": {"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}},
    }]  # fmt: skip
    granted = {a for s in deploy["PolicyDocument"]["Statement"] for a in _list(s["Action"])}
    assert not {a for a in granted if a.split(":")[0] in ("lambda", "iam") and a != "iam:PassRole"}
    workflows = ROOT / ".github" / "workflows"
    deploy = yaml.safe_load((workflows / "deploy.yml").read_text())
    jobs = deploy["jobs"]
    assert jobs["test"]["steps"][-1]["run"] == ".ci/run"  # make lint, make test
    assert "permissions" not in jobs["test"]  # the workflow's: contents: read, no token
    assert deploy["permissions"] == {"contents": "read"}
    for env, after in (("staging", "test"), ("production", "staging")):
        assert jobs[env]["needs"] == after and jobs[env]["with"] == {"environment": env}
        assert jobs[env]["uses"] == "./.github/workflows/deploy-environment.yml"
    (step_job,) = yaml.safe_load((workflows / "deploy-environment.yml").read_text())[
        "jobs"
    ].values()
    assert step_job["environment"] == "${{ inputs.environment }}"  # the role's sub condition
    runs = [s["run"] for s in step_job["steps"] if "run" in s]
    assert runs == [
        'make deploy ENV="${{ inputs.environment }}" CFN_ROLE="${{ vars.AWS_CLOUDFORMATION_ROLE_ARN }}"',
        'make smoke ENV="${{ inputs.environment }}"',
    ]
    texts = " ".join(w.read_text() for w in workflows.glob("deploy*.yml"))
    assert "aws-access-key-id" not in texts and "secrets." not in texts


def _list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short forms (!Ref, !Sub, !GetAtt...) as their long ones."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        return {name: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {name: loader.construct_sequence(node, deep=True)}
    return {name: loader.construct_mapping(node, deep=True)}  # type: ignore[arg-type]


CfnLoader.add_multi_constructor("!", _intrinsic)
