"""Offline checks of the deployment: the real SAM tools on the template, the template
against the contract, and the Lambda artifact that `make package` builds."""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mangum import Mangum

from planettracker.doors.fastapi_app import create_app
from planettracker.http import headers, router
from planettracker.http.messages import ApiRequest

from ..conftest import ROOT
from .cfn import resolve
from .conftest import (
    FUNCTION_URL,
    INFRA,
    OFFLINE_ENV,
    ORIGIN,
    ORIGINS,
    SAM_BIN,
    distribution,
    of_type,
    run,
)

EVENTS = ROOT / "tests" / "events"
SIZE_BUDGET_MIB = 15.0  # issue 21's budget, with tzfpy's boundaries (docs/places.md)
ELF_MACHINE_AARCH64 = 183


def lambda_python() -> str:
    found = os.environ.get("LAMBDA_PYTHON", "")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("no Python 3.12 for the Lambda target (make test passes LAMBDA_PYTHON)")
        pytest.skip("no Python 3.12 for the Lambda target: run through make test")
    return found


@pytest.fixture(scope="module")
def cloudformation(transformed: dict[str, Any]) -> dict[str, Any]:
    """What a stack with the default parameters and a list of CORS origins would hold."""
    resources: dict[str, Any] = resolve(transformed, {"AllowedOrigins": ORIGINS})["Resources"]
    return resources


