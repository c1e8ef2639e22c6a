from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.navigation import Tile, register_tiles

from .views import STAFF

register_tiles(
    [
        Tile(
            _("Certificates and references"),
            _("Certificates of the groups, references on results and summary references."),
            "documents:index",
            frozenset(STAFF),
        ),
        Tile(
            _("My certificates"),
            _("Your certificates of completed courses, to download."),
            "documents:my_certificates",
            frozenset({Role.LISTENER}),
        ),
    ]
)
