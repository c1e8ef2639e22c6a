"""Pure rules of the regulation, free of the database so they can be property-tested."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy.core.workdays import add_working_days

from . import reasons
from .reasons import Reason

FILING_WORKING_DAYS = 3  # AP-9
FILING_CALENDAR_DAYS = 3  # AP-18 (essay and case)
CALENDAR_DAY_STAGES = {"essay", "case"}  # AP-18
MATERIALS_WORKING_DAYS = 5  # AP-13
MAX_POINTS_SHORT = Decimal(15)  # AP-15.3

UPHOLD = "uphold"
REJECT = "reject"

# AP-F3: essay criteria; AP-F4: case criteria; AP-F5: interview questions.
ESSAY_CRITERIA = [
    _("Topic disclosed and problems identified"),
    _("Argued position with evidence"),
    _("Sound conclusions"),
    _("Clear official style with introduction, body and conclusion"),
    pgettext_lazy("appeals", "Grammar"),
]
CASE_CRITERIA = [
    _("Legal analysis of the situation"),
    _("Orientation in legislation"),
    _("Clear official style and legal terminology"),
    pgettext_lazy("appeals", "Grammar"),
    _("Drafting a judicial act to standard (where the task asks for one)"),
    _("Quality answer without a judicial act (where the task asks for that)"),
]
INTERVIEW_QUESTIONS = [
    format_lazy("{} {}", pgettext_lazy("appeals", "Question"), n) for n in range(1, 6)
]
# Allowed scores per criterion: grammar may cost −2 (AP-F3); interview 2/1/0 (AP-F5).
CRITERION_SCORES = ["1", "0.5", "0"]
GRAMMAR_SCORES = ["1", "0.5", "0", "-2"]
INTERVIEW_SCORES = ["2", "1", "0"]


def criteria_for(stage: str) -> list[Promise]:
    """AP-F3, AP-F4, AP-F5: the criteria (or questions) of a stage's sheet."""
    return {"essay": ESSAY_CRITERIA, "case": CASE_CRITERIA, "interview": INTERVIEW_QUESTIONS}.get(
        stage, []
    )


def allowed_scores(stage: str, index: int) -> list[str]:
    """The scores a criterion allows: grammar may cost −2 (AP-F3, AP-F4); interview 2/1/0."""
    if stage == "interview":
        return INTERVIEW_SCORES
    if (stage, index) in {("essay", 4), ("case", 3)}:
        return GRAMMAR_SCORES
    return CRITERION_SCORES


def is_optional(stage: str, index: int) -> bool:
    """AP-F4: criteria 5 and 6 of a case apply only to tasks that ask for them."""
    return stage == "case" and index in (4, 5)


@dataclass(frozen=True)
class FilingDeadline:
    """The last day to file an appeal and the clause that set it."""

    last_day: date
    clause: str  # "AP-9" or "AP-18"
    cut_by_interview: bool = False

    @property
    def explanation(self) -> str:
        if self.clause == "AP-18" and self.cut_by_interview:
            return str(
                _(
                    "AP-18: an essay or case appeal is filed no later than the day before the interview."
                )
            )
        if self.clause == "AP-18":
            return str(
                _(
                    "AP-18: an essay or case appeal is filed within 3 calendar days of receiving the result, before the interview."
                )
            )
        return str(_("AP-9: an appeal is filed within 3 working days of receiving the result."))


def filing_deadline(
    received_on: date, stage: str = "test", interview_on: date | None = None
) -> FilingDeadline:
    """The last day to file, as read in RULES.md ("Readings chosen", AP-9 and AP-18).

    ¶18 is the special rule for essay and case appeals: 3 calendar days from receiving the
    result and never later than the day before the interview. ¶9 (3 working days) governs
    every other stage: the computer test and the interview.
    """
    if stage in CALENDAR_DAY_STAGES:
        last_day = received_on + timedelta(days=FILING_CALENDAR_DAYS)
        if interview_on is not None and interview_on - timedelta(days=1) < last_day:
            return FilingDeadline(interview_on - timedelta(days=1), "AP-18", cut_by_interview=True)
        return FilingDeadline(last_day, "AP-18")
    return FilingDeadline(add_working_days(received_on, FILING_WORKING_DAYS), "AP-9")


