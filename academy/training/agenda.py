"""Dashboard panels of training: the listener's next classes, the lecturer's classes today."""

from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.agenda import SHOWN, Agenda, AgendaItem, AgendaPanel, register_agenda

from .models import Enrolment, Lesson


def _next_classes(user: Any, now: datetime) -> AgendaPanel:
    lessons = (
        Lesson.objects.filter(
            programme__group__enrolments__listener=user,
            programme__group__enrolments__status=Enrolment.Status.ADMITTED,
            starts_at__gte=now,
        )
        .select_related("programme__group__course")
        .order_by("starts_at", "pk")
    )
    shown = list(lessons[:SHOWN])
    url = reverse("training:my_courses")
    return AgendaPanel(
        title=_("Next classes"),
        count=lessons.count() if len(shown) == SHOWN else len(shown),
        items=[
            AgendaItem(
                text=lesson.topic,
                url=url,
                when=timezone.localtime(lesson.starts_at),
                note=lesson.programme.group.course.title,
            )
            for lesson in shown
        ],
        more_url=url,
        empty=_("No classes scheduled."),
    )


def _classes_today(user: Any, now: datetime) -> AgendaPanel:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    lessons = list(
        Lesson.objects.filter(
            lecturer=user, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
        )
        .select_related("programme__group")
        .order_by("starts_at", "pk")
    )
    return AgendaPanel(
        title=_("Your classes today"),
        count=len(lessons),
        items=[
            AgendaItem(
                text=lesson.topic,
                url=reverse("training:attendance", args=[lesson.pk]),
                when=timezone.localtime(lesson.starts_at),
                note=lesson.programme.group.name,
            )
            for lesson in lessons
        ],
        more_url=reverse("training:my_classes"),
        empty=_("No classes today."),
    )


register_agenda(
    [
        Agenda("next_classes", frozenset({Role.LISTENER}), _next_classes, order=10),
        Agenda("classes_today", frozenset({Role.LECTURER}), _classes_today, order=10),
    ]
)
