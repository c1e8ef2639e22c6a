"""Schedule plan (TR-10) and study plan (TR-11, TR-12): agreement, approval, versions."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.roles import Role
from academy.core.audit import audit_event

from ..models import (
    ApprovalStatus,
    Audience,
    CourseKind,
    SchedulePlan,
    SchedulePlanRow,
    StudyPlan,
    StudyPlanTopic,
)
from .common import require_role

Plan = SchedulePlan | StudyPlan

# TR-10, TR-12: the order of the steps and who may record each one.
STEPS = [
    (ApprovalStatus.DRAFT, ApprovalStatus.COUNCIL_AGREED, "council_agreed", (Role.METHODOLOGIST,)),
    (
        ApprovalStatus.COUNCIL_AGREED,
        ApprovalStatus.SUPREME_COURT_AGREED,
        "supreme_court_agreed",
        (Role.METHODOLOGIST,),
    ),
    (ApprovalStatus.SUPREME_COURT_AGREED, ApprovalStatus.APPROVED, "approved", (Role.RECTOR,)),
]


def _require_draft(plan: Plan) -> None:
    # TR-10: an approved (or agreed) plan changes only through a new version.
    if plan.status != ApprovalStatus.DRAFT:
        raise ValidationError(
            _("This plan is %(status)s and can no longer be edited; create a new version.")
            % {"status": plan.get_status_display()},
            code="plan_locked",
        )


def _has_content(plan: Plan) -> bool:
    if isinstance(plan, SchedulePlan):
        return plan.rows.exists()
    return plan.topics.exists()


def _advance(plan: Plan, target: str, by: Any) -> Plan:
    for source, step_target, field, roles in STEPS:
        if step_target != target:
            continue
        require_role(by, *roles)
        if plan.status != source:
            raise ValidationError(
                _("The plan must be “%(needed)s” before it can become “%(target)s”.")
                % {
                    "needed": ApprovalStatus(source).label,
                    "target": ApprovalStatus(target).label,
                },
                code="plan_step_order",
            )
        if not _has_content(plan):
            raise ValidationError(_("An empty plan cannot be agreed or approved."), code="empty")
        plan.status = target
        setattr(plan, f"{field}_at", timezone.now())
        setattr(plan, f"{field}_by", by)
        plan.full_clean()
        plan.save()
        audit_event(actor=by, obj=plan, event=f"plan_{field}")
        return plan
    raise ValueError(target)


@transaction.atomic
def plan_agree_council(*, plan: Plan, by: Any) -> Plan:
    """Record the Council chair's agreement (TR-10, TR-12)."""
    return _advance(plan, ApprovalStatus.COUNCIL_AGREED, by)


@transaction.atomic
def plan_agree_supreme_court(*, plan: Plan, by: Any) -> Plan:
    """Record the Supreme Court chair's agreement (TR-10, TR-12)."""
    return _advance(plan, ApprovalStatus.SUPREME_COURT_AGREED, by)


@transaction.atomic
def plan_approve(*, plan: Plan, by: Any) -> Plan:
    """The rector approves a plan agreed by the Council and the Supreme Court."""
    return _advance(plan, ApprovalStatus.APPROVED, by)


