"""The attacker's setting: an app as an operator starts it (no secret key configured,
its own instance folder), two creators and two brands, and a way to sign in through
the real form."""

from __future__ import annotations

import re

import pytest
from werkzeug.security import generate_password_hash

from creatorkit.app import create_app
from creatorkit.storage import creators as creator_store
from creatorkit.storage import open_db, users
from creatorkit.storage.credentials import new_key

PASSWORD = "correct horse battery"
CHEAP = "pbkdf2:sha256:1000"  # fixtures only: the app itself hashes with scrypt


@pytest.fixture
def instance(tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    monkeypatch.setenv("CREATORKIT_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("CREATORKIT_SECRET_KEY", raising=False)
    return folder


@pytest.fixture
def app(instance):
    return create_app({"TESTING": True, "CREDENTIALS_KEY": new_key(), "BASE_URL": "https://kits.example"})


@pytest.fixture
def db(app):
    database = open_db(app.config["DATABASE"])
    yield database
    database.conn.close()


@pytest.fixture
def people(db):
    """Two creators (camille, dana) with their sign-ins, and two brands (acme, bolt)."""
    ids = {}
    for handle in ("camille", "dana"):
        creator_id = creator_store.create_creator(db, handle, handle.title(), niche="beauty")
        ids[handle] = users.create_user(db, f"{handle}@creator.example", generate_password_hash(
            PASSWORD, method=CHEAP), name=handle.title(), role="creator", creator_id=creator_id)
    for brand in ("acme", "bolt"):
        ids[brand] = users.create_user(db, f"buyer@{brand}.example", generate_password_hash(
            PASSWORD, method=CHEAP), name=brand.title())
    return ids


def csrf_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    token = csrf_token(client, "/account/signin")
    return client.post("/account/signin", data={"email": email, "password": password, "csrf_token": token,
                                                **extra})
