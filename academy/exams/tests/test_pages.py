"""Every page renders for its role and refuses other roles with 403."""

import json

import pytest
from django.urls import reverse

from academy.accounts.roles import Role
from academy.exams.models import Exam, OralTicket, Participant
from academy.exams.services import attempts as svc
from academy.exams.testing import exam_persona, open_case_exam, open_test_exam, staff_commission

pytestmark = pytest.mark.django_db


def test_staff_pages_render_for_a_commission_member_and_refuse_a_listener(
    listener, methodologist, client_as
):
    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    svc.attempt_submit(attempt=attempt, by=listener)
    member = exam.commission.first().user
    urls = [
        reverse("exams:index"),
        reverse("exams:exam_detail", args=[exam.pk]),
        reverse("exams:statement", args=[exam.pk]),
        reverse("exams:item_analysis", args=[exam.pk]),
        reverse("exams:grading_list", args=[exam.pk]),
    ]
    for url in urls:
        assert client_as(member).get(url).status_code == 200, url
    log = reverse("exams:attempt_log", args=[attempt.pk])
    assert client_as(methodologist).get(log).status_code == 200  # not a grader
    for url in [*urls[1:], log]:
        assert client_as(listener).get(url).status_code == 403, url


def test_bank_pages_render_for_a_methodologist(methodologist, client_as):
    open_test_exam(listeners=[])
    client = client_as(methodologist)
    for name in [
        "exams:question_list",
        "exams:question_import",
        "exams:exam_create",
        "exams:index",
    ]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("exams:question_export", args=["moodlexml"])).status_code == 200
    assert client.get(reverse("exams:question_export", args=["other"])).status_code == 403


def _open_exam(kind, listener):
    exam = Exam.objects.create(
        title="Емтихан",
        kind=kind,
        audience=Exam.Audience.COURT_STAFF,
        online_session_url="https://meet.example.kz/room",
    )
    staff_commission(exam)
    exam.status = Exam.Status.OPEN
    exam.save()
    Participant.objects.create(exam=exam, listener=listener)
    return exam


@pytest.mark.clause("TR-22")
def test_a_written_case_is_solved_and_autosaved_over_http(listener, client_as):
    exam, _members = open_case_exam(listeners=[listener])
    client = client_as(listener)
    client.post(reverse("exams:attempt_start", args=[exam.pk]))
    attempt = exam.attempts.get()
    page = client.get(reverse("exams:attempt_take", args=[attempt.pk]))
    assert b'id="case-answer"' in page.content
    url = reverse("exams:attempt_answer", args=[attempt.pk])
    for _ in range(2):  # a retry stores the same text once
        response = client.post(
            url, data=json.dumps({"text": "Шешім", "seq": 1}), content_type="application/json"
        )
        assert response.json()["ok"]
    bad = client.post(url, data=json.dumps({"text": 5, "seq": 2}), content_type="application/json")
    assert bad.status_code == 400
    attempt.refresh_from_db()
    assert attempt.answer_text == "Шешім"


@pytest.mark.clause("TR-23")
def test_an_oral_ticket_page_shows_the_questions_and_the_session_link(listener, client_as):
    exam = _open_exam(Exam.Kind.ORAL, listener)
    OralTicket.objects.create(exam=exam, number=7, questions="Сот төрелігінің қағидаттары")
    client = client_as(listener)
    client.post(reverse("exams:attempt_start", args=[exam.pk]))
    attempt = exam.attempts.get()
    page = client.get(reverse("exams:attempt_take", args=[attempt.pk])).content.decode()
    assert "Сот төрелігінің қағидаттары" in page and "https://meet.example.kz/room" in page
    member = exam.commission.first().user
    grade = client_as(member).get(reverse("exams:grade", args=[exam.pk, attempt.grading_key]))
    assert grade.status_code == 200 and listener.surname not in grade.content.decode()
    assert (
        client_as(exam_persona(Role.EXAM_COMMISSION_MEMBER))
        .get(reverse("exams:grade", args=[exam.pk, attempt.grading_key]))
        .status_code
        == 403
    )


@pytest.mark.clause("TR-21")
def test_a_commission_member_grants_extra_time_with_a_reason(listener, client_as):
    exam = open_test_exam(listeners=[listener])
    participant = exam.participants.get()
    url = reverse("exams:extra_time", args=[participant.pk])
    member = exam.commission.first().user
    assert (
        client_as(exam_persona(Role.EXAM_COMMISSION_MEMBER))
        .post(url, {"minutes": 15, "reason": "Мүмкіндігі шектеулі"})
        .status_code
        == 403
    )
    assert client_as(listener).post(url, {"minutes": 15, "reason": "x"}).status_code == 403
    client_as(member).post(url, {"minutes": 15, "reason": ""})
    participant.refresh_from_db()
    assert participant.extra_minutes == 0
    client_as(member).post(url, {"minutes": 15, "reason": "Мүмкіндігі шектеулі"})
    participant.refresh_from_db()
    assert (participant.extra_minutes, participant.extra_granted_by) == (15, member)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    assert (attempt.deadline - attempt.started_at).total_seconds() == 65 * 60


@pytest.mark.parametrize(
    ("role", "bank_shown"),
    [(Role.RECTOR, False), (Role.VICE_RECTOR, False), (Role.METHODOLOGIST, True)],
)
def test_the_index_links_each_role_to_the_materials_it_may_manage(client_as, role, bank_shown):
    page = client_as(exam_persona(role)).get(reverse("exams:index")).content.decode()
    assert reverse("exams:case_list") in page
    assert reverse("exams:blueprint_list") in page
    assert (reverse("exams:question_list") in page) is bank_shown


def test_the_statement_and_item_analysis_show_their_charts(listener, client_as):
    from academy.exams.services import results as result_services

    exam = open_test_exam(listeners=[listener])
    svc.attempt_submit(attempt=svc.attempt_start(exam=exam, listener=listener), by=listener)
    member = exam.commission.first().user
    result_services.results_compile(exam=exam, by=member)
    client = client_as(member)
    statement = client.get(reverse("exams:statement", args=[exam.pk])).content.decode()
    assert statement.count('class="chart"') == 1 and "0–49 (0.00)" in statement
    analysis = client.get(reverse("exams:item_analysis", args=[exam.pk])).content.decode()
    assert 'class="chart"' in analysis
