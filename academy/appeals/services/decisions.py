"""Review sheets, votes, decisions and minutes (AP-12, AP-15.4, AP-16..AP-17, AP-22..AP-24)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from .. import notices, reasons, rules, selectors
from ..models import (
    Appeal,
    Resit,
    ReviewSheet,
    Sitting,
    Stage,
    Vote,
)
from ..reasons import Reason
from .common import notify, require_open
from .sheets import clean_grader_scores

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


def clean_sheet_items(appeal: Appeal, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check a review sheet's items against its stage's appendix."""
    stage = appeal.result.stage
    cleaned: list[dict[str, Any]] = []
    if stage == Stage.TEST:
        counted = list(
            appeal.questions.filter(disregarded_code="").values_list("number", flat=True)
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
    labels = rules.criteria_for(stage)
    if len(items) != len(labels):
        raise ValidationError(_("Fill in every criterion of the sheet."))
    # The same checks as the graders' sheets (AP-F3..AP-F5), AP-F4's criteria 5 and 6 included.
    scores = clean_grader_scores(stage=stage, scores=[item.get("score") for item in items])
    averages = selectors.graders_averages(appeal.result)
    for index, score in enumerate(scores):
        average = averages[index] if index < len(averages) else None
        cleaned.append(
            {
                "score": "" if score is None else str(Decimal(str(score)).normalize()),
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
    require_open(appeal)
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
    require_open(appeal)
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
    require_open(appeal)
    sitting = appeal.sitting
    if appeal.status != Appeal.Status.SCHEDULED or sitting is None:
        raise ValidationError(_("The appeal is not on a sitting."))
    presiding_id = selectors.presiding_member_id(sitting)  # AP-4
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
    if outcome == rules.UPHOLD and appeal.cannot_be_upheld_code:
        outcome = rules.REJECT
    resat = Resit.objects.filter(
        exam=appeal.result.exam, candidate=appeal.result.candidate, stage=appeal.result.stage
    ).exists()
    if outcome == rules.UPHOLD and resat:
        # AP-22: each stage may be re-sat at most once per exam.
        outcome = rules.REJECT
        appeal.set_cannot_be_upheld(Reason(reasons.ALREADY_RESAT))
    appeal.decision = outcome
    appeal.status = Appeal.Status.DECIDED
    appeal.decided_at = timezone.now()
    appeal.decision_grounds = _decision_grounds(appeal, votes, len(voters), chair_id)
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
    notify(
        user=appeal.candidate,
        code=notices.DECIDED,
        params={"appeal": appeal.pk, "decision": appeal.decision},
        url=appeal.get_absolute_url(),
    )
    return appeal


VOTE_CLAUSES = {
    "majority": reasons.VOTE_MAJORITY,
    "chair": reasons.VOTE_CHAIR,
    "no_majority": reasons.VOTE_NO_MAJORITY,
}


def _decision_grounds(
    appeal: Appeal, votes: dict[int, str], total: int, chair_id: int | None
) -> list[dict[str, Any]]:
    """AP-23: the count of the votes, which part of the rule decided, and why the appeal
    could not be upheld if so."""
    upholds = sum(1 for v in votes.values() if v == rules.UPHOLD)
    clause = rules.vote_clause(total_members=total, votes=votes, chair_id=chair_id)
    grounds = [
        Reason(reasons.VOTES, {"total": total, "up": upholds, "down": len(votes) - upholds}),
        Reason(VOTE_CLAUSES[clause]),
    ]
    if appeal.cannot_be_upheld_code:
        grounds.append(Reason(appeal.cannot_be_upheld_code, appeal.cannot_be_upheld_params))
    return [g.as_json() for g in grounds]


# ---- Minutes (AP-5, AP-15.4, AP-23) ----


@transaction.atomic
def sitting_minutes_generate(*, sitting: Sitting, by: Any) -> Sitting:
    """The secretary generates the minutes of a sitting as a PDF."""
    from ..minutes import render_minutes

    if by.pk != sitting.commission.secretary_id:
        raise ValidationError(_("Only the commission's secretary writes the minutes."))
    pdf = render_minutes(sitting)
    sitting.minutes.save(f"minutes-{sitting.pk}.pdf", ContentFile(pdf), save=True)
    audit_event(actor=by, obj=sitting, event="minutes_generated")
    return sitting
