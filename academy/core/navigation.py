"""Dashboard tiles: each app lists, in its `dashboard.py`, what its roles can do.

An app declares `TILES = [Tile(...), ...]`; the dashboard shows a user the tiles of
the roles they hold, so the page grows as the apps do without editing core.
"""

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
_discovered = False


def register_tiles(tiles: list[Tile]) -> None:
    _registry.extend(tiles)


def tiles_for(user: Any) -> list[dict[str, Any]]:
    global _discovered
    if not _discovered:
        autodiscover_modules("dashboard", register_to=None)
        _discovered = True
    visible = []
    for tile in _registry:
        if tile.roles and not user_has_role(user, *tile.roles):
            continue
        visible.append(
            {"title": tile.title, "description": tile.description, "url": reverse(tile.url_name)}
        )
    return visible
