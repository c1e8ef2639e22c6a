"""Issue 18: with a real queue, the deadline's submit closes the attempt and a worker scores it."""

from unittest import mock

import pytest

from academy.core.broker import BrokerUnavailable
from academy.exams.models import Attempt
from academy.exams.services import attempts as svc
from academy.exams.services.results import results_compile
from academy.exams.testing import correct_token, open_test_exam
from academy.training.testing import GroupFactory

pytestmark = pytest.mark.django_db


def _answered(listener, count=5):
    exam = open_test_exam(listeners=[listener], count=count)
    exam.group = GroupFactory()  # a group's exam: a course quiz (no group) scores at once
    exam.save(update_fields=["group"])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    for item in attempt.items.select_related("version__question"):
        svc.attempt_answer_save(
            attempt=attempt, position=item.position, answer=correct_token(item), by=listener
        )
    return exam, attempt


@pytest.fixture
def background(settings):
    settings.EXAM_SCORE_IN_BACKGROUND = True


def test_the_submit_closes_and_the_queued_task_scores(
    background, listener, django_capture_on_commit_callbacks
):
    _exam, attempt = _answered(listener)
    with mock.patch("academy.core.broker.enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            svc.attempt_submit(attempt=attempt, by=listener)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.earned_points is None, "answered at once, not scored in the request"
    (task, pk), _kwargs = enqueue.call_args
    assert task.name == "exams.score_attempt" and pk == attempt.pk

    assert task(pk) is True  # as the worker runs it
    attempt.refresh_from_db()
    assert (attempt.earned_points, attempt.max_points) == (10, 10)
    assert task(pk) is False, "scoring twice changes nothing"


def test_with_the_queue_down_the_submit_scores_in_place(
    background, listener, django_capture_on_commit_callbacks
):
    _exam, attempt = _answered(listener)
    with mock.patch("academy.core.broker.enqueue", side_effect=BrokerUnavailable("down")):
        with django_capture_on_commit_callbacks(execute=True):
            svc.attempt_submit(attempt=attempt, by=listener)
    attempt.refresh_from_db()
    assert attempt.earned_points == 10


def test_compiling_scores_what_the_workers_have_not_yet(
    background, listener, django_capture_on_commit_callbacks
):
    """An unscored work is never compiled as 0 points."""
    exam, attempt = _answered(listener)
    with mock.patch("academy.core.broker.enqueue"):  # queued, the worker never ran
        with django_capture_on_commit_callbacks(execute=True):
            svc.attempt_submit(attempt=attempt, by=listener)
    member = exam.commission.first().user
    results = results_compile(exam=exam, by=member, close=True)
    assert [r.points for r in results] == [100]


def test_a_course_quiz_is_scored_at_once(background, listener):
    exam = open_test_exam(listeners=[listener], count=5)  # no group: a course quiz
    attempt = svc.attempt_start(exam=exam, listener=listener)
    with mock.patch("academy.core.broker.enqueue") as enqueue:
        attempt = svc.attempt_submit(attempt=attempt, by=listener)
    assert attempt.max_points == 10 and not enqueue.called
