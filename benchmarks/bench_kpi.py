"""Every KPI over N synthetic creators × 400 days of followers and ~100 posts each.

Usage: ``python benchmarks/bench_kpi.py [--creators 10000] [--days 400] [--posts 100]``

Prints, for one run: the time to build the data, a baseline (the time to merely walk
the same series and posts, summing every value once), the time to compute all KPIs and
its ratio to the baseline, and memory: the ``tracemalloc`` peak of a second, traced KPI
pass over all creators (on top of the data), the data's own size (traced on a sample of
at most 500 creators and scaled, because tracing the build is ~15x slower), and the
process's peak resident size.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from creatorkit import kpi
from creatorkit.models import AudienceSlice
from tests.kpi.synthetic import make_creator

TODAY = date(2024, 6, 1)
PLATFORMS = ("instagram", "tiktok", "youtube")
SIZES = (2_000, 8_000, 20_000, 80_000, 300_000, 2_000_000)
GROWTHS = (0.0003, 0.001, 0.003)


def build(creators: int, days: int, posts: int) -> list:
    data = []
    for seed in range(creators):
        creator = make_creator(seed, platform=PLATFORMS[seed % 3], followers=SIZES[seed % 6],
                               days=days, today=TODAY, posts=posts, daily_growth=GROWTHS[seed % 7 % 3])
        share = 0.3 + (seed % 5) / 20
        audience = (AudienceSlice("gender", "female", share), AudienceSlice("gender", "male", 1 - share),
                    AudienceSlice("country", "FR", share), AudienceSlice("country", "US", 1 - share))
        data.append((creator, audience))
    return data


def baseline(data: list) -> float:
    """Walk every value once: the floor any computation over the same data must pay."""
    total = 0.0
    for creator, audience in data:
        for _, value in creator.series:
            total += value
        for post in creator.posts:
            total += (post.views or 0) + (post.likes or 0) + (post.comments or 0)
        total += sum(s.share for s in audience)
    return total


def creator_kpis(creator, audience) -> dict:
    series, posts, platform = creator.series, creator.posts, creator.platform
    followers = series[-1][1]
    rate = kpi.engagement_rate(posts, today=TODAY, platform=platform, followers_series=series)
    return {
        "platform": platform,
        "tier": kpi.tier(followers),
        "followers": followers,
        "rate": rate,
        "growth": kpi.growth_periods(series, TODAY),
        "daily": kpi.avg_daily_growth(series, TODAY),
        "monthly": kpi.compound_monthly_growth(series, TODAY),
        "rolling": kpi.rolling_growth(series, TODAY, 7),
        "milestones": kpi.milestones(series, TODAY),
        "projection": kpi.projection(series, TODAY, 30),
        "views": kpi.view_rate(posts, today=TODAY, followers_series=series),
        "likes": kpi.average_per_post(posts, "likes", today=TODAY),
        "comment_to_like": kpi.comment_to_like(posts, today=TODAY),
        "per_week": kpi.posts_per_week(posts, TODAY),
        "gap": kpi.median_gap_days(posts, TODAY),
        "formats": kpi.format_breakdown(posts, today=TODAY, platform=platform, followers_series=series),
        "authenticity": kpi.authenticity(series, posts, today=TODAY, platform=platform),
        "emv": kpi.emv(posts, platform=platform),
        "cpm": kpi.cpm(1000, sum(p.views or 0 for p in posts)),
        "audience": kpi.merge_audience([(platform, followers, audience)]),
    }


def all_kpis(data: list) -> list[dict]:
    results = [creator_kpis(creator, audience) for creator, audience in data]
    peers: dict[tuple, list[float]] = defaultdict(list)
    for r in results:
        if r["tier"] and r["rate"].value is not None:
            peers[(r["platform"], r["tier"].name, r["rate"].basis)].append(r["rate"].value)
    for r in results:
        if r["tier"]:
            key = (r["platform"], r["tier"].name, r["rate"].basis)
            r["peers"] = kpi.compare_with_peers(r["rate"].value, [("tier", peers[key])], platform=key[0],
                                                followers=r["followers"], basis=key[2])
    return results


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=400)
    parser.add_argument("--posts", type=int, default=100)
    args = parser.parse_args(argv)

    data, build_s = timed(build, args.creators, args.days, args.posts)
    _, base_s = timed(baseline, data)
    results, kpi_s = timed(all_kpis, data)
    del results
    tracemalloc.start()
    traced = all_kpis(data)
    kpi_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sample = min(args.creators, 500)
    tracemalloc.start()
    kept = build(sample, args.days, args.posts)
    data_bytes = tracemalloc.get_traced_memory()[0] / sample * args.creators
    tracemalloc.stop()
    del kept
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    verdicts: dict[str, int] = defaultdict(int)
    for r in traced:
        verdicts[r["authenticity"].verdict] += 1
    n, mib = args.creators, 2**20
    print(f"creators {n}, days {args.days}, posts {sum(len(c.posts) for c, _ in data)}")
    print(f"build data           {build_s:8.2f} s")
    print(f"baseline: walk data  {base_s:8.3f} s")
    print(f"all KPIs             {kpi_s:8.2f} s  = {kpi_s / n * 1000:.2f} ms per creator, "
          f"{kpi_s / base_s:.0f}x the baseline")
    print(f"KPI pass peak memory {kpi_peak / mib:8.1f} MiB (tracemalloc, on top of the data)")
    print(f"data in memory       {data_bytes / mib:8.1f} MiB (tracemalloc on {sample} creators, scaled)")
    print(f"process peak RSS     {max_rss / mib:8.1f} MiB")
    print("authenticity verdicts", dict(sorted(verdicts.items())))

if __name__ == "__main__":
    main()
