from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from academy.core.navigation import Tile, register_tiles

from .selectors import EDITOR_ROLES


def _pages_description() -> str:
    # IS-17: the dashboard tells editors how many pages are overdue for the quarterly check.
    from . import selectors

    stale = selectors.stale_page_count()
    if not stale:
        return str(_("Static pages of the website; every one was checked this quarter."))
    return ngettext(
        "Static pages of the website; %(count)d stale page needs checking.",
        "Static pages of the website; %(count)d stale pages need checking.",
        stale,
    ) % {"count": stale}


register_tiles(
    [
        Tile(
            _("Website pages"),
            lazy(_pages_description, str)(),
            "portal:editor_pages",
            frozenset(EDITOR_ROLES),
        ),
        Tile(
            _("Website news and events"),
            _("Draft and publish news, urgent items and events in Kazakh, Russian and English."),
            "portal:editor_news",
            frozenset(EDITOR_ROLES),
        ),
    ]
)
