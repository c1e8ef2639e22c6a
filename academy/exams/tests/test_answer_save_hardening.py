"""Issue 10: no acknowledged answer is lost, and no crafted save gets a 500.

Both doors of the save are tested: the attempt page's token (AnswerSaveMiddleware) and
the session view; they share answer_save_response and the service.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from academy.exams.services import attempts as svc
from academy.exams.testing import correct_token, open_case_exam, open_test_exam, wrong_token

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _url(attempt_pk: int) -> str:
    return reverse("exams:attempt_answer", args=[attempt_pk])


class Door:
    """One way into the save: the page's token with the session cookie, or the session."""

    def __init__(self, kind: str, client: Client, token: str) -> None:
        self.kind = kind
        self.client = client
        self.token = token

    def post(self, attempt_pk: int, body, url: str | None = None):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        headers = {"X-Attempt-Token": self.token} if self.kind == "token" else {}
        return self.client.post(
            url or _url(attempt_pk), data=data, content_type="application/json", headers=headers
        )


@pytest.fixture
def started(listener):
    exam = open_test_exam(listeners=[listener], count=5)
    return svc.attempt_start(exam=exam, listener=listener)


@pytest.fixture(params=["token", "session"])
def door(request, listener, client_as, started):
    client = client_as(listener)
    page = client.get(reverse("exams:attempt_take", args=[started.pk])).content.decode()
    token = re.search(r'data-save-token="([0-9a-f]+)"', page)[1]
    if request.param == "token":
        bare = Client()
        bare.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
            settings.SESSION_COOKIE_NAME
        ].value
        return Door("token", bare, token)
    return Door("session", client, token)


def _item(attempt, position):
    return attempt.items.select_related("version__question").get(position=position)


# ------------------------------------------------------------------ sequence ----


@pytest.mark.clause("TR-21")
def test_a_late_retry_of_an_older_answer_is_acknowledged_as_superseded_and_not_stored(
    started, door
):
    item = _item(started, 1)
    older = {"position": 1, "answer": wrong_token(item), "seq": 1}
    newer = {"position": 1, "answer": correct_token(item), "seq": 2}
    assert door.post(started.pk, newer).json() == {"ok": True, "seq": 2}
    late = door.post(started.pk, older)  # A's retry lands after B was saved
    assert late.status_code == 200
    assert late.json() == {"ok": True, "superseded": True, "seq": 2}
    item.refresh_from_db()
    assert item.answer == item.order[int(correct_token(item))] and item.seq == 2


@pytest.mark.clause("TR-21")
def test_a_retry_of_the_same_save_is_stored_once(started, door):
    item = _item(started, 2)
    save = {"position": 2, "answer": correct_token(item), "seq": 5}
    assert door.post(started.pk, save).json()["ok"]
    item.refresh_from_db()
    first = item.answered_at
    again = door.post(started.pk, save)
    assert again.json() == {"ok": True, "seq": 5}
    item.refresh_from_db()
    assert item.answered_at == first and item.seq == 5


@pytest.mark.clause("TR-22")
def test_a_late_retry_of_an_older_written_answer_is_superseded(listener, client_as):
    exam, _members = open_case_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    client = client_as(listener)
    post = lambda body: client.post(  # noqa: E731
        _url(attempt.pk), data=json.dumps(body), content_type="application/json"
    )
    assert post({"text": "Жаңа", "seq": 7}).json()["ok"]
    late = post({"text": "Ескі", "seq": 3})
    assert late.json() == {"ok": True, "superseded": True, "seq": 7}
    attempt.refresh_from_db()
    assert attempt.answer_text == "Жаңа" and attempt.text_seq == 7


def test_a_save_without_a_sequence_is_refused(started, door):
    response = door.post(started.pk, {"position": 1, "answer": "0"})
    assert response.status_code == 400
    assert not started.items.filter(answer__isnull=False).exists()


# ------------------------------------------------------------- crafted saves ----


DEEP = '{"position": 1, "seq": 1, "answer": ' + "[" * 1000 + "]" * 1000 + "}"
DEEPER = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "body",
    [
        {"position": 1, "answer": "²", "seq": 1},  # int("²") raises ValueError
        {"position": 1, "answer": "٣", "seq": 1},  # an Arabic-Indic digit
        {"position": 1, "answer": "9" * 5000, "seq": 1},  # beyond int()'s digit limit
        {"position": 1, "answer": ["²"], "seq": 1},
        DEEP,  # RecursionError while parsing or checking
        DEEPER,
        {"position": 2**63, "answer": "0", "seq": 1},  # OverflowError on SQLite
        {"position": 2**64 + 1, "answer": "0", "seq": 1},
        {"position": -(2**63) - 1, "answer": "0", "seq": 1},
        {"position": 1, "answer": "0", "seq": 2**63},
        {"position": 1, "answer": "0", "seq": 2**53},
        {"position": 1, "answer": "0", "seq": 1.5},
        {"text": "x", "seq": 2**64},
    ],
    ids=lambda body: str(body)[:40],
)
def test_crafted_saves_get_a_400_in_json(started, door, body):
    response = door.post(started.pk, body)
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"] == "application/json"
    assert response.json()["ok"] is False and response.json()["error"]
    assert not started.items.filter(answer__isnull=False).exists()


@pytest.mark.parametrize("pk", [2**63, 2**64 + 5, 10**30])
def test_an_attempt_id_beyond_64_bits_is_a_404_in_json(door, pk):
    response = door.post(
        0, {"position": 1, "answer": "0", "seq": 1}, url=f"/kk/exams/attempts/{pk}/answer/"
    )
    assert response.status_code == 404
    assert response.json()["ok"] is False


# ----------------------------------------------------- errors are always JSON ----


def _database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)


def test_with_the_database_down_a_save_is_a_503_json_with_retry_after(started, door, monkeypatch):
    body = {"position": 1, "answer": "0", "seq": 1}
    svc._SAVE_KEYS.clear()  # the attempt is not remembered from an earlier save
    # As in production, an exception becomes a response instead of reaching the test.
    door.client.raise_request_exception = False
    _database_down(monkeypatch)
    response = door.post(started.pk, body)
    monkeypatch.undo()
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert response.json()["ok"] is False and response.json()["retry"] is True
    assert not started.items.filter(answer__isnull=False).exists()
    assert door.post(started.pk, body).status_code == 200  # and back when it is


def test_an_unexpected_error_in_the_save_is_a_500_in_json(started, door, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(svc, "attempt_answer_save", broken)
    response = door.post(started.pk, {"position": 1, "answer": "0", "seq": 1})
    assert response.status_code == 500
    assert response.json()["ok"] is False


def test_the_session_door_answers_json_when_logged_out_or_not_post(started):
    anonymous = Client()
    response = anonymous.post(
        _url(started.pk),
        data='{"position": 1, "answer": "0", "seq": 1}',
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["ok"] is False
    assert anonymous.get(_url(started.pk)).status_code in (403, 405)


# ------------------------------------------------------------------ settings ----


@pytest.mark.parametrize(("max_age", "checks"), [("60", True), ("0", False)])
def test_kept_database_connections_are_health_checked(max_age, checks):
    env = {**os.environ, "DB_CONN_MAX_AGE": max_age, "DJANGO_SETTINGS_MODULE": "academy.settings"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; d = s.DATABASES['default'];"
            " print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.split() == [max_age, str(checks)]
