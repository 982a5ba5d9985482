"""``/healthz``: liveness for load balancers, and whether the kits are kept current.

The answer is HTTP 200 whenever the web process can read its database; the body says
``degraded`` when no refresh scheduler has beaten recently (kits stop updating), and
counts the accounts whose figures are stale or whose connection needs renewing.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from creatorkit import clock
from creatorkit.storage import accounts as account_store
from creatorkit.storage import heartbeats
from creatorkit.web.db import get_db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    db, now = get_db(), clock.now(current_app.config)
    scheduler = heartbeats.liveness(db, now=now)
    statuses = [row["status"] for row in account_store.status_rows(
        db, now=now, default_interval_s=int(current_app.config["DEFAULT_REFRESH_INTERVAL_S"]))]
    return jsonify(
        status="ok" if scheduler["state"] == "alive" else "degraded",
        scheduler=scheduler,
        stale_accounts=statuses.count("stale"),
        auth_expired_accounts=statuses.count("auth_expired"),
    )
