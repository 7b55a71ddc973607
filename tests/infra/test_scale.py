"""The capacity and cost model (docs/scale.md) is what infra/scale.py renders from the
inputs it embeds, and those inputs are the template's current defaults."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pytest

from ..conftest import ROOT

DOC = ROOT / "docs" / "scale.md"


@pytest.fixture(scope="module")
def scale() -> Any:
    spec = importlib.util.spec_from_file_location("scale", ROOT / "infra" / "scale.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_document_is_the_scripts_rendering_of_its_own_inputs(scale: Any) -> None:
    """Edited by hand, or the script changed without `make scale`: this fails."""
    document = DOC.read_text()
    assert scale.render(scale.embedded_inputs(document)) == document


def test_its_inputs_are_the_templates_defaults_and_the_scripts_prices(scale: Any) -> None:
    inputs = scale.embedded_inputs(DOC.read_text())
    assert inputs["template"] == scale.template_defaults()
    assert inputs["prices"] == json.loads(json.dumps(scale.PRICES))
    assert inputs["limits"] == scale.LIMITS and inputs["assumed"] == scale.ASSUMED


def test_the_readme_names_the_viewers_the_defaults_hold(scale: Any) -> None:
    ceilings = scale.model(scale.embedded_inputs(DOC.read_text()))["ceilings"]
    held = scale.about(min(ceilings.values()))
    assert held == "10,000"  # ThrottleRate 100 / 34 requests a viewer-hour, to 1 figure
    assert f"about {held} viewers" in (ROOT / "README.md").read_text()


def test_the_readme_names_the_cost_of_a_million_viewer_hours(scale: Any) -> None:
    cost = scale.model(scale.embedded_inputs(DOC.read_text()))["cost"]
    with_api = sum(cost.values())
    without_api = with_api - cost["HTTP API requests"] - cost["API access logs"]
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"cost about ${scale.n(with_api)} a month" in readme
    assert f"(${scale.n(without_api)} with `Origin=FunctionUrl`" in readme


def test_the_model_follows_its_inputs(scale: Any) -> None:
    inputs = scale.embedded_inputs(DOC.read_text())
    base = scale.model(inputs)
    longer = scale.model({**inputs, "assumed": {**inputs["assumed"], "span_s": 600}})
    assert base["api_per_hour"] == 3600 / 120 + 1 + 2 + 1
    assert longer["requests_m"] == pytest.approx(base["requests_m"] * 10 / 34)  # the span
    bigger = scale.model({**inputs, "template": {**inputs["template"], "MemorySize": 1769}})
    assert bigger["mean_ms"] == pytest.approx(base["mean_ms"] * 256 / 1769)
    without_api = {k: v for k, v in base["cost"].items() if "API" not in k}
    assert sum(without_api.values()) < sum(base["cost"].values())


def test_the_edge_cache_model_follows_its_assumptions(scale: Any) -> None:
    """One viewer in a town never hits; many viewers in few cells nearly always do."""
    inputs = scale.embedded_inputs(DOC.read_text())
    hits = scale.model(inputs)["hit_rate"]
    assert list(hits.values()) == sorted(hits.values()) and 0 < hits[10] < 0.05 < hits[10_000]
    coarse = {**inputs["assumed"], "place_grid_deg": 0.05}
    assert scale.model({**inputs, "assumed": coarse})["hit_rate"][100] > hits[100]


def test_the_model_reads_what_make_bench_writes(scale: Any) -> None:
    bench = ROOT / "build" / "bench.json"
    if not bench.exists():
        pytest.skip("no build/bench.json: run make bench")
    inputs = scale.gather(json.loads(bench.read_text()))
    assert inputs["planets_us"] > 0 and inputs["events_us"] > inputs["planets_us"]
    assert scale.render(json.loads(json.dumps(inputs))).startswith("# Capacity and cost")
