from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.navigation import Tile, register_tiles

register_tiles(
    [
        Tile(
            _("Exam appeals"),
            _("File an appeal against a qualification exam result and follow it."),
            "appeals:index",
            frozenset({Role.CANDIDATE}),
        ),
        Tile(
            _("Appeals commission"),
            _("Appeals, sittings, review sheets, votes and minutes."),
            "appeals:index",
            frozenset({Role.APPEALS_CHAIR, Role.APPEALS_MEMBER, Role.APPEALS_SECRETARY}),
        ),
        Tile(
            _("Appeals commissions"),
            _("Composition of the appeals commissions approved by the Council chair."),
            "appeals:commission_list",
            frozenset({Role.ADMINISTRATOR}),
        ),
    ]
)
