"""docs/kpis.md is the public contract: every public name and source is documented there."""

import re
from pathlib import Path

import pytest

from creatorkit import kpi

DOC = (Path(__file__).resolve().parents[2] / "docs" / "kpis.md").read_text(encoding="utf-8")
ANCHORS = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', DOC))


@pytest.mark.parametrize("name", [n for n in kpi.__all__ if callable(getattr(kpi, n)) and n.islower()])
def test_every_public_function_is_documented(name):
    assert f"{name}(" in DOC


@pytest.mark.parametrize("key", sorted(kpi.SOURCES))
def test_every_benchmark_source_is_listed(key):
    assert f"| {key} |" in DOC


@pytest.mark.parametrize(
    "anchor",
    ["engagement-rate", "follower-growth", "tiers", "benchmarks", "peer-comparison", "follower-spikes",
     "authenticity", "emv", "cost-ratios", "returns", "objective-gap", "audience", "projection"],
)
def test_anchors_the_kit_links_to_exist(anchor):
    assert anchor in ANCHORS
