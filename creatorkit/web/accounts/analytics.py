"""See who looked (``/dashboard/analytics``): the kit-view counts already stored
(``storage.kit_views``) over 7, 30 or 90 days, as a chart and a table.

Only counts: views, visitor-days, PDF downloads and referring sites per day, never a
person. The creator's own kit only: the window reads ``g.creator``'s id, nothing else.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template, request
from flask_babel import gettext
from markupsafe import Markup

from creatorkit import clock
from creatorkit.render.campaign_chart import daily_svg
from creatorkit.storage.kit_views import kit_view_stats
from creatorkit.web.accounts.dashboard import creator_required
from creatorkit.web.db import get_db

bp = Blueprint("analytics", __name__, url_prefix="/dashboard/analytics")
WINDOWS = (7, 30, 90)


@bp.get("/")
@creator_required
def index():
    days = request.args.get("days", type=int)
    if days not in WINDOWS:
        days = 30
    pinned = current_app.extensions.get("clock")  # a test's fixed clock, as the campaigns use
    today = (pinned() if pinned else clock.now(current_app.config)).date()
    stats = kit_view_stats(get_db(), g.creator["id"], days, today=today)
    series = tuple((day["day"], day["views"], day["visitors"]) for day in stats["days"])
    chart = daily_svg(series, title=gettext("Kit views and visitors per day"),
                      desc=gettext("%(views)d views by %(visitors)d visitor-days over %(days)d days.",
                                   views=stats["totals"]["views"], visitors=stats["totals"]["visitors"],
                                   days=days),
                      labels=(gettext("Views"), gettext("Visitors")))
    return render_template("accounts/analytics.html", creator=g.creator, stats=stats, days=days,
                           windows=WINDOWS, chart=Markup(chart), noindex=True, theme=g.creator["theme"])
