import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from academy.accounts.roles import Role
from academy.exams.models import (
    Blueprint,
    CaseForm,
    CaseTask,
    Exam,
    OralTicket,
    Question,
    QuestionType,
)
from academy.exams.services.bank import QuestionData, question_create
from academy.exams.testing import exam_persona, make_bank, open_test_exam, staff_commission

pytestmark = pytest.mark.django_db


def _formset(prefix, rows, *, extra=2):
    """A formset as the page posts it: the typed rows, then a few rows left empty."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                value = "on"
            if value is not False:
                data[f"{prefix}-{index}-{name}"] = value
    return data


def _question_post(
    category,
    qtype,
    *,
    options=(),
    pairs=(),
    answers=(),
    truth="",
    language="kk",
    text="Сұрақ мәтіні?",
):
    return {
        "category": category.pk,
        "language": language,
        "qtype": qtype,
        "text": text,
        "truth": truth,
        "general_feedback": "",
        **_formset("options", [{"text": t, "correct": c} for t, c in options]),
        **_formset("pairs", [{"left": left, "right": right} for left, right in pairs]),
        **_formset("answers", [{"text": a} for a in answers]),
    }


def _as_posted(form):
    """What a browser posts for the page's question form, unchanged (disabled fields left out)."""
    data = {}
    forms = [form]
    # An edited question's page shows only the rows of its own type.
    shown = [form.rows_for(form.question.qtype)] if form.question else form.formsets
    for formset in filter(None, shown):
        forms += [formset.management_form, *formset]
    for each in forms:
        for field in each:
            if field.field.disabled:
                continue
            value = field.value()
            if field.widget_type == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    return data


def _translated(message):
    with translation.override("kk"):
        return translation.gettext(message)


def _options(payload):
    return [(o["text"], o["correct"]) for o in payload["options"]]


