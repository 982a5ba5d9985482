"""``seed_demo``: store the demo creators and their demo accounts."""

from __future__ import annotations

from sqlite_utils import Database

from creatorkit.connectors.demo.roster import ROSTER
from creatorkit.demo.content import seed_demo_content
from creatorkit.storage import accounts as account_store
from creatorkit.storage import creators as creator_store


def seed_demo(db: Database) -> list[int]:
    """Create (or update) the demo creators and their demo accounts; idempotent.

    Returns the ids of the demo accounts, ready for ``ingest.refresh.refresh_accounts``.
    """
    account_ids = []
    for entry in ROSTER:
        profile = {key: value for key, value in entry.items() if key not in ("handle", "accounts")}
        creator_id = creator_store.ensure_creator(db, entry["handle"], **profile)
        for account in entry["accounts"]:
            account_ids.append(account_store.ensure_account(
                db, creator_id, account["platform"], "demo", account["ref"]))
    seed_demo_content(db)
    return account_ids