def earliest_sitting_date(materials_sent_on: date) -> date:
    """AP-13: materials reach members 5 working days before the sitting."""
    return add_working_days(materials_sent_on, MATERIALS_WORKING_DAYS)


@dataclass
class TestAssessment:
    """What AP-15 makes of a test appeal."""

    considered: bool = True
    not_considered_reason: Reason | None = None
    counted: list[int] = field(default_factory=list)
    disregarded: dict[int, Reason] = field(default_factory=dict)
    cannot_be_upheld_reason: Reason | None = None


def assess_test_appeal(
    *,
    points: Decimal,
    threshold: Decimal,
    contested: Iterable[int],
    answers: Mapping[int, bool],
) -> TestAssessment:
    """Apply AP-15 to a test appeal.

    `answers` maps each question number in the candidate's test to whether the candidate
    answered it correctly. Steps: (1) more than 15 points short → not considered (AP-15.3);
    (2) questions not in the test or answered correctly are disregarded (AP-15.2);
    (3) fewer remaining questions than points missing → cannot be upheld (AP-15.1).
    """
    result = TestAssessment()
    missing = max(threshold - points, Decimal(0))
    if missing > MAX_POINTS_SHORT:
        result.considered = False
        result.not_considered_reason = Reason(reasons.TOO_FAR_SHORT, {"missing": str(missing)})
        return result
    for number in sorted(set(contested)):
        if number not in answers:
            result.disregarded[number] = Reason(reasons.NOT_IN_TEST)
        elif answers[number]:
            result.disregarded[number] = Reason(reasons.ANSWERED_CORRECTLY)
        else:
            result.counted.append(number)
    if missing == 0:
        result.cannot_be_upheld_reason = Reason(reasons.THRESHOLD_REACHED)
    elif len(result.counted) < missing:
        result.cannot_be_upheld_reason = Reason(
            reasons.TOO_FEW_QUESTIONS, {"count": len(result.counted), "missing": str(missing)}
        )
    return result


def vote_outcome(*, total_members: int, votes: Mapping[int, str], chair_id: int | None) -> str:
    """AP-23, as read in RULES.md ("Readings chosen"): "decided by the majority of the total
    number of members; when the votes are equal, the chair's vote decides".

    1. Upheld when the votes to uphold are more than half of the members entitled to vote
       (`total_members`: recused members excluded (AP-6), absent members counted).
    2. Otherwise, when the votes cast to uphold and to reject are equal, the chair's vote
       decides (a chair who recused or did not vote decides nothing: rejected).
    3. Otherwise rejected.

    So 2 uphold / 1 reject / 1 absent of 4 is rejected even with the chair upholding (no
    majority of 4, no tie), and 2-2 with one of 5 absent is the chair's to decide. One
    consequence of the reading: 1-1 of 5 with the chair upholding is upheld while 2-1 of 5
    is rejected – the tie rule looks at the votes cast, the majority rule at the total.
    """
    upholds = sum(1 for choice in votes.values() if choice == UPHOLD)
    rejects = sum(1 for choice in votes.values() if choice == REJECT)
    if 2 * upholds > total_members:
        return UPHOLD
    if upholds == rejects and chair_id is not None and votes.get(chair_id) == UPHOLD:
        return UPHOLD  # equal votes: the chair's vote decides
    return REJECT


def vote_clause(*, total_members: int, votes: Mapping[int, str], chair_id: int | None) -> str:
    """Which part of AP-23 decided: "majority", "chair" (equal votes) or "no_majority"."""
    upholds = sum(1 for choice in votes.values() if choice == UPHOLD)
    rejects = sum(1 for choice in votes.values() if choice == REJECT)
    if 2 * upholds > total_members:
        return "majority"
    if upholds == rejects and chair_id is not None and votes.get(chair_id) in (UPHOLD, REJECT):
        return "chair"
    return "no_majority"
