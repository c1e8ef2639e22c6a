"""The attendance register (TR-18) and expulsion proposals for unexcused absence."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.core.audit import audit_event

from ..models import Attendance, Enrolment, ExpulsionProposal, Lesson
from ..notifications import notify_expulsion_proposal
from .common import require_role


def unexcused_threshold() -> int:
    """Unexcused absences allowed before an expulsion proposal (setting, default 2)."""
    return int(getattr(settings, "TRAINING_UNEXCUSED_ABSENCE_THRESHOLD", 2))


def can_mark(user: Any, lesson: Lesson) -> bool:
    """The class's lecturer or a methodologist keeps the register."""
    if user_has_role(user, Role.METHODOLOGIST):
        return True
    return user_has_role(user, Role.LECTURER) and lesson.lecturer_id == user.pk


@transaction.atomic
def attendance_mark(*, lesson: Lesson, enrolment: Enrolment, mark: str, by: Any) -> Attendance:
    """Record one mark; past the threshold of unexcused absences, propose expulsion (TR-18)."""
    if not can_mark(by, lesson):
        raise ValidationError(
            _("Only the class's lecturer or a methodologist keeps this register."), code="role"
        )
    if enrolment.group_id != lesson.programme.group_id:
        raise ValidationError(_("This listener is not in the class's group."), code="group")
    if enrolment.status != Enrolment.Status.ADMITTED:
        raise ValidationError(
            _("Only admitted listeners are marked; %(name)s is “%(status)s”.")
            % {"name": enrolment.listener.full_name, "status": enrolment.get_status_display()},
            code="status",
        )
    if mark not in Attendance.Mark.values:
        raise ValidationError(_("Choose a mark."), code="mark")
    if lesson.starts_at is None:
        raise ValidationError(_("The class has no date yet."), code="undated")
    if timezone.localtime(lesson.starts_at).date() > timezone.localdate():
        raise ValidationError(_("A class that has not started cannot be marked."), code="future")
    record, _created = Attendance.objects.update_or_create(
        lesson=lesson, enrolment=enrolment, defaults={"mark": mark, "recorded_by": by}
    )
    unexcused = Attendance.objects.filter(
        enrolment=enrolment, mark=Attendance.Mark.UNEXCUSED
    ).count()
    if (
        unexcused > unexcused_threshold()
        and not enrolment.expulsion_proposals.exclude(
            status=ExpulsionProposal.Status.DISMISSED
        ).exists()
    ):
        proposal = ExpulsionProposal.objects.create(enrolment=enrolment, unexcused_count=unexcused)
        audit_event(
            actor=by,
            obj=proposal,
            event="expulsion_proposal_raised",
            details={"unexcused": unexcused, "threshold": unexcused_threshold()},
        )
        notify_expulsion_proposal(proposal)
    return record


@transaction.atomic
def expulsion_proposal_dismiss(
    *, proposal: ExpulsionProposal, reason: str, by: Any
) -> ExpulsionProposal:
    """The vice-rector decides not to propose expulsion; the reason is recorded."""
    require_role(by, Role.VICE_RECTOR)
    if proposal.status != ExpulsionProposal.Status.OPEN:
        raise ValidationError(_("This proposal has already been decided."), code="decided")
    if not reason.strip():
        raise ValidationError(_("Give the reason."), code="reason")
    proposal.status = ExpulsionProposal.Status.DISMISSED
    proposal.decided_at = timezone.now()
    proposal.decided_by = by
    proposal.save(update_fields=["status", "decided_at", "decided_by"])
    audit_event(
        actor=by, obj=proposal, event="expulsion_proposal_dismissed", details={"reason": reason}
    )
    return proposal


@transaction.atomic
def attendance_mark_rest_present(*, lesson: Lesson, by: Any) -> int:
    """Mark every admitted listener without a mark as present (the usual case); return how many."""
    marked = set(lesson.attendance.values_list("enrolment_id", flat=True))
    enrolments = lesson.programme.group.enrolments.filter(status=Enrolment.Status.ADMITTED).exclude(
        pk__in=marked
    )
    count = 0
    for enrolment in enrolments.select_related("listener"):
        attendance_mark(lesson=lesson, enrolment=enrolment, mark=Attendance.Mark.PRESENT, by=by)
        count += 1
    return count


@transaction.atomic
def attendance_record_online(*, lesson: Lesson, enrolment: Enrolment, by: Any) -> Attendance | None:
    """A listener joined the class's live session through the system: mark them present.

    Only the listener themselves, admitted to the class's group, on or after the class's
    day. A mark the lecturer already gave is kept (the register is theirs); returns the
    new mark, or None when one existed.
    """
    if enrolment.listener_id != getattr(by, "pk", None):
        raise ValidationError(_("Only the listener's own joining is recorded."), code="role")
    if enrolment.group_id != lesson.programme.group_id:
        raise ValidationError(_("This listener is not in the class's group."), code="group")
    if enrolment.status != Enrolment.Status.ADMITTED:
        raise ValidationError(_("Only admitted listeners are marked."), code="status")
    if lesson.starts_at is None:
        raise ValidationError(_("The class has no date yet."), code="undated")
    if timezone.localtime(lesson.starts_at).date() > timezone.localdate():
        raise ValidationError(_("A class that has not started cannot be marked."), code="future")
    record, created = Attendance.objects.get_or_create(
        lesson=lesson,
        enrolment=enrolment,
        defaults={"mark": Attendance.Mark.PRESENT, "recorded_by": by},
    )
    if not created:
        return None
    audit_event(
        actor=by, obj=record, event="attendance_recorded_online", details={"lesson": lesson.pk}
    )
    return record
