"""Dashboard panel of distance learning: modules released lately in the listener's courses."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.agenda import SHOWN, Agenda, AgendaItem, AgendaPanel, register_agenda
from academy.training.models import Enrolment

from .models import Module, Progress

NEW_FOR_DAYS = 14


def _new_modules(user: Any, now: datetime) -> AgendaPanel:
    today = timezone.localdate(now)
    since = today - timedelta(days=NEW_FOR_DAYS)
    modules = (
        Module.objects.filter(
            course__group__enrolments__listener=user,
            course__group__enrolments__status=Enrolment.Status.ADMITTED,
        )
        .filter(
            Q(release_on__gt=since, release_on__lte=today)
            | Q(release_on__isnull=True, created_at__date__gt=since)
        )
        .exclude(
            pk__in=Progress.objects.filter(listener=user, studied_at__isnull=False).values(
                "module_id"
            )
        )
        .select_related("course")
        .order_by("-release_on", "-created_at", "pk")
        .distinct()
    )
    shown = list(modules[:SHOWN])
    return AgendaPanel(
        title=_("New course modules"),
        count=modules.count() if len(shown) == SHOWN else len(shown),
        items=[
            AgendaItem(
                text=module.title,
                url=reverse("learning:module_detail", args=[module.pk]),
                when=module.release_on or timezone.localdate(module.created_at),
                note=module.course.title,
            )
            for module in shown
        ],
        more_url=reverse("learning:my_courses"),
        empty=_("No new modules in the last two weeks."),
    )


def _lagging(user: Any, now: datetime) -> AgendaPanel:
    """Lecturers and methodologists: listeners behind the timetable of running courses, so
    the distance part is caught up before the in-person weeks (TR-5)."""
    from . import completion, selectors

    today = timezone.localdate(now)
    courses = completion.current_courses(selectors.monitored_courses(user), today)
    data = completion.lagging(courses, today)
    return AgendaPanel(
        title=_("Listeners behind the timetable"),
        count=len(data.rows),
        items=[
            AgendaItem(
                text=row.listener.full_name,
                url=reverse("learning:monitoring", args=[row.course.pk]),
                when=row.since,
                note=f"{row.course.group} · {row.completed}/{row.total}",
                urgent=True,
            )
            for row in data.rows[:SHOWN]
        ],
        more_url=reverse("learning:lagging"),
        empty=_("Nobody is behind the timetable."),
    )


register_agenda(
    [
        Agenda("new_modules", frozenset({Role.LISTENER}), _new_modules, order=50),
        Agenda(
            "lagging_listeners",
            frozenset({Role.LECTURER, Role.METHODOLOGIST}),
            _lagging,
            order=55,
        ),
    ]
)
