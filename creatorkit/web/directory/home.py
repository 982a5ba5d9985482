"""The home page (``/``): what this instance is, how to join it, where its kits are.

It says which site this is (``BASE_URL``), how many kits its directory lists, and
sends creators and brands to sign up, and visitors to the directory; a signed-in user
is offered their own pages instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template

from creatorkit.storage import directory
from creatorkit.web.db import get_db

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    site = urlsplit(current_app.config["BASE_URL"]).netloc or current_app.config["BASE_URL"]
    return render_template("home/index.html", site=site, listed=directory.listed_count(get_db()))
