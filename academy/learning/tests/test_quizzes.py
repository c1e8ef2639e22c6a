"""Quizzes of an online course in the exam engine: practice and graded, attempts limit,
immediate feedback, best or last grade, every question type with its fractions (issue 14)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.exams import selectors as exam_selectors
from academy.exams.models import Attempt, Exam, QuestionType
from academy.exams.services import attempts as engine
from academy.exams.services import formats
from academy.exams.services.bank import category_get_or_create, questions_import
from academy.exams.testing import correct_token, make_bank, wrong_token
from academy.learning import completion, quizzes
from academy.learning.models import Completion, CourseQuiz

pytestmark = pytest.mark.django_db

MIXED = """// language: kk
Қай қала? {~Алматы ~%50%Шымкент =Астана}

// language: kk
Жылы түстер? {~%50%қызыл ~%-100%көк ~%50%сары}

// language: kk
Сәйкестендіріңіз. {=Алматы -> 1929 =Астана -> 1997 = -> 2019}

// language: kk
Астана – елорда. {T}

// language: kk
Елорданың аты? {=Астана =%50%Нұр-Сұлтан}

// language: kk
Екі жерде екі? {#4:0}
"""


@pytest.fixture
def bank(db):
    return make_bank(6, path="Сот әдебі")


def _quiz(course, by, category, **options):
    defaults = {"mode": CourseQuiz.Mode.PRACTICE, "attempts_allowed": 2}
    return quizzes.quiz_create(
        course=course,
        title="Әдеп бойынша тест",
        draws=[quizzes.CategoryDraw(category, 3)],
        by=by,
        **(defaults | options),
    )


def _answer_all(attempt, listener, *, right: bool) -> None:
    for item in attempt.items.select_related("version__question"):
        token = correct_token(item) if right else wrong_token(item)
        engine.attempt_answer_save(
            attempt=attempt.pk, position=item.position, answer=token, by=listener
        )


def test_a_quiz_is_an_exam_of_the_engine_drawn_from_the_bank(course, lecturer, bank, methodologist):
    quiz = _quiz(course, lecturer, bank)
    exam = quiz.exam
    assert (exam.kind, exam.group, exam.status) == (Exam.Kind.COMPUTER_TEST, None, "open")
    assert exam.blueprint.total_items == 3 and exam.blueprint.points_per_item == 1
    assert exam.immediate_feedback and exam.attempts_allowed == 2
    # Run from its course, not listed among the Academy's exams.
    assert exam not in exam_selectors.exams_for(methodologist)


def test_a_category_without_enough_questions_is_named(course, lecturer, bank):
    with pytest.raises(ValidationError) as error:
        quizzes.quiz_create(
            course=course,
            title="Тым көп",
            draws=[quizzes.CategoryDraw(bank, 50)],
            mode=CourseQuiz.Mode.GRADED,
            by=lecturer,
        )
    assert error.value.error_list[0].code == "pool"
    assert "Сот әдебі" in " ".join(error.value.messages)


def test_only_the_groups_authors_add_a_quiz(course, other_lecturer, listener, bank):
    for user in (other_lecturer, listener):
        with pytest.raises(ValidationError):
            _quiz(course, user, bank)


def test_the_attempts_limit_is_enforced_on_the_server(course, lecturer, listener, bank):
    quiz = _quiz(course, lecturer, bank, mode=CourseQuiz.Mode.GRADED)
    first = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    assert quizzes.quiz_attempt_start(quiz=quiz, by=listener).pk == first.pk  # resumed
    quizzes.quiz_submit(quiz=quiz, attempt=first, by=listener)
    second = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    assert second.number == 2 and second.pk != first.pk
    quizzes.quiz_submit(quiz=quiz, attempt=second, by=listener)
    with pytest.raises(ValidationError) as error:
        quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    assert error.value.code == "attempts_used"
    assert Attempt.objects.filter(exam=quiz.exam, listener=listener).count() == 2


def test_the_attempts_limit_holds_through_the_page(client_as, course, lecturer, listener, bank):
    quiz = _quiz(course, lecturer, bank, mode=CourseQuiz.Mode.GRADED, attempts_allowed=1)
    client = client_as(listener)
    start = reverse("learning:quiz_start", args=[quiz.pk])
    response = client.post(start)
    attempt = Attempt.objects.get(exam=quiz.exam, listener=listener)
    assert response.url.endswith(f"/attempts/{attempt.pk}/")
    client.post(response.url, {"submit": "1"})
    client.post(start)  # a second start (a forged form, a double click): refused
    assert Attempt.objects.filter(exam=quiz.exam, listener=listener).count() == 1


def test_a_listener_of_another_group_cannot_take_the_quiz(
    client_as, course, lecturer, other_group_listener, bank
):
    quiz = _quiz(course, lecturer, bank)
    client = client_as(other_group_listener)
    assert client.get(reverse("learning:quiz_detail", args=[quiz.pk])).status_code == 403
    assert client.post(reverse("learning:quiz_start", args=[quiz.pk])).status_code == 403
    with pytest.raises(ValidationError):
        quizzes.quiz_attempt_start(quiz=quiz, by=other_group_listener)


def test_nobody_opens_another_listeners_attempt(
    client_as, course, lecturer, listener, second_listener, bank
):
    quiz = _quiz(course, lecturer, bank)
    attempt = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    url = reverse("learning:quiz_take", args=[quiz.pk, attempt.pk])
    assert client_as(second_listener).get(url).status_code == 403
    assert client_as(listener).get(url).status_code == 200


def test_practice_checks_an_answer_at_once_and_it_then_stays(course, lecturer, listener, bank):
    quiz = _quiz(course, lecturer, bank)
    attempt = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    item = attempt.items.select_related("version__question").get(position=1)
    quizzes.quiz_answers_save(
        quiz=quiz, attempt=attempt, answers={1: wrong_token(item)}, by=listener, check=1
    )
    verdict = exam_selectors.attempt_item_feedback(attempt)[1]
    assert verdict["is_correct"] is False and verdict["correct"] == "Дұрыс"
    # The guarded save stores nothing on a checked item: the checked answer is final.
    with pytest.raises(engine.AnswerChecked):
        engine.attempt_answer_save(
            attempt=attempt.pk, position=1, answer=correct_token(item), by=listener
        )
    item.refresh_from_db()
    assert item.answer != item.order[int(correct_token(item))]
    assert exam_selectors.attempt_item_feedback(attempt).keys() == {1}  # others unchecked


def test_a_graded_quiz_checks_nothing_before_the_submit(course, lecturer, listener, bank):
    quiz = _quiz(course, lecturer, bank, mode=CourseQuiz.Mode.GRADED)
    attempt = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    _answer_all(attempt, listener, right=True)
    with pytest.raises(ValidationError):
        engine.attempt_item_check(attempt=attempt, position=1, by=listener)


@pytest.mark.parametrize(("grading", "counted"), [("best", "100.0"), ("last", "0.0")])
def test_the_best_or_the_last_grade_counts(course, lecturer, listener, bank, grading, counted):
    quiz = _quiz(course, lecturer, bank, mode=CourseQuiz.Mode.GRADED, grading=grading)
    for right in (True, False):
        attempt = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
        _answer_all(attempt, listener, right=right)
        quizzes.quiz_submit(quiz=quiz, attempt=attempt, by=listener)
    attempts = list(Attempt.objects.filter(exam=quiz.exam, listener=listener))
    assert completion.percent_of(completion.quiz_grade(quiz, attempts)) == Decimal(counted)


def _partly(qtype, index):
    """Answers of the MIXED bank earning half, all, or none of the points."""
    if qtype == QuestionType.SINGLE:
        return index["1"]  # Шымкент: 50 %
    if qtype == QuestionType.MULTIPLE:
        return [index["0"]]  # қызыл only: 50 %
    if qtype == QuestionType.MATCHING:
        return {"0": index["0"], "1": index["2"]}  # one pair of two
    if qtype == QuestionType.TRUE_FALSE:
        return True  # right: 100 %
    if qtype == QuestionType.SHORT:
        return "нұр-сұлтан"  # 50 %
    return "5"  # numerical, wrong: 0


def test_every_question_type_of_the_bank_scores_with_its_fractions(course, lecturer, listener):
    items, problems = formats.parse_gift(MIXED)
    category = category_get_or_create(path="Аралас")
    report = questions_import(items=items, problems=problems, category=category, by=None)
    assert len(report.imported) == 6
    quiz = quizzes.quiz_create(
        course=course,
        title="Аралас",
        draws=[quizzes.CategoryDraw(category, 6)],
        mode=CourseQuiz.Mode.GRADED,
        by=lecturer,
    )
    attempt = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    items = list(attempt.items.select_related("version__question"))
    kinds = {item.version.question.qtype for item in items}
    assert kinds == {
        QuestionType.SINGLE,
        QuestionType.MULTIPLE,
        QuestionType.MATCHING,
        QuestionType.TRUE_FALSE,
        QuestionType.SHORT,
        QuestionType.NUMERICAL,
    }
    answers = {}
    for item in items:
        qtype = item.version.question.qtype
        index = {oid: str(i) for i, oid in enumerate(item.order)}
        answers[item.position] = _partly(qtype, index)
    quizzes.quiz_answers_save(quiz=quiz, attempt=attempt, answers=answers, by=listener)
    attempt = quizzes.quiz_submit(quiz=quiz, attempt=attempt, by=listener)
    # 0.5 + 0.5 + 0.5 + 1 + 0.5 + 0 = 3 of 6 points.
    assert (attempt.earned_points, attempt.max_points) == (Decimal("3.00"), 6)
    assert quizzes.attempt_percent(attempt) == Decimal("50.0")


def test_a_passed_rule_counts_the_quiz_done_from_its_pass_mark(course, lecturer, listener, bank):
    quiz = _quiz(
        course,
        lecturer,
        bank,
        mode=CourseQuiz.Mode.GRADED,
        completion=Completion.PASSED,
        pass_percent=60,
        attempts_allowed=None,
    )
    attempt = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    _answer_all(attempt, listener, right=False)
    quizzes.quiz_submit(quiz=quiz, attempt=attempt, by=listener)
    activity = completion.course_activities([course])[course.pk][0]
    results = completion.load_results([activity], [listener.pk])
    assert not completion.activity_status(activity, listener.pk, results).done
    attempt = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    _answer_all(attempt, listener, right=True)
    quizzes.quiz_submit(quiz=quiz, attempt=attempt, by=listener)
    results = completion.load_results([activity], [listener.pk])
    assert completion.activity_status(activity, listener.pk, results).done


def test_the_practice_page_checks_and_submits(client_as, course, lecturer, listener, bank):
    quiz = _quiz(course, lecturer, bank)
    client = client_as(listener)
    url = client.post(reverse("learning:quiz_start", args=[quiz.pk])).url
    attempt = Attempt.objects.get(exam=quiz.exam, listener=listener)
    item = attempt.items.get(position=1)
    client.post(url, {"q1": correct_token(item), "check": "1"})
    page = client.get(url).content.decode()
    assert 'data-testid="verdict"' in page
    client.post(url, {"submit": "1"})
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.earned_points == Decimal("1.00")


@pytest.mark.clause("TR-5")
def test_a_copied_course_takes_its_quizzes_and_scorm_lessons(course, lecturer, methodologist, bank):
    from datetime import timedelta

    from django.utils import timezone

    from academy.learning import scorm, services
    from academy.learning.testing import add_module
    from academy.learning.tests.test_authoring import _new_group
    from academy.learning.tests.test_scorm import package_zip, upload

    module = add_module(course, lecturer, title="A")
    due = timezone.localdate() + timedelta(days=5)
    quiz = _quiz(course, lecturer, bank, module=module, due_on=due)
    scorm.scorm_upload(course=course, file=upload(package_zip()), by=lecturer, module=module)
    target = _new_group(lecturer, start_offset=38, first_class_offset=40)
    copy = services.course_copy(source=course, group=target, by=methodologist)
    copied = copy.quizzes.select_related("exam", "module").get()
    assert copied.exam.pk != quiz.exam.pk and copied.exam.blueprint == quiz.exam.blueprint
    assert copied.module.course == copy and copied.module.title == "A"
    assert copied.due_on == due + timedelta(days=43)
    package = copy.scorm_packages.get()
    assert (
        package.module == copied.module
        and package.file.name != course.scorm_packages.get().file.name
    )


def test_the_groups_lecturer_grades_a_quiz_essay_and_nobody_else(
    client_as, course, lecturer, other_lecturer, listener
):
    items, problems = formats.parse_gift("// language: kk\nАпелляция туралы жазыңыз. {}\n")
    category = category_get_or_create(path="Эссе")
    questions_import(items=items, problems=problems, category=category, by=None)
    quiz = quizzes.quiz_create(
        course=course,
        title="Эссе",
        draws=[quizzes.CategoryDraw(category, 1)],
        mode=CourseQuiz.Mode.GRADED,
        completion=Completion.GRADED,
        by=lecturer,
    )
    attempt = quizzes.quiz_attempt_start(quiz=quiz, by=listener)
    quizzes.quiz_answers_save(quiz=quiz, attempt=attempt, answers={1: "Үш күн."}, by=listener)
    quizzes.quiz_submit(quiz=quiz, attempt=attempt, by=listener)
    activity = completion.course_activities([course])[course.pk][0]
    assert not completion.activity_status(
        activity, listener.pk, completion.load_results([activity], [listener.pk])
    ).done  # waits for the essay's grade
    url = reverse("learning:quiz_review", args=[quiz.pk, attempt.pk])
    assert client_as(other_lecturer).post(url, {"position": 1, "fraction": "1"}).status_code == 403
    assert client_as(listener).get(url).status_code == 403
    client_as(lecturer).post(url, {"position": 1, "fraction": "0.5"})
    attempt.refresh_from_db()
    assert attempt.earned_points == Decimal("0.50")
    assert completion.activity_status(
        activity, listener.pk, completion.load_results([activity], [listener.pk])
    ).done
