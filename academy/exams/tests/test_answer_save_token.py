"""The attempt page saves answers with its save token, ahead of the session stack."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from academy.accounts.roles import Role
from academy.exams.middleware import ANSWER_PATH
from academy.exams.models import Attempt, Participant
from academy.exams.services import attempts as svc
from academy.exams.testing import correct_token, exam_persona, open_case_exam, open_test_exam

pytestmark = pytest.mark.django_db


def _save(client, attempt, data, token, language="kk"):
    with translation.override(language):
        url = reverse("exams:attempt_answer", args=[attempt.pk])
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(
        url, data=body, content_type="application/json", headers={"X-Attempt-Token": token}
    )


@pytest.fixture
def started(listener):
    exam = open_test_exam(listeners=[listener], count=5)
    return svc.attempt_start(exam=exam, listener=listener)


def test_the_answer_url_of_every_language_takes_the_short_path():
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            url = reverse("exams:attempt_answer", args=[123])
        match = ANSWER_PATH.match(url)
        assert match and match["language"] == language and match["pk"] == "123"


@pytest.mark.clause("TR-21")
def test_the_page_gives_its_listener_a_token_that_saves_without_a_session(
    listener, client_as, started
):
    page = client_as(listener).get(reverse("exams:attempt_take", args=[started.pk]))
    token = re.search(r'data-save-token="([0-9a-f]+)"', page.content.decode())[1]
    item = started.items.select_related("version__question").get(position=2)
    response = _save(Client(), started, {"position": 2, "answer": correct_token(item)}, token)
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.answer is not None and item.answered_at is not None


def test_a_save_with_a_wrong_or_anothers_token_is_refused_and_changes_nothing(listener, started):
    other = exam_persona(Role.LISTENER)
    Participant.objects.create(exam=started.exam, listener=other)
    others = svc.attempt_start(exam=started.exam, listener=other)
    for token in ("0" * 64, svc.attempt_save_token(others), "x"):
        response = _save(Client(), started, {"position": 1, "answer": "0"}, token)
        assert response.status_code == 403
        assert response.json()["ok"] is False
    assert not started.items.filter(answer__isnull=False).exists()


def test_a_token_save_after_the_deadline_is_refused_in_the_listeners_language(started):
    token = svc.attempt_save_token(started)
    with time_machine.travel(started.deadline + timedelta(seconds=1), tick=False):
        response = _save(Client(), started, {"position": 1, "answer": "0"}, token, "ru")
    assert response.status_code == 409
    assert "Время" in response.json()["error"]
    started.refresh_from_db()
    assert started.status == Attempt.Status.SUBMITTED
    assert not started.items.filter(answer__isnull=False).exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        '{"answer": "0"}',
        '{"position": 1, "answer": "99"}',
        '{"position": 77}',
    ],
)
def test_malformed_token_saves_get_a_400_with_a_message(started, body):
    response = _save(Client(), started, body, svc.attempt_save_token(started))
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_token_save_of_an_unknown_attempt_is_a_404(started):
    response = Client().post(
        "/kk/exams/attempts/999999/answer/",
        data='{"position": 1, "answer": "0"}',
        content_type="application/json",
        headers={"X-Attempt-Token": "0" * 64},
    )
    assert response.status_code == 404


def test_a_token_save_is_two_queries(started, django_assert_max_num_queries):
    # The locked attempt row and the item UPDATE, plus the SAVEPOINT/RELEASE pair of the
    # atomic block inside the test's transaction: no session, user or role query.
    token = svc.attempt_save_token(started)
    with django_assert_max_num_queries(4):
        response = _save(Client(), started, {"position": 3, "answer": "1"}, token)
    assert response.status_code == 200


@pytest.mark.clause("TR-22")
def test_a_written_case_answer_saves_with_the_token(listener):
    exam, _members = open_case_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    response = _save(Client(), attempt, {"text": "Шешім"}, svc.attempt_save_token(attempt))
    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.answer_text == "Шешім"
