"""The compare table ranks like with like: no "best" posting rate, Twitch by viewers."""

from creatorkit.web.directory.comparison import rows


def card(handle, platform, *, posts_per_week, avg_views, avg_viewers):
    return {"handle": handle, "total_followers": 1_000, "platforms": [{
        "platform": platform, "label": platform.title(), "followers": 1_000, "percentile": 0.5,
        "engagement": {"value": None, "basis": "followers"}, "growth_30": None, "authenticity": None,
        "posts_per_week": posts_per_week, "avg_views": avg_views, "avg_viewers": avg_viewers}]}


def test_posting_rate_is_never_best_and_twitch_shows_typical_viewers():
    cards = [card("a", "twitch", posts_per_week=2.0, avg_views=650, avg_viewers=79),
             card("b", "twitch", posts_per_week=5.0, avg_views=900, avg_viewers=120)]
    [_overall, (_, twitch)] = rows(cards)
    by_label = {row.label: row for row in twitch}
    assert not any(cell.best for cell in by_label["Posts per week"].cells)
    viewers = by_label["Typical viewers (median per stream)"]
    assert [cell.value for cell in viewers.cells] == [79, 120] and viewers.cells[1].best
    assert not any(label.startswith("Typical views") for label in by_label)
