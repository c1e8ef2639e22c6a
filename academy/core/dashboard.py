from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role

from .navigation import Tile, register_tiles

register_tiles(
    [
        Tile(
            _("Audit log"),
            _("Who changed what and when."),
            "core:audit_log",
            frozenset({Role.ADMINISTRATOR}),
        ),
    ]
)
