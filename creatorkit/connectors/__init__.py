"""Connector registry: connectors are looked up by name, never imported by name.

Each connector module registers its classes with ``@register`` when loaded; the
registry imports every module and sub-package of this package on first use, so adding
a connector is adding a module (or a package: ``youtube/``, ``exports/``...).
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
        for module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
            importlib.import_module(module.name)
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
