"""Dashboard tiles and the top menu: each app lists, in its `dashboard.py`, what its roles can do.

An app declares `register_tiles([Tile(...), ...])`; the dashboard shows a user the tiles of
the roles they hold, and the top menu groups the same tiles into sections (training, exams,
appeals, library, learning, website, administration), so both grow as the apps do without
editing core.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from academy.accounts.permissions import user_has_role


@dataclass(frozen=True)
class Tile:
    title: str | Promise
    description: str | Promise
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    # Empty roles: every verified user sees the tile.
    section: str | None = None
    # None: the section of the URL's namespace; "": the tile is not in the top menu.


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    namespaces: frozenset[str]
    # Where the section starts for someone who has no tile in it (public pages).
    public_url_name: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("training", _("Training"), frozenset({"training", "documents", "surveys", "outgoing"})),
    Section("exams", _("Exams"), frozenset({"exams"})),
    Section("appeals", _("Appeals"), frozenset({"appeals"})),
    Section("library", _("Library"), frozenset({"library"}), "library:search"),
    Section("learning", _("Learning"), frozenset({"learning", "discussions", "live"})),
    Section("website", _("Website"), frozenset({"portal"}), "portal:front"),
    Section(
        "administration", _("Administration"), frozenset({"accounts", "core", "admin", "secevents"})
    ),
)
_BY_NAMESPACE = {ns: section for section in SECTIONS for ns in section.namespaces}
# Pages of a namespace that belong to no section: the user's own corner.
_OUTSIDE_SECTIONS = frozenset(
    {
        "core:home",
        "core:dashboard",
        "core:search",
        "accounts:profile",
        "accounts:login",
        "accounts:register",
        "accounts:pending",
        "accounts:otp_setup",
        "accounts:otp_verify",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
    }
)

_registry: list[Tile] = []
_alerts: list[Callable[[Any], list[dict[str, str]]]] = []
_discovered = False


def register_tiles(tiles: list[Tile]) -> None:
    _registry.extend(tiles)


def register_alerts(source: Callable[[Any], list[dict[str, str]]]) -> None:
    """`source(user)` gives the overdue items the user is responsible for: text and url."""
    _alerts.append(source)


def _tiles() -> list[Tile]:
    global _discovered
    if not _discovered:
        autodiscover_modules("dashboard", register_to=None)
        _discovered = True
    return _registry


def section_of_tile(tile: Tile) -> str:
    if tile.section is not None:
        return tile.section
    section = section_for_view(tile.url_name)
    return section.key if section else ""


def section_for_view(view_name: str) -> Section | None:
    """The section a page belongs to, from its URL name ("library:loans" → library)."""
    if not view_name or view_name in _OUTSIDE_SECTIONS:
        return None
    return _BY_NAMESPACE.get(view_name.split(":", 1)[0])


def _visible(user: Any) -> list[Tile]:
    return [t for t in _tiles() if not t.roles or user_has_role(user, *t.roles)]


def tiles_for(user: Any) -> list[dict[str, Any]]:
    return [
        {"title": tile.title, "description": tile.description, "url": reverse(tile.url_name)}
        for tile in _visible(user)
    ]


def menu_for(user: Any, view_name: str = "") -> list[dict[str, Any]]:
    """The top menu: the sections the user has tiles in, each with its links, in order.

    A section with one link is a plain link, with more a drop-down. The section of the
    current page is marked `active`.
    """
    current = section_for_view(view_name)
    by_section: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, str]] = set()
    if getattr(user, "is_authenticated", False):
        for tile in _visible(user):
            key = section_of_tile(tile)
            if not key:
                continue
            url = reverse(tile.url_name)
            if (key, url) in seen:
                continue
            seen.add((key, url))
            by_section.setdefault(key, []).append({"title": tile.title, "url": url})
    menu = []
    for section in SECTIONS:
        links = by_section.get(section.key, [])
        if not links and current is section and section.public_url_name:
            links = [{"title": section.label, "url": reverse(section.public_url_name)}]
        if links:
            menu.append(
                {
                    "key": section.key,
                    "label": section.label,
                    "links": links,
                    "active": current is section,
                }
            )
    return menu


def section_start(user: Any, section: Section) -> str:
    """The first page of a section the user may open ("" when none)."""
    for tile in _visible(user) if getattr(user, "is_authenticated", False) else []:
        if section_of_tile(tile) == section.key:
            return reverse(tile.url_name)
    if section.public_url_name:
        try:
            return reverse(section.public_url_name)
        except NoReverseMatch:  # pragma: no cover - a URL renamed without this list
            return ""
    return ""


def alerts_for(user: Any) -> list[dict[str, str]]:
    _tiles()  # the apps' dashboard modules register their alert sources too
    return [alert for source in _alerts for alert in source(user)]
