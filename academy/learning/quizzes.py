"""Quizzes of an online course, taken in the exam engine (issue 14: one engine).

A course quiz is an exam of the exams app – a computer test without a group, so the
TR-21 form of the final test does not bind it – whose blueprint draws from the question
bank's categories. Every question type the bank supports is drawn and scored with its
Moodle fractions by the engine; answers are stored by its guarded save. This module only
places the quiz in the course and adds what a course needs: practice or graded, the
attempts limit (enforced by the engine's `attempt_retake`), best or last grade.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from academy.core.audit import audit_event
from academy.exams.models import (
    Attempt,
    Blueprint,
    BlueprintRule,
    Exam,
    Participant,
    Question,
    QuestionCategory,
    QuestionType,
)
from academy.exams.services import attempts as engine

from . import selectors
from .models import QUIZ_RULES, Completion, CourseQuiz, Module, OnlineCourse

MAX_QUIZ_MINUTES = 600


@dataclass(frozen=True)
class CategoryDraw:
    """A blueprint rule of a quiz: draw `count` questions from `category` (and below)."""

    category: QuestionCategory
    count: int


def _available(category: QuestionCategory, language: str) -> int:
    return (
        Question.objects.filter(
            category_id__in=category.descendant_ids(),
            is_active=True,
            language=language,
            current_version__isnull=False,
        )
        .exclude(qtype=QuestionType.DESCRIPTION)
        .count()
    )


@transaction.atomic
def quiz_create(
    *,
    course: OnlineCourse,
    title: str,
    draws: Sequence[CategoryDraw],
    mode: str,
    by: Any,
    module: Module | None = None,
    language: str = "",
    duration_minutes: int = 30,
    attempts_allowed: int | None = 1,
    grading: str = CourseQuiz.Grading.BEST,
    pass_percent: int = 50,
    completion: str = Completion.SUBMITTED,
    due_on: date | None = None,
) -> CourseQuiz:
    """Add a practice or graded quiz built from question-bank categories.

    1. Only the group's lecturers and the methodologists.
    2. Each category must hold enough questions in the quiz's language (named if not).
    3. The exam is created open (no commission: a quiz is not a final knowledge check),
       with a blueprint of one point per item; practice checks answers at once.
    """
    course = OnlineCourse.objects.select_related("group").get(pk=course.pk)
    if not selectors.can_author(by, course.group):
        raise ValidationError(
            _("Only the group's lecturers and the methodologists may edit its online course."),
            code="role",
        )
    if module is not None and module.course_id != course.pk:
        raise ValidationError({"module": _("Choose a module of this course.")})
    if mode not in CourseQuiz.Mode.values:
        raise ValidationError({"mode": _("Choose practice or graded.")})
    if completion not in QUIZ_RULES:
        raise ValidationError(
            {"completion": _("A quiz is completed when submitted, graded or passed.")}
        )
    if attempts_allowed is not None and attempts_allowed < 1:
        raise ValidationError({"attempts_allowed": _("Allow at least one attempt.")})
    if not 1 <= duration_minutes <= MAX_QUIZ_MINUTES:
        raise ValidationError(
            {"duration_minutes": _("Give from 1 to %(max)s minutes.") % {"max": MAX_QUIZ_MINUTES}}
        )
    language = language or course.group.language
    draws = [draw for draw in draws if draw.count]
    if not draws:
        raise ValidationError(_("Choose at least one category and how many questions to draw."))
    problems = []
    for draw in draws:
        available = _available(draw.category, language)
        if available < draw.count:
            problems.append(
                ValidationError(
                    _(
                        "The category %(category)s has %(available)s questions in this "
                        "language; the quiz needs %(needed)s."
                    ),
                    code="pool",
                    params={
                        "category": draw.category,
                        "available": available,
                        "needed": draw.count,
                    },
                )
            )
    if problems:
        raise ValidationError(problems)
    blueprint = Blueprint.objects.create(
        name=f"{title.strip()[:200]} · {uuid.uuid4().hex[:10]}",
        points_per_item=1,
        duration_minutes=duration_minutes,
    )
    for draw in draws:
        BlueprintRule.objects.create(blueprint=blueprint, category=draw.category, count=draw.count)
    exam = Exam(
        title=title.strip(),
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.JUDGES if course.group.is_for_judges else Exam.Audience.COURT_STAFF,
        language=language,
        status=Exam.Status.OPEN,
        blueprint=blueprint,
        duration_minutes=duration_minutes,
        attempts_allowed=attempts_allowed,
        immediate_feedback=mode == CourseQuiz.Mode.PRACTICE,
        # Practice shows the correct answers as each item is checked and after submitting.
        answers_released=mode == CourseQuiz.Mode.PRACTICE,
    )
    exam.full_clean()
    exam.save()
    quiz = CourseQuiz(
        course=course,
        module=module,
        exam=exam,
        mode=mode,
        grading=grading,
        pass_percent=pass_percent,
        completion=completion,
        due_on=due_on,
        created_by=by,
    )
    quiz.full_clean()
    quiz.save()
    audit_event(
        actor=by,
        obj=quiz,
        event="course_quiz_created",
        details={"exam": exam.pk, "mode": mode, "attempts_allowed": attempts_allowed},
    )
    return quiz


def _require_quiz_listener(user: Any, quiz: CourseQuiz) -> None:
    # IS-13: only the group's admitted listeners take its quizzes.
    if not selectors.is_group_listener(user, quiz.course.group):
        raise ValidationError(
            _("Only the listeners of this group study its online course."), code="not_listener"
        )
    if quiz.module is not None and not selectors.listener_sees(quiz.module):
        raise ValidationError(_("This quiz is not available yet."), code="not_released")


@transaction.atomic
def quiz_attempt_start(*, quiz: CourseQuiz, by: Any) -> Attempt:
    """Start the first attempt, resume a running one, or retake within the limit.

    The listener becomes a participant of the quiz's exam on the first start; the
    engine's `attempt_retake` enforces the attempts limit under the participant's lock.
    """
    quiz = CourseQuiz.objects.select_related("course__group", "exam", "module").get(pk=quiz.pk)
    _require_quiz_listener(by, quiz)
    Participant.objects.get_or_create(exam=quiz.exam, listener=by)
    return engine.attempt_retake(exam=quiz.exam, listener=by)


def _own_running(quiz: CourseQuiz, attempt: Attempt, by: Any) -> Attempt:
    if attempt.exam_id != quiz.exam_id or attempt.listener_id != by.pk:
        raise ValidationError(_("This attempt is not yours."), code="not_yours")
    return attempt


def quiz_answers_save(
    *,
    quiz: CourseQuiz,
    attempt: Attempt,
    answers: Mapping[int, Any],
    by: Any,
    check: int | None = None,
) -> None:
    """Store the page's answers through the engine's guarded save; check one if asked.

    Items already checked (practice) are final and skipped; a save after the deadline
    submits the attempt and is refused by the engine (ValidationError).
    """
    _own_running(quiz, attempt, by)
    checked = set(attempt.items.filter(score__isnull=False).values_list("position", flat=True))
    for position, answer in answers.items():
        if position in checked:
            continue
        try:
            engine.attempt_answer_save(attempt=attempt.pk, position=position, answer=answer, by=by)
        except engine.AnswerFormatError as error:
            raise ValidationError(
                _("Question %(position)s: %(error)s") % {"position": position, "error": error}
            ) from None
    if check is not None:
        engine.attempt_item_check(attempt=attempt, position=check, by=by)


def quiz_submit(*, quiz: CourseQuiz, attempt: Attempt, by: Any) -> Attempt:
    """The listener submits the attempt; the engine scores it (essays wait for a grade)."""
    _own_running(quiz, attempt, by)
    return engine.attempt_submit(attempt=attempt, by=by)


def attempt_percent(attempt: Attempt) -> Decimal | None:
    """The attempt's score in percent of its maximum (None until submitted)."""
    if attempt.status != Attempt.Status.SUBMITTED or not attempt.max_points:
        return None
    earned = attempt.earned_points or Decimal(0)
    return (earned * 100 / attempt.max_points).quantize(Decimal("0.1"))


@transaction.atomic
def quiz_essay_grade(*, quiz: CourseQuiz, item: Any, fraction: Decimal | str, by: Any) -> Any:
    """The group's lecturer (or a methodologist) grades an essay of a quiz attempt (0..1).

    The engine's hand grading, admitted for the quiz's authors instead of a commission;
    the attempt's points are recounted and the grade is audited.
    """
    group = quiz.course.group
    if item.attempt.exam_id != quiz.exam_id:
        raise ValidationError(_("This attempt is not of this quiz."), code="not_quiz")
    graded = engine.attempt_item_grade(
        item=item,
        fraction=fraction,
        by=by,
        authorise=lambda _exam, user: selectors.can_author(user, group),
    )
    audit_event(
        actor=by,
        obj=quiz,
        event="course_quiz_essay_graded",
        details={"attempt": item.attempt_id, "position": item.position, "score": str(graded.score)},
    )
    return graded
