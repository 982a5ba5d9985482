"""Connector registry: connectors are looked up by name, never imported by name.

Each module of this package registers its classes with ``@register`` when loaded;
the registry imports every module of the package on first use, so adding a connector
is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil

from creatorkit.connectors.base import Connector
from creatorkit.errors import ConfigError

_registry: dict[str, type[Connector]] = {}
_loaded = False


def register(cls: type[Connector]) -> type[Connector]:
    if cls.name in _registry and _registry[cls.name] is not cls:
        raise ConfigError(f"Two connectors are named {cls.name!r}.")
    _registry[cls.name] = cls
    return cls


def _load_builtins() -> None:
    global _loaded
    if not _loaded:
        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True


def registered() -> dict[str, type[Connector]]:
    _load_builtins()
    return dict(sorted(_registry.items()))


def get_connector(name: str) -> type[Connector]:
    connectors = registered()
    if name not in connectors:
        raise ConfigError(
            f"No connector named {name!r}; known: {', '.join(connectors) or 'none'}."
        )
    return connectors[name]


def default_connector(platform: str) -> type[Connector]:
    """The API connector of a platform (the one ``add-account`` uses)."""
    for cls in registered().values():
        if cls.platform == platform and cls.source == "api":
            return cls
    raise ConfigError(f"No API connector is installed for {platform!r}.")
