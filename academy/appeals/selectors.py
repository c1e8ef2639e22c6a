"""Reads for the appeals app."""

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role

from . import reasons
from .models import Appeal, Commission, Exam, Notification, Sitting, Stage, StageResult
from .rules import (
    CALENDAR_DAY_STAGES,
    REJECT,
    UPHOLD,
    FilingDeadline,
    assess_test_appeal,
    vote_clause,
    vote_outcome,
)
from .rules import filing_deadline as rules_filing_deadline


def commission_for_exam(exam: Exam) -> Commission | None:
    return exam.commissions.order_by("-approved_on").first()


def interview_date(result: StageResult) -> date | None:
    """AP-18: the day of the candidate's interview – the exam's interview date, or else the
    day the candidate's interview result was received."""
    if result.exam.interview_on is not None:
        return result.exam.interview_on
    return (
        StageResult.objects.filter(
            exam_id=result.exam_id, candidate_id=result.candidate_id, stage=Stage.INTERVIEW
        )
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first()
    )


def filing_deadline(result: StageResult) -> FilingDeadline:
    """AP-9 or AP-18: the last day to file against `result` and the clause that set it."""
    interview_on = interview_date(result) if result.stage in CALENDAR_DAY_STAGES else None
    return rules_filing_deadline(result.received_on, result.stage, interview_on)


def is_member(commission: Commission, user: Any) -> bool:
    return commission.members.filter(pk=user.pk).exists()


def is_recused(appeal: Appeal, user: Any) -> bool:
    return appeal.recusals.filter(member=user).exists()


def voting_member_ids(appeal: Appeal) -> set[int]:
    """AP-6, AP-7: the commission's members less those who declared a conflict."""
    members = set(appeal.commission.members.values_list("pk", flat=True))
    members.discard(appeal.commission.secretary_id)  # AP-7, even if misconfigured
    return members - set(appeal.recusals.values_list("member_id", flat=True))


def _base() -> QuerySet[Appeal]:
    return Appeal.objects.select_related(
        "result__candidate", "result__exam", "commission", "sitting"
    )


def appeals_visible_to(user: Any) -> QuerySet[Appeal]:
    """Candidates see their own appeals; commission people those of their commissions."""
    if not user.is_authenticated:
        return Appeal.objects.none()
    if user.is_superuser:
        return _base()
    query = Q(pk__in=[])
    if user_has_role(user, Role.CANDIDATE):
        query |= Q(result__candidate=user)
    if user_has_role(user, Role.APPEALS_CHAIR, Role.APPEALS_MEMBER, Role.APPEALS_SECRETARY):
        query |= (
            Q(commission__members=user) | Q(commission__chair=user) | Q(commission__secretary=user)
        )
    return _base().filter(query).distinct()


def sittings_visible_to(user: Any) -> QuerySet[Sitting]:
    if user.is_superuser:
        return Sitting.objects.select_related("commission")
    return (
        Sitting.objects.select_related("commission")
        .filter(
            Q(commission__members=user) | Q(commission__chair=user) | Q(commission__secretary=user)
        )
        .distinct()
    )


def appealable_results(candidate: Any) -> QuerySet[StageResult]:
    return StageResult.objects.filter(candidate=candidate).select_related("exam")


def commissions_chaired_by(user: Any) -> QuerySet[Commission]:
    return Commission.objects.filter(chair=user)


def commissions_of_secretary(user: Any) -> QuerySet[Commission]:
    return Commission.objects.filter(secretary=user)


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)[:10]


def graders_averages(result: StageResult) -> list[Decimal | None]:
    """AP-F3, AP-F4, AP-F5: the graders' average per criterion (None where nobody scored)."""
    sheets = list(result.sheets.all())
    width = max((len(s.scores) for s in sheets), default=0)
    averages: list[Decimal | None] = []
    for index in range(width):
        values = [
            Decimal(str(s.scores[index]))
            for s in sheets
            if index < len(s.scores) and s.scores[index] is not None
        ]
        averages.append(round(sum(values) / len(values), 2) if values else None)
    return averages


def commissions_managed_by(user: Any) -> QuerySet[Commission]:
    """AP-3..AP-7: every commission for the administrator, their own for a secretary."""
    commissions = Commission.objects.select_related(
        "chair", "secretary", "deputy"
    ).prefetch_related("members", "exams")
    if user_has_role(user, Role.ADMINISTRATOR):
        return commissions
    return commissions.filter(secretary=user)


