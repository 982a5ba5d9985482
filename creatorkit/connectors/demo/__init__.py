"""Demo connector: plausible synthetic figures for any account, with no HTTP call.

Everything is drawn from ``random.Random`` seeded with the account's (handle, platform),
ending on ``today`` (the ``DEMO_TODAY`` setting when present, else the date of the
connector's clock, the ``CLOCK`` setting): the same account on the same day always
gives the same harvest. Roster accounts
(``ROSTER``) end on their listed size; any other account gets a size from its seed.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from creatorkit.connectors import register
from creatorkit.connectors.base import Connector
from creatorkit.connectors.demo.posts import WINDOW_DAYS, build_posts, plan_posts
from creatorkit.connectors.demo.roster import ROSTER
from creatorkit.connectors.demo.series import daily_metrics, day_draws, followers_by_day
from creatorkit.connectors.demo.world import (
    AGE_BUCKETS,
    AGE_PROFILES,
    CITIES,
    COUNTRY_REACH,
    NICHES,
    PLATFORM_AGE_TILT,
    Spec,
)
from creatorkit.errors import ResourceNotFound
from creatorkit.models import PLATFORMS, Account, AudienceSlice, Harvest, Profile

if TYPE_CHECKING:
    from creatorkit.connectors.http import HttpClient

__all__ = ["ROSTER", "DemoConnector", "spec_for"]

PROFILE_URLS = {
    "instagram": "https://www.instagram.com/{}/",
    "youtube": "https://www.youtube.com/@{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "twitch": "https://www.twitch.tv/{}",
}


@register
class DemoConnector(Connector):
    """Serves every platform. ``since`` is ignored: the whole window is returned each
    time, because the curve is rescaled to end on today's size."""

    name = "demo"
    platform = "*"
    label = "Demo data"
    credentials = "none"
    source = "demo"

    def fetch(self, account: Account, client: HttpClient, since: date | None) -> Harvest:
        spec = spec_for(account, self.today())
        days = [spec.today - timedelta(days=back) for back in range(WINDOW_DAYS - 1, -1, -1)]
        plans = plan_posts(spec)
        draws = day_draws(spec, days)
        followers = followers_by_day(spec, days, plans, draws)
        on_day = dict(zip(days, followers, strict=True))
        posts = build_posts(spec, plans, on_day.__getitem__)
        return Harvest(
            source=self.source,
            profile=profile_of(spec),
            metrics=daily_metrics(spec, days, followers, posts, draws),
            posts=posts,
            audience=audience_of(spec),
        )

    def today(self) -> date:
        pinned = self.settings.get("DEMO_TODAY")
        if pinned:
            return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
        return self.now().date()


def spec_for(account: Account, today: date) -> Spec:
    """What the demo knows about an account: its roster entry, or traits drawn from its seed."""
    if account.platform not in PLATFORMS:
        raise ResourceNotFound(account.platform, "the demo connector has no figures for this platform")
    seed = f"{account.handle}|{account.platform}"
    rng = random.Random(f"{seed}|spec")
    jitter = 1 + rng.uniform(-0.015, 0.015)  # so roster sizes do not end on round numbers
    for creator in ROSTER:
        for entry in creator["accounts"]:
            if creator["handle"] == account.handle and entry["platform"] == account.platform:
                return Spec(seed, account.platform, entry["ref"], creator["display_name"],
                            creator["tagline"], round(entry["followers"] * jitter), entry["growth"],
                            creator["niche"], creator["country"], creator["city"], creator["locale"],
                            today, entry.get("bought"))
    country = rng.choice(sorted(COUNTRY_REACH))
    username = account.username or account.ref
    return Spec(seed, account.platform, username, username, None, round(10 ** rng.uniform(3.2, 5.9)),
                rng.uniform(-0.02, 0.8), rng.choice(sorted(NICHES)), country, None, "en", today)


def profile_of(spec: Spec) -> Profile:
    rng = random.Random(f"{spec.seed}|profile")
    if spec.platform == "instagram":
        external_id = f"17841{rng.randrange(10 ** 11, 10 ** 12)}"
    elif spec.platform == "youtube":
        external_id = "UC" + "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=22))
    elif spec.platform == "tiktok":
        external_id = "-000" + "".join(rng.choices(string.ascii_letters + string.digits, k=32))
    else:
        external_id = str(rng.randrange(100_000_000, 1_000_000_000))
    return Profile(external_id=external_id, username=spec.username, display_name=spec.display_name,
                   avatar_url=None, bio=spec.bio, url=PROFILE_URLS[spec.platform].format(spec.username))


def audience_of(spec: Spec) -> tuple[AudienceSlice, ...]:
    """Age, gender, top countries (the rest left out) and, on Instagram, top cities."""
    rng = random.Random(f"{spec.seed}|audience")
    female, age_profile, _, _ = NICHES[spec.niche]
    tilt = PLATFORM_AGE_TILT[spec.platform]
    ages = [w * t * rng.uniform(0.85, 1.15) for w, t in zip(AGE_PROFILES[age_profile], tilt, strict=True)]
    slices = _slices(spec, "age", AGE_BUCKETS, [age / sum(ages) for age in ages])
    female = min(0.95, max(0.05, female + rng.uniform(-0.04, 0.04)))
    other = rng.uniform(0.008, 0.025)
    slices += _slices(spec, "gender", ("female", "male", "other"), [female, 1 - female - other, other])
    home = rng.uniform(0.55, 0.75) if spec.country == "US" else rng.uniform(0.42, 0.65)
    abroad = COUNTRY_REACH[spec.country][:rng.randint(4, 7)]
    spread = rng.uniform(0.2, 0.33)
    weights = [rng.uniform(0.8, 1.2) / (rank + 1.5) for rank in range(len(abroad))]
    shares = [home] + [spread * w / sum(weights) for w in weights]
    slices += _slices(spec, "country", (spec.country, *abroad), shares)
    if spec.platform == "instagram":
        cities = sorted(CITIES[spec.country], key=lambda name: not name.startswith(spec.city or "?"))
        top = rng.uniform(0.08, 0.16)
        city_shares = [top * rng.uniform(0.45, 0.65) ** rank for rank in range(len(cities))]
        slices += _slices(spec, "city", cities, city_shares)
    return tuple(sorted(slices, key=lambda s: (s.dimension, -s.share)))


def _slices(spec: Spec, dimension: str, buckets: Sequence[str],
            shares: Sequence[float]) -> list[AudienceSlice]:
    """Shares rounded down to 4 decimals, so a dimension never sums above 1."""
    return [AudienceSlice(dimension, bucket, int(share * 10_000) / 10_000, spec.today)
            for bucket, share in zip(buckets, shares, strict=True)]
