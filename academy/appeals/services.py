"""Writes for the appeals app: every state change of an appeal goes through here."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from academy.core.audit import audit_event

from . import rules, selectors
from .models import (
    Appeal,
    Commission,
    ContestedQuestion,
    Notification,
    Recusal,
    Resit,
    ReviewSheet,
    Sitting,
    Stage,
    StageResult,
    Vote,
)


def notify(*, user: Any, text: str, url: str = "") -> Notification:
    """Tell a user in the system and by e-mail."""
    notification = Notification.objects.create(user=user, text=text, url=url)
    if user.email:
        send_mail(
            subject=_("Appeals commission"),
            message=text,
            from_email=None,
            recipient_list=[user.email],
            fail_silently=True,
        )
    return notification


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _require_open(appeal: Appeal) -> None:
    if appeal.is_locked:
        # AP-24: the decision is final.
        raise ValidationError(_("The appeal is closed and can no longer be changed."))


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
    filed_on = _local_date(filed_at)
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
    with override(result.candidate.preferred_language):
        # Reasons are stored as text, in the language the candidate reads.
        _assess(appeal)
    audit_event(actor=by, obj=appeal, event="appeal_filed", details={"on_paper": on_paper})
    for person in {commission.chair, commission.secretary}:
        notify(
            user=person,
            text=_("A new appeal has been filed: %(appeal)s.") % {"appeal": appeal},
            url=appeal.get_absolute_url(),
        )
    return appeal


def _assess(appeal: Appeal) -> None:
    """Apply the eligibility rules and store their outcome with the reason."""
    result = appeal.result
    deadline = rules.filing_deadline(result.received_on)
    if _local_date(appeal.filed_at) > deadline:
        # AP-9, AP-14.1
        appeal.status = Appeal.Status.NOT_CONSIDERED
        appeal.status_reason = _(
            "Filed after the deadline of %(deadline)s (3 working days, AP-9, AP-14)."
        ) % {"deadline": deadline.strftime("%d.%m.%Y")}
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
            appeal.status_reason = str(assessment.not_considered_reason)
        for number, why in assessment.disregarded.items():
            appeal.questions.filter(number=number).update(disregarded_reason=str(why))
        appeal.cannot_be_upheld_reason = str(assessment.cannot_be_upheld_reason)
    if appeal.technical_fault and result.stage == Stage.INTERVIEW and appeal.agreed_to_continue:
        # AP-20
        appeal.cannot_be_upheld_reason = _(
            "The candidate agreed to continue the interview after the fault (AP-20)."
        )
    appeal.save()


@transaction.atomic
def appeal_attach_fault_act(*, appeal: Appeal, act: Any, by: Any) -> Appeal:
    """AP-20: the secretary attaches the act of the testing operator or their own."""
    _require_open(appeal)
    if by.pk != appeal.commission.secretary_id:
        raise ValidationError(_("Only the commission's secretary may attach the act."))
    appeal.fault_act = act
    appeal.technical_fault = True
    appeal.full_clean()
    appeal.save()
    audit_event(actor=by, obj=appeal, event="fault_act_attached")
    return appeal


# ---- Commission (AP-3..AP-7) ----


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
    _require_open(appeal)
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
    earliest = rules.earliest_sitting_date(_local_date(sent))
    if _local_date(sitting.starts_at) < earliest:
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
        with override(appeal.candidate.preferred_language):
            notify(
                user=appeal.candidate,
                text=_("Your appeal will be heard on %(when)s, %(place)s.")
                % {
                    "when": timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M"),
                    "place": place,
                },
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
        with override(member.preferred_language):
            notify(
                user=member,
                text=_("Materials for the sitting of %(when)s are ready for study.")
                % {"when": timezone.localtime(sitting.starts_at).strftime("%d.%m.%Y %H:%M")},
                url=sitting.get_absolute_url(),
            )
    audit_event(actor=by, obj=sitting, event="materials_sent")
    return sitting


@transaction.atomic
def appeal_request_postponement(*, appeal: Appeal, reason: str, by: Any) -> Appeal:
    """AP-14.2: a notified candidate asks, before the sitting, for a postponement."""
    _require_open(appeal)
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
        text=_("The candidate asks to postpone %(appeal)s.") % {"appeal": appeal},
        url=appeal.get_absolute_url(),
    )
    return appeal


@transaction.atomic
def appeal_postpone(*, appeal: Appeal, by: Any) -> Appeal:
    """The chair grants a postponement: the appeal waits for another sitting."""
    _require_open(appeal)
    if by.pk != appeal.commission.chair_id:
        raise ValidationError(_("Only the chair grants a postponement."))
    appeal.sitting, appeal.status = None, Appeal.Status.FILED
    appeal.save()
    audit_event(actor=by, obj=appeal, event="postponed")
    with override(appeal.candidate.preferred_language):
        notify(
            user=appeal.candidate,
            text=_("The hearing of %(appeal)s has been postponed; a new date will follow.")
            % {"appeal": appeal},
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
            appeal.status_reason = _(
                "The candidate was absent from the sitting without good reason (AP-14)."
            )
        appeal.full_clean()
        appeal.save()
    audit_event(actor=by, obj=sitting, event="attendance_recorded")
    return sitting


# ---- Review sheets and votes (AP-12, AP-15.4, AP-16, AP-17, AP-19, AP-F2..AP-F5) ----


def _require_voting_member(appeal: Appeal, user: Any) -> None:
    if user.pk not in selectors.voting_member_ids(appeal):
        if selectors.is_member(appeal.commission, user):
            # AP-6
            raise ValidationError(_("You declared a conflict of interest in this appeal."))
        # AP-7: the secretary and outsiders have no vote.
        raise ValidationError(_("Only members of the commission may do this."))
    if appeal.status != Appeal.Status.SCHEDULED or appeal.sitting is None:
        raise ValidationError(_("The appeal is not on a sitting."))
    if appeal.sitting.materials_sent_at is None:
        raise ValidationError(_("The materials have not been sent yet."))


def _score(value: Any, allowed: list[str], *, optional: bool = False) -> str:
    value = "" if value is None else str(value).strip()
    if optional and value == "":
        return ""
    try:
        normalised = str(Decimal(value).normalize())
    except InvalidOperation:
        normalised = value
    if normalised not in allowed:
        raise ValidationError(_("%(value)s is not an allowed score.") % {"value": value or "—"})
    return normalised


def clean_sheet_items(appeal: Appeal, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check a review sheet's items against its stage's appendix."""
    stage = appeal.result.stage
    cleaned: list[dict[str, Any]] = []
    if stage == Stage.TEST:
        counted = list(
            appeal.questions.filter(disregarded_reason="").values_list("number", flat=True)
        )
        by_number = {int(item["number"]): item for item in items}
        for number in counted:
            item = by_number.get(number, {})
            incorrect = bool(item.get("incorrect"))
            entry = {
                "number": number,
                "correct_answer": str(item.get("correct_answer", "")),
                "candidate_answer": str(item.get("candidate_answer", "")),
                "incorrect": incorrect,
                "comment": str(item.get("comment", "")).strip(),
                "legal_reference": str(item.get("legal_reference", "")).strip(),
            }
            if incorrect and not (entry["comment"] and entry["legal_reference"]):
                # AP-15.4
                raise ValidationError(
                    _(
                        "Question %(number)s: a question found incorrect needs the reasons and "
                        "a reference to the legal act (AP-15.4)."
                    )
                    % {"number": number}
                )
            cleaned.append(entry)
        return cleaned
    if stage == Stage.INTERVIEW:
        labels, allowed = rules.INTERVIEW_QUESTIONS, None
    elif stage == Stage.ESSAY:
        labels, allowed = rules.ESSAY_CRITERIA, None
    else:
        labels, allowed = rules.CASE_CRITERIA, None
    if len(items) != len(labels):
        raise ValidationError(_("Fill in every criterion of the sheet."))
    averages = selectors.graders_averages(appeal.result)
    for index, item in enumerate(items):
        if stage == Stage.INTERVIEW:
            allowed = rules.INTERVIEW_SCORES
        elif (stage == Stage.ESSAY and index == 4) or (stage == Stage.CASE and index == 3):
            allowed = rules.GRAMMAR_SCORES
        else:
            allowed = rules.CRITERION_SCORES
        optional = stage == Stage.CASE and index in (4, 5)
        average = averages[index] if index < len(averages) else None
        cleaned.append(
            {
                "score": _score(item.get("score"), allowed, optional=optional),
                "graders_average": None if average is None else str(average),
            }
        )
    return cleaned


