"""Ordered schema migrations. Never edit one that has shipped: add the next."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("creatorkit")


@migrations()
def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE creators (
            id INTEGER PRIMARY KEY,
            handle TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            tagline TEXT,
            bio TEXT,
            niche TEXT,
            categories TEXT NOT NULL DEFAULT '[]',
            country TEXT,
            city TEXT,
            languages TEXT NOT NULL DEFAULT '[]',
            contact_email TEXT,
            avatar_url TEXT,
            theme TEXT NOT NULL DEFAULT 'light',
            locale TEXT NOT NULL DEFAULT 'en',
            visibility TEXT NOT NULL DEFAULT 'public'
                CHECK (visibility IN ('public', 'unlisted', 'off')),
            hidden TEXT NOT NULL DEFAULT '[]',
            data_version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            connector TEXT NOT NULL,
            ref TEXT NOT NULL,
            external_id TEXT,
            username TEXT,
            display_name TEXT,
            avatar_url TEXT,
            profile_url TEXT,
            credentials TEXT,
            status TEXT NOT NULL DEFAULT 'ok'
                CHECK (status IN ('ok', 'stale', 'error', 'auth_expired', 'disabled')),
            last_success_at TEXT,
            last_attempt_at TEXT,
            next_refresh_at TEXT,
            refresh_interval_s INTEGER,
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            last_error_message TEXT,
            lease_owner TEXT,
            lease_expires_at TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (creator_id, platform, ref)
        )
        """
    )
    db.execute("CREATE INDEX accounts_due ON accounts(next_refresh_at)")
    db.execute(
        """
        CREATE TABLE account_metrics (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            metric TEXT NOT NULL,
            day TEXT NOT NULL,
            value REAL NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (account_id, metric, day)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE posts (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            post_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            published_at TEXT NOT NULL,
            permalink TEXT,
            title TEXT,
            thumbnail_url TEXT,
            views INTEGER,
            reach INTEGER,
            impressions INTEGER,
            likes INTEGER,
            comments INTEGER,
            shares INTEGER,
            saves INTEGER,
            watch_time_s REAL,
            avg_view_duration_s REAL,
            completion_rate REAL,
            duration_s REAL,
            avg_viewers REAL,
            peak_viewers INTEGER,
            is_sponsored INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (account_id, post_id)
        )
        """
    )
    db.execute("CREATE INDEX posts_recent ON posts(account_id, published_at)")
    db.execute(
        """
        CREATE TABLE audience (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            dimension TEXT NOT NULL,
            bucket TEXT NOT NULL,
            share REAL NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (account_id, day, dimension, bucket)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE refresh_runs (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            trigger TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
            error_class TEXT,
            error_message TEXT,
            http_calls INTEGER NOT NULL DEFAULT 0,
            quota_units INTEGER NOT NULL DEFAULT 0,
            rows_written INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            duration_ms INTEGER NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX refresh_runs_account ON refresh_runs(account_id, started_at)")


@migrations()
def m005_kit_views(db: Database) -> None:
    """Kit-view analytics (``storage.kit_views``): daily counts per kit and referring
    host, and for the current day only its salt and the visitors' salted hashes."""
    for statement in (
        """
        CREATE TABLE kit_views (
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            views INTEGER NOT NULL DEFAULT 0,
            visitors INTEGER NOT NULL DEFAULT 0,
            pdf_downloads INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (creator_id, day)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE kit_referrers (
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            host TEXT NOT NULL,
            views INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (creator_id, day, host)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE kit_visitors (
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            visitor TEXT NOT NULL,
            PRIMARY KEY (creator_id, day, visitor)
        ) WITHOUT ROWID
        """,
        "CREATE TABLE kit_view_salt (day TEXT PRIMARY KEY, salt BLOB NOT NULL)",
    ):
        db.execute(statement)


@migrations()
def m002_scheduler(db: Database) -> None:
    """Scheduler heartbeats (``/healthz`` reads them) and the indexes the due queue and
    the rate budgets need: recent runs by finish time, live leases by expiry."""
    db.execute(
        """
        CREATE TABLE scheduler_heartbeats (
            owner TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            beat_at TEXT NOT NULL,
            tick_s REAL NOT NULL,
            workers INTEGER NOT NULL,
            in_flight INTEGER NOT NULL DEFAULT 0,
            stopped_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX refresh_runs_finished ON refresh_runs(finished_at)")
    db.execute("CREATE INDEX accounts_lease ON accounts(lease_expires_at)")
