import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from academy.accounts.roles import Role
from academy.exams.models import Blueprint, CaseTask, Exam, OralTicket, Question, QuestionType
from academy.exams.testing import exam_persona, make_bank, open_test_exam

pytestmark = pytest.mark.django_db


def _question_post(category, qtype, answers="", truth="", language="kk", text="Сұрақ мәтіні?"):
    return {
        "category": category.pk,
        "language": language,
        "qtype": qtype,
        "text": text,
        "answers": answers,
        "truth": truth,
        "general_feedback": "",
    }


@pytest.mark.parametrize(
    ("qtype", "answers", "truth", "payload_key"),
    [
        (QuestionType.SINGLE, "*Дұрыс\nҚате", "", "options"),
        (QuestionType.MULTIPLE, "*Бірі\n*Екіншісі\nҚате", "", "options"),
        (QuestionType.TRUE_FALSE, "", "false", "answer"),
        (QuestionType.MATCHING, "Алматы => 1929\nАстана => 1997", "", "pairs"),
        (QuestionType.SHORT, "Конституция\nАта заң", "", "answers"),
    ],
)
def test_a_methodologist_creates_a_question_of_each_type(
    methodologist, client_as, qtype, answers, truth, payload_key
):
    category = make_bank(0)
    response = client_as(methodologist).post(
        reverse("exams:question_create"),
        _question_post(category, qtype, answers, truth, language="ru"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(qtype=qtype)
    assert question.language == "ru"
    assert payload_key in question.current_version.payload


def test_an_invalid_question_is_shown_with_the_reason(methodologist, client_as):
    category = make_bank(0)
    response = client_as(methodologist).post(
        reverse("exams:question_create"),
        _question_post(category, QuestionType.SINGLE, "Бір\nЕкі"),  # no correct option
    )
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert b"alert-danger" in response.content


def test_editing_a_question_adds_a_version_and_keeps_its_type(lecturer, client_as):
    category = make_bank(1)
    question = Question.objects.get()
    client = client_as(lecturer)
    page = client.get(reverse("exams:question_change", args=[question.pk]))
    assert page.status_code == 200 and "*Дұрыс".encode() in page.content
    data = _question_post(category, QuestionType.SHORT, "*Жаңа\nҚате", text="Жаңа мәтін?")
    response = client.post(reverse("exams:question_change", args=[question.pk]), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.qtype == QuestionType.SINGLE  # the disabled field keeps the type
    assert question.current_version.number == 2
    assert question.current_version.text == "Жаңа мәтін?"


def test_moving_a_question_to_russian_adds_no_version(lecturer, client_as):
    category = make_bank(1)
    question = Question.objects.get()
    data = _question_post(
        category,
        QuestionType.SINGLE,
        "*Дұрыс\nҚате 1\nҚате 2",
        language="ru",
        text=question.current_version.text,
    )
    client_as(lecturer).post(reverse("exams:question_change", args=[question.pk]), data)
    question.refresh_from_db()
    assert (question.language, question.current_version.number) == ("ru", 1)


def test_a_listener_cannot_open_the_question_form(listener, client_as):
    assert client_as(listener).get(reverse("exams:question_create")).status_code == 403


def _rules(category, count, prefix="rules"):
    return {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-category": category.pk,
        f"{prefix}-0-count": count,
        f"{prefix}-0-include_subcategories": "on",
    }


@pytest.mark.clause("TR-21")
def test_a_methodologist_builds_a_blueprint_with_rules(methodologist, client_as):
    category = make_bank(6)
    client = client_as(methodologist)
    data = {"name": "Мемлекеттік қызмет", "points_per_item": 2, "duration_minutes": 50}
    response = client.post(reverse("exams:blueprint_create"), {**data, **_rules(category, 5)})
    assert response.status_code == 302
    blueprint = Blueprint.objects.get(name="Мемлекеттік қызмет")
    assert blueprint.total_items == 5
    assert LogEntry.objects.filter(additional_data__event="blueprint_saved").exists()
    listing = client.get(reverse("exams:blueprint_list"))
    assert "Мемлекеттік қызмет".encode() in listing.content


def test_a_blueprint_needs_a_rule(methodologist, client_as):
    data = {"name": "Бос", "points_per_item": 2, "duration_minutes": 50}
    empty = {
        "rules-TOTAL_FORMS": "0",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
    }
    response = client_as(methodologist).post(reverse("exams:blueprint_create"), {**data, **empty})
    assert response.status_code == 200
    assert not Blueprint.objects.filter(name="Бос").exists()


def test_a_listener_cannot_see_blueprints(listener, client_as):
    assert client_as(listener).get(reverse("exams:blueprint_list")).status_code == 403


@pytest.mark.clause("TR-22")
def test_a_lecturer_writes_and_edits_a_case(lecturer, client_as):
    client = client_as(lecturer)
    data = {
        "title": "Мұрагерлік дау",
        "specialisation": "civil",
        "form": "decision",
        "language": "kk",
        "text": "Іс мән-жайы ...",
    }
    assert client.post(reverse("exams:case_create"), data).status_code == 302
    case = CaseTask.objects.get()
    data["title"] = "Мұрагерлік дау (2)"
    assert client.post(reverse("exams:case_edit", args=[case.pk]), data).status_code == 302
    case.refresh_from_db()
    assert case.title == "Мұрагерлік дау (2)"
    assert "Мұрагерлік".encode() in client.get(reverse("exams:case_list")).content


def test_a_listener_cannot_write_cases(listener, client_as):
    assert client_as(listener).get(reverse("exams:case_create")).status_code == 403


@pytest.mark.clause("TR-23")
def test_tickets_are_added_to_an_oral_exam_with_unique_numbers(methodologist, client_as):
    exam = open_test_exam(listeners=[])
    exam.kind = Exam.Kind.ORAL
    exam.save()
    client = client_as(methodologist)
    url = reverse("exams:ticket_list", args=[exam.pk])
    assert client.post(url, {"number": 1, "questions": "Бірінші\nЕкінші"}).status_code == 302
    again = client.post(url, {"number": 1, "questions": "Басқа"})
    assert again.status_code == 200
    assert OralTicket.objects.filter(exam=exam).count() == 1
    ticket = OralTicket.objects.get()
    edit = reverse("exams:ticket_edit", args=[ticket.pk])
    assert client.post(edit, {"number": 1, "questions": "Үшінші"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.questions == "Үшінші"


def test_a_computer_test_takes_no_tickets(methodologist, client_as):
    exam = open_test_exam(listeners=[])
    url = reverse("exams:ticket_list", args=[exam.pk])
    response = client_as(methodologist).post(url, {"number": 1, "questions": "Сұрақ"})
    assert response.status_code == 200
    assert not OralTicket.objects.exists()


def test_a_listener_cannot_see_tickets(listener, client_as):
    exam = open_test_exam(listeners=[listener])
    other = exam_persona(Role.LISTENER)
    url = reverse("exams:ticket_list", args=[exam.pk])
    assert client_as(other).get(url).status_code == 403
