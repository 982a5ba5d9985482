"""Published engagement-rate benchmarks as data, and how a creator compares with peers.

Rows are carried over from reference §4 / §8.1 as published (in %, converted to
fractions on lookup), each with its source, year, basis and confidence tag. A tier's
benchmark is built from one source's bands that tile the tier exactly (e.g. Modash's
1–5K and 5–10K bands make the 1K–10K nano tier); its ``median`` is then the midpoint
of the combined band. Own peers (n ≥ 30) come first; the table is the fallback (§7.2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from creatorkit.errors import InputError
from creatorkit.kpi import stats
from creatorkit.kpi.tiers import tier_named


@dataclass(frozen=True)
class Source:
    name: str
    year: int | None  # year of the data; None when the page is undated
    tag: str  # P primary, S secondary, W weak, U unsourced (reference legend)
    population: str  # "creators" or "brands"
    note: str = ""
    basis_checked: bool = True  # False when the values do not look like the stated basis


SOURCES = {
    "modash-instagram": Source(
        "Modash Instagram engagement-rate calculator, 'Average' band", None, "P", "creators",
        "median ER per profile over 72M+ profiles; page undated"),
    "modash-tiktok": Source(
        "Modash TikTok engagement-rate calculator, 'Average' band", 2025, "P", "creators",
        "median engagements / median views, 117M+ creators; Nov 2025 version (the Mar 2023 "
        "version differs ~6x and is not mixed in)"),
    "modash-youtube": Source(
        "Modash YouTube engagement-rate calculator, 'Average' band", None, "P", "creators",
        "stated as median engagements / median views, but the values look per-subscriber: verify",
        basis_checked=False),
    "hypeauditor-2026": Source(
        "HypeAuditor State of Influencer Marketing 2026 (via eMarketer)", 2026, "S", "creators",
        "statistic (mean or median) not stated"),
    "hypeauditor-2023": Source(
        "HypeAuditor State of Influencer Marketing 2023 (press summary)", 2022, "S", "creators"),
    "creatoriq-2023": Source(
        "CreatorIQ x Tribe Dynamics study (via Omnes)", 2023, "S", "creators", "sponsored posts only"),
    "rivaliq-2023": Source("Rival IQ Social Media Industry Benchmark Report 2023", 2023, "S", "brands"),
    "rivaliq-2024": Source("Rival IQ Social Media Industry Benchmark Report 2024", 2024, "S", "brands"),
    "seed-brief": Source(
        "Industry rule of thumb from the French brief (no primary found)", None, "U", "creators"),
}

K, M = 1_000, 1_000_000
#: platform, followers from, followers to (None: open; both None: a named segment), basis,
#: low %, high %, source key. Single reported values have low == high.
PUBLISHED: tuple[tuple[str, int | None, int | None, str, float, float, str], ...] = (
    ("instagram", 1 * K, 5 * K, "followers", 3.38, 4.42, "modash-instagram"),
    ("instagram", 5 * K, 10 * K, "followers", 1.25, 1.62, "modash-instagram"),
    ("instagram", 10 * K, 50 * K, "followers", 0.84, 1.11, "modash-instagram"),
    ("instagram", 50 * K, 100 * K, "followers", 0.75, 1.01, "modash-instagram"),
    ("instagram", 100 * K, 500 * K, "followers", 0.87, 1.14, "modash-instagram"),
    ("instagram", 500 * K, 1 * M, "followers", 0.88, 1.13, "modash-instagram"),
    ("instagram", 1 * M, None, "followers", 1.02, 1.27, "modash-instagram"),
    ("instagram", 1 * K, 10 * K, "followers", 1.78, 1.78, "hypeauditor-2026"),
    ("instagram", 10 * K, 50 * K, "followers", 0.54, 0.54, "hypeauditor-2026"),
    ("instagram", 1 * M, None, "followers", 0.33, 0.33, "hypeauditor-2026"),
    ("instagram", 10 * K, 50 * K, "followers", 1.5, 3.0, "seed-brief"),
    ("instagram", 500 * K, 1 * M, "followers", 0.5, 2.0, "seed-brief"),
    ("tiktok", 1 * K, 5 * K, "views", 12.06, 14.04, "modash-tiktok"),
    ("tiktok", 5 * K, 10 * K, "views", 10.50, 11.83, "modash-tiktok"),
    ("tiktok", 10 * K, 50 * K, "views", 8.38, 9.37, "modash-tiktok"),
    ("tiktok", 50 * K, 100 * K, "views", 7.22, 8.03, "modash-tiktok"),
    ("tiktok", 100 * K, 500 * K, "views", 6.66, 7.39, "modash-tiktok"),
    ("tiktok", 500 * K, 1 * M, "views", 6.19, 6.85, "modash-tiktok"),
    ("tiktok", 1 * M, None, "views", 6.20, 6.84, "modash-tiktok"),
    ("tiktok", 1 * K, 10 * K, "views", 12.6, 12.6, "hypeauditor-2023"),
    ("youtube", 1 * K, 5 * K, "views", 1.47, 2.02, "modash-youtube"),
    ("youtube", 5 * K, 10 * K, "views", 0.59, 0.82, "modash-youtube"),
    ("youtube", 10 * K, 50 * K, "views", 0.36, 0.51, "modash-youtube"),
    ("youtube", 50 * K, 100 * K, "views", 0.23, 0.33, "modash-youtube"),
    ("youtube", 100 * K, 500 * K, "views", 0.19, 0.27, "modash-youtube"),
    ("youtube", 500 * K, 1 * M, "views", 0.16, 0.24, "modash-youtube"),
    ("youtube", 1 * M, None, "views", 0.13, 0.18, "modash-youtube"),
    ("youtube", 1 * M, None, "views", 1.6, 1.6, "creatoriq-2023"),
    ("instagram", None, None, "followers", 0.47, 0.47, "rivaliq-2023"),
    ("x", None, None, "followers", 0.035, 0.035, "rivaliq-2023"),
    ("tiktok", None, None, "followers", 2.63, 2.63, "rivaliq-2024"),
    ("facebook", None, None, "followers", 0.063, 0.063, "rivaliq-2024"),
)
#: tier name of the brand-level rows (no follower range)
ALL_BRANDS = "all_brands"
TAG_ORDER = "PSDWU"


@dataclass(frozen=True)
class Benchmark:
    platform: str
    tier: str
    basis: str
    median: float  # fraction; the midpoint when the source gives a band (stat "band_midpoint")
    low: float
    high: float
    stat: str  # "band_midpoint" or "reported"
    source: str
    year: int | None
    tag: str
    population: str
    note: str = ""
    basis_checked: bool = True


@dataclass(frozen=True)
class PeerComparison:
    percentile: float | None  # fraction 0..1 among own peers; None when source is "published"
    n: int  # peers with a value
    source: str  # "peers" or "published"
    benchmark: Benchmark | None
    low_n: bool  # fewer than min_peers peers
    position: str | None = None  # "below" / "within" / "above" the published band


def _tiling(rows: list[tuple], low: int, high: int | None) -> bool:
    """True when the rows' follower ranges cover [low, high) exactly, end to end."""
    edge = low
    for row in sorted(rows, key=lambda r: r[1]):
        if row[1] != edge:
            return False
        edge = row[2]
    return bool(rows) and edge == high


