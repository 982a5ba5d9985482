"""The one table of settings.

Each setting is read, in order, from these defaults, ``instance/config.py``, the
``CREATORKIT_<KEY>`` environment (values parsed as JSON when they parse) and the
``test_config`` given to ``create_app``. Nothing here is read at import time by anyone
else: the app factory and the CLI copy the table into ``app.config``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    help: str


DEFAULTS: tuple[Setting, ...] = (
    Setting(
        "SECRET_KEY",
        None,
        "Signs sessions and CSRF tokens (32+ characters). Default: a key generated once and "
        "kept in instance/secret.key; serve, worker and demo refuse 'dev' or a short key.",
    ),
    Setting("SESSION_IDLE_S", 2 * 3600, "A session unused for this many seconds is signed out."),
    Setting("SESSION_ABSOLUTE_S", 7 * 24 * 3600, "A session this many seconds old is signed out."),
    Setting("SESSION_COOKIE_SECURE", None, "Send the session cookie over https only. Default: when "
            "BASE_URL starts with https://."),
    Setting("BEHIND_PROXY", 0, "Proxies in front of the app (X-Forwarded-For/-Proto trusted from them)."),
    Setting("RATELIMIT_STORAGE_URI", "creatorkit-memory://",
            "Flask-Limiter storage: in this process by default (redis://... to share counts)."),
    Setting("SIGNIN_LIMITS", "5/minute;20/hour", "Sign-in and sign-up tries per account and per client."),
    Setting("PDF_RENDERS_LIMIT", "10/minute", "Fresh PDF renders per client."),
    Setting("MAX_CONTENT_LENGTH", 16 * 1024 * 1024, "Largest request body accepted (bytes)."),
    Setting(
        "DATABASE",
        None,
        "Path of the SQLite file. Default: creatorkit.db inside the instance folder.",
    ),
    Setting("BASE_URL", None, "Public origin used for canonical and share links. Default: the address "
            "serve or demo listens on (http://127.0.0.1:5000 for other commands)."),
    Setting(
        "CLOCK",
        None,
        "The app's clock (creatorkit/clock.py): unset for the real UTC time; an ISO-8601 moment "
        "pins it there (tests, reproducible demos).",
    ),
    Setting("DEMO_TODAY", None, "Pins 'today' of the demo connector (YYYY-MM-DD); default: CLOCK's date."),
    Setting(
        "CREDENTIALS_KEY",
        None,
        "Fernet key that encrypts stored platform tokens. Default: a key generated once "
        "and kept in instance/credentials.key.",
    ),
    Setting("ER_WINDOW_POSTS", 30, "Posts in the engagement-rate window (most recent first)."),
    Setting("ER_MIN_POST_AGE_H", 72, "Posts younger than this are left out of engagement rates."),
    Setting("DEFAULT_REFRESH_INTERVAL_S", 6 * 3600, "Seconds between refreshes of one account."),
    Setting("REFRESH_TICK_S", 60, "Seconds between two scheduler passes over due accounts."),
    Setting("REFRESH_WORKERS", 4, "Threads refreshing accounts in parallel."),
    Setting("REFRESH_LEASE_S", 15 * 60, "Seconds a worker holds an account it is refreshing."),
    Setting("REFRESH_BACKOFF_BASE_S", 300, "First retry delay after a transient failure."),
    Setting("REFRESH_BACKOFF_CAP_S", 24 * 3600, "Longest retry delay after repeated failures."),
    Setting("REFRESH_DEADLINE_S", 300, "Longest one refresh (one batch of accounts) may take."),
    Setting("MANUAL_REFRESH_WAIT_S", 120, "How long `refresh` waits for an account a worker holds."),
    Setting("KIT_CACHE_BYTES", 64 * 1024 * 1024, "Memory for rendered kit bodies."),
    Setting("KIT_CACHE_DIR", None, "PDF cache folder; default <instance>/cache, empty: memory only."),
    Setting("KIT_CACHE_DISK_BYTES", 256 * 1024 * 1024, "Most disk the PDF cache folder may use."),
    Setting("KIT_CACHE_MAX_AGE_S", 60, "max-age of kit responses."),
    Setting("KIT_CACHE_STALE_S", 600, "stale-while-revalidate of public kits."),
    Setting("IMPORT_MAX_BYTES", 20 * 1024 * 1024,
            "Largest export file `creatorkit import` reads (a year of TikTok days is 14 kB)."),
    Setting("CONTACT_REVEALS_PER_HOUR", 10, "Contact reveals allowed per visitor and hour."),
    Setting("HTTP_TIMEOUT_S", 20, "Connect and read timeout of every platform call."),
    Setting("HTTP_RETRIES", 3, "Tries of one platform call on transient failures."),
    Setting("HTTP_BACKOFF_S", 0.5, "First back-off between two tries of one call (doubles)."),
    Setting("YOUTUBE_API_BASE", "https://www.googleapis.com/youtube/v3", "YouTube Data API v3."),
    Setting(
        "YOUTUBE_ANALYTICS_API_BASE",
        "https://youtubeanalytics.googleapis.com/v2",
        "YouTube Analytics API v2.",
    ),
    Setting("YOUTUBE_AUTH_BASE", "https://oauth2.googleapis.com", "Google OAuth token endpoint."),
    Setting("YOUTUBE_API_KEY", None, "API key for public YouTube channels."),
    Setting("YOUTUBE_CLIENT_ID", None, "Google OAuth client id (mine=true and Analytics)."),
    Setting("YOUTUBE_CLIENT_SECRET", None, "Google OAuth client secret."),
    Setting("YOUTUBE_DAILY_QUOTA", 10_000, "YouTube Data API units per day."),
    Setting("TWITCH_RATE_PER_MIN", 800, "Twitch Helix points a minute; when spent, accounts wait."),
    Setting("TIKTOK_RATE_PER_MIN", 600, "TikTok API requests a minute; when spent, accounts wait."),
    Setting("INSTAGRAM_CALLS_PER_ACCOUNT_HOUR", 200, "Instagram Graph API calls an hour per user token."),
    Setting("INSTAGRAM_API_BASE", "https://graph.instagram.com/v23.0", "Instagram Graph API."),
    Setting("INSTAGRAM_AUTH_BASE", "https://graph.instagram.com", "Instagram token refresh host."),
    Setting("TIKTOK_API_BASE", "https://open.tiktokapis.com/v2", "TikTok Display API v2."),
    Setting("TIKTOK_AUTH_BASE", "https://open.tiktokapis.com/v2", "TikTok OAuth token endpoint."),
    Setting("TIKTOK_CLIENT_KEY", None, "TikTok app client key."),
    Setting("TIKTOK_CLIENT_SECRET", None, "TikTok app client secret."),
    Setting("TWITCH_API_BASE", "https://api.twitch.tv/helix", "Twitch Helix API."),
    Setting("TWITCH_AUTH_BASE", "https://id.twitch.tv", "Twitch OAuth host."),
    Setting("TWITCH_CLIENT_ID", None, "Twitch app client id."),
    Setting("TWITCH_CLIENT_SECRET", None, "Twitch app client secret."),
    Setting("YOUTUBE_AUTHORIZE_URL", "https://accounts.google.com/o/oauth2/v2/auth",
            "Google's OAuth consent page (creators connect YouTube with their own login)."),
    Setting("INSTAGRAM_AUTHORIZE_URL", "https://www.instagram.com/oauth/authorize",
            "Instagram Login's consent page."),
    Setting("INSTAGRAM_TOKEN_URL", "https://api.instagram.com/oauth/access_token",
            "Instagram Login's code-for-token endpoint."),
    Setting("INSTAGRAM_CLIENT_ID", None, "Instagram app id (Instagram Login)."),
    Setting("INSTAGRAM_CLIENT_SECRET", None, "Instagram app secret."),
    Setting("TIKTOK_AUTHORIZE_URL", "https://www.tiktok.com/v2/auth/authorize/", "TikTok Login Kit's page."),
    Setting("MAIL_SMTP_HOST", None, "SMTP server for e-mail; unset: each message is written to MAIL_OUTBOX."),
    Setting("MAIL_SMTP_PORT", None, "SMTP port (default 587, or 465 with MAIL_SMTP_SECURITY=ssl)."),
    Setting("MAIL_SMTP_SECURITY", "starttls", "starttls, ssl or none."),
    Setting("MAIL_SMTP_USER", None, "SMTP login (none: send without logging in)."),
    Setting("MAIL_SMTP_PASSWORD", None, "SMTP password."),
    Setting("MAIL_FROM", "creatorkit <noreply@localhost>", "Sender of every e-mail."),
    Setting("MAIL_OUTBOX", None, "Folder for messages when no SMTP host is set; default <instance>/outbox."),
    Setting("NOTICE_TICK_S", 3600, "Seconds between two passes mailing account notices."),
    Setting("TOKEN_WARNING_DAYS", 7, "Creators are told this many days before a token stops working."),
    Setting("UPLOAD_FOLDER", None, "Uploaded images; default <instance>/uploads."),
    Setting("UPLOAD_MAX_BYTES", 8 * 1024 * 1024, "Largest image or export file a creator may upload."),
    Setting("UPLOAD_MAX_PIXELS", 40_000_000, "Images with more pixels are refused (decompression bombs)."),
    Setting("VERIFY_LINK_MAX_AGE_S", 48 * 3600, "Seconds an e-mailed link confirming an address works."),
    Setting("RESET_LINK_MAX_AGE_S", 3600, "Seconds an e-mailed password-reset link works."),
)


def default_config() -> dict[str, Any]:
    """The defaults as a plain dict, ready for ``app.config.update``."""
    return {setting.key: setting.default for setting in DEFAULTS}
