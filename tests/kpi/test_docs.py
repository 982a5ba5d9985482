"""docs/kpis.md is the public contract: every public function is documented with its
real signature and defaults, and the tables of tiers, published benchmarks and their
sources say what ``kpi`` holds."""

import ast
import inspect
import re
from pathlib import Path

import pytest

from creatorkit import kpi

DOC = (Path(__file__).resolve().parents[2] / "docs" / "kpis.md").read_text(encoding="utf-8")
ANCHORS = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', DOC))
FUNCTIONS = [n for n in kpi.__all__ if callable(getattr(kpi, n)) and n.islower()]
UNITS = {"K": 1_000, "M": 1_000_000}


def documented_signatures(name: str) -> list[list[tuple[str, str | None]]]:
    """Each ``name(...)`` written in a code span that reads as a parameter list, as
    [(parameter, default text or None)]; "*" marks the keyword-only ones, "…" an elision."""
    found = []
    for text in re.findall(r"`" + re.escape(name) + r"\(([^`]*?)\)(?:\s*->[^`]*)?`", DOC):
        text = re.sub(r"\s+", " ", text).strip()
        elided = text.endswith("…")
        text = text.removesuffix("…").rstrip(", ")
        try:
            args = ast.parse(f"def f({text}): pass").body[0].args
        except SyntaxError:
            continue  # a formula such as median(V_p / F_p)
        positional = [*args.posonlyargs, *args.args]
        defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        params = [(a.arg, d and ast.unparse(d)) for a, d in zip(positional, defaults, strict=True)]
        if args.kwonlyargs or args.vararg:
            params.append(("*", None))
        keyword = zip(args.kwonlyargs, args.kw_defaults, strict=True)
        params += [(a.arg, d and ast.unparse(d)) for a, d in keyword]
        found.append(params + [("…", None)] * elided)
    return found


def actual_signature(function) -> list[tuple[str, object]]:
    params, starred = [], False
    for p in inspect.signature(function).parameters.values():
        if p.kind is p.VAR_KEYWORD:
            continue
        if p.kind is p.KEYWORD_ONLY and not starred:
            params.append(("*", inspect.Parameter.empty))
            starred = True
        params.append((p.name, p.default))
    return params


def same_signature(documented, actual, module) -> bool:
    if documented and documented[-1][0] == "…":  # "f(posts, …)": the first ones only
        documented = documented[:-1]
        actual = actual[:len(documented)]
    if [name for name, _ in documented] != [name for name, _ in actual]:
        return False
    for (_, text), (_, default) in zip(documented, actual, strict=True):
        if text is None:
            continue
        try:
            value = ast.literal_eval(text)
        except ValueError:  # a name, such as thresholds=MILESTONES
            value = getattr(module, text)
        if value != default:
            return False
    return True


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_public_function_is_documented_with_its_parameters_and_defaults(name):
    function = getattr(kpi, name)
    documented = documented_signatures(name)
    actual = actual_signature(function)
    assert documented, f"{name}(…) is not in docs/kpis.md"
    module = inspect.getmodule(function)
    assert any(same_signature(d, actual, module) for d in documented), \
        f"docs/kpis.md has {name}{documented}, the code {name}{actual}"


def test_the_signature_reader_tells_a_wrong_default_or_name_from_the_right_one():
    actual = actual_signature(kpi.posts_per_week)
    assert same_signature([("posts", None), ("today", None), ("days", "90")], actual, kpi)
    assert not same_signature([("posts", None), ("today", None), ("days", "30")], actual, kpi)
    assert not same_signature([("posts", None), ("day", None), ("days", "90")], actual, kpi)
    assert not same_signature([("posts", None), ("today", None)], actual, kpi)


def table_after(heading: str) -> list[list[str]]:
    """The rows (cells stripped) of the first Markdown table from the text ``heading`` on."""
    lines = DOC[DOC.index(heading):].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:  # below the header and its |---| line
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def followers(text: str) -> int:
    return int(float(text[:-1]) * UNITS[text[-1]])


def band(text: str) -> tuple[int | None, int | None]:
    """"1K–5K" → (1000, 5000); "1M+" → (1000000, None); "brands" → (None, None)."""
    if text == "brands":
        return None, None
    if text.endswith("+"):
        return followers(text[:-1]), None
    low, high = text.split("–")
    return followers(low), followers(high)


def figure(text: str) -> float | None:
    return None if text == "–" else float(text)


def test_the_published_rows_are_the_table_the_code_holds():
    documented = []
    for platform, range_, basis, rates, low_below, high_above, key in table_after("Published rows"):
        low, _, high = rates.partition("–")
        documented.append((platform, *band(range_), basis.removesuffix(" (caveat)"), float(low),
                           float(high or low), figure(low_below), figure(high_above), key))
    held = [(b.platform, b.followers_from, b.followers_to, b.basis, b.low, b.high, b.low_below,
             b.high_above, b.source) for b in kpi.PUBLISHED]
    assert documented == held


def test_the_sources_table_names_each_source_and_its_year_and_tag():
    documented = {key: (name, None if year == "undated" else int(year), tag)
                  for key, name, year, tag, _note in table_after("Sources:")}
    assert documented == {key: (s.name, s.data_year, s.tag) for key, s in kpi.SOURCES.items()}



def test_the_tier_table_is_the_tier_schemes():
    documented = {scheme.strip("`"): [band(cell) for cell in cells]
                  for scheme, *cells, _used_by in table_after("| scheme | nano |")}
    held = {scheme: [(low, high) for _name, low, high in tiers] for scheme, tiers in kpi.TIER_SCHEMES.items()}
    assert documented == held


@pytest.mark.parametrize(
    "anchor",
    ["engagement-rate", "follower-growth", "tiers", "benchmarks", "peer-comparison", "follower-spikes",
     "authenticity", "emv", "cost-ratios", "returns", "objective-gap", "audience", "projection"],
)
def test_anchors_the_kit_links_to_exist(anchor):
    assert anchor in ANCHORS
