import pytest

from academy.accounts.roles import Role
from academy.exams.models import Result
from academy.exams.selectors import item_analysis, results_by_band
from academy.exams.services import attempts as svc
from academy.exams.services.results import numeric_equivalent
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


@pytest.mark.clause("TR-A2")
def test_results_are_counted_by_band_of_the_100_point_scale():
    exam = open_test_exam(listeners=[])
    for points in (100, 95, 94, 50, 49, 0):
        Result.objects.create(
            exam=exam,
            listener=exam_persona(Role.LISTENER),
            points=points,
            numeric_equivalent=numeric_equivalent(points),
            passed=points >= 50,
        )
    bands = dict(results_by_band(exam))
    assert bands["95–100 (4.00)"] == 2
    assert bands["90–94 (3.67)"] == 1
    assert bands["50–54 (1.00)"] == 1
    assert bands["0–49 (0.00)"] == 2
    assert sum(bands.values()) == 6 and len(bands) == 11