@transaction.atomic
def review_sheet_submit(
    *,
    appeal: Appeal,
    items: list[dict[str, Any]],
    position: str,
    comment: str = "",
    graders_heard: str = "",
    by: Any,
) -> ReviewSheet:
    """A member files (or corrects) their review sheet before the decision."""
    _require_open(appeal)
    _require_voting_member(appeal, by)
    if position == ReviewSheet.Position.UPHOLD and not comment.strip():
        # AP-16: a member who finds the grade unfounded states why.
        raise ValidationError(_("State why the grade or answer key is unfounded (AP-16)."))
    sheet = ReviewSheet.objects.filter(appeal=appeal, member=by).first() or ReviewSheet(
        appeal=appeal, member=by
    )
    sheet.items = clean_sheet_items(appeal, items)
    sheet.position, sheet.comment, sheet.graders_heard = position, comment, graders_heard
    sheet.full_clean()
    sheet.save()
    audit_event(actor=by, obj=appeal, event="review_sheet_submitted")
    return sheet


@transaction.atomic
def vote_cast(*, appeal: Appeal, choice: str, by: Any) -> Vote:
    """AP-23: a voting member votes after filling their sheet (AP-12)."""
    _require_open(appeal)
    _require_voting_member(appeal, by)
    if not ReviewSheet.objects.filter(appeal=appeal, member=by).exists():
        raise ValidationError(_("Fill in your review sheet before voting."))
    vote, _created = Vote.objects.update_or_create(
        appeal=appeal, member=by, defaults={"choice": choice}
    )
    vote.full_clean()
    audit_event(actor=by, obj=appeal, event="vote_cast", details={"choice": choice})
    return vote


