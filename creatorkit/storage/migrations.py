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


@migrations()
def m003_directory(db: Database) -> None:
    """The brand directory: a summary refreshed after each refresh (never computed per
    request), its full-text index, brand users and their shortlists.

    ``directory_stats`` has one row per (creator, platform) plus one ``'all'`` row of
    headline figures. Its indexes lead with the platform and one sort or equality
    column and cover every filter column, so a query walks one index in order and
    stops after a page: no history, no row lookups. A trigger keeps ``listed``
    in step with ``creators.visibility`` at once, so a kit switched off leaves the
    directory without waiting for the next refresh.
    """
    covered = ("listed", "country", "niche", "tier", "verdict", "followers", "er", "growth_30",
               "percentile", "updated_at", "languages")
    for statement in (
        """
        CREATE TABLE directory_summary (
            creator_id INTEGER PRIMARY KEY REFERENCES creators(id) ON DELETE CASCADE,
            handle TEXT NOT NULL UNIQUE,
            listed INTEGER NOT NULL,
            card TEXT NOT NULL,
            data_version INTEGER NOT NULL,
            summarised_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE directory_stats (
            creator_id INTEGER NOT NULL REFERENCES directory_summary(creator_id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            listed INTEGER NOT NULL,
            followers REAL,
            tier TEXT,
            er REAL,
            er_basis TEXT,
            growth_30 REAL,
            percentile REAL,
            verdict TEXT,
            niche TEXT,
            country TEXT,
            languages TEXT NOT NULL DEFAULT ',',
            updated_at TEXT,
            PRIMARY KEY (creator_id, platform)
        ) WITHOUT ROWID
        """,
        *(f"CREATE INDEX directory_by_{name} ON directory_stats(platform, {column}, "
          f"{', '.join(c for c in covered if c != column)})"
          for name, column in (("followers", "followers"), ("er", "er"), ("growth", "growth_30"),
                               ("percentile", "percentile"), ("country", "country"), ("niche", "niche"),
                               ("tier", "tier"))),
        """
        CREATE TABLE directory_audience (
            creator_id INTEGER NOT NULL REFERENCES directory_summary(creator_id) ON DELETE CASCADE,
            dimension TEXT NOT NULL,
            bucket TEXT NOT NULL,
            share REAL NOT NULL,
            PRIMARY KEY (creator_id, dimension, bucket)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX directory_audience_share ON directory_audience(dimension, bucket, share)",
        """
        CREATE VIRTUAL TABLE directory_fts USING fts5(
            display_name, handle, niche, bio, tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2 3'
        )
        """,
        """
        CREATE TRIGGER directory_fts_forget AFTER DELETE ON directory_summary BEGIN
            DELETE FROM directory_fts WHERE rowid = OLD.creator_id;
        END
        """,
        """
        CREATE TRIGGER directory_follows_visibility AFTER UPDATE OF visibility ON creators BEGIN
            UPDATE directory_summary SET listed = (NEW.visibility = 'public')
                WHERE creator_id = NEW.id;
            UPDATE directory_stats SET listed = (NEW.visibility = 'public')
                WHERE creator_id = NEW.id;
        END
        """,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('brand', 'creator')),
            name TEXT NOT NULL,
            creator_id INTEGER REFERENCES creators(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            last_sign_in_at TEXT
        )
        """,
        """
        CREATE TABLE shortlists (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (user_id, name)
        )
        """,
        """
        CREATE TABLE shortlist_items (
            shortlist_id INTEGER NOT NULL REFERENCES shortlists(id) ON DELETE CASCADE,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            note TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            PRIMARY KEY (shortlist_id, creator_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX shortlist_items_creator ON shortlist_items(creator_id)",
    ):
        db.execute(statement)


@migrations()
def m004_kit_content(db: Database) -> None:
    """What creators write into their kit (``storage.kit_content``): rate card,
    collaborations with results (JSON metric → number), testimonials, brand logos and
    featured posts, each ordered by ``position`` and gone with the creator."""
    for statement in (
        """
        CREATE TABLE rate_card (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            deliverable TEXT NOT NULL,
            platform TEXT,
            price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
            currency TEXT NOT NULL,
            note TEXT
        )
        """,
        """
        CREATE TABLE collaborations (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            brand TEXT NOT NULL,
            day TEXT NOT NULL,
            deliverables TEXT NOT NULL,
            results TEXT NOT NULL DEFAULT '{}',
            link TEXT,
            logo_url TEXT
        )
        """,
        """
        CREATE TABLE testimonials (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            quote TEXT NOT NULL,
            author TEXT NOT NULL,
            role TEXT,
            company TEXT
        )
        """,
        """
        CREATE TABLE brand_logos (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            logo_url TEXT NOT NULL,
            link TEXT
        )
        """,
        """
        CREATE TABLE featured_posts (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            url TEXT NOT NULL,
            title TEXT NOT NULL,
            platform TEXT,
            note TEXT
        )
        """,
        *(f"CREATE INDEX {table}_creator ON {table}(creator_id, position)"
          for table in ("rate_card", "collaborations", "testimonials", "brand_logos", "featured_posts")),
    ):
        db.execute(statement)


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
def m006_sessions(db: Database) -> None:
    """A per-user session counter: it is part of every session cookie, so bumping it
    (sign-out, password change) revokes every cookie issued before."""
    db.execute("ALTER TABLE users ADD COLUMN session_counter INTEGER NOT NULL DEFAULT 0")


@migrations()
def m007_campaigns(db: Database) -> None:
    """Campaigns (``storage.campaigns``) and what they measure
    (``storage.campaign_tracking``): tracked links and their daily click counts (no
    address, no visitor), promo codes, conversions, seen postback signatures."""
    for statement in (
        """
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            brand_user_id INTEGER NOT NULL REFERENCES users(id),
            brand TEXT NOT NULL,
            name TEXT NOT NULL,
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            currency TEXT NOT NULL DEFAULT 'EUR',
            destinations TEXT NOT NULL DEFAULT '[]',
            share_token TEXT NOT NULL UNIQUE,
            postback_secret TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE campaign_creators (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'accepted', 'declined')),
            case_study INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (campaign_id, creator_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE campaign_budget (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('fee', 'product', 'boost', 'tools', 'agency')),
            creator_id INTEGER REFERENCES creators(id) ON DELETE SET NULL,
            amount REAL NOT NULL CHECK (amount >= 0),
            label TEXT NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE campaign_objectives (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            kpi TEXT NOT NULL,
            target REAL NOT NULL,
            mode TEXT NOT NULL DEFAULT 'level' CHECK (mode IN ('level', 'change')),
            deadline TEXT,
            entered REAL,
            comment TEXT NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE campaign_posts (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            post_id TEXT NOT NULL,
            PRIMARY KEY (campaign_id, account_id, post_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE tracked_links (
            code TEXT PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            destination TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE link_clicks (
            code TEXT NOT NULL REFERENCES tracked_links(code) ON DELETE CASCADE,
            day TEXT NOT NULL,
            clicks INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (code, day)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE promo_codes (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            code TEXT NOT NULL COLLATE NOCASE,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            PRIMARY KEY (campaign_id, code)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE conversions (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            creator_id INTEGER REFERENCES creators(id) ON DELETE SET NULL,
            order_ref TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'lead')),
            day TEXT NOT NULL,
            amount REAL NOT NULL DEFAULT 0,
            currency TEXT,
            promo_code TEXT,
            link_code TEXT,
            source TEXT NOT NULL CHECK (source IN ('shopify', 'woocommerce', 'postback')),
            UNIQUE (campaign_id, order_ref)
        )
        """,
        """
        CREATE TABLE postback_signatures (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            signature TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, signature)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX campaigns_brand ON campaigns(brand_user_id)",
        "CREATE INDEX campaign_creators_creator ON campaign_creators(creator_id)",
        "CREATE INDEX tracked_links_campaign ON tracked_links(campaign_id, creator_id)",
        "CREATE INDEX conversions_campaign ON conversions(campaign_id, day)",
    ):
        db.execute(statement)


@migrations()
def m011_selfservice(db: Database) -> None:
    """Creators on their own (issue 16): how an account was connected (``owner``: the
    creator's own login, ``public``: a public channel by handle, read with the app's
    key), the notices already mailed about an account (each sent once), and the
    images and files creators upload (``storage.uploads``)."""
    for statement in (
        "ALTER TABLE accounts ADD COLUMN access TEXT CHECK (access IN ('owner', 'public'))",
        """
        CREATE TABLE account_notices (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('auth_expired', 'expires_soon')),
            sent_at TEXT NOT NULL,
            PRIMARY KEY (account_id, kind)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE uploads (
            id INTEGER PRIMARY KEY,
            creator_id INTEGER NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('avatar', 'cover', 'logo', 'collaboration')),
            name TEXT NOT NULL UNIQUE,
            content_type TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX uploads_creator ON uploads(creator_id, kind)",
    ):
        db.execute(statement)


@migrations()
def m013_accounts(db: Database) -> None:
    """Self-service accounts (issue 16): when the e-mail address was confirmed (accounts
    made before, by an operator's ``add-user``, count as confirmed) and the kit's
    uploaded cover image."""
    db.execute("ALTER TABLE users ADD COLUMN email_verified_at TEXT")
    db.execute("UPDATE users SET email_verified_at = created_at")
    db.execute("ALTER TABLE creators ADD COLUMN cover_url TEXT")
