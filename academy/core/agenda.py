"""The dashboard's "what to do next": each app lists, in its `agenda.py`, panels for its roles.

A panel says what is waiting – a count, the nearest items with their dates, and links – so
the dashboard is more than a grid of tiles. An app registers `Agenda(...)` entries; core
shows a user the panels of the roles they hold, in `order`. Each panel runs a fixed number
of queries, whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from academy.accounts.permissions import user_has_role

SHOWN = 5  # items listed per panel; the count says how many there are in all


@dataclass(frozen=True)
class AgendaItem:
    text: str
    url: str
    when: date | datetime | None = None
    note: str | Promise = ""
    urgent: bool = False

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)


@dataclass(frozen=True)
class AgendaPanel:
    title: str | Promise
    count: int
    items: list[AgendaItem]
    more_url: str = ""
    empty: str | Promise = ""


@dataclass(frozen=True)
class Agenda:
    key: str
    roles: frozenset[str]
    build: Callable[[Any, datetime], AgendaPanel | None]
    order: int = 50


_registry: list[Agenda] = []
_discovered = False


def register_agenda(entries: list[Agenda]) -> None:
    _registry.extend(entries)


def agenda_for(user: Any, now: datetime | None = None) -> list[dict[str, Any]]:
    """The user's panels, in order, each with its key (for tests and styling)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("agenda", register_to=None)
        _discovered = True
    now = now or timezone.now()
    panels = []
    for entry in sorted(_registry, key=lambda e: e.order):
        if not user_has_role(user, *entry.roles):
            continue
        panel = entry.build(user, now)
        if panel is not None:
            panels.append({"key": entry.key, "panel": panel})
    return panels
