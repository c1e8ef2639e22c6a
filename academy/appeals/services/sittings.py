"""The commission and its sittings (AP-3..AP-7, AP-11..AP-14)."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.core.audit import audit_event
from academy.core.translated import assign

from .. import notices, reasons, rules, selectors
from ..models import (
    Appeal,
    Commission,
    Exam,
    Recusal,
    Sitting,
    Vote,
)
from ..reasons import Reason
from .common import local_date, notify, require_open

# ---- Commission (AP-3..AP-7) ----


def can_manage_commission(user: Any, commission: Commission | None = None) -> bool:
    """The administrator manages every commission; a secretary only their own (AP-5, AP-7)."""
    if user_has_role(user, Role.ADMINISTRATOR):
        return True
    if not user_has_role(user, Role.APPEALS_SECRETARY):
        return False
    return commission is None or commission.secretary_id == user.pk


@transaction.atomic
def commission_save(
    *,
    title: str,
    approved_on: date,
    approval_reference: str,
    chair: Any,
    members: Iterable[Any],
    secretary: Any,
    deputy: Any = None,
    exams: Iterable[Exam] = (),
    commission: Commission | None = None,
    by: Any,
    title_ru: str | None = None,
    title_en: str | None = None,
) -> Commission:
    """Record a commission's composition as approved by the Council chair (AP-3).

    `title` is the Kazakh name; `title_ru`/`title_en` the others (None keeps them).

    Steps: check who records it; check the chair (AP-4), the secretary (AP-5, AP-7) and the
    member presiding in the chair's absence (AP-4); save with the chair among the members;
    write the audit record.
    """
    if not can_manage_commission(by, commission):
        raise ValidationError(
            _("Only the administrator or the commission's secretary may do this.")
        )
    if chair is None:
        raise ValidationError(_("The commission needs a chair (AP-4)."))
    if secretary is None:
        raise ValidationError(_("The commission needs a secretary (AP-5)."))
    member_set = {m.pk: m for m in members}
    member_set[chair.pk] = chair  # the chair votes (AP-23)
    if secretary.pk in member_set:
        # AP-7: the secretary is not a member and has no vote.
        raise ValidationError(_("The secretary is not a member of the commission (AP-7)."))
    if not user_has_role(by, Role.ADMINISTRATOR) and secretary.pk != by.pk:
        raise ValidationError(_("A secretary records only the commissions they serve."))
    if deputy is not None and (deputy.pk == chair.pk or deputy.pk not in member_set):
        # AP-4
        raise ValidationError(
            _("The member presiding in the chair's absence must be another member (AP-4).")
        )
    if not chair.has_role(Role.APPEALS_CHAIR):
        raise ValidationError(
            _("%(name)s does not hold the role of appeals commission chair.")
            % {"name": chair.full_name}
        )
    for member in member_set.values():
        if not member.has_role(Role.APPEALS_CHAIR, Role.APPEALS_MEMBER):
            raise ValidationError(
                _("%(name)s does not hold the role of appeals commission member.")
                % {"name": member.full_name}
            )
    if not secretary.has_role(Role.APPEALS_SECRETARY):
        raise ValidationError(
            _("%(name)s does not hold the role of appeals commission secretary.")
            % {"name": secretary.full_name}
        )
    created = commission is None
    commission = commission or Commission()
    assign(commission, "title", title, ru=title_ru, en=title_en)
    commission.approved_on = approved_on
    commission.approval_reference = approval_reference
    commission.chair, commission.secretary, commission.deputy = chair, secretary, deputy
    commission.full_clean()
    commission.save()
    commission.members.set(member_set.values())
    commission.exams.set(exams)
    commission_validate(commission=commission)
    audit_event(
        actor=by,
        obj=commission,
        event="commission_created" if created else "commission_changed",
        details={
            "chair": chair.pk,
            "secretary": secretary.pk,
            "deputy": getattr(deputy, "pk", None),
            "members": sorted(member_set),
            "approved_on": approved_on.isoformat(),
            "approval_reference": approval_reference,
        },
    )
    return commission


def commission_validate(*, commission: Commission) -> None:
    """AP-7: the secretary is not a member; AP-4: the chair is a member."""
    member_ids = set(commission.members.values_list("pk", flat=True))
    if commission.secretary_id in member_ids:
        raise ValidationError(_("The secretary is not a member of the commission (AP-7)."))
    if commission.chair_id not in member_ids:
        raise ValidationError(_("The chair must be one of the members."))


@transaction.atomic
def recusal_declare(*, appeal: Appeal, reason: str, by: Any) -> Recusal:
    """AP-6: a member with a conflict of interest takes no part in the decision."""
    require_open(appeal)
    if not selectors.is_member(appeal.commission, by):
        raise ValidationError(_("Only members of the commission declare a conflict."))
    if not reason.strip():
        raise ValidationError(_("State the conflict of interest."))
    recusal = Recusal(appeal=appeal, member=by, reason=reason)
    recusal.full_clean()
    recusal.save()
    Vote.objects.filter(appeal=appeal, member=by).delete()
    audit_event(actor=by, obj=appeal, event="conflict_declared", details={"reason": reason})
    return recusal


# ---- Sittings (AP-4, AP-11..AP-14) ----


def _check_materials_notice(sitting: Sitting) -> None:
    """AP-13: 5 working days between the materials and the sitting; materials not yet
    sent can go out today at the earliest."""
    sent = sitting.materials_sent_at or timezone.now()
    earliest = rules.earliest_sitting_date(local_date(sent))
    if local_date(sitting.starts_at) < earliest:
        # AP-13
        raise ValidationError(
            _(
                "The sitting must be at least 5 working days after the materials were sent: "
                "not before %(date)s (AP-13)."
            )
            % {"date": earliest.strftime("%d.%m.%Y")}
        )


@transaction.atomic
def sitting_schedule(
    *,
    commission: Commission,
    starts_at: datetime,
    place: str,
    appeals: list[Appeal],
    by: Any,
    sitting: Sitting | None = None,
    presiding: Any = None,
) -> Sitting:
    """AP-11: the chair sets the sitting and the candidates are notified.

    AP-4: when the chair will be absent, `presiding` names the member who leads it.
    """
    if by.pk != commission.chair_id:
        raise ValidationError(_("Only the commission's chair schedules sittings."))
    if presiding is not None and not selectors.is_member(commission, presiding):
        raise ValidationError(_("The presiding member must be a member of the commission."))
    if starts_at <= timezone.now():
        raise ValidationError(_("The sitting must be in the future."))
    sitting = sitting or Sitting(commission=commission)
    sitting.starts_at, sitting.place, sitting.presiding = starts_at, place, presiding
    sitting.full_clean()
    _check_materials_notice(sitting)
    sitting.save()
    for appeal in appeals:
        if appeal.commission_id != commission.pk or appeal.status not in {
            Appeal.Status.FILED,
            Appeal.Status.SCHEDULED,
        }:
            raise ValidationError(
                _("%(appeal)s cannot be put on this sitting.") % {"appeal": appeal}
            )
        appeal.sitting, appeal.status = sitting, Appeal.Status.SCHEDULED
        appeal.postponement_reason, appeal.postponement_requested_at = "", None
        appeal.save()
    for appeal in sitting.appeals.select_related("result__candidate"):
        notify(
            user=appeal.candidate,
            code=notices.SITTING_SCHEDULED,
            params={"when": notices.moment(sitting.starts_at), "place": place},
            url=appeal.get_absolute_url(),
        )
    audit_event(actor=by, obj=sitting, event="sitting_scheduled")
    return sitting


@transaction.atomic
def sitting_send_materials(*, sitting: Sitting, by: Any) -> Sitting:
    """AP-12, AP-13: the secretary sends the materials; the sitting must be far enough off."""
    if by.pk != sitting.commission.secretary_id:
        raise ValidationError(_("Only the commission's secretary sends the materials."))
    if not sitting.appeals.exists():
        raise ValidationError(_("The sitting has no appeals."))
    sitting.materials_sent_at = timezone.now()
    _check_materials_notice(sitting)
    sitting.save()
    for member in sitting.commission.members.all():
        notify(
            user=member,
            code=notices.MATERIALS_READY,
            params={"when": notices.moment(sitting.starts_at)},
            url=sitting.get_absolute_url(),
        )
    audit_event(actor=by, obj=sitting, event="materials_sent")
    return sitting


@transaction.atomic
def appeal_request_postponement(*, appeal: Appeal, reason: str, by: Any) -> Appeal:
    """AP-14.2: a notified candidate asks, before the sitting, for a postponement."""
    require_open(appeal)
    if by.pk != appeal.result.candidate_id:
        raise ValidationError(_("Only the candidate may ask for a postponement."))
    if appeal.sitting is None or appeal.sitting.starts_at <= timezone.now():
        raise ValidationError(_("A postponement can be asked for only before the sitting."))
    if not reason.strip():
        raise ValidationError(_("State the good reason for the postponement."))
    appeal.postponement_reason = reason
    appeal.postponement_requested_at = timezone.now()
    appeal.save()
    notify(
        user=appeal.commission.chair,
        code=notices.POSTPONEMENT_ASKED,
        params={"appeal": appeal.pk},
        url=appeal.get_absolute_url(),
    )
    return appeal


@transaction.atomic
def appeal_postpone(*, appeal: Appeal, by: Any) -> Appeal:
    """The chair grants a postponement: the appeal waits for another sitting."""
    require_open(appeal)
    if by.pk != appeal.commission.chair_id:
        raise ValidationError(_("Only the chair grants a postponement."))
    appeal.sitting, appeal.status = None, Appeal.Status.FILED
    appeal.save()
    audit_event(actor=by, obj=appeal, event="postponed")
    notify(
        user=appeal.candidate,
        code=notices.POSTPONED,
        params={"appeal": appeal.pk},
        url=appeal.get_absolute_url(),
    )
    return appeal


@transaction.atomic
def sitting_record_attendance(
    *, sitting: Sitting, present_member_ids: list[int], attendance: dict[int, str], by: Any
) -> Sitting:
    """AP-5, AP-14.2: who was present; a candidate absent without good reason → not considered."""
    if by.pk != sitting.commission.secretary_id:
        raise ValidationError(_("Only the commission's secretary records attendance."))
    sitting.present_members.set(sitting.commission.members.filter(pk__in=present_member_ids))
    for appeal in sitting.appeals.all():
        value = attendance.get(appeal.pk)
        if value is None or appeal.is_locked:
            continue
        appeal.attendance = value
        if value == Appeal.Attendance.ABSENT_UNEXCUSED:
            appeal.status = Appeal.Status.NOT_CONSIDERED
            appeal.set_status_reason(Reason(reasons.ABSENT))
        appeal.full_clean()
        appeal.save()
    audit_event(actor=by, obj=sitting, event="attendance_recorded")
    return sitting
