"""Follower tiers as data. Sources draw the lines differently (reference §3), so both
micro definitions stay available; tiers are derived from raw followers at query time.
"""

from __future__ import annotations

from dataclasses import dataclass

from creatorkit.errors import InputError

#: scheme → (name, low inclusive, high exclusive or None)
TIER_SCHEMES: dict[str, tuple[tuple[str, int, int | None], ...]] = {
    # Hootsuite, HypeAuditor (2023+ reports), Nielsen 2022
    "default": (
        ("nano", 1_000, 10_000), ("micro", 10_000, 50_000), ("mid", 50_000, 500_000),
        ("macro", 500_000, 1_000_000), ("mega", 1_000_000, None),
    ),
    # Later × Fohr 2021 and the 2023 Influencer Marketing Hub repost (micro up to 100K)
    "micro100k": (
        ("nano", 1_000, 10_000), ("micro", 10_000, 100_000), ("mid", 100_000, 500_000),
        ("macro", 500_000, 1_000_000), ("mega", 1_000_000, None),
    ),
}


@dataclass(frozen=True)
class Tier:
    name: str
    low: int
    high: int | None  # None: open-ended
    scheme: str = "default"

    def contains(self, followers: float) -> bool:
        return self.low <= followers and (self.high is None or followers < self.high)


def tier_scheme(scheme: str = "default") -> tuple[Tier, ...]:
    if scheme not in TIER_SCHEMES:
        raise InputError(f"unknown tier scheme {scheme!r}; known: {', '.join(TIER_SCHEMES)}")
    return tuple(Tier(name, low, high, scheme) for name, low, high in TIER_SCHEMES[scheme])


def tier(followers: float | None, scheme: str = "default") -> Tier | None:
    """The tier of an account; None below 1,000 followers or when unknown."""
    known = tier_scheme(scheme)
    if followers is None:
        return None
    return next((t for t in known if t.contains(followers)), None)


def tier_named(name: str, scheme: str = "default") -> Tier | None:
    return next((t for t in tier_scheme(scheme) if t.name == name), None)
