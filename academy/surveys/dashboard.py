from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.navigation import Tile, register_tiles

from .selectors import STAFF_ROLES

register_tiles(
    [
        Tile(
            _("Final surveys"),
            _("Listeners' final surveys of the groups: response rate, scores, remarks."),
            "surveys:survey_list",
            frozenset(STAFF_ROLES),
        ),
        Tile(
            _("Lecturer ratings"),
            _("Every lecturer's mean rating across the final surveys."),
            "surveys:lecturer_overview",
            frozenset(STAFF_ROLES),
        ),
        Tile(
            _("My surveys"),
            _("Final surveys of your courses waiting for your anonymous answers."),
            "surveys:my_surveys",
            frozenset({Role.LISTENER}),
        ),
        Tile(
            _("My ratings"),
            _("How the listeners rated your classes in the final surveys."),
            "surveys:my_ratings",
            frozenset({Role.LECTURER}),
        ),
    ]
)
