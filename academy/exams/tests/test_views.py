import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from academy.accounts.roles import Role
from academy.exams.models import (
    Attempt,
    AttemptEvent,
    Exam,
    Question,
)
from academy.exams.services import attempts as svc
from academy.exams.testing import (
    correct_token,
    exam_persona,
    open_case_exam,
    open_test_exam,
)

pytestmark = pytest.mark.django_db


def _post_json(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def _correct(item):
    return correct_token(item)


@pytest.mark.clause("TR-21")
def test_a_listener_takes_the_test_over_http(listener, client_as):
    exam = open_test_exam(listeners=[listener], count=5)
    client = client_as(listener)
    response = client.post(reverse("exams:attempt_start", args=[exam.pk]))
    attempt = Attempt.objects.get(exam=exam, listener=listener)
    assert response["Location"] == reverse("exams:attempt_take", args=[attempt.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'"correct"' not in page.content and b"data-deadline" in page.content
    url = reverse("exams:attempt_answer", args=[attempt.pk])
    for item in attempt.items.select_related("version__question"):
        assert _post_json(
            client, url, {"position": item.position, "answer": _correct(item), "seq": 1}
        ).json()["ok"]
    response = client.post(reverse("exams:attempt_submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.earned_points == 10
    done = client.get(response["Location"])
    assert b'data-testid="result"' not in done.content  # not before the commission confirms


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        json.dumps({"answer": "0", "seq": 1}).encode(),
        json.dumps({"position": 1, "answer": 7, "seq": 1}).encode(),
        json.dumps({"position": 99, "answer": "0", "seq": 1}).encode(),
        json.dumps({"position": True, "answer": "0", "seq": 1}).encode(),
    ],
)
def test_malformed_answer_payloads_get_a_400_with_a_message(listener, client_as, body):
    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    response = client_as(listener).post(
        reverse("exams:attempt_answer", args=[attempt.pk]),
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.clause("TR-21")
def test_a_late_save_gets_a_translated_refusal_and_changes_nothing(listener, client_as):
    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    item = attempt.items.select_related("version__question").first()
    with time_machine.travel(attempt.deadline + timedelta(seconds=5), tick=False):
        response = _post_json(
            client_as(listener),
            "/ru" + reverse("exams:attempt_answer", args=[attempt.pk])[3:],
            {"position": item.position, "answer": _correct(item), "seq": 1},
        )
    assert response.status_code == 409
    assert "Время" in response.json()["error"]
    item.refresh_from_db()
    assert item.answer is None


def test_a_listener_cannot_read_or_change_another_attempt(listener, client_as):
    other = exam_persona(Role.LISTENER)
    exam = open_test_exam(listeners=[listener, other])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    client = client_as(other)
    assert client.get(reverse("exams:attempt_take", args=[attempt.pk])).status_code == 403
    assert client.get(reverse("exams:attempt_done", args=[attempt.pk])).status_code == 403
    assert (
        _post_json(
            client,
            reverse("exams:attempt_answer", args=[attempt.pk]),
            {"position": 1, "answer": "0", "seq": 1},
        ).status_code
        == 403
    )
    assert client.post(reverse("exams:attempt_submit", args=[attempt.pk])).status_code == 403


def test_a_listener_not_admitted_cannot_start(listener, client_as):
    exam = open_test_exam(listeners=[])
    assert (
        client_as(listener).post(reverse("exams:attempt_start", args=[exam.pk])).status_code == 403
    )


@pytest.mark.parametrize("name", ["question_list", "question_import"])
def test_wrong_role_gets_403_on_the_bank(listener, client_as, name):
    assert client_as(listener).get(reverse(f"exams:{name}")).status_code == 403


def test_staff_outside_the_commission_cannot_see_an_exam(client_as):
    exam = open_test_exam(listeners=[])
    outsider = exam_persona(Role.EXAM_COMMISSION_MEMBER)
    assert client_as(outsider).get(reverse("exams:exam_detail", args=[exam.pk])).status_code == 403
    assert client_as(outsider).get(reverse("exams:statement", args=[exam.pk])).status_code == 403
    member = exam.commission.first().user
    assert client_as(member).get(reverse("exams:exam_detail", args=[exam.pk])).status_code == 200


@pytest.mark.clause("TR-19")
def test_browser_events_are_recorded_in_the_attempt_log(listener, methodologist, client_as):
    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    url = reverse("exams:attempt_event", args=[attempt.pk])
    assert _post_json(client_as(listener), url, {"kind": "tab_hidden"}).status_code == 200
    assert _post_json(client_as(listener), url, {"kind": "hack"}).status_code == 400
    assert attempt.events.get().kind == AttemptEvent.Kind.TAB_HIDDEN
    assert (
        "tab_hidden"
        not in client_as(methodologist)
        .get(reverse("exams:attempt_log", args=[attempt.pk]))
        .content.decode()
    )


@pytest.mark.clause("TR-26")
def test_the_listener_sees_the_result_and_answers_only_when_released(listener, client_as):
    exam = open_test_exam(listeners=[listener])
    member = exam.commission.first().user
    attempt = svc.attempt_start(exam=exam, listener=listener)
    svc.attempt_submit(attempt=attempt, by=listener)
    client = client_as(member)
    client.post(reverse("exams:results_compile", args=[exam.pk]))
    client.post(reverse("exams:results_confirm", args=[exam.pk]))
    done = client_as(listener).get(reverse("exams:attempt_done", args=[attempt.pk]))
    assert b'data-testid="result"' in done.content
    text = attempt.items.first().version.payload["options"][0]["text"]
    assert "Дұрыс" == text and "Дұрыс".encode() not in done.content
    sheet = client.get(reverse("exams:statement_xlsx", args=[exam.pk]))
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client_as(listener).get(reverse("exams:statement_xlsx", args=[exam.pk])).status_code == 403
    )
    client_as(listener).post(reverse("exams:answers_release", args=[exam.pk]))  # 403
    assert (
        "Дұрыс".encode()
        not in client_as(listener).get(reverse("exams:attempt_done", args=[attempt.pk])).content
    )
    client.post(reverse("exams:answers_release", args=[exam.pk]))
    done = client_as(listener).get(reverse("exams:attempt_done", args=[attempt.pk]))
    assert "Дұрыс".encode() in done.content


@pytest.mark.clause("TR-22")
def test_graders_see_the_work_without_the_listeners_name(listener, client_as):
    exam, members = open_case_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    assert attempt.deadline - attempt.started_at == timedelta(minutes=50)
    svc.attempt_text_save(attempt=attempt, text="Менің шешімім", by=listener)
    svc.attempt_submit(attempt=attempt, by=listener)
    client = client_as(members[0])
    page = client.get(reverse("exams:grade", args=[exam.pk, attempt.grading_key]))
    assert (
        "Менің шешімім" in page.content.decode() and listener.surname not in page.content.decode()
    )
    response = client.post(
        reverse("exams:grade", args=[exam.pk, attempt.grading_key]),
        {
            "content": 20,
            "terminology": 15,
            "logic": 15,
            "argumentation": 10,
            "systematicity": 10,
            "comment": "Жақсы",
        },
    )
    assert response.status_code == 302
    assert attempt.grades.get().total == 70


def test_import_view_reports_lines_and_imports_valid_questions(methodologist, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("q.gift", "Сұрақ? {=Иә ~Жоқ}\n\nҚате сұрақ {=Иә\n".encode())
    response = client_as(methodologist).post(
        reverse("exams:question_import"), {"file": upload, "format": "gift"}
    )
    assert response.status_code == 200
    assert Question.objects.count() == 1
    assert "3" in response.content.decode()
    export = client_as(methodologist).get(reverse("exams:question_export", args=["gift"]))
    assert "Сұрақ?" in export.content.decode()


def test_the_test_page_resumes_after_a_crash_with_the_saved_answers(listener, client_as):
    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    item = attempt.items.select_related("version__question").first()
    svc.attempt_answer_save(
        attempt=attempt, position=item.position, answer=_correct(item), by=listener
    )
    with time_machine.travel(attempt.started_at + timedelta(minutes=3), tick=False):
        response = client_as(listener).get(reverse("exams:attempt_take", args=[attempt.pk]))
    page = response.content.decode()
    assert f'id="q{item.position}-{_correct(item)}" value="{_correct(item)}" checked' in page
    assert attempt.events.filter(kind=AttemptEvent.Kind.RESUMED).exists()


def test_the_page_submits_an_expired_attempt_on_next_access(listener, client_as):
    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    with time_machine.travel(attempt.deadline + timedelta(minutes=1), tick=False):
        response = client_as(listener).get(reverse("exams:attempt_take", args=[attempt.pk]))
    assert response["Location"] == reverse("exams:attempt_done", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.auto_submitted


@pytest.mark.clause("TR-25")
def test_a_methodologist_composes_the_commission_and_the_rector_fixes_it(methodologist, client_as):
    from academy.exams.models import CommissionMember

    exam = Exam.objects.create(
        title="Кейс", kind=Exam.Kind.WRITTEN_CASE, audience=Exam.Audience.JUDGES
    )
    rector = exam_persona(Role.RECTOR)
    people = [exam_persona(Role.EXAM_COMMISSION_MEMBER) for _ in range(2)]
    client = client_as(methodologist)
    url = reverse("exams:commission_member_add", args=[exam.pk])
    for user, seat in [
        (people[0], "council_member"),
        (people[1], "supreme_judge"),
        (rector, "rector"),
    ]:
        assert client.post(url, {"user": user.pk, "seat": seat}).status_code == 302
    assert exam.commission.count() == 3
    page = client.get(reverse("exams:exam_detail", args=[exam.pk]))
    assert page.status_code == 200 and b"commission/add/" in page.content
    assert client.post(reverse("exams:commission_fix", args=[exam.pk])).status_code == 403
    client_as(rector).post(reverse("exams:commission_fix", args=[exam.pk]))
    exam.refresh_from_db()
    assert exam.commission_fixed_by == rector
    # A later change of the composition needs the rector again.
    client.post(
        url, {"user": exam_persona(Role.LECTURER).pk, "seat": CommissionMember.Seat.LECTURER}
    )
    exam.refresh_from_db()
    assert exam.commission_fixed_at is None


def test_a_methodologist_creates_an_exam_for_a_group(methodologist, client_as):
    from academy.training.testing import EnrolmentFactory, GroupFactory, ProgrammeFactory

    group = GroupFactory()
    ProgrammeFactory(group=group)
    EnrolmentFactory(group=group)
    response = client_as(methodologist).post(
        reverse("exams:exam_create"), {"group": group.pk, "title": "Қорытынды емтихан"}
    )
    exam = Exam.objects.get(group=group)
    assert response["Location"] == reverse("exams:exam_detail", args=[exam.pk])
    assert exam.kind == Exam.Kind.WRITTEN_CASE and exam.participants.count() == 1


def test_a_question_edited_as_gift_gets_a_new_version(methodologist, client_as):
    from academy.exams.models import Question

    open_test_exam(listeners=[])
    question = Question.objects.first()
    client = client_as(methodologist)
    page = client.get(reverse("exams:question_edit", args=[question.pk]))
    assert "=Дұрыс" in page.content.decode()
    url = reverse("exams:question_edit", args=[question.pk])
    response = client.post(url, {"gift": "Жаңа мәтін? {=Иә ~Жоқ}"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 2 and question.current_version.text == "Жаңа мәтін?"
    wrong_type = client.post(url, {"gift": "Жаңа мәтін? {TRUE}"})
    assert wrong_type.status_code == 200 and question.versions.count() == 2


def test_the_page_carries_shown_positions_not_option_ids(listener, client_as):
    """Stored ids follow the author's order (correct first, often): the page must not show them."""
    import re

    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    page = (
        client_as(listener).get(reverse("exams:attempt_take", args=[attempt.pk])).content.decode()
    )
    for item in attempt.items.all():
        values = re.findall(rf'name="q{item.position}" id="[^"]+" value="(\d+)"', page)
        assert values == ["0", "1", "2"]


def test_an_answer_save_over_http_stays_within_seven_queries(
    listener, client_as, django_assert_max_num_queries
):
    # Session, user, roles (middleware), the locked attempt row, the item UPDATE, and the
    # SAVEPOINT/RELEASE pair of the atomic block inside the test's transaction.
    exam = open_test_exam(listeners=[listener], count=5)
    client = client_as(listener)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    url = reverse("exams:attempt_answer", args=[attempt.pk])
    _post_json(client, url, {"position": 1, "answer": "0", "seq": 1})
    with django_assert_max_num_queries(7):
        response = _post_json(client, url, {"position": 2, "answer": "1", "seq": 1})
    assert response.status_code == 200


def test_the_import_page_lists_every_refused_question_by_line_with_its_reason(
    methodologist, client_as
):
    """Issue 12: the report names each refused question's line and why, good ones import."""
    from html import unescape

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.translation import override

    gift = (
        "Good? {T}\n\n"
        "Broken {=a ~b\n\n"
        "Capital {1:SHORTANSWER:=Astana}\n\n"
        "Thirds {~%33%a ~%33%b ~%34%c}\n\n"
        "Also good? {F}\n"
    )
    upload = SimpleUploadedFile("q.gift", gift.encode())
    with override("en"):
        response = client_as(methodologist).post(
            reverse("exams:question_import"), {"file": upload, "format": "gift"}
        )
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "Imported: 2; skipped as duplicates: 0; rejected: 3." in page
    assert "Line 3: unbalanced or repeated braces" in page
    assert "Line 5: " in page and "Cloze" in page
    assert "Line 7: " in page and "33%" in page
    assert Question.objects.count() == 2