@pytest.mark.parametrize("extra", [[], ["--lint"]])
def test_sam_validate(extra: list[str]) -> None:
    done = run(SAM_BIN / "sam", "validate", "--region", "us-east-1", "-t", "template.yaml", *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "is a valid SAM Template" in done.stdout + done.stderr
    assert "warning" not in (done.stdout + done.stderr).lower()


def test_saved_deploy_answers_name_the_templates_parameters(transformed: dict[str, Any]) -> None:
    saved = tomllib.loads((INFRA / "samconfig.toml").read_text())
    for env in ("default", "staging", "production"):
        overrides = saved[env]["deploy"]["parameters"]["parameter_overrides"]
        names = re.findall(r'(\w+)="', overrides)
        assert names and set(names) <= set(transformed["Parameters"]), env


def test_cfn_lint_is_silent() -> None:
    done = run(SAM_BIN / "cfn-lint", "template.yaml", "deploy-role.yaml")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_function_is_arm64_python312_least_privilege(cloudformation: dict[str, Any]) -> None:
    (function,) = of_type(cloudformation, "AWS::Lambda::Function")
    assert function["Architectures"] == ["arm64"] and function["Runtime"] == "python3.12"
    assert function["MemorySize"] == 256 and function["Timeout"] <= 10
    assert function["Environment"]["Variables"] == {
        "PLANETTRACKER_CORS_ORIGINS": ORIGINS, "PLANETTRACKER_COMPRESS": "false"
    }  # fmt: skip
    role = cloudformation["PlanetTrackerFunctionRole"]["Properties"]
    assert role["ManagedPolicyArns"] == [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    ]
    assert "Policies" not in role


def test_the_app_is_the_one_owner_of_cors(
    transformed: dict[str, Any], cloudformation: dict[str, Any]
) -> None:
    """API Gateway with a CorsConfiguration answers preflights itself and drops the app's
    CORS headers; here every request, OPTIONS too, reaches the function, as in the tests."""
    (api,) = of_type(cloudformation, "AWS::ApiGatewayV2::Api")
    assert api["ProtocolType"] == "HTTP" and "CorsConfiguration" not in api
    assert not any("cors" in key.lower() for key in json.dumps(api).split('"'))
    (route,) = of_type(cloudformation, "AWS::ApiGatewayV2::Route")
    (integration,) = of_type(cloudformation, "AWS::ApiGatewayV2::Integration")
    assert route["RouteKey"] == "$default"  # every path and method: the contract's 404/405
    assert integration == {
        "ApiId": {"Ref": "HttpApi"},
        "IntegrationType": "AWS_PROXY",
        "IntegrationUri": {"Ref": "PlanetTrackerFunctionAliaslive"},
        "PayloadFormatVersion": "2.0",
    }
    assert not of_type(cloudformation, "AWS::Lambda::Url")
    # One list, one syntax: what the template accepts is what the app reads.
    pattern = transformed["Parameters"]["AllowedOrigins"]["AllowedPattern"]
    assert re.fullmatch(pattern, ORIGINS) and re.fullmatch(pattern, "*")
    assert not re.fullmatch(pattern, f"{ORIGIN} https://other.example.org")
    settings = headers.Settings.from_environ({"PLANETTRACKER_CORS_ORIGINS": ORIGINS})
    assert settings.cors_origins == tuple(ORIGINS.split(","))


@pytest.mark.parametrize("allowed", ["*", ORIGINS])
def test_cloudfront_never_serves_an_answer_with_another_origins_cors(
    transformed: dict[str, Any], allowed: str
) -> None:
    """Replay requests through a cache keyed as the deployed cache policy keys it: every
    answer served carries the Access-Control-Allow-Origin the app gives that request."""
    resources = resolve(transformed, {"AllowedOrigins": allowed})["Resources"]
    policy = resources["CacheKeyPlanets"]["Properties"]
    keyed = policy["CachePolicyConfig"]["ParametersInCacheKeyAndForwardedToOrigin"]
    in_key = keyed["HeadersConfig"].get("Headers", [])
    assert in_key == ([] if allowed == "*" else ["Origin"])  # no needless split of the cache

    def replay(key_headers: list[str]) -> list[tuple[str | None, str | None]]:
        settings = headers.Settings.from_environ({"PLANETTRACKER_CORS_ORIGINS": allowed})
        route = next(r for r in router.ROUTES if r.path == "/planets")
        cache: dict[tuple[Any, ...], Any] = {}
        wrong = []
        for origin in [None, ORIGIN, "https://other.example.org", "https://evil.example", ORIGIN]:
            request = ApiRequest(
                now=datetime(2026, 1, 1, tzinfo=UTC), query=[("time", "2024-03-20T12:00:00Z")],
                origin=origin,
            )  # fmt: skip
            key = (
                "/planets",
                tuple(request.query),
                tuple(origin for h in key_headers if h == "Origin"),
            )
            direct = router.respond(route, request, settings)
            served = cache.setdefault(key, direct)
            allow = served.headers.get("Access-Control-Allow-Origin")
            if allow != direct.headers.get("Access-Control-Allow-Origin"):
                wrong.append((origin, allow))
        return wrong

    assert replay(in_key) == []
    if allowed != "*":  # the check bites: without Origin in the key, answers cross over
        assert replay([]) != []
    for behaviour in distribution(resources)["CacheBehaviors"]:
        assert "OPTIONS" not in behaviour.get("CachedMethods", ["GET", "HEAD"])


def test_function_url_origin_is_reachable_only_through_cloudfront(
    transformed: dict[str, Any],
) -> None:
    stack = resolve(transformed, FUNCTION_URL)
    resources = stack["Resources"]
    assert not [r for r in resources.values() if r["Type"].startswith("AWS::ApiGatewayV2::")]
    assert "ApiUrl" not in stack["Outputs"]
    (url,) = of_type(resources, "AWS::Lambda::Url")
    assert url["AuthType"] == "AWS_IAM" and url["Qualifier"] == "live" and "Cors" not in url
    distribution_arn = {
        "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}"
    }
    grants = {
        (p["Action"], p["Principal"], p.get("InvokedViaFunctionUrl", False))
        for p in of_type(resources, "AWS::Lambda::Permission")
        if p["SourceArn"] == distribution_arn
        and p["FunctionName"] == {"Ref": "PlanetTrackerFunctionAliaslive"}
    }
    assert grants == {
        ("lambda:InvokeFunctionUrl", "cloudfront.amazonaws.com", False),
        ("lambda:InvokeFunction", "cloudfront.amazonaws.com", True),
    }
    assert len(of_type(resources, "AWS::Lambda::Permission")) == 2
    controls = {
        o["OriginAccessControlConfig"]["OriginAccessControlOriginType"]: o
        for o in of_type(resources, "AWS::CloudFront::OriginAccessControl")
    }
    assert controls["lambda"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    _site, api = distribution(resources)["Origins"]
    assert api["OriginAccessControlId"] == {"Fn::GetAtt": ["FunctionOriginAccessControl", "Id"]}
    assert api["DomainName"] == {
        "Fn::Select": [2, {"Fn::Split": ["/", {"Fn::GetAtt": ["FunctionUrl", "FunctionUrl"]}]}]
    }
    (policy,) = of_type(resources, "AWS::CloudFront::OriginRequestPolicy")
    forwarded = policy["OriginRequestPolicyConfig"]["HeadersConfig"]["Headers"]
    assert "Host" not in forwarded and "x-amz-content-sha256" in forwarded


def test_capacity_is_chosen_by_parameters(transformed: dict[str, Any]) -> None:
    def function(**parameters: Any) -> dict[str, Any]:
        (found,) = of_type(resolve(transformed, parameters)["Resources"], "AWS::Lambda::Function")
        return found

    def stage(**parameters: Any) -> dict[str, Any]:
        (found,) = of_type(
            resolve(transformed, parameters)["Resources"], "AWS::ApiGatewayV2::Stage"
        )
        return found

    assert stage()["DefaultRouteSettings"] == {
        "ThrottlingRateLimit": 100,
        "ThrottlingBurstLimit": 200,
    }
    assert stage(ThrottleRate="500", ThrottleBurst="1000")["DefaultRouteSettings"] == {
        "ThrottlingRateLimit": "500", "ThrottlingBurstLimit": "1000"
    }  # fmt: skip
    assert "ReservedConcurrentExecutions" not in function()  # deploys on any account
    assert function(ReservedConcurrency="20")["ReservedConcurrentExecutions"] == "20"
    assert function(MemorySize="512")["MemorySize"] == "512"
    assert function()["SnapStart"] == {"ApplyOn": "None"}
    assert function(SnapStart="true")["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    # A version freezes memory, environment and SnapStart: changing one must publish anew.
    (version,) = of_type(transformed["Resources"], "AWS::Lambda::Version")
    for name in ("MemorySize", "SnapStart", "AllowedOrigins"):
        assert "${" + name + "}" in version["Description"]["Fn::Sub"]
    (alias,) = of_type(transformed["Resources"], "AWS::Lambda::Alias")
    assert alias["Name"] == "live"


@pytest.mark.parametrize("parameters", [{}, FUNCTION_URL, {"AlarmEmail": "ops@example.org"}])
def test_watched_alarms_logs_and_retention(
    transformed: dict[str, Any], parameters: dict[str, str]
) -> None:
    resources = resolve(transformed, parameters)["Resources"]
    alarms = of_type(resources, "AWS::CloudWatch::Alarm")
    watched = {(a["Namespace"], a["MetricName"] if isinstance(a["MetricName"], str) else "custom",
                a.get("Statistic") or a.get("ExtendedStatistic")) for a in alarms}  # fmt: skip
    errors = ("AWS/Lambda", "Url5xxCount", "Sum") if parameters.get("Origin") else (
        "AWS/ApiGateway", "5xx", "Sum")  # fmt: skip
    lambda_alarms = {("AWS/Lambda", "Errors", "Sum"), ("AWS/Lambda", "Throttles", "Sum"),
                     ("AWS/Lambda", "Duration", "p99")}  # fmt: skip
    api_throttled = set() if parameters.get("Origin") else {("PlanetTracker", "custom", "Sum")}
    assert watched == {errors, *lambda_alarms, *api_throttled}
    topics = of_type(resources, "AWS::SNS::Topic")
    if "AlarmEmail" in parameters:
        (topic,) = topics
        assert topic["Subscription"] == [{"Protocol": "email", "Endpoint": "ops@example.org"}]
        assert all(a["AlarmActions"] == [{"Ref": "AlarmTopic"}] for a in alarms)
    else:
        assert not topics and not any("AlarmActions" in a for a in alarms)
    groups = of_type(resources, "AWS::Logs::LogGroup")
    assert groups and all(g["RetentionInDays"] == 14 for g in groups)
    if not parameters.get("Origin"):
        (stage,) = of_type(resources, "AWS::ApiGatewayV2::Stage")
        log = stage["AccessLogSettings"]
        assert log["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
        # The API sees CloudFront's edge, not the viewer: named so, and CloudFront's own
        # logs name the viewer (test_stacks.py).
        assert set(json.loads(log["Format"])) >= {"status", "path", "latencyMs", "edgeIp"}
        (metric,) = of_type(resources, "AWS::Logs::MetricFilter")
        assert metric["FilterPattern"] == '{ $.status = "429" }'
    (function,) = of_type(resources, "AWS::Lambda::Function")
    assert function["LoggingConfig"]["SystemLogLevel"] == "WARN"  # no per-request lines


def test_bucket_is_private_and_encrypted(cloudformation: dict[str, Any]) -> None:
    bucket = cloudformation["SiteBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert "WebsiteConfiguration" not in bucket
    rules = bucket["LifecycleConfiguration"]["Rules"]
    assert {"NoncurrentDays": 30} in [r.get("NoncurrentVersionExpiration") for r in rules]
    policy = cloudformation["SiteBucketPolicy"]["Properties"]
    readers = [s for s in policy["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in readers] == [{"Service": "cloudfront.amazonaws.com"}]


def test_distribution_serves_site_and_api_on_one_https_origin(
    cloudformation: dict[str, Any],
) -> None:
    (distribution,) = of_type(cloudformation, "AWS::CloudFront::Distribution")
    config = distribution["DistributionConfig"]
    assert config["DefaultRootObject"] == "index.html"
    site, api = config["Origins"]
    assert site["OriginAccessControlId"] and site["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    behaviours = [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]
    assert all(b["ViewerProtocolPolicy"] in ("https-only", "redirect-to-https") for b in behaviours)
    assert all(b["ResponseHeadersPolicyId"] for b in behaviours if b["TargetOriginId"] == "site")
    (docs,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/docs"]
    assert docs["ResponseHeadersPolicyId"]  # a page, under the site's CSP
    # Every API path reaches the API origin, with POST where the contract takes it.
    for route in router.ROUTES:
        path = route.path.replace("{name}", "mars")
        matching = [
            b for b in config["CacheBehaviors"]
            if re.fullmatch(re.escape(b["PathPattern"]).replace(r"\*", ".*"), path)
        ]  # fmt: skip
        assert matching and matching[0]["TargetOriginId"] == "api", route
        assert route.method in matching[0]["AllowedMethods"]
    for cache in of_type(cloudformation, "AWS::CloudFront::CachePolicy"):
        assert cache["CachePolicyConfig"]["MinTTL"] == 0 == cache["CachePolicyConfig"]["DefaultTTL"]


def csp_directives(policy: str) -> dict[str, str]:
    return dict(d.strip().partition(" ")[::2] for d in policy.split(";"))


def test_cloudfront_sends_the_security_headers_the_dev_server_sends(
    cloudformation: dict[str, Any],
) -> None:
    (policy,) = of_type(cloudformation, "AWS::CloudFront::ResponseHeadersPolicy")
    sent = policy["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    text, values = sent["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    deployed = text.replace("${Api}", values["Api"])  # no ApiBase by default: ""
    # The dev server's, but the page may connect to its own origin only (and to ApiBase
    # when one is set: test_stacks.py), not to any https: origin or a local port.
    assert csp_directives(deployed) == {
        **csp_directives(headers.SITE_CSP), "connect-src": "'self'"
    }  # fmt: skip
    assert sent["ContentTypeOptions"] == {"Override": True}
    assert headers.SECURITY_HEADERS == {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": sent["ReferrerPolicy"]["ReferrerPolicy"],
    }
    assert sent["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


def template_function() -> dict[str, Any]:
    text = (INFRA / "template.yaml").read_text()
    handler = re.search(r"^\s+Handler: (\S+)$", text, re.M)
    code = re.search(r"^\s+CodeUri: (\S+)$", text, re.M)
    assert handler and code
    return {"Handler": handler.group(1), "CodeUri": code.group(1)}


def test_lambda_lock_pins_every_file_by_hash() -> None:
    """What ships to Lambda is checked file by file: `make package` runs pip with
    --require-hashes, which refuses a requirement without a hash or a file that differs."""
    lock = (ROOT / "requirements" / "lambda.txt").read_text()
    pinned = [e for e in re.split(r"\n(?=\S)", lock) if re.match(r"[a-z0-9-]+==", e)]
    assert pinned and all(re.search(r"--hash=sha256:[0-9a-f]{64}", e) for e in pinned)
    assert '"--require-hashes"' in (INFRA / "package.py").read_text()


@pytest.fixture(scope="module")
def artifact() -> Path:
    """`make package`, as a user runs it; the zip the template's CodeUri names."""
    done = run(
        "make", "--no-print-directory", "package", f"LAMBDA_PYTHON={lambda_python()}", cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr
    print(done.stdout)
    return (INFRA / template_function()["CodeUri"]).resolve()


@pytest.mark.usefixtures("main_thread_loop")
def test_handler_and_code_uri_resolve_to_the_real_callable(artifact: Path) -> None:
    module, _, attribute = template_function()["Handler"].rpartition(".")
    door = importlib.import_module(module)
    assert callable(getattr(door, attribute)) and isinstance(door.asgi_handler, Mangum)
    with zipfile.ZipFile(artifact) as zipped:
        assert module.replace(".", "/") + ".py" in zipped.namelist()


def test_artifact_holds_arm64_cp312_dependencies_and_nothing_else(artifact: Path) -> None:
    with zipfile.ZipFile(artifact) as zipped:
        names = zipped.namelist()
        native = [n for n in names if n.endswith(".so")]
        assert any(
            re.fullmatch(r"ephem/_libastro\.cpython-312-aarch64-linux-gnu\.so", n) for n in native
        )
        for name in native:
            header = zipped.read(name)[:20]
            assert (
                header[:4] == b"\x7fELF"
                and int.from_bytes(header[18:20], "little") == ELF_MACHINE_AARCH64
            )
            # tzfpy ships one build for every CPython 3 (the stable ABI, abi3).
            assert "cpython-312-aarch64" in name or name.endswith(".abi3.so")
        tops = {n.split("/")[0] for n in names}
        for unwanted in (
            "aiohttp",
            "pytest",
            "_pytest",
            "requests",
            "gunicorn",
            "tests",
            "bin",
            "playwright",
        ):
            assert unwanted not in tops
        assert not any("/tests/" in n for n in names)
        assert not any(n.endswith("planettracker/doors/devserver.py") for n in names)
        assert not any(n.startswith("planettracker/client/") for n in names)
        sources = [n for n in names if n.endswith(".py")]
        for source in sources:
            folder, _, file = source.rpartition("/")
            compiled = f"{folder}/__pycache__/{file[:-3]}.cpython-312.pyc".lstrip("/")
            assert compiled in names, source
            # PEP 552 flags: hash-based (bit 0) and unchecked (bit 1 clear).
            assert int.from_bytes(zipped.read(compiled)[4:8], "little") == 0b01
    size_mib = artifact.stat().st_size / 2**20
    print(f"artifact: {size_mib:.2f} MiB zipped, {len(names)} files")
    assert size_mib <= SIZE_BUDGET_MIB


def test_sam_build_passes_the_package_through_unchanged(artifact: Path, tmp_path: Path) -> None:
    env_path = f"{Path(lambda_python()).parent}:{os.environ['PATH']}"
    done = subprocess.run(
        [str(SAM_BIN / "sam"), "build", "--build-dir", str(tmp_path / "build"), "-t", "template.yaml"],
        cwd=INFRA, env={**OFFLINE_ENV, "PATH": env_path}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    built = (tmp_path / "build" / "template.yaml").read_text()
    code_uri = re.search(r"^\s+CodeUri: (\S+)$", built, re.M)
    assert code_uri and (tmp_path / "build" / code_uri.group(1)).resolve() == artifact


def test_package_is_reproducible(artifact: Path, tmp_path: Path) -> None:
    again = tmp_path / "lambda"
    done = run(
        sys.executable, INFRA / "package.py", "--python", lambda_python(), "--out", again, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    digest = [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (artifact, again.with_suffix(".zip"))
    ]
    assert digest[0] == digest[1]


@pytest.mark.usefixtures("main_thread_loop")
@pytest.mark.parametrize("event_file", ["http-api-v2.json", "function-url.json"])
def test_either_origin_gets_the_apps_own_cors_answers(event_file: str) -> None:
    """The HTTP API and the function URL both hand the function every request, preflights
    too, in the v2 format Mangum reads: the answers are the app's, as in the contract tests."""
    settings = headers.Settings.from_environ({"PLANETTRACKER_CORS_ORIGINS": ORIGINS})
    door = Mangum(create_app(settings), lifespan="off")

    def ask(method: str, origin: str) -> dict[str, Any]:
        event = json.loads((EVENTS / event_file).read_text())
        event.update(rawPath="/planets", rawQueryString="time=2024-03-20T12:00:00Z", body=None,
                     isBase64Encoded=False, cookies=[],
                     headers={"origin": origin, "access-control-request-method": "GET"})  # fmt: skip
        event["requestContext"]["http"].update(method=method, path="/planets")
        answer: dict[str, Any] = door(event, None)
        return answer

    preflight = ask("OPTIONS", ORIGIN)
    assert preflight["statusCode"] == 204
    assert preflight["headers"]["access-control-allow-origin"] == ORIGIN
    assert "GET" in preflight["headers"]["access-control-allow-methods"]
    allowed, refused = ask("GET", "https://other.example.org"), ask("GET", "https://evil.example")
    assert allowed["headers"]["access-control-allow-origin"] == "https://other.example.org"
    assert "access-control-allow-origin" not in refused["headers"]
    assert {allowed["headers"]["vary"], refused["headers"]["vary"]} == {"Accept-Encoding, Origin"}


@pytest.mark.parametrize(
    "event_file", ["http-api-v2.json", "rest-api-v1.json", "function-url.json"]
)
def test_packaged_handler_answers_a_real_event_in_a_clean_interpreter(
    tmp_path: Path, event_file: str
) -> None:
    """The same recipe for this machine's architecture (an arm64 build cannot load on x86_64)."""
    out = tmp_path / "lambda"
    done = run(
        sys.executable, INFRA / "package.py", "--python", lambda_python(),
        "--platform", f"manylinux2014_{os.uname().machine}", "--out", out, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    event = json.loads((EVENTS / event_file).read_text())
    if event.get("version") == "2.0":
        event.update(
            rawPath="/planets/mars",
            rawQueryString="lat=-39.754&lon=145.051&time=2024-03-20T12:00:00Z",
        )
        event["requestContext"]["http"].update(method="GET", path="/planets/mars")
        event.pop("cookies", None)
    else:
        event.update(path="/planets/mars", httpMethod="GET", resource="/planets/{name}")
        event["multiValueQueryStringParameters"] = {
            "lat": ["-39.754"], "lon": ["145.051"], "time": ["2024-03-20T12:00:00Z"]
        }  # fmt: skip
    event.update(body=None, isBase64Encoded=False, pathParameters={"name": "mars"})
    code = (
        "import json, sys; from planettracker.doors.lambda_handler import handler; "
        "print(json.dumps(handler(json.loads(sys.stdin.read()), None)))"
    )
    # -I: no site-packages, no environment, no current folder: only the artifact.
    argv = [lambda_python(), "-I", "-c", f"import sys; sys.path.insert(0, {str(out)!r}); {code}"]
    answer = subprocess.run(
        argv, input=json.dumps(event), capture_output=True, text=True,
        env={"PATH": os.environ["PATH"]}, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert answer.returncode == 0, answer.stderr
    reply = json.loads(answer.stdout)
    body = base64.b64decode(reply["body"]) if reply["isBase64Encoded"] else reply["body"]
    sent = {k.lower(): v for k, v in (reply.get("headers") or {}).items()}
    if sent.get("content-encoding") == "gzip":  # the REST API sample accepts gzip
        body = gzip.decompress(body)
    mars = json.loads(body)
    assert (
        reply["statusCode"] == 200 and mars["name"] == "mars" and mars["observer"]["lat"] == -39.754
    )


def test_smoke_checks_pass_against_a_live_server(live_server: str) -> None:
    done = run(sys.executable, INFRA / "smoke.py", live_server, cwd=ROOT)
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == "14 passed, 0 failed"


def test_smoke_checks_fail_against_a_wrong_server(tmp_path: Path) -> None:
    done = run(sys.executable, INFRA / "smoke.py", "http://127.0.0.1:9", cwd=ROOT)
    assert done.returncode == 1 and done.stdout.splitlines()[-1] == "0 passed, 14 failed"


def test_workflows_pass_actionlint() -> None:
    """The scheduled time-data refresh a fork can enable, and the deploy: linted offline."""
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    names = ["deploy-environment.yml", "deploy.yml", "refresh-time-data.yml"]
    assert [w.name for w in workflows] == names
    done = run(SAM_BIN / "actionlint", "-no-color", *workflows, cwd=ROOT)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    text = workflows[2].read_text()
    assert "schedule:" in text and "workflow_dispatch:" in text
    assert "make refresh-time-data" in text and "gh pr create" in text


def test_destroy_empties_the_buckets_then_deletes_the_stack() -> None:
    """`make destroy`'s script against botocore's stubs: every version and delete marker
    of each bucket, a thousand at a time, then the stack, in that order
    (tests/infra/destroy_stubbed.py)."""
    done = run(SAM_BIN / "python", ROOT / "tests" / "infra" / "destroy_stubbed.py",
               INFRA / "destroy.py", cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "emptied site: 1501 object versions deleted",
        "emptied logs: 1 object versions deleted",
        "deleting stack pt (CloudFront takes some minutes)...",
        "deleted pt",
    ]


def test_deploy_sets_the_api_base_in_the_page() -> None:
    spec = importlib.util.spec_from_file_location("publish_site", INFRA / "publish_site.py")
    assert spec and spec.loader
    publish = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(publish)
    html = (ROOT / "site" / "index.html").read_text()
    assert '<meta name="api-base" content=""' in html
    changed = publish.with_api_base(html, "https://api.example.org/")
    assert '<meta name="api-base" content="https://api.example.org/"' in changed
    assert changed.replace("https://api.example.org/", "") == html


def test_deploy_publishes_the_page_with_the_stacks_api_base() -> None:
    """`make deploy`'s upload against botocore's stubs: every file of site/, index.html
    with the stack's ApiBase (which its CSP allows), then one invalidation."""
    done = run(SAM_BIN / "python", ROOT / "tests" / "infra" / "publish_stubbed.py",
               INFRA / "publish_site.py", cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "uploaded index.html (text/html)" in lines
    assert lines[-1] == "invalidated; the site is at https://d1.cloudfront.net/"
