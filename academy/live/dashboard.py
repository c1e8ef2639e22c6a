from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.navigation import Tile, register_tiles

register_tiles(
    [
        Tile(
            _("My live sessions"),
            _("Online classes and online oral exams: join, and add them to your calendar."),
            "live:my_sessions",
            frozenset({Role.LISTENER, Role.LECTURER, Role.EXAM_COMMISSION_MEMBER}),
            section="learning",
        ),
    ]
)
