"""Grades, results on the 100-point scale, confirmation and corrections (TR-26, TR-27, TR-A2)."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from ..models import Attempt, Exam, Grade, Result, ResultCorrection
from .commission import is_commission_member

PASS_MARK = 50  # TR-27
CRITERIA_COUNT = 5  # TR-A1: five criteria
CRITERION_MAX = 20  # TR-A1: 20 points each

# TR-A2: lower bound of each band → numeric equivalent.
NUMERIC_EQUIVALENTS = [
    (95, Decimal("4.00")),
    (90, Decimal("3.67")),
    (85, Decimal("3.33")),
    (80, Decimal("3.00")),
    (75, Decimal("2.67")),
    (70, Decimal("2.33")),
    (65, Decimal("2.00")),
    (60, Decimal("1.67")),
    (55, Decimal("1.33")),
    (50, Decimal("1.00")),
    (0, Decimal("0.00")),
]


def numeric_equivalent(points: int) -> Decimal:
    """TR-A2: the numeric equivalent of 0–100 points."""
    if not 0 <= points <= 100:
        raise ValueError(points)
    return next(value for bound, value in NUMERIC_EQUIVALENTS if points >= bound)


def round_points(value: Decimal) -> int:
    """Whole points, halves rounded up (72.5 → 73): the rule used for every mean."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@transaction.atomic
def grade_submit(*, attempt: Attempt, criteria: list[int], comment: str, by: Any) -> Grade:
    """A commission member grades a written case (TR-A1: 5 × 0..20) or an oral answer (0..100)."""
    attempt = Attempt.objects.select_related("exam").get(pk=attempt.pk)
    exam = attempt.exam
    if not is_commission_member(exam, by):
        raise PermissionDenied
    if exam.status == Exam.Status.CONFIRMED:
        raise ValidationError(_("The results are confirmed; grades cannot change."))
    if exam.kind == Exam.Kind.COMPUTER_TEST:
        raise ValidationError(_("A computer test is scored automatically."))
    if attempt.status != Attempt.Status.SUBMITTED and exam.kind == Exam.Kind.WRITTEN_CASE:
        raise ValidationError(_("The work has not been submitted yet."))
    if exam.kind == Exam.Kind.WRITTEN_CASE:
        if len(criteria) != CRITERIA_COUNT or any(
            not isinstance(c, int) or not 0 <= c <= CRITERION_MAX for c in criteria
        ):
            raise ValidationError(_("Give each of the 5 criteria 0 to 20 points."))
    elif len(criteria) != 1 or not isinstance(criteria[0], int) or not 0 <= criteria[0] <= 100:
        raise ValidationError(_("Give 0 to 100 points."))
    grade, _created = Grade.objects.update_or_create(
        attempt=attempt,
        member=by,
        defaults={"criteria": criteria, "total": sum(criteria), "comment": comment.strip()},
    )
    return grade


def attempt_points(attempt: Attempt | None) -> tuple[int, bool]:
    """Points 0–100 and whether the graders disagree beyond the exam's allowed spread.

    Computer test: earned / maximum × 100 (50 items × 2 points = 100 exactly).
    Case and oral: the mean of the members' totals, rounded half up (TR-22).
    """
    if attempt is None:
        return 0, False
    exam = attempt.exam
    if exam.kind == Exam.Kind.COMPUTER_TEST:
        if not attempt.max_points:
            return 0, False
        from .attempts import attempt_items_to_grade

        if attempt_items_to_grade(attempt):
            raise ValidationError(
                _("The work %(code)s has essays still to grade.") % {"code": attempt.code}
            )
        return round_points(Decimal(attempt.earned_points or 0) * 100 / attempt.max_points), False
    totals = [g.total for g in attempt.grades.all()]
    if not totals:
        raise ValidationError(_("The work %(code)s has no grades yet.") % {"code": attempt.code})
    mean = Decimal(sum(totals)) / len(totals)
    return round_points(mean), max(totals) - min(totals) > exam.grade_spread_threshold


def _local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


