"""Published engagement-rate benchmarks as data, and how a creator compares with peers.

Rows are carried over from reference §4 as published (in %, fractions on lookup). A
creator is compared with the one band its source published for its follower count
(Modash's 1–5K band for 4,000 followers), never with bands merged into a range the
source did not publish. A source whose basis is in doubt, or that measured something
else (sponsored posts only), is kept with its caveat and never used for a comparison:
the kit then says that no published benchmark fits. Own peers come first (§7.2), in
the narrowest group that has enough of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Source:
    name: str
    data_year: int | None  # year of the data; None when the page is undated
    report_year: int | None  # year of the publication, when it differs or is all that is known
    tag: str  # P primary, S secondary, W weak, U unsourced (reference legend)
    statistic: str  # what the low–high range is
    note: str = ""
    caveat: str | None = None  # why it must not be compared with (None: comparable)


SOURCES = {
    "modash-instagram": Source(
        "Modash Instagram engagement-rate calculator", None, None, "P", "range of median ER (Average)",
        "median engagements per post / followers, 72M+ profiles; page undated"),
    "modash-tiktok": Source(
        "Modash TikTok engagement-rate calculator", 2025, 2025, "P", "range of median ER (Average)",
        "median engagements / median views, 117M+ creators; Nov 2025 version (the Mar 2023 "
        "version differs ~6x and is not mixed in)"),
    "modash-youtube": Source(
        "Modash YouTube engagement-rate calculator", None, None, "P", "range of median ER (Average)",
        "stated as median engagements / median views",
        caveat="the values look per subscriber although the stated basis is views"),
    "creatoriq-2023": Source(
        "CreatorIQ x Tribe Dynamics study (via Omnes)", 2023, 2023, "S", "reported value",
        caveat="sponsored posts only"),
}
#: platform → why no source is listed for it at all (reference §4.4)
NOT_PUBLISHED = {
    "twitch": "no published Twitch benchmark states its formula (average viewers per follower is "
              "only quoted by calculator sites)",
}

K, M = 1_000, 1_000_000


class Band(NamedTuple):
    """One published row: followers [from, to), basis, the range and the source's thresholds (%)."""

    platform: str
    followers_from: int
    followers_to: int | None
    basis: str
    low: float
    high: float
    source: str
    low_below: float | None = None  # the source calls a rate under this "low"
    high_above: float | None = None  # the source calls a rate over this "high"


PUBLISHED: tuple[Band, ...] = (
    Band("instagram", 1 * K, 5 * K, "followers", 3.38, 4.42, "modash-instagram", 1.72, 7.97),
    Band("instagram", 5 * K, 10 * K, "followers", 1.25, 1.62, "modash-instagram", 0.62, 3.54),
    Band("instagram", 10 * K, 50 * K, "followers", 0.84, 1.11, "modash-instagram", 0.39, 2.61),
    Band("instagram", 50 * K, 100 * K, "followers", 0.75, 1.01, "modash-instagram", 0.32, 2.47),
    Band("instagram", 100 * K, 500 * K, "followers", 0.87, 1.14, "modash-instagram", 0.41, 2.63),
    Band("instagram", 500 * K, 1 * M, "followers", 0.88, 1.13, "modash-instagram", 0.46, 2.46),
    Band("instagram", 1 * M, None, "followers", 1.02, 1.27, "modash-instagram", 0.57, 2.6),
    Band("tiktok", 1 * K, 5 * K, "views", 12.06, 14.04, "modash-tiktok", 9.49, 18.51),
    Band("tiktok", 5 * K, 10 * K, "views", 10.50, 11.83, "modash-tiktok", 7.79, 14.59),
    Band("tiktok", 10 * K, 50 * K, "views", 8.38, 9.37, "modash-tiktok", 6.28, 11.38),
    Band("tiktok", 50 * K, 100 * K, "views", 7.22, 8.03, "modash-tiktok", 5.47, 10.45),
    Band("tiktok", 100 * K, 500 * K, "views", 6.66, 7.39, "modash-tiktok", 5.07, 9.56),
    Band("tiktok", 500 * K, 1 * M, "views", 6.19, 6.85, "modash-tiktok", 4.73, 8.12),
    Band("tiktok", 1 * M, None, "views", 6.20, 6.84, "modash-tiktok", 4.75, 8.69),
    Band("youtube", 1 * K, 5 * K, "views", 1.47, 2.02, "modash-youtube", None, 6.42),
    Band("youtube", 5 * K, 10 * K, "views", 0.59, 0.82, "modash-youtube", None, 2.62),
    Band("youtube", 10 * K, 50 * K, "views", 0.36, 0.51, "modash-youtube", None, 1.66),
    Band("youtube", 50 * K, 100 * K, "views", 0.23, 0.33, "modash-youtube", None, 1.08),
    Band("youtube", 100 * K, 500 * K, "views", 0.19, 0.27, "modash-youtube", None, 0.86),
    Band("youtube", 500 * K, 1 * M, "views", 0.16, 0.24, "modash-youtube", None, 0.71),
    Band("youtube", 1 * M, None, "views", 0.13, 0.18, "modash-youtube", None, 0.59),
    Band("youtube", 1 * M, None, "views", 1.6, 1.6, "creatoriq-2023"),
)
TAG_ORDER = "PSDWU"
#: positions, worst first: "low" and "high" only where the source publishes those thresholds
POSITIONS = ("low", "below", "within", "above", "high")