# ---- Decisions (AP-22..AP-24) ----


@transaction.atomic
def appeal_decide(*, appeal: Appeal, by: Any) -> Appeal:
    """Close the vote and record the final decision.

    Steps: only the chair (or the presiding member) decides; count the votes of the
    non-recused members against their total (AP-23); an appeal that cannot be upheld
    (AP-15.1, AP-20) is rejected; an upheld appeal admits to a re-sit, at most once per
    stage and exam (AP-22); lock it (AP-24), audit it and tell the candidate.
    """
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    _require_open(appeal)
    sitting = appeal.sitting
    if appeal.status != Appeal.Status.SCHEDULED or sitting is None:
        raise ValidationError(_("The appeal is not on a sitting."))
    presiding_id = sitting.presiding_id or appeal.commission.chair_id
    if by.pk not in {presiding_id, appeal.commission.chair_id}:
        raise ValidationError(_("Only the presiding chair closes the vote."))
    if sitting.starts_at > timezone.now():
        raise ValidationError(_("The sitting has not started yet."))
    if appeal.attendance == Appeal.Attendance.UNKNOWN:
        raise ValidationError(_("Record the candidate's attendance first."))
    voters = selectors.voting_member_ids(appeal)
    votes = dict(appeal.votes.filter(member_id__in=voters).values_list("member_id", "choice"))
    chair_id = appeal.commission.chair_id if appeal.commission.chair_id in voters else None
    outcome = rules.vote_outcome(total_members=len(voters), votes=votes, chair_id=chair_id)
    if outcome == rules.UPHOLD and appeal.cannot_be_upheld_reason:
        outcome = rules.REJECT
    resat = Resit.objects.filter(
        exam=appeal.result.exam, candidate=appeal.result.candidate, stage=appeal.result.stage
    ).exists()
    if outcome == rules.UPHOLD and resat:
        # AP-22: each stage may be re-sat at most once per exam.
        outcome = rules.REJECT
        appeal.cannot_be_upheld_reason = _(
            "This stage has already been re-sat once in this exam (AP-22)."
        )
    appeal.decision = outcome
    appeal.status = Appeal.Status.DECIDED
    appeal.decided_at = timezone.now()
    appeal.decision_reasons = _decision_reasons(appeal, votes, len(voters))
    appeal.full_clean()
    appeal.save()
    if outcome == rules.UPHOLD:
        resit = Resit(
            exam=appeal.result.exam,
            candidate=appeal.result.candidate,
            stage=appeal.result.stage,
            appeal=appeal,
        )
        resit.full_clean()  # AP-22: at most one re-sit per stage
        resit.save()
    audit_event(
        actor=by,
        obj=appeal,
        event="appeal_decided",
        details={"decision": outcome, "votes": {str(k): v for k, v in votes.items()}},
    )
    with override(appeal.candidate.preferred_language):
        notify(
            user=appeal.candidate,
            text=_("The commission has decided on %(appeal)s: %(decision)s.")
            % {"appeal": appeal, "decision": appeal.get_decision_display()},
            url=appeal.get_absolute_url(),
        )
    return appeal


def _decision_reasons(appeal: Appeal, votes: dict[int, str], total: int) -> str:
    upholds = sum(1 for v in votes.values() if v == rules.UPHOLD)
    parts = [
        _("Voting members: %(total)s; uphold: %(up)s; reject: %(down)s.")
        % {"total": total, "up": upholds, "down": len(votes) - upholds}
    ]
    if appeal.cannot_be_upheld_reason:
        parts.append(appeal.cannot_be_upheld_reason)
    return " ".join(parts)


# ---- Minutes (AP-5, AP-15.4, AP-23) ----


@transaction.atomic
def sitting_minutes_generate(*, sitting: Sitting, by: Any) -> Sitting:
    """The secretary generates the minutes of a sitting as a PDF."""
    from .minutes import render_minutes

    if by.pk != sitting.commission.secretary_id:
        raise ValidationError(_("Only the commission's secretary writes the minutes."))
    pdf = render_minutes(sitting)
    sitting.minutes.save(f"minutes-{sitting.pk}.pdf", ContentFile(pdf), save=True)
    audit_event(actor=by, obj=sitting, event="minutes_generated")
    return sitting


@transaction.atomic
def result_attach_recording(*, result: StageResult, recording: Any, by: Any) -> StageResult:
    """AP-19: the secretary attaches the interview's video/audio recording."""
    if not result.exam.commissions.filter(secretary=by).exists():
        raise ValidationError(_("Only the commission's secretary may attach the recording."))
    if result.stage != Stage.INTERVIEW:
        raise ValidationError(_("Recordings are kept for the interview only."))
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
