"""Blind grading (TR-22): a grader never sees an identifier that also appears by a name.

Issue 10 found the grade page at /exams/attempts/3/grade/ and, on the exam page, the
listener's name linking to /exams/attempts/3/log/: the same id. Here a commission member
walks every exams page they can reach, page by page.
"""

import re
from collections import deque

import pytest
from django.urls import reverse

from academy.accounts.roles import Role
from academy.exams.models import Exam
from academy.exams.services import attempts as svc
from academy.exams.testing import exam_persona, open_case_exam

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|action)="(/kk/exams/[^"#?]*)"')


@pytest.fixture
def graded_exam(listener):
    other = exam_persona(Role.LISTENER, surname="Оспанова", first_name="Дана")
    exam, members = open_case_exam(listeners=[listener, other])
    attempts = []
    for person, text in ((listener, "Бірінші шешім"), (other, "Екінші шешім")):
        attempt = svc.attempt_start(exam=exam, listener=person)
        svc.attempt_text_save(attempt=attempt, text=text, by=person)
        svc.attempt_submit(attempt=attempt, by=person)
        attempts.append(attempt)
    return exam, members, attempts


def _walk(client, start: str) -> dict[str, str]:
    """Every exams page reachable from `start` by GET, with its HTML."""
    seen: dict[str, str] = {}
    todo = deque([start])
    while todo and len(seen) < 60:
        url = todo.popleft()
        if url in seen or url.endswith((".xlsx", ".pdf")):
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            seen[url] = ""
            continue
        seen[url] = response.content.decode()
        todo.extend(LINK.findall(seen[url]))
    return seen


@pytest.mark.clause("TR-22")
def test_a_grader_sees_no_attempt_id_and_no_work_code_beside_a_name(graded_exam, client_as):
    exam, members, attempts = graded_exam
    client = client_as(members[0])
    pages = _walk(client, reverse("exams:exam_detail", args=[exam.pk]))
    pages.update(_walk(client, reverse("exams:index")))
    grading = [url for url in pages if "/grading/" in url and url.count("/") > 5]
    assert len(grading) == len(attempts)  # the walk reached every work's grade page
    names = [a.listener.surname for a in attempts]
    for url, html in pages.items():
        for attempt in attempts:
            # No attempt id in any address a grader is given.
            assert f"/attempts/{attempt.pk}/" not in url + html, url
            work = re.search(r"/grading/([^/]+)/$", url)
            assert work is None or work[1] != str(attempt.pk), url
        if any(name in html for name in names):
            for attempt in attempts:
                assert attempt.code not in html, url
                assert attempt.grading_key not in html, url
    for url in grading:
        assert not any(name in pages[url] for name in names), url


@pytest.mark.clause("TR-22")
def test_the_attempt_log_opens_to_a_grader_only_after_the_results_are_confirmed(
    graded_exam, client_as, methodologist
):
    exam, members, attempts = graded_exam
    log = reverse("exams:attempt_log", args=[attempts[0].pk])
    assert client_as(members[0]).get(log).status_code == 403
    assert client_as(methodologist).get(log).status_code == 200  # not a grader
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.CONFIRMED)
    assert client_as(members[0]).get(log).status_code == 200


@pytest.mark.clause("TR-22")
def test_a_work_is_graded_by_its_key_and_not_by_the_attempt_id(graded_exam, client_as):
    exam, members, attempts = graded_exam
    client = client_as(members[0])
    page = client.get(reverse("exams:grade", args=[exam.pk, attempts[0].grading_key]))
    assert page.status_code == 200 and "Бірінші шешім" in page.content.decode()
    assert client.get(f"/kk/exams/{exam.pk}/grading/{attempts[0].pk}/").status_code == 404
    other_exam, _members = open_case_exam(listeners=[])
    # A key is good only under its own exam.
    assert (
        client.get(
            reverse("exams:grade", args=[other_exam.pk, attempts[0].grading_key])
        ).status_code
        == 403
    )
    assert attempts[0].grading_key != attempts[1].grading_key
    assert re.fullmatch(r"[0-9a-f]{32}", attempts[0].grading_key)
