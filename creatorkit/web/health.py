"""``/healthz``: liveness for load balancers and uptime checks."""

from __future__ import annotations

from flask import Blueprint, jsonify

from creatorkit.web.db import get_db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    get_db().execute("SELECT 1").fetchone()
    return jsonify(status="ok")
