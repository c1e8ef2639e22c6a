from django.utils.translation import gettext_lazy as _

from academy.core.navigation import Tile, register_tiles

from .views import SECURITY_ROLES

register_tiles(
    [
        Tile(
            _("Security events"),
            _("Logins, lock-outs, role changes, refusals and exports of personal data."),
            "secevents:event_list",
            frozenset(SECURITY_ROLES),
        )
    ]
)