def benchmark(platform: str, tier_name: str, basis: str, *, scheme: str = "default") -> Benchmark | None:
    """Best published benchmark for (platform, tier, basis): by tag, then newest data."""
    if tier_name == ALL_BRANDS:
        bounds = None
    else:
        found = tier_named(tier_name, scheme)
        if found is None:
            raise InputError(f"unknown tier {tier_name!r} in scheme {scheme!r}")
        bounds = (found.low, found.high)
    candidates = []
    for key, source in SOURCES.items():
        rows = [r for r in PUBLISHED if r[0] == platform and r[3] == basis and r[6] == key]
        if bounds is None:
            rows = [r for r in rows if r[1] is None]
        else:
            rows = [r for r in rows if r[1] is not None and _within(r, *bounds)]
            if not _tiling(rows, *bounds):
                continue
        if rows:
            candidates.append((TAG_ORDER.index(source.tag), -(source.year or 0), len(rows), key, rows))
    if not candidates:
        return None
    *_, key, rows = min(candidates)
    source = SOURCES[key]
    low, high = min(r[4] for r in rows) / 100, max(r[5] for r in rows) / 100
    note = source.note
    if len(rows) > 1:
        note = f"{len(rows)} published bands combined; {note}".rstrip("; ")
    return Benchmark(
        platform, tier_name, basis, (low + high) / 2, low, high,
        "reported" if low == high else "band_midpoint", source.name, source.year, source.tag,
        source.population, note, source.basis_checked,
    )


def _within(row: tuple, low: int, high: int | None) -> bool:
    return row[1] >= low and (high is None or (row[2] is not None and row[2] <= high))


def position(value: float, bench: Benchmark) -> str:
    if value < bench.low:
        return "below"
    return "above" if value > bench.high else "within"


def compare_with_peers(
    value: float | None, peers: Iterable[float | None], *, platform: str, tier_name: str | None,
    basis: str, min_peers: int = 30, scheme: str = "default",
) -> PeerComparison:
    """Percentile among own peers when there are ≥ ``min_peers``, else the published band.

    With the published fallback there is no percentile, only the position of the value
    against the band (the table gives bands, not distributions).
    """
    data = stats.clean(peers)
    bench = benchmark(platform, tier_name, basis, scheme=scheme) if tier_name else None
    where = position(value, bench) if bench is not None and value is not None else None
    if len(data) >= min_peers:
        return PeerComparison(stats.percentile_rank(value, data), len(data), "peers", bench, False, where)
    return PeerComparison(None, len(data), "published", bench, True, where)
