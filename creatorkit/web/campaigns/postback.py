"""The order postback a shop calls once per order: ``POST /campaigns/<id>/postback``.

The body is JSON (``order_id``, ``amount``, ``currency``, and the ``code`` used or the
``link`` code from ``utm_content``; ``kind`` "sale" or "lead"). The shop signs it
with the campaign's secret: ``X-Creatorkit-Signature: sha256=<hex>`` is
HMAC-SHA256 of ``"<X-Creatorkit-Timestamp>." + body``. A request older than five
minutes, or one already seen (same signature), is refused: a captured postback
cannot be replayed. The same order sent twice is stored once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, jsonify, request

from creatorkit.storage import campaign_tracking as tracking
from creatorkit.storage import campaigns as store
from creatorkit.web.accounts.auth import csrf
from creatorkit.web.campaigns.clock import now
from creatorkit.web.db import get_db

bp = Blueprint("postback", __name__)
csrf.exempt(bp)
WINDOW = timedelta(minutes=5)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _refuse(status: int, message: str):
    return jsonify(error=message), status


@bp.post("/campaigns/<int:campaign_id>/postback")
def postback(campaign_id: int):
    campaign = store.get_campaign(get_db(), campaign_id)
    if campaign is None:
        abort(404)
    body, stamp = request.get_data(), request.headers.get("X-Creatorkit-Timestamp", "")
    signature = request.headers.get("X-Creatorkit-Signature", "")
    if not hmac.compare_digest(signature, sign(campaign["postback_secret"], stamp, body)):
        return _refuse(401, "bad signature: HMAC-SHA256 of '<timestamp>.<body>' with the campaign secret")
    moment = now()
    try:
        sent = datetime.fromtimestamp(int(stamp), UTC)
    except (ValueError, OverflowError):
        return _refuse(400, "X-Creatorkit-Timestamp is not a Unix time in seconds")
    if abs(moment - sent) > WINDOW:
        return _refuse(401, "the timestamp is more than five minutes away from now")
    if not tracking.first_use_of_signature(get_db(), campaign_id, signature, now=moment, window=2 * WINDOW):
        return _refuse(409, "this postback was already received (replay)")
    try:
        order = json.loads(body)
        row = {"order_ref": f"postback:{str(order['order_id']).strip()}", "day": sent.date().isoformat(),
               "amount": float(order.get("amount") or 0), "currency": order.get("currency"),
               "promo_code": order.get("code"), "link_code": order.get("link"),
               "kind": order.get("kind", "sale"), "source": "postback"}
    except (ValueError, TypeError, KeyError, AttributeError):
        return _refuse(400, "the body is JSON with at least order_id (and amount, currency, code or link)")
    if row["kind"] not in ("sale", "lead") or row["order_ref"] == "postback:":
        return _refuse(400, "kind is 'sale' or 'lead' and order_id is not empty")
    added = tracking.add_conversions(get_db(), campaign_id, [row])
    return jsonify(added=added), 201 if added else 200
