"""The Flask application factory. It wires configuration and blueprints, nothing more:
no background work starts here (see ``scheduler``)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from creatorkit.config import default_config
from creatorkit.errors import ConfigError
from creatorkit.kit.summary import after_store
from creatorkit.storage.credentials import new_key
from creatorkit.web import register_blueprints

PACKAGE_DIR = Path(__file__).resolve().parent
MIN_SECRET_KEY = 32
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def _asset_dir(name: str) -> str:
    """templates/ and static/ live at the repository root in a checkout, and inside
    the package in an installed wheel (hatch force-include)."""
    in_repo = PACKAGE_DIR.parent / name
    return str(in_repo if in_repo.is_dir() else PACKAGE_DIR / name)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app. Its instance folder (database, key, config.py) is ``./instance`` unless
    ``CREATORKIT_INSTANCE_PATH`` names another, installed or not."""
    app = Flask(
        __name__,
        instance_path=os.path.abspath(os.environ.get("CREATORKIT_INSTANCE_PATH") or "instance"),
        instance_relative_config=True,
        template_folder=_asset_dir("templates"),
        static_folder=_asset_dir("static"),
    )
    app.config.update(default_config())
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("CREATORKIT")
    app.config["AFTER_STORE"] = after_store  # ingestion reports stored data; kits follow
    if test_config:
        app.config.update(test_config)
    _resolve_instance_settings(app)
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        app.config["SESSION_COOKIE_SECURE"] = str(app.config["BASE_URL"]).startswith("https://")
    proxies = int(app.config.get("BEHIND_PROXY") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    register_blueprints(app)
    return app


def weak_secret_key(config: Mapping[str, Any]) -> str | None:
    """Why ``serve``, ``worker`` and ``demo`` refuse to start with this key, if they must."""
    key = config.get("SECRET_KEY") or ""
    if config.get("DEBUG") or (key != "dev" and len(key) >= MIN_SECRET_KEY):
        return None
    return (f"SECRET_KEY is {'dev' if key == 'dev' else 'too short'}: set CREATORKIT_SECRET_KEY to "
            f"{MIN_SECRET_KEY}+ random characters (creatorkit gen-key prints one), or unset it to use "
            "instance/secret.key.")


def served_origin(host: str, port: int) -> str:
    """The origin a browser reaches ``host:port`` at (a wildcard bind is reached on loopback)."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 (a comparison, no bind)
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def adopt_served_address(app: Flask, host: str, port: int) -> str | None:
    """Share links follow the address served when no BASE_URL was set; a configured one
    is kept, and the warning to print is returned when it is not that address."""
    served = served_origin(host, port)
    if app.extensions.get("base_url_derived"):
        app.config["BASE_URL"] = served
        return None
    configured = str(app.config["BASE_URL"]).rstrip("/")
    if urlsplit(configured)[:2] == urlsplit(served)[:2]:
        return None
    return (f"Warning: BASE_URL is {configured} but this server listens on {served}; share links, "
            "QR codes and PDFs point at BASE_URL (unset it to use the served address).")


def _resolve_instance_settings(app: Flask) -> None:
    """Fill the settings whose default lives in the instance folder."""
    instance = Path(app.instance_path)
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_key(instance / "secret.key", secrets.token_hex)
    if not app.config.get("BASE_URL"):
        app.config["BASE_URL"] = DEFAULT_BASE_URL
        app.extensions["base_url_derived"] = True
    if not app.config.get("DATABASE"):
        app.config["DATABASE"] = str(instance / "creatorkit.db")
    if not app.config.get("CREDENTIALS_KEY"):
        app.config["CREDENTIALS_KEY"] = _instance_key(instance / "credentials.key", new_key)
    for key, folder in (("MAIL_OUTBOX", "outbox"), ("UPLOAD_FOLDER", "uploads")):
        if not app.config.get(key):
            app.config[key] = str(instance / folder)


def _instance_key(path: Path, make: Callable[[], str]) -> str:
    """A key generated once and kept beside the database (mode 600)."""
    if path.exists():
        return path.read_text().strip()
    key = make()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise ConfigError(f"Cannot create the key {path} ({exc.strerror}); make the instance folder "
                          "writable or set the key in the environment (see the README).") from exc
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key
