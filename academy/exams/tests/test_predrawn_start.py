"""The start burst: attempts drawn when the exam opens, started by one guarded UPDATE."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.accounts.roles import Role
from academy.exams.models import Attempt, Exam, Participant
from academy.exams.services import attempts as svc
from academy.exams.services.commission import exam_open
from academy.exams.tasks import draw_attempts
from academy.exams.testing import exam_persona, open_test_exam

pytestmark = pytest.mark.django_db


def _drawn_exam(listeners, count=5):
    exam = open_test_exam(listeners=listeners, count=count)
    assert draw_attempts.apply(args=[exam.pk]).get() == len(listeners)
    return exam


def test_the_opening_draws_every_participant_ready_with_items(listener):
    other = exam_persona(Role.LISTENER)
    exam = _drawn_exam([listener, other])
    ready = list(Attempt.objects.filter(exam=exam))
    assert {a.status for a in ready} == {Attempt.Status.READY}
    assert all(a.items.count() == 5 and len(a.item_map) == 5 for a in ready)
    assert ready[0].seed != ready[1].seed


def test_drawing_again_draws_nobody_twice(listener):
    exam = _drawn_exam([listener])
    assert draw_attempts.apply(args=[exam.pk]).get() == 0
    assert Attempt.objects.filter(exam=exam).count() == 1


def test_opening_a_computer_test_draws_after_the_commit(
    listener, django_capture_on_commit_callbacks
):
    exam = open_test_exam(listeners=[listener])
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        exam_open(exam=exam, by=listener)
    assert Attempt.objects.get(exam=exam).status == Attempt.Status.READY


@pytest.mark.clause("TR-21")
def test_start_uses_the_drawn_attempt_and_counts_the_deadline_from_the_start(listener):
    exam = _drawn_exam([listener])
    drawn = Attempt.objects.get(exam=exam)
    items_before = list(drawn.items.values_list("position", "version_id", "order"))
    later = timezone.now() + timedelta(minutes=7)
    with time_machine.travel(later, tick=False):
        with CaptureQueriesContext(connection) as queries:
            attempt = svc.attempt_start(exam=exam, listener=listener)
    # Participant (locked), the guarded UPDATE, the attempt, and the savepoint pair.
    assert len(queries) <= 5, [q["sql"] for q in queries]
    assert attempt.pk == drawn.pk
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.started_at == later
    assert attempt.deadline - attempt.started_at == timedelta(minutes=50)
    assert list(attempt.items.values_list("position", "version_id", "order")) == items_before


@pytest.mark.clause("TR-21")
def test_extra_time_granted_before_the_start_counts(listener):
    exam = _drawn_exam([listener])
    participant = Participant.objects.get(exam=exam, listener=listener)
    svc.participant_extra_time_grant(
        participant=participant, minutes=15, reason="медицинская справка", by=listener
    )
    attempt = svc.attempt_start(exam=exam, listener=listener)
    assert attempt.deadline - attempt.started_at == timedelta(minutes=65)


def test_a_participant_added_after_the_opening_still_starts(listener):
    exam = _drawn_exam([exam_persona(Role.LISTENER)])
    Participant.objects.create(exam=exam, listener=listener)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.items.count() == 5


@pytest.mark.clause("TR-21")
def test_a_second_start_never_moves_the_deadline(listener):
    exam = _drawn_exam([listener])
    first = svc.attempt_start(exam=exam, listener=listener)
    with time_machine.travel(timezone.now() + timedelta(minutes=20), tick=False):
        again = svc.attempt_start(exam=exam, listener=listener)
    assert (again.pk, again.started_at, again.deadline) == (
        first.pk,
        first.started_at,
        first.deadline,
    )


def test_the_guarded_update_refuses_a_start_after_the_close(listener):
    exam = _drawn_exam([listener])
    # The request read the exam while it was open; it closed before the UPDATE.
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.CLOSED)
    with pytest.raises(ValidationError):
        svc.attempt_start(exam=exam, listener=listener)
    assert Attempt.objects.get(exam=exam).status == Attempt.Status.READY


def test_a_drawn_attempt_takes_no_answer_before_its_start(listener):
    exam = _drawn_exam([listener])
    drawn = Attempt.objects.get(exam=exam)
    with pytest.raises(ValidationError):
        svc.attempt_answer_save(attempt=drawn, position=1, answer="0", by=listener)
    assert not drawn.items.filter(answer__isnull=False).exists()


def test_a_drawn_attempt_is_not_shown_as_started(client, listener):
    exam = _drawn_exam([listener])
    drawn = Attempt.objects.get(exam=exam)
    client.force_login(listener)
    assert client.get(f"/ru/exams/attempts/{drawn.pk}/").status_code == 404


def test_the_attempt_page_renders_each_question_version_once(listener, monkeypatch):
    from django.core.cache import cache

    from academy.exams import selectors
    from academy.exams.models import QuestionVersion
    from academy.exams.templatetags import exams_text

    cache.clear()
    exam = _drawn_exam([listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    first = attempt.items.order_by("position").first()
    QuestionVersion.objects.filter(pk=first.version_id).update(
        text="<p>Суд <script>alert(1)</script></p>", text_format="html"
    )
    calls = []
    real = exams_text.sanitise_html
    monkeypatch.setattr(exams_text, "sanitise_html", lambda v: calls.append(v) or real(v))
    rows = selectors.attempt_display_items(attempt)
    assert "<script>" not in rows[0]["text_html"] and "Суд" in rows[0]["text_html"]
    rendered = len(calls)
    assert rendered > 0
    again = selectors.attempt_display_items(attempt)
    assert len(calls) == rendered  # served from the cache, not sanitised again
    assert again[0]["text_html"] == rows[0]["text_html"]
