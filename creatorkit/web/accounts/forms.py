"""The creator dashboard's forms (Flask-WTF: every form carries a CSRF token).

Field checks here give a message next to the field; storage checks the stored shape
again (``kit_content``), so a request that skips the form is refused all the same.
"""

from __future__ import annotations

import re

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, Regexp, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from creatorkit.errors import InputError
from creatorkit.kit.privacy import KEYS
from creatorkit.kit.view import PLATFORM_LABELS
from creatorkit.models import PLATFORMS
from creatorkit.storage import uploads, users
from creatorkit.storage.kit_content import RESULT_METRICS
from creatorkit.web.db import get_db


def choices(*pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


PLATFORM_CHOICES = choices(("", _l("Any platform")), *((p, PLATFORM_LABELS[p]) for p in PLATFORMS))
WEB = [Optional(), URL(require_tld=True, message=_l("Enter a full address starting with https://.")),
       Regexp(r"^https?://", message=_l("Enter a full address starting with https://.")), Length(max=500)]
UPLOADED = re.compile(r"^/uploads/[0-9a-f]{32}\.(?:jpg|png)$")


def own_upload(_form, field) -> None:
    """An image uploaded by this creator (``/uploads/...``) is taken as it is; another
    creator's is refused; anything else goes on to the web address checks."""
    if not UPLOADED.match(field.data or ""):
        return
    found = uploads.find(get_db(), field.data.rsplit("/", 1)[1])
    if found is None or found["creator_id"] != g.creator["id"]:
        raise ValidationError(_l("Choose one of your own uploaded images."))
    raise StopValidation()


IMAGE = [Optional(), own_upload, *WEB[1:]]
#: control characters (tabs and line breaks aside) and the bidi overrides that reorder text
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain_text(_form, field) -> None:
    """Refuse NUL, ESC and bidi controls: they break the QR SVG and spoof names."""
    if field.data and CONTROLS.search(field.data):
        raise ValidationError(_l("Remove the invisible control characters from this text."))


RESULT_LINE = re.compile(r"^\s*([a-z_]+)\s*[:=]\s*([0-9][0-9 ,._]*)\s*(%?)\s*$")


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Name"), [DataRequired(), Length(max=80), plain_text])
    tagline = StringField(_l("Tagline"), [Optional(), Length(max=140), plain_text])
    bio = TextAreaField(_l("About (Markdown)"), [Optional(), Length(max=2000), plain_text])
    niche = StringField(_l("Niche"), [Optional(), Length(max=40), plain_text])
    country = StringField(_l("Country code"), [Optional(), Regexp(r"^[A-Za-z]{2}$",
                                               message=_l("Two letters, such as FR or US."))])
    city = StringField(_l("City"), [Optional(), Length(max=80), plain_text])
    languages = StringField(_l("Languages (codes, comma-separated)"), [Optional(), Regexp(
        r"^\s*[a-zA-Z]{2}(\s*,\s*[a-zA-Z]{2})*\s*$", message=_l("Two-letter codes such as fr, en."))])
    avatar_url = URLField(_l("Portrait image address"), IMAGE)
    contact_email = EmailField(_l("Contact e-mail (never shown in the page)"), [Optional(), Length(max=254)])

    def validate_contact_email(self, field) -> None:
        """The same rule as user accounts (no extra dependency for a stricter one)."""
        try:
            field.data = users.normalise_email(field.data)
        except InputError:
            raise ValidationError(_l("Enter a valid e-mail address.")) from None


#: how the dashboard names each key that can be hidden
KEY_LABELS = {
    "bio": _l("About"), "location": _l("Location"), "languages": _l("Languages spoken"),
    "totals": _l("Headline totals"), "charts": _l("Charts"), "audience": _l("Audience (all of it)"),
    "top_posts": _l("Top posts"), "featured_posts": _l("Featured posts"), "rate_card": _l("Rate card"),
    "collaborations": _l("Past collaborations"), "case_studies": _l("Case studies (measured)"),
    "brands": _l("Brand logos"),
    "testimonials": _l("Testimonials"),
    "contact": _l("Contact button"), "followers": _l("Followers"), "growth": _l("Growth"),
    "engagement_rate": _l("Engagement rate"), "avg_views": _l("Average views or viewers"),
    "posts_per_week": _l("Posts per week"), "tier": _l("Tier"), "benchmark": _l("Benchmark"),
    "authenticity": _l("Audience authenticity"), "age": _l("Age"), "gender": _l("Gender"),
    "country": _l("Countries"), "city": _l("Cities"), "language": _l("Languages"),
}


def key_label(key: str) -> str:
    """"TikTok: Engagement rate", "Audience: Age", "Followers"."""
    head, _, tail = key.partition(".")
    if not tail:
        return PLATFORM_LABELS.get(key) or KEY_LABELS[key]
    prefix = _l("Audience") if head == "audience" else PLATFORM_LABELS[head]
    return f"{prefix}: {KEY_LABELS[tail]}"


class MultiCheckbox(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SettingsForm(FlaskForm):
    theme = SelectField(_l("Theme"), choices=choices(("light", _l("Light")), ("dark", _l("Dark")),
                                                     ("warm", _l("Warm"))))
    locale = SelectField(_l("Language of the kit"), choices=choices(("en", "English"), ("fr", "Français")))
    visibility = SelectField(_l("Visibility"), choices=choices(
        ("public", _l("Public: listed in the directory")), ("unlisted", _l("Unlisted: only with the link")),
        ("off", _l("Off: nobody can see it"))))
    hidden = MultiCheckbox(_l("Hide from the kit"), choices=choices(*((key, key) for key in KEYS)))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hidden.choices = choices(*((key, key_label(key)) for key in KEYS))


class RateForm(FlaskForm):
    deliverable = StringField(_l("Deliverable"), [DataRequired(), Length(max=120)])
    platform = SelectField(_l("Platform"), choices=PLATFORM_CHOICES, default="")
    price = DecimalField(_l("Price"), [DataRequired(), NumberRange(min=0, max=10_000_000)], places=2)
    currency = StringField(_l("Currency"), [DataRequired(), Regexp(r"^[A-Za-z]{3}$",
                                            message=_l("Three letters, such as EUR or USD."))], default="EUR")
    note = StringField(_l("Note"), [Optional(), Length(max=200)])

    def item(self) -> dict:
        return {"deliverable": self.deliverable.data, "platform": self.platform.data or None,
                "price_cents": round(self.price.data * 100), "currency": self.currency.data,
                "note": self.note.data}


def parse_results(text: str) -> dict[str, float]:
    """``views: 412000`` lines (rates as ``ctr: 2.3%``) → metric → number."""
    results = {}
    for line in filter(str.strip, (text or "").splitlines()):
        match = RESULT_LINE.match(line.lower())
        if not match or match[1] not in RESULT_METRICS:
            raise ValidationError(_l("Write one result per line, such as “views: 412000” or “ctr: 2.3%%”; "
                                     "known results: %(names)s.", names=", ".join(RESULT_METRICS)))
        number = float(match[2].replace(" ", "").replace("_", "").replace(",", "."))
        results[match[1]] = number / 100 if match[3] else number
    return results


class CollaborationForm(FlaskForm):
    brand = StringField(_l("Brand"), [DataRequired(), Length(max=80)])
    day = DateField(_l("Date"), [DataRequired(message=_l("Enter the date of the campaign."))])
    deliverables = StringField(_l("Deliverables"), [DataRequired(), Length(max=200)])
    results = TextAreaField(_l("Results, one per line (views: 412000, ctr: 2.3%)"), [Optional()])
    link = URLField(_l("Link"), WEB)
    logo_url = URLField(_l("Logo image address"), IMAGE)

    def validate_results(self, field) -> None:
        parse_results(field.data)

    def item(self) -> dict:
        return {"brand": self.brand.data, "day": self.day.data.isoformat(),
                "deliverables": self.deliverables.data, "results": parse_results(self.results.data),
                "link": self.link.data, "logo_url": self.logo_url.data}


class TestimonialForm(FlaskForm):
    quote = TextAreaField(_l("Quote"), [DataRequired(), Length(max=600)])
    author = StringField(_l("Author"), [DataRequired(), Length(max=80)])
    role = StringField(_l("Role"), [Optional(), Length(max=80)])
    company = StringField(_l("Company"), [Optional(), Length(max=80)])

    def item(self) -> dict:
        return {name: self[name].data for name in ("quote", "author", "role", "company")}


class BrandForm(FlaskForm):
    name = StringField(_l("Brand"), [DataRequired(), Length(max=80)])
    logo_url = URLField(_l("Logo image address"), [DataRequired(), *IMAGE[1:]])
    link = URLField(_l("Link"), WEB)

    def item(self) -> dict:
        return {name: self[name].data for name in ("name", "logo_url", "link")}


class FeaturedForm(FlaskForm):
    url = URLField(_l("Post address"), [DataRequired(), *WEB[1:]])
    title = StringField(_l("Title"), [DataRequired(), Length(max=160)])
    platform = SelectField(_l("Platform"), choices=PLATFORM_CHOICES, default="")
    note = StringField(_l("Note"), [Optional(), Length(max=200)])

    def item(self) -> dict:
        return {"url": self.url.data, "title": self.title.data, "platform": self.platform.data or None,
                "note": self.note.data}


class DeleteForm(FlaskForm):
    """Nothing but the CSRF token."""


#: kind of content → (its form, the heading of its section)
CONTENT_FORMS = {
    "rates": (RateForm, _l("Rate card")), "collaborations": (CollaborationForm, _l("Past collaborations")),
    "testimonials": (TestimonialForm, _l("Testimonials")), "brands": (BrandForm, _l("Brand logos")),
    "featured": (FeaturedForm, _l("Featured posts")),
}
