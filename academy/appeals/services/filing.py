"""Filing appeals and the results they are against (AP-9, AP-10, AP-14, AP-15, AP-18..AP-21)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event
from academy.core.uploads import check_upload_content

from .. import notices, reasons, rules, selectors
from ..models import (
    Appeal,
    ContestedQuestion,
    Stage,
    StageResult,
)
from ..reasons import Reason
from .common import local_date, notify, require_open

# ---- Filing (AP-9, AP-10, AP-14, AP-15, AP-18, AP-20, AP-21, AP-F1) ----


@transaction.atomic
def appeal_file(
    *,
    result: StageResult,
    reasons: str = "",
    questions: list[dict[str, Any]] | None = None,
    technical_fault: bool = False,
    agreed_to_continue: bool = False,
    filed_at: datetime | None = None,
    by: Any,
) -> Appeal:
    """File an appeal online (the candidate) or register a paper one (the secretary).

    Steps: check who files and against what; check the form; record it; apply the
    deadline (AP-9, AP-14.1) and, for the test, AP-15; write the audit record.
    """
    commission = selectors.commission_for_exam(result.exam)
    if commission is None:
        raise ValidationError(_("No appeals commission has been approved for this exam."))
    on_paper = by.pk != result.candidate_id
    if on_paper and by.pk != commission.secretary_id:
        raise ValidationError(_("Only the candidate or the commission's secretary may file."))
    if result.appeals.exists():
        raise ValidationError(_("An appeal against this result has already been filed."))
    filed_at = filed_at or timezone.now()
    filed_on = local_date(filed_at)
    if result.stage != Stage.INTERVIEW:
        # AP-18, AP-21: after the interview only the interview result can be appealed.
        interview_done = StageResult.objects.filter(
            exam=result.exam,
            candidate=result.candidate,
            stage=Stage.INTERVIEW,
            received_on__lte=filed_on,
        ).exists()
        if interview_done:
            raise ValidationError(
                _("After the interview only the interview result can be appealed (AP-21).")
            )
    questions = questions or []
    if result.stage == Stage.TEST and not questions and not technical_fault:
        raise ValidationError(_("Form No. 1: list the contested questions with their grounds."))
    if result.stage != Stage.TEST and not reasons.strip():
        raise ValidationError(_("Form No. 2: state the reasons of the appeal."))
    appeal = Appeal(
        result=result,
        commission=commission,
        reasons=reasons,
        filed_at=filed_at,
        on_paper=on_paper,
        registered_by=by,
        technical_fault=technical_fault,
        agreed_to_continue=agreed_to_continue and technical_fault,
    )
    appeal.full_clean()
    appeal.save()
    for item in questions:
        question = ContestedQuestion(appeal=appeal, **item)
        question.full_clean()
        try:
            with transaction.atomic():
                question.save()
        except IntegrityError as error:
            raise ValidationError(_("A question is listed twice.")) from error
    _assess(appeal)
    audit_event(actor=by, obj=appeal, event="appeal_filed", details={"on_paper": on_paper})
    for person in {commission.chair, commission.secretary}:
        notify(
            user=person,
            code=notices.APPEAL_FILED,
            params={"appeal": appeal.pk},
            url=appeal.get_absolute_url(),
        )
    return appeal


def _assess(appeal: Appeal) -> None:
    """Apply the eligibility rules and store their outcome with the reason."""
    result = appeal.result
    deadline = selectors.filing_deadline(result)
    if local_date(appeal.filed_at) > deadline.last_day:
        # AP-9 (working days) or, for the essay and case, AP-18 (calendar days, before the
        # interview); AP-14.1: a late appeal is not considered.
        code = reasons.LATE if deadline.clause == "AP-9" else reasons.LATE_ESSAY_CASE
        appeal.status = Appeal.Status.NOT_CONSIDERED
        appeal.set_status_reason(Reason(code, {"deadline": deadline.last_day.isoformat()}))
    elif result.stage == Stage.TEST and appeal.questions.exists():
        answers = {a.number: a.is_correct for a in result.answers.all()}
        assessment = rules.assess_test_appeal(
            points=result.points,
            threshold=result.threshold,
            contested=appeal.questions.values_list("number", flat=True),
            answers=answers,
        )
        if not assessment.considered:
            appeal.status = Appeal.Status.NOT_CONSIDERED
            appeal.set_status_reason(assessment.not_considered_reason)
        for number, why in assessment.disregarded.items():
            appeal.questions.filter(number=number).update(
                disregarded_code=why.code, disregarded_params=why.params
            )
        appeal.set_cannot_be_upheld(assessment.cannot_be_upheld_reason)
    if appeal.technical_fault and result.stage == Stage.INTERVIEW and appeal.agreed_to_continue:
        # AP-20
        appeal.set_cannot_be_upheld(Reason(reasons.AGREED_TO_CONTINUE))
    appeal.save()


@transaction.atomic
def appeal_attach_fault_act(*, appeal: Appeal, act: Any, by: Any) -> Appeal:
    """AP-20: the secretary attaches the act of the testing operator or their own."""
    require_open(appeal)
    if by.pk != appeal.commission.secretary_id:
        raise ValidationError(_("Only the commission's secretary may attach the act."))
    check_upload_content(act)  # the bytes, not the name: no executable as act.pdf
    appeal.fault_act = act
    appeal.technical_fault = True
    appeal.full_clean()
    appeal.save()
    audit_event(actor=by, obj=appeal, event="fault_act_attached")
    return appeal


@transaction.atomic
def result_attach_recording(*, result: StageResult, recording: Any, by: Any) -> StageResult:
    """AP-19: the secretary attaches the interview's video/audio recording."""
    if not result.exam.commissions.filter(secretary=by).exists():
        raise ValidationError(_("Only the commission's secretary may attach the recording."))
    if result.stage != Stage.INTERVIEW:
        raise ValidationError(_("Recordings are kept for the interview only."))
    check_upload_content(recording)
    result.recording = recording
    result.full_clean()  # extension and size (AP-19)
    result.save()
    audit_event(actor=by, obj=result, event="recording_attached")
    return result


@transaction.atomic
def result_record(
    *,
    exam: Any,
    candidate: Any,
    stage: str,
    points: Decimal,
    threshold: Decimal,
    received_on: date,
    by: Any,
) -> StageResult:
    """The secretary enters (or corrects) a candidate's stage result by hand."""
    if not exam.commissions.filter(secretary=by).exists():
        raise ValidationError(_("Only the commission's secretary enters results."))
    result = StageResult.objects.filter(
        exam=exam, candidate=candidate, stage=stage, is_resit=False
    ).first() or StageResult(exam=exam, candidate=candidate, stage=stage)
    if result.pk and result.appeals.exists():
        raise ValidationError(_("The result is under appeal and can no longer be changed."))
    result.points, result.threshold, result.received_on = points, threshold, received_on
    result.full_clean()
    result.save()
    audit_event(actor=by, obj=result, event="result_recorded")
    return result
