import pytest

from academy.accounts.roles import Role
from academy.exams.selectors import item_analysis
from academy.exams.services import attempts as svc
from academy.exams.testing import correct_token, exam_persona, open_test_exam

pytestmark = pytest.mark.django_db


def test_item_analysis_gives_difficulty_and_discrimination():
    listeners = [exam_persona(Role.LISTENER) for _ in range(5)]
    exam = open_test_exam(listeners=listeners, count=5, bank_size=5)
    for strength, listener in enumerate(listeners):
        attempt = svc.attempt_start(exam=exam, listener=listener)
        items = sorted(
            attempt.items.select_related("version__question"), key=lambda i: i.version.question_id
        )
        # The listener of strength n answers the n lowest-numbered questions correctly.
        for item in items[:strength]:
            correct = correct_token(item)
            svc.attempt_answer_save(
                attempt=attempt, position=item.position, answer=correct, by=listener
            )
        svc.attempt_submit(attempt=attempt, by=listener)
    stats = {s.question.pk: s for s in item_analysis(exam)}
    easiest, hardest = min(stats), max(stats)
    assert stats[easiest].difficulty == pytest.approx(0.8)
    assert stats[easiest].discrimination == pytest.approx(1.0)
    assert stats[hardest].difficulty == 0
    assert stats[hardest].discrimination == 0
    assert all(s.attempts == 5 for s in stats.values())


def test_item_analysis_of_an_exam_without_attempts_is_empty():
    exam = open_test_exam(listeners=[])
    assert item_analysis(exam) == []


def test_the_sweep_command_submits_expired_attempts(listener):
    from datetime import timedelta
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    out = StringIO()
    with time_machine.travel(attempt.deadline + timedelta(minutes=1), tick=False):
        call_command("submit_expired_attempts", stdout=out)
    assert "submitted: 1" in out.getvalue()
