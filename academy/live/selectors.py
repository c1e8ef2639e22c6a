"""Reads of live sessions: who may see, join and schedule which session."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from academy.accounts.models import User
from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.exams import selectors as exams
from academy.exams.models import Exam
from academy.learning import selectors as learning
from academy.training.models import Group

from .models import LiveAttendance, LiveSession

# Everyone who may open the live session pages (each page then checks the object).
LIVE_ROLES = tuple({*learning.LEARNING_ROLES, *exams.EXAM_MANAGER_ROLES, *exams.COMMISSION_ROLES})
JOIN_EARLY_MINUTES_DEFAULT = 15
REMINDER_MINUTES_DEFAULT = 60


def join_early() -> timedelta:
    """How long before the start the room opens (setting LIVE_JOIN_EARLY_MINUTES)."""
    return timedelta(
        minutes=int(getattr(settings, "LIVE_JOIN_EARLY_MINUTES", JOIN_EARLY_MINUTES_DEFAULT))
    )


def reminder_ahead() -> timedelta:
    """How long before the start participants are reminded (setting LIVE_REMINDER_MINUTES)."""
    return timedelta(
        minutes=int(getattr(settings, "LIVE_REMINDER_MINUTES", REMINDER_MINUTES_DEFAULT))
    )


def can_schedule(user: Any, group: Group) -> bool:
    """The group's lecturers and the methodologists schedule its online classes."""
    return learning.can_author(user, group)


def can_schedule_exam(user: Any, exam: Exam) -> bool:
    """TR-23: the exam's managers and its commission set the online oral exam."""
    return user_has_role(user, *exams.EXAM_MANAGER_ROLES) or (
        user_has_role(user, *exams.COMMISSION_ROLES) and exam.commission.filter(user=user).exists()
    )


def is_exam_participant(user: Any, exam: Exam) -> bool:
    return (
        user_has_role(user, Role.LISTENER, Role.CANDIDATE)
        and exam.participants.filter(listener=user).exists()
    )


def can_view_group(user: Any, group: Group) -> bool:
    return learning.can_monitor(user, group) or learning.is_group_listener(user, group)


def can_view(user: Any, session: LiveSession) -> bool:
    if session.is_exam:
        exam = session.exam
        return is_exam_participant(user, exam) or exams.exam_visible_to_staff(exam, user)
    return can_view_group(user, session.group)


def can_manage(user: Any, session: LiveSession) -> bool:
    if session.is_exam:
        return can_schedule_exam(user, session.exam)
    return can_schedule(user, session.group)


def is_open(session: LiveSession, now: Any = None) -> bool:
    now = now or timezone.now()
    return not session.cancelled and session.starts_at - join_early() <= now <= session.ends_at


def participants(session: LiveSession) -> list[User]:
    """Who is expected: the group's listeners and lecturers, or the exam's people."""
    if session.is_exam:
        exam = session.exam
        users = User.objects.filter(
            Q(exam_participations__exam=exam) | Q(exam_commissions__exam=exam)
        )
    else:
        group = session.group
        users = User.objects.filter(
            Q(enrolments__group=group, enrolments__status__in=learning.ACTIVE_STATUSES)
            | Q(lessons__programme__group=group, groups__name=Role.LECTURER)
        )
    return list(users.filter(is_active=True).distinct().order_by("surname", "first_name", "pk"))


def sessions_for(user: Any) -> QuerySet[LiveSession]:
    """The sessions of the user's own groups and exams (as listener, lecturer or examiner)."""
    groups = Q(
        group__enrolments__listener=user,
        group__enrolments__status__in=learning.ACTIVE_STATUSES,
        kind=LiveSession.Kind.CLASS,
    ) | Q(group__programme__lessons__lecturer=user, kind=LiveSession.Kind.CLASS)
    examined = Q(exam__participants__listener=user) | Q(exam__commission__user=user)
    return (
        LiveSession.objects.filter(groups | examined)
        .select_related("group", "exam", "lesson")
        .distinct()
        .order_by("starts_at", "pk")
    )


def upcoming(sessions: QuerySet[LiveSession], now: Any = None) -> QuerySet[LiveSession]:
    return sessions.filter(ends_at__gte=now or timezone.now())


def group_sessions(group: Group) -> QuerySet[LiveSession]:
    return group.live_sessions.filter(kind=LiveSession.Kind.CLASS).select_related("lesson")


def exam_sessions(exam: Exam) -> QuerySet[LiveSession]:
    return exam.live_sessions.all()


def attendance(session: LiveSession) -> QuerySet[LiveAttendance]:
    return session.attendance.select_related("user")


def due_reminders(now: Any = None) -> QuerySet[LiveSession]:
    now = now or timezone.now()
    return LiveSession.objects.filter(
        cancelled=False,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + reminder_ahead(),
    )
