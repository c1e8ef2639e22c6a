"""Answers are personal data kept for EXAM_ATTEMPT_RETENTION_DAYS; the points stay (issue 15)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from academy.accounts.roles import Role
from academy.exams.models import Attempt, AttemptEvent
from academy.exams.services import attempts as svc
from academy.exams.services.retention import attempt_answers_purge
from academy.exams.testing import correct_token, exam_persona, open_test_exam

pytestmark = pytest.mark.django_db


def _submitted_attempt(exam, listener):
    attempt = svc.attempt_start(exam=exam, listener=listener)
    item = attempt.items.select_related("version__question").first()
    svc.attempt_answer_save(
        attempt=attempt, position=item.position, answer=correct_token(item), by=listener
    )
    AttemptEvent.objects.create(attempt=attempt, kind=AttemptEvent.Kind.BLUR)
    return svc.attempt_submit(attempt=attempt, by=listener)


def test_answers_past_the_retention_are_cleared_and_the_points_kept(settings):
    settings.EXAM_ATTEMPT_RETENTION_DAYS = 30
    listeners = [exam_persona(Role.LISTENER) for _ in range(2)]
    exam = open_test_exam(listeners=listeners, count=5)
    old, recent = (_submitted_attempt(exam, listener) for listener in listeners)
    Attempt.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=31))

    purge = attempt_answers_purge()

    assert (purge.answers_cleared, purge.events_deleted) == (1, 1)
    old.refresh_from_db()
    assert old.earned_points == 2, "the result stays"
    assert not old.items.filter(answer__isnull=False).exists()
    assert not old.events.exists()
    assert recent.items.filter(answer__isnull=False).count() == 1
    assert recent.events.count() == 1


def test_an_attempt_in_progress_is_never_purged(settings, listener):
    settings.EXAM_ATTEMPT_RETENTION_DAYS = 0
    exam = open_test_exam(listeners=[listener], count=5)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    item = attempt.items.select_related("version__question").first()
    svc.attempt_answer_save(
        attempt=attempt, position=item.position, answer=correct_token(item), by=listener
    )
    assert attempt_answers_purge().answers_cleared == 0
