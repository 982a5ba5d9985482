"""Template filters: how figures read on the page, in the page's language.

Numbers, percentages, money and dates go through Babel's format functions with the
request's locale (``1,234.5`` in English, ``1 234,5`` in French). None reads as an
en dash. The relative "3 h ago" is left to the browser (``static/js/kit.js``): the
server writes the absolute time, so a cached page never states a stale age.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, numbers
from babel import dates as babel_dates
from flask import Flask
from flask_babel import get_locale, gettext

from creatorkit.kit.reasons import N_, VERDICT_LABELS, Reason
from creatorkit.kit.view import PLATFORM_LABELS

DASH = "–"
#: words that come from data and have a translation (follower words, rate bases, post
#: kinds, genders, tiers, niches, verdicts): the only values ``term`` translates
DATA_WORDS = frozenset((
    N_("subscribers"), N_("followers"), N_("views"), N_("reach"), N_("impressions"), N_("video"),
    N_("short"), N_("reel"), N_("image"), N_("carousel"), N_("stream"), N_("highlight"), N_("female"),
    N_("male"), N_("other"), N_("median"), N_("mean"), N_("ratio of sums"), N_("nano"), N_("micro"),
    N_("mid"), N_("macro"), N_("mega"), N_("lifestyle"), N_("fashion"), N_("food"), N_("gaming"),
    N_("travel"), N_("fitness"), N_("tech"), N_("finance"), N_("parenting"), N_("music"), N_("beauty"),
    N_("books"), *VERDICT_LABELS.values(),
))


def _locale() -> Locale:
    return get_locale() or Locale.parse("en")


def _pattern(kind: str, digits: int) -> str:
    """The locale's own percent/decimal pattern with ``digits`` decimals."""
    formats = _locale().percent_formats if kind == "percent" else _locale().decimal_formats
    base = formats[None].pattern.split(";")[0]
    return re.sub(r"#,##0(\.[0#]+)?", "#,##0" + ("." + "0" * digits if digits else ""), base, count=1)


def count(value: float | None) -> str:
    """Compact: 182K, 1.4M (182 k, 1,4 M in French)."""
    if value is None:
        return DASH
    if abs(value) < 10_000:
        return numbers.format_decimal(round(value), locale=_locale())
    return numbers.format_compact_decimal(value, locale=_locale(), fraction_digits=1)


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return DASH
    return numbers.format_decimal(value, format=_pattern("decimal", digits), locale=_locale())


def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return DASH
    return numbers.format_percent(value, format=_pattern("percent", digits), locale=_locale())


def signed_percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return DASH
    return ("+" if value >= 0 else "−") + percent(abs(value), digits)


def signed_count(value: float | None) -> str:
    if value is None:
        return DASH
    return ("+" if value >= 0 else "−") + count(abs(value))


def money(cents: int | None, currency: str) -> str:
    """Whole amounts without decimals: €4,800 (4 800 € in French)."""
    if cents is None:
        return DASH
    amount = cents / 100
    pattern = _locale().currency_formats["standard"].pattern.split(";")[0]
    if cents % 100 == 0:
        pattern = pattern.replace(".00", "")
    return numbers.format_currency(amount, currency, format=pattern, locale=_locale(), currency_digits=False)


def day(value: date | datetime | None, style: str = "medium") -> str:
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = value.date()
    return babel_dates.format_date(value, format=style, locale=_locale())


def moment(value: datetime | None) -> str:
    """A UTC time to the minute: 23 Nov 2025, 14:05 UTC."""
    if value is None:
        return DASH
    text = babel_dates.format_datetime(value, format="medium", tzinfo=value.tzinfo, locale=_locale())
    return f"{text.rsplit(':', 1)[0]} UTC"


def country_name(code: str | None) -> str:
    if not code:
        return DASH
    return _locale().territories.get(code.upper(), code)


def language_name(code: str) -> str:
    return _locale().languages.get(code, code)


def term(value: str | None) -> str:
    """A word from data in the page's language when it is a known one, else as it is.

    Never ``_(value)`` in a template: Jinja's gettext marks its result safe, so data
    passed through it would be printed unescaped. This returns a plain ``str``."""
    if value is None:
        return DASH
    return gettext(value) if value in DATA_WORDS else str(value)


#: what ``safe_url`` prints instead of a link it refuses (goes nowhere, runs nothing)
NO_URL = "about:invalid"


def safe_url(url: str | None) -> str:
    """A link fit for ``href``/``src``: http(s) or a path of this site; anything else
    (``javascript:``, ``data:``, ``//other.host``) becomes ``about:invalid``."""
    text = (url or "").strip()
    if not text or any(ord(char) < 32 for char in text):
        return NO_URL
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        return text
    if not parts.scheme and not parts.netloc and not text.startswith(("//", "\\")):
        return text
    return NO_URL


def platform_name(code: str | None) -> str:
    """A platform as brands write it: YouTube, Instagram, TikTok, Twitch."""
    if not code:
        return DASH
    return PLATFORM_LABELS.get(code, code.title())


def _bucket_words() -> dict[str, str]:
    """The buckets that are words, not names or codes (an allow-list: data is never a msgid)."""
    return {"female": gettext("female"), "male": gettext("male"), "other": gettext("other"),
            "unknown": gettext("unknown")}


def audience_bucket(bucket: str, dimension: str) -> str:
    """An audience bucket in the page's language: countries and languages by their full
    names (Babel's locale data), cities without their region, ages as they are."""
    word = _bucket_words().get(bucket.casefold())
    if word is not None:
        return word
    if dimension == "country":
        return country_name(bucket)
    if dimension == "language":
        return language_name(bucket)
    if dimension == "city":
        return bucket.split(",")[0]
    return bucket


def reason_text(reason: Reason) -> str:
    """An authenticity reason in the page's language, its figures formatted for it."""
    if reason.plain is not None:
        return reason.plain
    shown = {"count": signed_count, "percent": percent, "signed_percent": signed_percent, "date": day}
    params: dict[str, Any] = {name: shown.get(kind, str)(value)
                              for name, (kind, value) in reason.params.items()}
    return gettext(reason.template, **params)


FILTERS = (count, number, percent, signed_percent, signed_count, money, day, moment, country_name,
           language_name, term, safe_url, platform_name, audience_bucket, reason_text)


def init_app(app: Flask) -> None:
    for template_filter in FILTERS:
        app.add_template_filter(template_filter)
