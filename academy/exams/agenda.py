"""Dashboard panels of exams: the listener's open exams, the commission's ungraded works."""

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.agenda import SHOWN, Agenda, AgendaItem, AgendaPanel, register_agenda

from .models import Attempt, Exam, Participant
from .selectors import COMMISSION_ROLES


def _open_exams(user: Any, now: datetime) -> AgendaPanel:
    participations = list(
        Participant.objects.filter(
            listener=user, exam__status=Exam.Status.OPEN, exam__course_quiz__isnull=True
        )
        .select_related("exam")
        .order_by("exam__exam_date", "exam__pk")
    )
    attempts = {
        a.exam_id: a
        for a in Attempt.objects.filter(listener=user, exam__in=[p.exam for p in participations])
    }
    items = []
    for participant in participations:
        exam = participant.exam
        attempt = attempts.get(exam.pk)
        if attempt is not None and attempt.status == Attempt.Status.SUBMITTED:
            continue
        if attempt is not None:
            items.append(
                AgendaItem(
                    text=exam.title,
                    url=reverse("exams:attempt_take", args=[attempt.pk]),
                    when=timezone.localtime(attempt.deadline),
                    note=_("attempt in progress, deadline"),
                    urgent=True,
                )
            )
        else:
            items.append(
                AgendaItem(
                    text=exam.title,
                    url=reverse("exams:index"),
                    when=exam.exam_date,
                    note=_("exam date"),
                )
            )
    return AgendaPanel(
        title=_("Open exams"),
        count=len(items),
        items=items[:SHOWN],
        more_url=reverse("exams:index"),
        empty=_("No open exams."),
    )


def _ungraded_works(user: Any, now: datetime) -> AgendaPanel:
    works = (
        Attempt.objects.filter(
            exam__commission__user=user,
            exam__kind__in=[Exam.Kind.WRITTEN_CASE, Exam.Kind.ORAL],
            exam__status__in=[Exam.Status.OPEN, Exam.Status.CLOSED],
            status=Attempt.Status.SUBMITTED,
        )
        .exclude(grades__member=user)
        .select_related("exam")
        .order_by("submitted_at", "pk")
        .distinct()
    )
    shown = list(works[:SHOWN])
    return AgendaPanel(
        title=_("Works to grade"),
        count=works.count() if len(shown) == SHOWN else len(shown),
        items=[
            AgendaItem(
                text=attempt.exam.title,
                url=reverse("exams:grade", args=[attempt.pk]),
                when=timezone.localtime(attempt.submitted_at) if attempt.submitted_at else None,
                note=_("submitted"),
            )
            for attempt in shown
        ],
        more_url=reverse("exams:index"),
        empty=_("Nothing to grade."),
    )


register_agenda(
    [
        Agenda("open_exams", frozenset({Role.LISTENER}), _open_exams, order=20),
        Agenda("ungraded_works", frozenset(COMMISSION_ROLES), _ungraded_works, order=20),
    ]
)