def _period_bounds(year: int, period: str) -> tuple[date, date]:
    if period == SchedulePlan.Period.FIRST_HALF:
        return date(year, 1, 1), date(year, 6, 30)
    if period == SchedulePlan.Period.SECOND_HALF:
        return date(year, 7, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


@transaction.atomic
def schedule_plan_create(*, year: int, period: str, by: Any) -> SchedulePlan:
    """A new draft schedule plan; a second one for the same period is a new version."""
    last = SchedulePlan.objects.filter(year=year, period=period).aggregate(v=Max("version"))["v"]
    if last is not None:
        raise ValidationError(
            _("A schedule plan for this period exists; create a new version of it instead."),
            code="exists",
        )
    plan = SchedulePlan(year=year, period=period)
    plan.full_clean()
    plan.save()
    audit_event(actor=by, obj=plan, event="schedule_plan_created")
    return plan


@transaction.atomic
def schedule_plan_row_add(
    *,
    plan: SchedulePlan,
    title: str,
    kind: str,
    audience: str,
    start_date: date,
    end_date: date,
    planned_listeners: int,
    language: str,
    by: Any,
) -> SchedulePlanRow:
    """Add a planned course (TR-10) to a draft plan; dates must fall in the plan's period."""
    _require_draft(plan)
    _check_kind_audience(kind, audience)
    first, last = _period_bounds(plan.year, plan.period)
    if not (first <= start_date <= last and first <= end_date <= last):
        raise ValidationError(
            _("The course dates must fall within the plan's period (%(first)s – %(last)s).")
            % {"first": first.strftime("%d.%m.%Y"), "last": last.strftime("%d.%m.%Y")},
            code="outside_period",
        )
    row = SchedulePlanRow(
        plan=plan,
        title=title,
        kind=kind,
        audience=audience,
        start_date=start_date,
        end_date=end_date,
        planned_listeners=planned_listeners,
        language=language,
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def schedule_plan_row_delete(*, row: SchedulePlanRow, by: Any) -> None:
    _require_draft(row.plan)
    row.delete()


def _check_kind_audience(kind: str, audience: str) -> None:
    # TR-5: judges' courses are for judges, the staff course for court staff.
    expected = Audience.COURT_STAFF if kind == CourseKind.STAFF_QUALIFICATION else Audience.JUDGES
    if audience != expected:
        raise ValidationError(
            _("A “%(kind)s” is for the audience “%(audience)s”.")
            % {"kind": CourseKind(kind).label, "audience": Audience(expected).label},
            code="kind_audience",
        )


@transaction.atomic
def schedule_plan_new_version(*, plan: SchedulePlan, by: Any) -> SchedulePlan:
    """Copy an approved plan into a new draft version (TR-10: the only way to change it)."""
    if not plan.is_approved:
        raise ValidationError(
            _("Only an approved plan gets a new version; edit the draft instead."), code="draft"
        )
    last = SchedulePlan.objects.filter(year=plan.year, period=plan.period).aggregate(
        v=Max("version")
    )["v"]
    new = SchedulePlan(year=plan.year, period=plan.period, version=last + 1, previous=plan)
    new.full_clean()
    new.save()
    SchedulePlanRow.objects.bulk_create(
        SchedulePlanRow(
            plan=new,
            title=row.title,
            kind=row.kind,
            audience=row.audience,
            start_date=row.start_date,
            end_date=row.end_date,
            planned_listeners=row.planned_listeners,
            language=row.language,
        )
        for row in plan.rows.all()
    )
    audit_event(actor=by, obj=new, event="plan_new_version", details={"previous": plan.pk})
    return new


@transaction.atomic
def study_plan_create(*, year: int, by: Any) -> StudyPlan:
    """A new draft study plan for the calendar year (TR-11)."""
    if StudyPlan.objects.filter(year=year).exists():
        raise ValidationError(
            _("A study plan for this year exists; create a new version of it instead."),
            code="exists",
        )
    plan = StudyPlan(year=year)
    plan.full_clean()
    plan.save()
    audit_event(actor=by, obj=plan, event="study_plan_created")
    return plan


@transaction.atomic
def study_plan_topic_add(
    *,
    plan: StudyPlan,
    kind: str,
    title: str,
    class_form: str,
    hours: int,
    lecturer: Any | None,
    by: Any,
) -> StudyPlanTopic:
    """Add a topic with its class form (TR-7) and lecturer to a draft study plan (TR-11)."""
    _require_draft(plan)
    topic = StudyPlanTopic(
        plan=plan, kind=kind, title=title, class_form=class_form, hours=hours, lecturer=lecturer
    )
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def study_plan_topic_delete(*, topic: StudyPlanTopic, by: Any) -> None:
    _require_draft(topic.plan)
    topic.delete()


@transaction.atomic
def study_plan_new_version(*, plan: StudyPlan, by: Any) -> StudyPlan:
    """Copy an approved study plan into a new draft version."""
    if not plan.is_approved:
        raise ValidationError(
            _("Only an approved plan gets a new version; edit the draft instead."), code="draft"
        )
    last = StudyPlan.objects.filter(year=plan.year).aggregate(v=Max("version"))["v"]
    new = StudyPlan(year=plan.year, version=last + 1, previous=plan)
    new.full_clean()
    new.save()
    StudyPlanTopic.objects.bulk_create(
        StudyPlanTopic(
            plan=new,
            kind=t.kind,
            title=t.title,
            class_form=t.class_form,
            hours=t.hours,
            lecturer=t.lecturer,
        )
        for t in plan.topics.all()
    )
    audit_event(actor=by, obj=new, event="plan_new_version", details={"previous": plan.pk})
    return new