@pytest.mark.parametrize(
    ("qtype", "rows", "expected"),
    [
        (
            QuestionType.SINGLE,
            {"options": [("Дұрыс", True), ("Қате", False)]},
            {
                "options": [
                    {"id": "0", "text": "Дұрыс", "fraction": 1.0, "correct": True, "feedback": ""},
                    {"id": "1", "text": "Қате", "fraction": 0.0, "correct": False, "feedback": ""},
                ]
            },
        ),
        (
            QuestionType.MULTIPLE,
            {"options": [("Бірі", True), ("Екіншісі", True), ("Қате", False)]},
            {
                "options": [
                    # Correct boxes: equal shares, a wrong option takes the mark away.
                    {"id": "0", "text": "Бірі", "fraction": 0.5, "correct": True, "feedback": ""},
                    {
                        "id": "1",
                        "text": "Екіншісі",
                        "fraction": 0.5,
                        "correct": True,
                        "feedback": "",
                    },
                    {"id": "2", "text": "Қате", "fraction": -1.0, "correct": False, "feedback": ""},
                ]
            },
        ),
        (
            QuestionType.TRUE_FALSE,
            {"truth": "false"},
            {"answer": False, "feedback_true": "", "feedback_false": ""},
        ),
        (
            QuestionType.MATCHING,
            {"pairs": [("Алматы", "1929"), ("Астана", "1997")]},
            {
                "pairs": [
                    {"id": "0", "left": "Алматы", "right": "1929"},
                    {"id": "1", "left": "Астана", "right": "1997"},
                ]
            },
        ),
        (
            QuestionType.SHORT,
            {"answers": ["Конституция", " Ата заң "]},
            {
                "answers": [
                    {"text": "Конституция", "fraction": 1.0, "feedback": ""},
                    {"text": "Ата заң", "fraction": 1.0, "feedback": ""},
                ],
                "case_sensitive": False,
            },
        ),
    ],
)
def test_a_methodologist_creates_a_question_of_each_type_row_by_row(
    methodologist, client_as, qtype, rows, expected
):
    category = make_bank(0)
    response = client_as(methodologist).post(
        reverse("exams:question_create"),
        _question_post(category, qtype, language="ru", **rows),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(qtype=qtype)
    assert question.language == "ru"
    assert question.current_version.payload == expected


def test_the_new_question_page_has_empty_rows_for_every_type(methodologist, client_as):
    page = client_as(methodologist).get(reverse("exams:question_create"))
    assert page.status_code == 200
    form = page.context["form"]
    assert (len(form.options), len(form.pairs), len(form.answers)) == (4, 4, 3)
    for name in ["options-0-text", "options-0-correct", "pairs-0-left", "answers-0-text"]:
        assert f'name="{name}"'.encode() in page.content
    assert b'name="truth"' in page.content


@pytest.mark.parametrize(
    "options", [[("Бір", True), ("Екі", True)], [("Бір", False), ("Екі", False)]]
)
def test_a_single_choice_question_needs_exactly_one_correct_option(
    methodologist, client_as, options
):
    category = make_bank(0)
    response = client_as(methodologist).post(
        reverse("exams:question_create"),
        _question_post(category, QuestionType.SINGLE, options=options),
    )
    assert response.status_code == 200
    assert not Question.objects.exists()
    message = _translated("A single-choice question needs exactly one correct option.")
    assert message in response.content.decode()


def test_a_refused_question_keeps_what_the_lecturer_typed(lecturer, client_as):
    category = make_bank(0)
    response = client_as(lecturer).post(
        reverse("exams:question_create"),
        _question_post(
            category,
            QuestionType.SINGLE,
            options=[("Талап қоюшы", True), ("Жауапкер", True), ("Куә", False)],
            text="Кім талап арыз береді?",
        ),
    )
    assert response.status_code == 200
    assert b"alert-danger" in response.content
    form = response.context["form"]
    assert form["text"].value() == "Кім талап арыз береді?"
    assert form["qtype"].value() == QuestionType.SINGLE
    typed = [(row["text"].value(), row["correct"].value()) for row in form.options]
    assert typed[:3] == [("Талап қоюшы", True), ("Жауапкер", True), ("Куә", False)]
    assert len(form.options) == 5  # the empty rows are still there to fill
    assert "Жауапкер".encode() in response.content
    assert response.content.count(b"checked") >= 2


def test_a_row_with_only_a_tick_is_reported_not_dropped(methodologist, client_as):
    category = make_bank(0)
    response = client_as(methodologist).post(
        reverse("exams:question_create"),
        _question_post(
            category, QuestionType.SINGLE, options=[("Бір", False), ("Екі", False), ("", True)]
        ),
    )
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert _translated("An option has no text.") in response.content.decode()


def test_a_question_posted_without_its_rows_is_refused_with_the_reason(methodologist, client_as):
    category = make_bank(0)
    data = {"category": category.pk, "language": "kk", "qtype": QuestionType.MATCHING}
    response = client_as(methodologist).post(
        reverse("exams:question_create"), {**data, "text": "Сұрақ?"}
    )
    assert response.status_code == 200
    assert not Question.objects.exists()
    message = _translated("A matching question needs at least two pairs.")
    assert message in response.content.decode()


def test_a_true_false_question_needs_its_answer(methodologist, client_as):
    category = make_bank(0)
    response = client_as(methodologist).post(
        reverse("exams:question_create"), _question_post(category, QuestionType.TRUE_FALSE)
    )
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert _translated("A true/false question needs its answer.") in response.content.decode()


def test_editing_prefills_the_rows_and_adds_a_version(lecturer, client_as):
    make_bank(1)
    question = Question.objects.get()
    client = client_as(lecturer)
    url = reverse("exams:question_change", args=[question.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert [(row["text"].value(), row["correct"].value()) for row in form.options][:3] == [
        ("Дұрыс", True),
        ("Қате 1", False),
        ("Қате 2", False),
    ]
    assert len(form.options) == 5  # its three options and two empty rows
    assert 'value="Дұрыс"'.encode() in page.content
    # Only the rows of the question's own type are on the page.
    assert b'name="options-TOTAL_FORMS"' in page.content
    assert b'name="pairs-TOTAL_FORMS"' not in page.content
    data = _as_posted(form)
    assert data["options-INITIAL_FORMS"] == 3
    data.update(
        {
            "qtype": QuestionType.SHORT,  # the disabled field keeps the type
            "text": "Жаңа мәтін?",
            "options-0-text": "Жаңа дұрыс",
            "options-2-text": "",  # a cleared row is no option any more
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    question.refresh_from_db()
    assert question.qtype == QuestionType.SINGLE
    assert question.versions.count() == 2
    assert question.current_version.number == 2
    assert question.current_version.text == "Жаңа мәтін?"
    assert _options(question.current_version.payload) == [("Жаңа дұрыс", True), ("Қате 1", False)]
    assert question.versions.get(number=1).payload["options"][0]["text"] == "Дұрыс"


@pytest.mark.parametrize(
    ("qtype", "payload", "prefix", "initial"),
    [
        (
            QuestionType.MATCHING,
            {"pairs": [{"left": "Алматы", "right": "1929"}, {"left": "Астана", "right": "1997"}]},
            "pairs",
            [{"left": "Алматы", "right": "1929"}, {"left": "Астана", "right": "1997"}],
        ),
        (
            QuestionType.SHORT,
            {
                "answers": [
                    {"text": "Конституция", "fraction": 1.0, "feedback": ""},
                    {"text": "Ата заң", "fraction": 1.0, "feedback": ""},
                ],
                "case_sensitive": False,
            },
            "answers",
            [{"text": "Конституция"}, {"text": "Ата заң"}],
        ),
    ],
)
def test_editing_prefills_pairs_and_accepted_answers(
    methodologist, client_as, qtype, payload, prefix, initial
):
    category = make_bank(0)
    question = question_create(
        category=category,
        data=QuestionData(qtype=qtype, text="Сұрақ?", payload=payload, language="kk"),
        by=None,
    )
    page = client_as(methodologist).get(reverse("exams:question_change", args=[question.pk]))
    rows = getattr(page.context["form"], prefix)
    assert [{name: row[name].value() for name in initial[0]} for row in rows][:2] == initial
    assert "Конституция".encode() in page.content or "Алматы".encode() in page.content


def test_editing_a_true_false_question_prefills_its_answer(methodologist, client_as):
    question = question_create(
        category=make_bank(0),
        data=QuestionData(
            qtype=QuestionType.TRUE_FALSE, text="Ақиқат па?", payload={"answer": False}
        ),
        by=None,
    )
    client = client_as(methodologist)
    url = reverse("exams:question_change", args=[question.pk])
    assert client.get(url).context["form"]["truth"].value() == "false"
    data = _question_post(question.category, QuestionType.TRUE_FALSE, truth="true")
    data["text"] = "Ақиқат па?"
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert (question.current_version.number, question.current_version.payload) == (
        2,
        {"answer": True, "feedback_true": "", "feedback_false": ""},
    )


def test_editing_keeps_the_feedback_of_each_option(methodologist, client_as):
    category = make_bank(0)
    question = question_create(
        category=category,
        data=QuestionData(
            qtype=QuestionType.SINGLE,
            text="Сұрақ?",
            payload={
                "options": [
                    {"text": "Иә", "correct": True, "feedback": "Дұрыс, 5-бап."},
                    {"text": "Жоқ", "correct": False, "feedback": "5-бапты қараңыз."},
                ]
            },
            language="kk",
        ),
        by=None,
    )
    client = client_as(methodologist)
    url = reverse("exams:question_change", args=[question.pk])
    data = _as_posted(client.get(url).context["form"])
    data["text"] = "Сұрақ (жаңа)?"
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert [o["feedback"] for o in question.current_version.payload["options"]] == [
        "Дұрыс, 5-бап.",
        "5-бапты қараңыз.",
    ]


def test_moving_a_question_to_russian_adds_no_version(lecturer, client_as):
    category = make_bank(1)
    question = Question.objects.get()
    data = _question_post(
        category,
        QuestionType.SINGLE,
        options=[("Дұрыс", True), ("Қате 1", False), ("Қате 2", False)],
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


def _case(title, specialisation="civil"):
    return CaseTask.objects.create(
        title=title, specialisation=specialisation, form="decision", language="kk", text="Мән-жай"
    )


def _exam(kind):
    exam = Exam.objects.create(title="Емтихан", kind=kind, audience=Exam.Audience.COURT_STAFF)
    staff_commission(exam)
    return exam


@pytest.mark.clause("TR-22")
def test_a_written_case_exam_links_to_its_own_cases(methodologist, client_as):
    exam = _exam(Exam.Kind.WRITTEN_CASE)
    exam.cases.add(_case("Мұрагерлік дау"), _case("Алимент", "juvenile"))
    _case("Басқа емтиханның кейсі")
    client = client_as(methodologist)
    page = client.get(reverse("exams:exam_detail", args=[exam.pk]))
    link = f"{reverse('exams:case_list')}?exam={exam.pk}"
    assert f'href="{link}"'.encode() in page.content
    listing = client.get(link).content.decode()
    assert "Мұрагерлік дау" in listing and "Алимент" in listing
    assert "Басқа емтиханның кейсі" not in listing
    only_civil = client.get(link + "&specialisation=civil").content.decode()
    assert "Мұрагерлік дау" in only_civil and "Алимент" not in only_civil


def test_the_case_list_is_filtered_by_specialisation(lecturer, client_as):
    _case("Мұрагерлік дау")
    _case("Ұрлық", "criminal")
    response = client_as(lecturer).get(reverse("exams:case_list"), {"specialisation": "criminal"})
    assert "Ұрлық" in response.content.decode()
    assert "Мұрагерлік дау" not in response.content.decode()


def test_a_lecturer_sees_no_cases_of_an_exam_outside_their_commissions(lecturer, client_as):
    exam = _exam(Exam.Kind.WRITTEN_CASE)
    response = client_as(lecturer).get(reverse("exams:case_list"), {"exam": exam.pk})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("kind", "testid"),
    [(Exam.Kind.WRITTEN_CASE, b"exam-cases"), (Exam.Kind.ORAL, b"exam-tickets")],
)
def test_only_staff_who_keep_materials_see_the_cases_or_tickets_link(
    methodologist, client_as, kind, testid
):
    exam = _exam(kind)
    url = reverse("exams:exam_detail", args=[exam.pk])
    assert testid in client_as(methodologist).get(url).content
    member = exam.commission.first().user  # an exam commission member, not a lecturer
    page = client_as(member).get(url)
    assert page.status_code == 200
    assert testid not in page.content


def test_a_computer_test_page_links_to_neither_cases_nor_tickets(methodologist, client_as):
    exam = open_test_exam(listeners=[])
    page = client_as(methodologist).get(reverse("exams:exam_detail", args=[exam.pk]))
    assert b"exam-cases" not in page.content and b"exam-tickets" not in page.content


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


def _draft_case_exam(methodologist):
    exam = Exam.objects.create(
        title="Кейс емтиханы", kind=Exam.Kind.WRITTEN_CASE, audience=Exam.Audience.COURT_STAFF
    )
    staff_commission(exam)
    return exam


@pytest.mark.clause("TR-22")
def test_a_methodologist_chooses_the_cases_of_a_written_case_exam(methodologist, client_as):
    exam = _draft_case_exam(methodologist)
    first = CaseTask.objects.create(
        title="Кейс А", specialisation="civil", form=CaseForm.QUESTIONS, language="kk", text="Іс"
    )
    CaseTask.objects.create(
        title="Кейс Б", specialisation="criminal", form=CaseForm.DECISION, language="kk", text="Іс"
    )
    client = client_as(methodologist)
    page = client.get(reverse("exams:exam_detail", args=[exam.pk])).content.decode()
    assert "Кейс А" in page and "Кейс Б" in page
    response = client.post(reverse("exams:exam_cases", args=[exam.pk]), {"cases": [first.pk]})
    assert response.status_code == 302
    assert list(exam.cases.all()) == [first]


@pytest.mark.clause("TR-22")
def test_a_written_case_exam_without_cases_cannot_open(methodologist):
    from django.utils import timezone

    from academy.exams.services.commission import exam_open

    exam = _draft_case_exam(methodologist)
    exam.commission_fixed_at = timezone.now()
    exam.save()
    with translation.override("en"), pytest.raises(ValidationError, match="at least one case"):
        exam_open(exam=exam, by=methodologist)


def test_the_cases_of_an_open_exam_or_a_computer_test_cannot_change(methodologist):
    from academy.exams.services.materials import exam_cases_set

    exam = _draft_case_exam(methodologist)
    exam.status = Exam.Status.OPEN
    exam.save()
    with pytest.raises(ValidationError):
        exam_cases_set(exam=exam, cases=[], by=methodologist)
    test = Exam.objects.create(
        title="Тест", kind=Exam.Kind.COMPUTER_TEST, audience=Exam.Audience.COURT_STAFF
    )
    with pytest.raises(ValidationError):
        exam_cases_set(exam=test, cases=[], by=methodologist)


def test_a_listener_cannot_choose_cases(methodologist, listener, client_as):
    exam = _draft_case_exam(methodologist)
    response = client_as(listener).post(reverse("exams:exam_cases", args=[exam.pk]), {})
    assert response.status_code == 403


@pytest.mark.clause("TR-23")
def test_an_oral_exam_without_tickets_cannot_open(methodologist):
    from django.utils import timezone

    from academy.exams.services.commission import exam_open

    exam = Exam.objects.create(
        title="Ауызша", kind=Exam.Kind.ORAL, audience=Exam.Audience.COURT_STAFF
    )
    staff_commission(exam)
    exam.commission_fixed_at = timezone.now()
    exam.save()
    with translation.override("en"), pytest.raises(ValidationError, match="at least one ticket"):
        exam_open(exam=exam, by=methodologist)
    OralTicket.objects.create(exam=exam, number=1, questions="Бірінші сұрақ")
    assert exam_open(exam=exam, by=methodologist).status == Exam.Status.OPEN


def test_editing_keeps_the_fixed_order_combined_feedback_and_units(methodologist, client_as):
    category = make_bank(0)
    options = [
        {"text": "Аудандық сот", "fraction": 1.0, "feedback": ""},
        {"text": "Жоғарғы Сот", "fraction": 0.0, "feedback": ""},
        {"text": "Жоғарыдағылардың бәрі", "fraction": 0.0, "feedback": ""},
    ]
    combined = {"correct": "Дұрыс.", "partial": "", "incorrect": "Қате."}
    choice = question_create(
        category=category,
        data=QuestionData(
            qtype=QuestionType.SINGLE,
            text="Қай сот?",
            payload={"options": options, "shuffle": False, "combined_feedback": combined},
            language="kk",
        ),
        by=None,
    )
    units = {
        "units": [{"unit": "км", "multiplier": 1.0}, {"unit": "м", "multiplier": 1000.0}],
        "unit_grading": 1,
        "unit_penalty": 0.1,
        "unit_display": "input",
        "units_left": False,
    }
    number = question_create(
        category=category,
        data=QuestionData(
            qtype=QuestionType.NUMERICAL,
            text="Қанша?",
            payload={
                "answers": [{"value": 1.5, "tolerance": 0, "fraction": 1, "feedback": ""}],
                **units,
            },
            language="kk",
        ),
        by=None,
    )
    client = client_as(methodologist)
    url = reverse("exams:question_change", args=[choice.pk])
    data = _as_posted(client.get(url).context["form"])
    data["text"] = "Қай сот (жаңа)?"
    assert client.post(url, data).status_code == 302
    # A numerical question is edited as GIFT; its units travel in the "// moodle:" comment.
    url = reverse("exams:question_edit", args=[number.pk])
    gift = client.get(url).context["form"].initial["gift"]
    assert "// moodle:" in gift
    assert client.post(url, {"gift": gift.replace("Қанша?", "Қанша (жаңа)?")}).status_code == 302
    choice.refresh_from_db()
    number.refresh_from_db()
    assert choice.current_version.number == 2 and number.current_version.number == 2
    assert choice.current_version.payload["shuffle"] is False
    assert choice.current_version.payload["combined_feedback"] == combined
    assert {k: number.current_version.payload[k] for k in units} == units
