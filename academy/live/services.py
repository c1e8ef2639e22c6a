"""Writes of live sessions: schedule, cancel, join (attendance), remind (TR-5, TR-23)."""

import logging
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event
from academy.exams.models import Exam
from academy.notifications import kinds
from academy.notifications.services import notify
from academy.training import services as training
from academy.training.models import Enrolment, Group, Lesson

from . import selectors
from .models import LiveAttendance, LiveSession

log = logging.getLogger(__name__)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "d.m.Y H:i")


def _check_times(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError(_("Give the start and the end of the session."), code="times")
    if ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": ValidationError(_("A session must end after it starts."), code="order")}
        )


def _announce(session: LiveSession) -> None:
    notify(
        recipients=[u for u in selectors.participants(session) if u.pk != session.created_by_id],
        kind=kinds.LIVE_SCHEDULED,
        params={"title": session.title, "when": _when(session.starts_at)},
        link=("live:session", [session.pk]),
    )


@transaction.atomic
def session_schedule(
    *,
    group: Group,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    by: Any,
    lesson: Lesson | None = None,
    room_url: str = "",
) -> LiveSession:
    """TR-5: schedule an online class of the group; its listeners are told."""
    if not selectors.can_schedule(by, group):
        raise ValidationError(
            _("Only the group's lecturers and the methodologists schedule its live sessions."),
            code="role",
        )
    _check_times(starts_at, ends_at)
    if lesson is not None and lesson.programme.group_id != group.pk:
        raise ValidationError(
            {"lesson": ValidationError(_("The class is not of this group."), code="lesson")}
        )
    title = " ".join((title or "").split()) or (lesson.topic if lesson else "")
    if not title:
        raise ValidationError({"title": ValidationError(_("Give a title."), code="title")})
    session = LiveSession(
        kind=LiveSession.Kind.CLASS,
        group=group,
        lesson=lesson,
        title=title[:255],
        starts_at=starts_at,
        ends_at=ends_at,
        room_url=room_url,
        created_by=by,
    )
    session.full_clean()
    session.save()
    audit_event(actor=by, obj=session, event="live_session_scheduled", details={"group": group.pk})
    _announce(session)
    return session


@transaction.atomic
def oral_exam_schedule(
    *, exam: Exam, starts_at: datetime, ends_at: datetime, by: Any, room_url: str = ""
) -> LiveSession:
    """TR-23: the distance oral exam is held online; examiners and listeners are told."""
    if exam.kind != Exam.Kind.ORAL:
        raise ValidationError(_("Only an oral exam is held as a live session."), code="kind")
    if not selectors.can_schedule_exam(by, exam):
        raise ValidationError(
            _("Only the exam's managers and its commission schedule the online oral exam."),
            code="role",
        )
    _check_times(starts_at, ends_at)
    session = LiveSession(
        kind=LiveSession.Kind.ORAL_EXAM,
        exam=exam,
        group=exam.group,
        title=exam.title,
        starts_at=starts_at,
        ends_at=ends_at,
        room_url=room_url,
        created_by=by,
    )
    session.full_clean()
    session.save()
    audit_event(
        actor=by, obj=session, event="oral_exam_session_scheduled", details={"exam": exam.pk}
    )
    _announce(session)
    return session


@transaction.atomic
def session_cancel(*, session: LiveSession, by: Any) -> LiveSession:
    if not selectors.can_manage(by, session):
        raise ValidationError(_("You cannot cancel this session."), code="role")
    session.cancelled = True
    session.save(update_fields=["cancelled"])
    audit_event(actor=by, obj=session, event="live_session_cancelled", details={})
    return session


@transaction.atomic
def session_join(*, session: LiveSession, by: Any, now: datetime | None = None) -> str:
    """Record that `by` joined through the system and give the video room's link.

    Steps: 1. the user must be one of the session's people and the room open (from
    LIVE_JOIN_EARLY_MINUTES before the start to the end); 2. their joining is recorded;
    3. a listener joining a session tied to a class is marked present in the training
    attendance register, through the training app's service.
    """
    now = now or timezone.now()
    if not selectors.can_view(by, session):
        raise ValidationError(_("You are not a participant of this session."), code="role")
    if session.cancelled:
        raise ValidationError(_("The session has been cancelled."), code="cancelled")
    if not selectors.is_open(session, now):
        raise ValidationError(
            _("The room opens %(minutes)s minutes before the start and closes at the end.")
            % {"minutes": int(selectors.join_early().total_seconds() // 60)},
            code="closed",
        )
    record, created = LiveAttendance.objects.select_for_update().get_or_create(
        session=session, user=by, defaults={"first_joined_at": now, "last_joined_at": now}
    )
    if not created:
        record.joins += 1
        record.last_joined_at = now
        record.save(update_fields=["joins", "last_joined_at"])
    if session.lesson_id is not None and not session.is_exam:
        enrolment = Enrolment.objects.filter(
            group=session.lesson.programme.group_id,
            listener=by,
            status=Enrolment.Status.ADMITTED,
        ).first()
        if enrolment is not None:
            try:
                with transaction.atomic():
                    training.attendance_record_online(
                        lesson=session.lesson, enrolment=enrolment, by=by
                    )
            except ValidationError as error:
                # The register refused (e.g. the class is dated later): joining still works.
                log.info("attendance not recorded for session %s: %s", session.pk, error)
    return session.join_url


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind the people of every session starting soon, once; return how many sessions."""
    now = now or timezone.now()
    sent = 0
    for session in selectors.due_reminders(now).select_related("exam", "group"):
        with transaction.atomic():
            # Claim the session first: two beats or a retry never remind twice.
            claimed = LiveSession.objects.filter(
                pk=session.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            notify(
                recipients=selectors.participants(session),
                kind=kinds.LIVE_REMINDER,
                params={"title": session.title, "when": _when(session.starts_at)},
                link=("live:session", [session.pk]),
            )
            sent += 1
    return sent