@transaction.atomic
def results_compile(*, exam: Exam, by: Any, close: bool = False) -> list[Result]:
    """Work out every participant's result (an expired work is submitted first).

    Steps: 1. only a commission member compiles, never after confirmation; 2. while the
    exam is open and attempts are still possible – a listener writing before their
    deadline, or listeners who have not started before the last deadline (the end of
    the exam day plus the duration and extra time) – refuse, naming how many, unless the
    commission closes the exam explicitly (`close`), which never cuts a running attempt;
    3. a result per participant (0, not passed, for one who never started); 4. close.
    """
    from ..selectors import exam_attempt_window
    from .attempts import attempt_close_if_expired, attempts_score_pending

    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status == Exam.Status.CONFIRMED:
        raise ValidationError(_("The results are already confirmed."))
    if not is_commission_member(exam, by):
        raise PermissionDenied
    window = exam_attempt_window(exam) if exam.status == Exam.Status.OPEN else None
    if window is not None and window.writing:
        raise ValidationError(
            _(
                "%(writing)s listeners are still writing; the last deadline is %(until)s. Compile the results after it."
            )
            % {"writing": window.writing, "until": _local(window.possible_until)}
        )
    if window is not None and window.attempts_possible and not close:
        message = (
            _(
                "%(count)s of %(total)s listeners have not started and may still start until %(until)s."
            )
            % {
                "count": window.not_started,
                "total": window.participants,
                "until": _local(window.possible_until),
            }
            if window.possible_until is not None
            else _(
                "%(count)s of %(total)s listeners have not started and may still start: the exam has no end date."
            )
            % {"count": window.not_started, "total": window.participants}
        )
        raise ValidationError(
            [
                message,
                _(
                    "To compile now the commission closes the exam explicitly; those who have not started get 0 points (not passed)."
                ),
            ],
            code="attempts_possible",
        )
    if window is not None and close:
        audit_event(
            actor=by,
            obj=exam,
            event="exam_closed_explicitly",
            details={"not_started": window.not_started, "participants": window.participants},
        )
    # Submitted attempts a worker has not scored yet are scored here, never counted as 0.
    attempts_score_pending(exam)
    results = []
    for participant in exam.participants.select_related("listener"):
        # Drawn at the opening but never started: absent, as without an attempt.
        attempt = (
            Attempt.objects.filter(exam=exam, listener=participant.listener)
            .exclude(status=Attempt.Status.READY)
            .first()
        )
        if attempt is not None:
            attempt_close_if_expired(attempt=attempt)
            attempt.refresh_from_db()
            if attempt.status != Attempt.Status.SUBMITTED and exam.kind != Exam.Kind.ORAL:
                raise ValidationError(
                    _("The work %(code)s is still in progress.") % {"code": attempt.code}
                )
        points, disagreement = attempt_points(attempt)
        result, _created = Result.objects.update_or_create(
            exam=exam,
            listener=participant.listener,
            defaults={
                "points": points,
                "numeric_equivalent": numeric_equivalent(points),
                "passed": points >= PASS_MARK,
                "disagreement": disagreement,
            },
        )
        results.append(result)
    if exam.status == Exam.Status.OPEN:
        exam.status = Exam.Status.CLOSED
        exam.save(update_fields=["status"])
    return results


@transaction.atomic
def results_confirm(*, exam: Exam, by: Any) -> Exam:
    """The commission confirms the statement; only then do listeners see their results."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if not is_commission_member(exam, by):
        raise PermissionDenied
    if exam.status != Exam.Status.CLOSED or not exam.results.exists():
        raise ValidationError(_("Compile the results before confirming them."))
    now = timezone.now()
    for result in exam.results.all():
        result.confirmed_at = now
        result.confirmed_by = by
        result.full_clean()
        result.save()
    exam.status = Exam.Status.CONFIRMED
    exam.save(update_fields=["status"])
    audit_event(actor=by, obj=exam, event="results_confirmed")
    return exam


@transaction.atomic
def result_correct(*, result: Result, points: int, reason: str, by: Any) -> Result:
    """Change a confirmed result: only through a recorded correction with a reason."""
    result = Result.objects.select_for_update().select_related("exam").get(pk=result.pk)
    if not is_commission_member(result.exam, by):
        raise PermissionDenied
    if result.confirmed_at is None:
        raise ValidationError(_("Only a confirmed result is corrected; recompile the others."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    if not 0 <= points <= 100:
        raise ValidationError({"points": _("Points are 0 to 100.")})
    correction = ResultCorrection(
        result=result,
        old_points=result.points,
        new_points=points,
        reason=reason.strip(),
        corrected_by=by,
    )
    correction.full_clean()
    correction.save()
    result.points = points
    result.numeric_equivalent = numeric_equivalent(points)
    result.passed = points >= PASS_MARK
    result.full_clean()
    result.save()
    return result


@transaction.atomic
def answers_release(*, exam: Exam, by: Any) -> Exam:
    """The commission lets listeners see the correct answers, never before the results are confirmed."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if not is_commission_member(exam, by):
        raise PermissionDenied
    if exam.status != Exam.Status.CONFIRMED:
        raise ValidationError(_("Confirm the results before showing the correct answers."))
    exam.answers_released = True
    exam.save(update_fields=["answers_released"])
    audit_event(actor=by, obj=exam, event="answers_released")
    return exam
