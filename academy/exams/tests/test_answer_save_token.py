"""The attempt page saves answers with its save token, ahead of the session stack.

The token is bound to the listener's session: it needs that session's cookie and dies
with the session (logout) and with the account (deactivation), issue 10.
"""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
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


def _page_token(client, attempt) -> str:
    page = client.get(reverse("exams:attempt_take", args=[attempt.pk]))
    return re.search(r'data-save-token="([0-9a-f]+)"', page.content.decode())[1]


def _cookie_only(client) -> Client:
    """A client with nothing but the session cookie: no CSRF token, no login of its own."""
    bare = Client()
    bare.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return bare


@pytest.fixture
def started(listener):
    exam = open_test_exam(listeners=[listener], count=5)
    return svc.attempt_start(exam=exam, listener=listener)


@pytest.fixture
def page(listener, client_as, started):
    """The listener's logged-in client, the attempt page's token and a cookie-only client."""
    client = client_as(listener)
    token = _page_token(client, started)
    return client, token, _cookie_only(client)


def test_the_answer_url_of_every_language_takes_the_short_path():
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            url = reverse("exams:attempt_answer", args=[123])
        match = ANSWER_PATH.match(url)
        assert match and match["language"] == language and match["pk"] == "123"


@pytest.mark.clause("TR-21")
def test_the_page_gives_its_listener_a_token_that_saves_without_the_session_stack(started, page):
    _client, token, bare = page
    item = started.items.select_related("version__question").get(position=2)
    response = _save(bare, started, {"position": 2, "answer": correct_token(item), "seq": 1}, token)
    assert response.status_code == 200, response.content
    assert response.json() == {"ok": True, "seq": 1}
    item.refresh_from_db()
    assert item.answer is not None and item.answered_at is not None and item.seq == 1


def test_a_save_with_a_wrong_or_anothers_token_is_refused_and_changes_nothing(started, page):
    _client, _token, bare = page
    other = exam_persona(Role.LISTENER)
    Participant.objects.create(exam=started.exam, listener=other)
    others = svc.attempt_start(exam=started.exam, listener=other)
    session_key = bare.cookies[settings.SESSION_COOKIE_NAME].value
    for token in ("0" * 64, svc.attempt_save_token(others, session_key), "x"):
        response = _save(bare, started, {"position": 1, "answer": "0", "seq": 1}, token)
        assert response.status_code == 403
        assert response.json()["ok"] is False
    assert not started.items.filter(answer__isnull=False).exists()


def test_the_token_does_not_save_without_its_sessions_cookie(started, page):
    _client, token, _bare = page
    alone = _save(Client(), started, {"position": 1, "answer": "0", "seq": 1}, token)
    assert alone.status_code == 403
    other = Client()
    other.force_login(exam_persona(Role.LISTENER))
    assert _save(other, started, {"position": 1, "answer": "0", "seq": 1}, token).status_code == 403
    assert not started.items.filter(answer__isnull=False).exists()


def test_the_token_stops_saving_after_logout(started, page):
    client, token, bare = page
    assert _save(bare, started, {"position": 1, "answer": "0", "seq": 1}, token).status_code == 200
    client.post(reverse("accounts:logout"))
    response = _save(bare, started, {"position": 1, "answer": "1", "seq": 2}, token)
    assert response.status_code == 403, response.content
    assert response.json()["ok"] is False
    assert started.items.get(position=1).seq == 1


def test_the_token_stops_saving_after_the_user_is_deactivated(listener, started, page):
    _client, token, bare = page
    assert _save(bare, started, {"position": 1, "answer": "0", "seq": 1}, token).status_code == 200
    listener.is_active = False
    listener.save(update_fields=["is_active"])
    response = _save(bare, started, {"position": 1, "answer": "1", "seq": 2}, token)
    assert response.status_code == 403
    assert started.items.get(position=1).seq == 1


@pytest.mark.clause("TR-22")
def test_a_written_case_token_stops_saving_after_logout(listener, client_as):
    exam, _members = open_case_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    client = client_as(listener)
    token = _page_token(client, attempt)
    bare = _cookie_only(client)
    assert _save(bare, attempt, {"text": "Бірінші", "seq": 1}, token).status_code == 200
    client.post(reverse("accounts:logout"))
    assert _save(bare, attempt, {"text": "Екінші", "seq": 2}, token).status_code == 403
    attempt.refresh_from_db()
    assert attempt.answer_text == "Бірінші"


def test_a_token_save_after_the_deadline_is_refused_in_the_listeners_language(started, page):
    _client, token, bare = page
    with time_machine.travel(started.deadline + timedelta(seconds=1), tick=False):
        response = _save(bare, started, {"position": 1, "answer": "0", "seq": 1}, token, "ru")
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
        '{"answer": "0", "seq": 1}',
        '{"position": 1, "answer": "99", "seq": 1}',
        '{"position": 77, "seq": 1}',
        '{"position": 1, "answer": "0"}',
        '{"position": 1, "answer": "0", "seq": 0}',
        '{"position": 1, "answer": "0", "seq": "1"}',
    ],
)
def test_malformed_token_saves_get_a_400_with_a_message(started, page, body):
    _client, token, bare = page
    response = _save(bare, started, body, token)
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_token_save_of_an_unknown_attempt_is_a_404(started, page):
    _client, _token, bare = page
    response = bare.post(
        "/kk/exams/attempts/999999/answer/",
        data='{"position": 1, "answer": "0", "seq": 1}',
        content_type="application/json",
        headers={"X-Attempt-Token": "0" * 64},
    )
    assert response.status_code == 404


def test_a_token_save_is_two_queries(started, page, django_assert_max_num_queries):
    # The attempt row and the item UPDATE (whose guard checks the session and the user),
    # plus the SAVEPOINT/RELEASE pair of the atomic block inside the test's transaction:
    # no session, user or role query of its own.
    _client, token, bare = page
    with django_assert_max_num_queries(4):
        response = _save(bare, started, {"position": 3, "answer": "1", "seq": 1}, token)
    assert response.status_code == 200
    with django_assert_max_num_queries(1):  # the attempt's fixed columns are remembered
        response = _save(bare, started, {"position": 4, "answer": "1", "seq": 1}, token)
    assert response.status_code == 200


@pytest.mark.clause("TR-22")
def test_a_written_case_answer_saves_with_the_token(listener, client_as):
    exam, _members = open_case_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    client = client_as(listener)
    token = _page_token(client, attempt)
    response = _save(_cookie_only(client), attempt, {"text": "Шешім", "seq": 1}, token)
    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.answer_text == "Шешім"


def test_with_sessions_in_the_cache_the_token_still_stops_at_logout(
    settings, started, client_as, listener
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    client = client_as(listener)
    token = _page_token(client, started)
    bare = _cookie_only(client)
    assert _save(bare, started, {"position": 1, "answer": "0", "seq": 1}, token).status_code == 200
    client.post(reverse("accounts:logout"))
    assert _save(bare, started, {"position": 1, "answer": "1", "seq": 2}, token).status_code == 403
    assert started.items.get(position=1).seq == 1
