from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.navigation import Tile, register_tiles

from .selectors import BANK_ROLES, STAFF_ROLES

register_tiles(
    [
        Tile(
            _("My exams"),
            _("Sit the final knowledge check and see confirmed results."),
            "exams:index",
            frozenset({Role.LISTENER}),
        ),
        Tile(
            _("Exams"),
            _("Commissions, grading, statements and item analysis."),
            "exams:index",
            frozenset(STAFF_ROLES),
        ),
        Tile(
            _("Question bank"),
            _("Test questions: import and export in GIFT, Moodle XML and Aiken."),
            "exams:question_list",
            frozenset(BANK_ROLES),
        ),
    ]
)
