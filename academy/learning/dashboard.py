from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.navigation import Tile, register_tiles

from .selectors import LEARNING_ROLES, OVERSEE_ROLES

register_tiles(
    [
        Tile(
            _("My online courses"),
            _("The distance modules of your courses, self-checks and your progress."),
            "learning:my_courses",
            frozenset({Role.LISTENER}),
        ),
        Tile(
            _("Monitoring"),
            _("Online courses of the groups: modules, listeners' progress and self-check scores."),
            "learning:course_list",
            frozenset({*OVERSEE_ROLES, Role.LECTURER}),
        ),
        Tile(
            _("Listeners behind the timetable"),
            _("Who has not completed what the course timetable expected by now."),
            "learning:lagging",
            frozenset({*OVERSEE_ROLES, Role.LECTURER}),
        ),
        Tile(
            _("Repository of documents"),
            _("Educational programmes, working curricula, teaching-methodical complexes."),
            "learning:document_list",
            frozenset(LEARNING_ROLES),
        ),
    ]
)
