"""Issue 14: the engine's retakes (numbered attempts, a limit on the server) and immediate
feedback (a checked item is scored and its answer stays) – for the courses' quizzes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.exams.models import Attempt
from academy.exams.services import attempts as svc
from academy.exams.testing import correct_token, open_test_exam, wrong_token

pytestmark = pytest.mark.django_db


def test_an_exam_allows_one_attempt_and_a_retake_is_refused(listener):
    exam = open_test_exam(listeners=[listener], count=3)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    svc.attempt_submit(attempt=attempt, by=listener)
    with pytest.raises(ValidationError) as error:
        svc.attempt_retake(exam=exam, listener=listener)
    assert error.value.code == "attempts_used"
    # The start still resumes the one attempt, as before.
    assert svc.attempt_start(exam=exam, listener=listener).pk == attempt.pk


def test_retakes_are_numbered_and_drawn_afresh_up_to_the_limit(listener):
    exam = open_test_exam(listeners=[listener], count=3)
    exam.attempts_allowed = 3
    exam.save()
    numbers = []
    for _ in range(3):
        attempt = svc.attempt_retake(exam=exam, listener=listener)
        assert svc.attempt_retake(exam=exam, listener=listener).pk == attempt.pk  # resumed
        svc.attempt_submit(attempt=attempt, by=listener)
        numbers.append(attempt.number)
    assert numbers == [1, 2, 3]
    assert svc.attempts_left(exam, 3) == 0
    with pytest.raises(ValidationError):
        svc.attempt_retake(exam=exam, listener=listener)


def test_an_expired_attempt_is_submitted_before_the_retake(listener):
    exam = open_test_exam(listeners=[listener], count=3)
    exam.attempts_allowed = None  # no limit
    exam.save()
    first = svc.attempt_retake(exam=exam, listener=listener)
    later = first.deadline + timedelta(minutes=1)
    second = svc.attempt_retake(exam=exam, listener=listener, now=later)
    first.refresh_from_db()
    assert first.status == Attempt.Status.SUBMITTED and first.auto_submitted
    assert second.number == 2


def test_the_database_keeps_one_attempt_per_number(listener):
    exam = open_test_exam(listeners=[listener], count=3)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            exam=exam,
            listener=listener,
            number=attempt.number,
            seed=1,
            started_at=now,
            deadline=now + timedelta(minutes=5),
            code="DUPLICATE",
        )


def test_a_checked_item_keeps_its_answer_and_the_submit_scores_it_alike(listener):
    exam = open_test_exam(listeners=[listener], count=3)
    exam.immediate_feedback = True
    exam.save()
    attempt = svc.attempt_start(exam=exam, listener=listener)
    item = attempt.items.get(position=1)
    svc.attempt_answer_save(attempt=attempt, position=1, answer=correct_token(item), by=listener)
    checked = svc.attempt_item_check(attempt=attempt, position=1, by=listener)
    assert checked.is_correct is True
    with pytest.raises(svc.AnswerChecked):
        svc.attempt_answer_save(attempt=attempt, position=1, answer=wrong_token(item), by=listener)
    # The other items are still answered freely.
    other = attempt.items.get(position=2)
    svc.attempt_answer_save(attempt=attempt, position=2, answer=wrong_token(other), by=listener)
    attempt = svc.attempt_submit(attempt=attempt, by=listener)
    assert attempt.earned_points == 2  # 1 of 3 items × 2 points


def test_an_exam_without_immediate_feedback_checks_nothing(listener):
    exam = open_test_exam(listeners=[listener], count=3)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    item = attempt.items.get(position=1)
    svc.attempt_answer_save(attempt=attempt, position=1, answer=correct_token(item), by=listener)
    with pytest.raises(ValidationError):
        svc.attempt_item_check(attempt=attempt, position=1, by=listener)
    assert attempt.items.get(position=1).score is None
