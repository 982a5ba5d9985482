"""The Flask application factory. It wires configuration and blueprints, nothing more:
no background work starts here (see ``scheduler``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from creatorkit.config import default_config
from creatorkit.errors import ConfigError
from creatorkit.kit.summary import after_store
from creatorkit.storage.credentials import new_key
from creatorkit.web import register_blueprints

PACKAGE_DIR = Path(__file__).resolve().parent


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
    register_blueprints(app)
    return app


def _resolve_instance_settings(app: Flask) -> None:
    """Fill the settings whose default lives in the instance folder."""
    instance = Path(app.instance_path)
    if not app.config.get("DATABASE"):
        app.config["DATABASE"] = str(instance / "creatorkit.db")
    if not app.config.get("CREDENTIALS_KEY"):
        app.config["CREDENTIALS_KEY"] = _instance_key(instance / "credentials.key")


def _instance_key(path: Path) -> str:
    """A Fernet key generated once and kept beside the database (mode 600)."""
    if path.exists():
        return path.read_text().strip()
    key = new_key()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise ConfigError(f"Cannot create the credentials key {path} ({exc.strerror}); make the "
                          "instance folder writable or set CREATORKIT_CREDENTIALS_KEY.") from exc
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key
