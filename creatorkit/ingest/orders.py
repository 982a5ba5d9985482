"""``import_orders``: a shop's order export onto a campaign's conversions.

The file is read whole first (``connectors.shop_orders``): a malformed one raises
``ImportFileError`` with its line and column and nothing is written. Orders that used
none of the campaign's promo codes are not the campaign's and are left out; the rest
are written in one transaction, an order already stored (the same export imported
twice) counting once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from creatorkit.connectors.shop_orders import read_orders
from creatorkit.storage import campaign_tracking as tracking


@dataclass(frozen=True)
class OrderImport:
    shop: str
    added: int  # new conversions stored
    matched: int  # paid orders with one of the campaign's codes
    unmatched: int  # paid orders without one
    unpaid: int  # refunded, cancelled, pending ...


def import_orders(db: Database, campaign_id: int, path: str | Path, file: str | None = None) -> OrderImport:
    parsed = read_orders(path, file)
    codes = tracking.promo_codes(db, campaign_id)
    rows = []
    for order in parsed.orders:
        code = next((c for c in order.promo_codes if c.upper() in codes), None)
        if code is not None:
            rows.append({"order_ref": f"{parsed.shop}:{order.order_ref}", "day": order.day,
                         "amount": order.amount, "currency": order.currency, "promo_code": code,
                         "source": parsed.shop})
    added = tracking.add_conversions(db, campaign_id, rows)
    return OrderImport(parsed.shop, added, len(rows), len(parsed.orders) - len(rows), parsed.skipped)
