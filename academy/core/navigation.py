"""Dashboard tiles: each app lists, in its `dashboard.py`, what its roles can do.

An app declares `TILES = [Tile(...), ...]`; the dashboard shows a user the tiles of
the roles they hold, so the page grows as the apps do without editing core.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from academy.accounts.permissions import user_has_role


@dataclass(frozen=True)
class Tile:
    title: str | Promise
    description: str | Promise
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    # Empty roles: every verified user sees the tile.


_registry: list[Tile] = []
_alerts: list[Callable[[Any], list[dict[str, str]]]] = []
_discovered = False


def register_tiles(tiles: list[Tile]) -> None:
    _registry.extend(tiles)


def register_alerts(source: Callable[[Any], list[dict[str, str]]]) -> None:
    """`source(user)` gives the overdue items the user is responsible for: text and url."""
    _alerts.append(source)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("dashboard", register_to=None)
        _discovered = True


def alerts_for(user: Any) -> list[dict[str, str]]:
    _discover()
    return [alert for source in _alerts for alert in source(user)]


def tiles_for(user: Any) -> list[dict[str, Any]]:
    _discover()
    visible = []
    for tile in _registry:
        if tile.roles and not user_has_role(user, *tile.roles):
            continue
        visible.append(
            {"title": tile.title, "description": tile.description, "url": reverse(tile.url_name)}
        )
    return visible