def graded_results_of_secretary(user: Any) -> QuerySet[StageResult]:
    """AP-F3..AP-F5: essay, case and interview results of the exams the secretary serves."""
    return (
        StageResult.objects.filter(
            exam__commissions__secretary=user, stage__in=["essay", "case", "interview"]
        )
        .select_related("exam", "candidate")
        .prefetch_related("sheets")
        .distinct()
        .order_by("exam__title", "stage", "candidate__surname", "candidate__first_name")
    )


def presiding_member_id(sitting: Sitting) -> int:
    """AP-4: the chair leads the sitting; in the chair's absence the member named for this
    sitting, else the member the composition designates."""
    commission = sitting.commission
    present = set(sitting.present_members.values_list("pk", flat=True))
    if commission.chair_id in present:
        return commission.chair_id
    if sitting.presiding_id:
        return sitting.presiding_id
    if present and commission.deputy_id:
        return commission.deputy_id
    return commission.chair_id


@dataclass
class ContestedCheck:
    """AP-15.1 before filing: how many contested questions must count and how many do, in
    words the candidate understands (AP-15.2 and AP-15.3 applied the way the commission will)."""

    needed: int
    valid: int
    missing: Decimal
    considered: bool
    notes: list[str] = field(default_factory=list)

    @property
    def missing_text(self) -> str:
        return format(self.missing.normalize(), "f")

    @property
    def enough(self) -> bool:
        return self.considered and self.needed > 0 and self.valid >= self.needed

    @property
    def summary(self) -> str:
        if not self.considered:
            return _(
                "You are %(missing)s points short of the threshold, more than 15, so the commission will not consider a test appeal."
            ) % {"missing": self.missing_text}
        if self.needed == 0:
            return _(
                "Your result already reaches the threshold, so a test appeal cannot change it."
            )
        return _(
            "You are %(missing)s points short of the threshold, so at least %(needed)s of your contested questions must count; %(valid)s of the questions you listed count."
        ) % {"missing": self.missing_text, "needed": self.needed, "valid": self.valid}

    @property
    def refusal(self) -> str:
        """Why filing now is pointless, in words; "" when enough questions count."""
        if self.enough:
            return ""
        if not self.considered or self.needed == 0:
            return self.summary
        return _(
            "Only %(valid)s of the questions you listed count and %(needed)s are needed: with so few the commission cannot uphold the appeal. Add questions you answered wrongly, or file anyway."
        ) % {"valid": self.valid, "needed": self.needed}


def contested_check(result: StageResult, numbers: list[int]) -> ContestedCheck:
    """Apply AP-15 to the questions a candidate is about to file against `result`."""
    missing = result.points_missing
    assessment = assess_test_appeal(
        points=result.points,
        threshold=result.threshold,
        contested=numbers,
        answers={a.number: a.is_correct for a in result.answers.all()},
    )
    check = ContestedCheck(
        needed=math.ceil(missing),
        valid=len(assessment.counted),
        missing=missing,
        considered=assessment.considered,
    )
    for number, why in sorted(assessment.disregarded.items()):
        if why.code == reasons.ANSWERED_CORRECTLY:
            check.notes.append(
                _("Question %(number)s: you answered it correctly, so it does not count.")
                % {"number": number}
            )
        else:
            check.notes.append(
                _("Question %(number)s was not in your test, so it does not count.")
                % {"number": number}
            )
    return check


def decision_preview(appeal: Appeal) -> dict[str, Any]:
    """What closing the vote will decide (AP-23), to show before the chair confirms."""
    voters = voting_member_ids(appeal)
    votes = dict(appeal.votes.filter(member_id__in=voters).values_list("member_id", "choice"))
    chair_id = appeal.commission.chair_id if appeal.commission.chair_id in voters else None
    outcome = vote_outcome(total_members=len(voters), votes=votes, chair_id=chair_id)
    if outcome == UPHOLD and appeal.cannot_be_upheld_code:
        outcome = REJECT
    upholds = sum(1 for choice in votes.values() if choice == UPHOLD)
    return {
        "voters": len(voters),
        "uphold": upholds,
        "reject": len(votes) - upholds,
        "not_voted": len(voters) - len(votes),
        "recused": appeal.recusals.count(),
        "outcome": Appeal.Decision(outcome).label,
        "clause": reasons.render(
            {
                "majority": reasons.VOTE_MAJORITY,
                "chair": reasons.VOTE_CHAIR,
                "no_majority": reasons.VOTE_NO_MAJORITY,
            }[vote_clause(total_members=len(voters), votes=votes, chair_id=chair_id)]
        ),
        "cannot_be_upheld": appeal.cannot_be_upheld_reason,
    }
