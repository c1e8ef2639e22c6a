from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.navigation import Tile, register_tiles

MANAGERS = frozenset({Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR})

register_tiles(
    [
        Tile(
            _("Schedule plans"),
            _("Courses planned for the year or half-year, their agreement and approval."),
            "training:schedule_plan_list",
            MANAGERS,
        ),
        Tile(
            _("Study plans"),
            _("Topics, class forms and lecturers for the year."),
            "training:study_plan_list",
            MANAGERS,
        ),
        Tile(
            _("Courses and groups"),
            _("Courses, groups, group lists, programmes and timetables."),
            "training:course_list",
            MANAGERS | {Role.COURT_ADMINISTRATION},
        ),
        Tile(
            _("Rector's orders"),
            _("Admission, replacement, withdrawal, expulsion and certificates."),
            "training:order_list",
            MANAGERS,
        ),
        Tile(
            _("Expulsion proposals"),
            _("Listeners with too many absences without good reason."),
            "training:proposal_list",
            frozenset({Role.VICE_RECTOR, Role.METHODOLOGIST, Role.RECTOR}),
        ),
        Tile(
            _("Training due"),
            _("Judges and court staff not trained in the last 3 years."),
            "training:training_due",
            MANAGERS | {Role.COURT_ADMINISTRATION},
        ),
        Tile(
            _("My courses"),
            _("Your courses, timetable, materials and attendance."),
            "training:my_courses",
            frozenset({Role.LISTENER}),
        ),
        Tile(
            _("My classes"),
            _("Your classes and their attendance registers."),
            "training:my_classes",
            frozenset({Role.LECTURER}),
        ),
    ]
)