@dataclass(frozen=True)
class Benchmark:
    """The published band a rate is compared with, with everything needed to cite it."""

    platform: str
    basis: str
    followers_from: int
    followers_to: int | None
    range_low: float  # fraction
    range_high: float
    low_below: float | None
    high_above: float | None
    statistic: str
    source_key: str
    source: str
    data_year: int | None
    report_year: int | None
    tag: str
    note: str

    @property
    def midpoint(self) -> float:
        return (self.range_low + self.range_high) / 2

    def position(self, value: float) -> str:
        """Where ``value`` falls: low / below / within / above / high (see ``POSITIONS``)."""
        if self.low_below is not None and value < self.low_below:
            return "low"
        if value < self.range_low:
            return "below"
        if self.high_above is not None and value > self.high_above:
            return "high"
        return "above" if value > self.range_high else "within"


def _contains(band: Band, followers: float) -> bool:
    return band.followers_from <= followers and (band.followers_to is None or followers < band.followers_to)


def candidates(platform: str, followers: float | None, basis: str) -> list[Band]:
    """Every published band for the platform and basis that contains ``followers``."""
    if followers is None:
        return []
    return [b for b in PUBLISHED if b.platform == platform and b.basis == basis and _contains(b, followers)]


def benchmark(platform: str, followers: float | None, basis: str) -> Benchmark | None:
    """The band published for this follower count by the best comparable source
    (by confidence tag, then newest data); None when none fits (``no_benchmark_reason``)."""
    usable = [b for b in candidates(platform, followers, basis) if SOURCES[b.source].caveat is None]
    if not usable:
        return None
    band = min(usable, key=lambda b: (TAG_ORDER.index(SOURCES[b.source].tag),
                                      -(SOURCES[b.source].data_year or 0)))
    source = SOURCES[band.source]
    return Benchmark(
        platform, basis, band.followers_from, band.followers_to, band.low / 100, band.high / 100,
        _fraction(band.low_below), _fraction(band.high_above), source.statistic, band.source, source.name,
        source.data_year, source.report_year, source.tag, source.note,
    )


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def no_benchmark_reason(platform: str, followers: float | None, basis: str) -> str | None:
    """Why ``benchmark`` found nothing, in words a brand can read (None when it found one)."""
    if benchmark(platform, followers, basis) is not None:
        return None
    if platform in NOT_PUBLISHED:
        return NOT_PUBLISHED[platform]
    if followers is None:
        return "the follower count is unknown"
    caveats = sorted({f"{SOURCES[b.source].name}: {SOURCES[b.source].caveat}"
                      for b in candidates(platform, followers, basis)})
    if caveats:
        return "the published figures do not fit: " + "; ".join(caveats)
    if followers < min((b.followers_from for b in PUBLISHED), default=0):
        return "no band is published under 1,000 followers"
    return f"no benchmark is published for {platform} on a basis of {basis}"


def percentile_rank(value: float | None, peers: Iterable[float | None]) -> float | None:
    """Share of peers below ``value`` as a fraction 0..1, ties counted half.

    Same as ``scipy.stats.percentileofscore(peers, value, kind="mean") / 100``.
    """
    data = [v for v in peers if v is not None]
    if value is None or not data:
        return None
    below = sum(1 for v in data if v < value)
    at_or_below = sum(1 for v in data if v <= value)
    return (below + at_or_below) / 2 / len(data)


#: §7.5: 30 peers for a percentile; from 5 it is shown as indicative, under 5 not at all
MIN_PEERS, MIN_PEERS_SHOWN = 30, 5
#: peer groups from the narrowest to the widest
GROUPS = ("niche_tier", "tier", "platform")


@dataclass(frozen=True)
class PeerComparison:
    """A rate against own peers and against the published band."""

    percentile: float | None  # fraction 0..1; None when no group has MIN_PEERS_SHOWN peers
    n: int  # peers in ``group`` (the widest group when there is no percentile)
    group: str | None  # one of GROUPS; None when not enough peers yet
    low_n: bool  # fewer than MIN_PEERS: indicative only
    benchmark: Benchmark | None = None
    position: str | None = None  # see POSITIONS
    no_benchmark: str | None = None  # why there is no benchmark


def compare_with_peers(
    value: float | None, groups: Sequence[tuple[str, Iterable[float | None]]], *, platform: str,
    followers: float | None, basis: str, min_peers: int = MIN_PEERS, min_shown: int = MIN_PEERS_SHOWN,
) -> PeerComparison:
    """Percentile in the narrowest group with ≥ ``min_peers`` peers, else in the widest
    with ≥ ``min_shown`` (``low_n``), else none; and the position in the published band.

    ``groups``: (name, peer values) from the narrowest (niche and tier) to the widest.
    """
    bench = benchmark(platform, followers, basis)
    where = bench.position(value) if bench is not None and value is not None else None
    reason = None if bench else no_benchmark_reason(platform, followers, basis)
    sized = [(name, [v for v in peers if v is not None]) for name, peers in groups]
    chosen = next(((name, data) for name, data in sized if len(data) >= min_peers), None)
    if chosen is None and sized and len(sized[-1][1]) >= min_shown:
        chosen = sized[-1]
    if chosen is None or value is None:
        widest = len(sized[-1][1]) if sized else 0
        return PeerComparison(None, widest, None, True, bench, where, reason)
    name, data = chosen
    return PeerComparison(percentile_rank(value, data), len(data), name, len(data) < min_peers,
                          bench, where, reason)
