from django.utils.translation import gettext_lazy as _

from academy.core.navigation import Tile, register_tiles

from .roles import VERIFYING_ROLES, Role

register_tiles(
    [
        Tile(
            _("My profile"),
            _("Contact details, language and two-factor authentication."),
            "accounts:profile",
        ),
        Tile(
            _("Verification queue"),
            _("Check and verify self-registered accounts."),
            "accounts:verification_queue",
            frozenset(VERIFYING_ROLES),
        ),
        Tile(
            _("Users and roles"),
            _("Find users and assign their roles."),
            "accounts:user_list",
            frozenset({Role.ADMINISTRATOR}),
        ),
        Tile(
            _("Back office"),
            _("Reference data in the administration site."),
            "admin:index",
            frozenset({Role.ADMINISTRATOR}),
        ),
    ]
)
