"""Issue 12: the exam engine scores Moodle's fractions exactly; essays are graded by hand."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from academy.accounts.roles import Role
from academy.exams import selectors
from academy.exams.models import Exam, Participant, QuestionType
from academy.exams.services import attempts as svc
from academy.exams.services import formats
from academy.exams.services.bank import category_get_or_create, questions_import
from academy.exams.services.results import attempt_points
from academy.exams.testing import exam_persona, make_blueprint, staff_commission

pytestmark = pytest.mark.django_db

BANK = """// language: kk
Қай қала? {~Алматы ~%50%Шымкент =Астана}

// language: kk
Жылы түстер? {~%50%қызыл ~%-100%көк ~%50%сары}

// language: kk
Сәйкестендіріңіз. {=Алматы -> 1929 =Астана -> 1997 = -> 2019}

// language: kk
Апелляция туралы жазыңыз. {}
"""


def _exam(listeners):
    items, problems = formats.parse_gift(BANK)
    category = category_get_or_create(path="Бөлшек")
    report = questions_import(items=items, problems=problems, category=category, by=None)
    assert len(report.imported) == 4
    exam = Exam.objects.create(
        title="Бөлшек",
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.COURT_STAFF,
        blueprint=make_blueprint(category, 4),
    )
    members = staff_commission(exam)
    exam.commission_fixed_at = timezone.now()
    exam.status = Exam.Status.OPEN
    exam.save()
    for listener in listeners:
        Participant.objects.create(exam=exam, listener=listener)
    return exam, members


def _token(item, option_id):
    return str(item.order.index(option_id))


def _answer_partly(attempt, listener):
    """Half of each automatically scored item: 0.5 + 0.5 + 0.5 = 1.5 of 3 items."""
    for item in attempt.items.select_related("version__question"):
        qtype = item.version.question.qtype
        if qtype == QuestionType.SINGLE:
            answer = _token(item, "1")  # Шымкент, 50 %
        elif qtype == QuestionType.MULTIPLE:
            answer = [_token(item, "0")]  # қызыл only, 50 %
        elif qtype == QuestionType.MATCHING:
            answer = {"0": _token(item, "0"), "1": _token(item, "2")}  # one pair of two
        else:
            answer = "Апелляция үш күн ішінде беріледі."
        svc.attempt_answer_save(attempt=attempt, position=item.position, answer=answer, by=listener)


def test_partly_right_answers_earn_their_fractions_of_the_points(listener):
    exam, members = _exam([listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    _answer_partly(attempt, listener)
    attempt = svc.attempt_submit(attempt=attempt, by=listener)
    # 2 points per item: 3 × 0.5 × 2 = 3 of 8; the essay waits for its grade.
    assert (attempt.earned_points, attempt.max_points) == (Decimal("3.00"), 8)
    essay = attempt.items.get(version__question__qtype=QuestionType.ESSAY)
    assert essay.score is None and essay.is_correct is None
    scored = attempt.items.exclude(pk=essay.pk)
    assert sorted(scored.values_list("score", flat=True)) == [Decimal("0.5")] * 3
    with pytest.raises(ValidationError):
        attempt_points(attempt)  # an essay is still to grade
    svc.attempt_item_grade(item=essay, fraction="0.75", by=members[0])
    attempt.refresh_from_db()
    assert attempt.earned_points == Decimal("4.50")
    assert attempt_points(attempt) == (56, False)  # 4.5 / 8 × 100 = 56.25


def test_only_a_commission_member_grades_an_essay_and_only_an_essay(listener):
    exam, members = _exam([listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    _answer_partly(attempt, listener)
    svc.attempt_submit(attempt=attempt, by=listener)
    essay = attempt.items.get(version__question__qtype=QuestionType.ESSAY)
    other = attempt.items.exclude(pk=essay.pk).first()
    with pytest.raises(PermissionDenied):
        svc.attempt_item_grade(item=essay, fraction="1", by=exam_persona(Role.LECTURER))
    with pytest.raises(ValidationError):
        svc.attempt_item_grade(item=other, fraction="1", by=members[0])
    with pytest.raises(ValidationError):
        svc.attempt_item_grade(item=essay, fraction="1.5", by=members[0])


def test_item_analysis_uses_the_fractional_score(listener):
    exam, _members = _exam([listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    _answer_partly(attempt, listener)
    svc.attempt_submit(attempt=attempt, by=listener)
    stats = selectors.item_analysis(exam)
    # Three scored items, each half right: difficulty 0.5, not 0 (none fully right).
    assert [s.difficulty for s in stats] == [0.5, 0.5, 0.5]


def test_a_description_is_never_drawn_as_an_item(listener):
    items, _p = formats.parse_gift("// language: kk\nБұл бөлім шарттар туралы.")
    category = category_get_or_create(path="Сипаттама")
    questions_import(items=items, problems=[], category=category, by=None)
    exam = Exam.objects.create(
        title="Сипаттама",
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.COURT_STAFF,
        blueprint=make_blueprint(category, 1),
    )
    staff_commission(exam)
    exam.commission_fixed_at = timezone.now()
    exam.status = Exam.Status.OPEN
    exam.save()
    Participant.objects.create(exam=exam, listener=listener)
    with pytest.raises(ValidationError):
        svc.attempt_start(exam=exam, listener=listener)


def test_a_member_grades_an_essay_on_its_page_and_others_cannot(listener, client_as):
    from django.urls import reverse

    exam, members = _exam([listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    _answer_partly(attempt, listener)
    svc.attempt_submit(attempt=attempt, by=listener)
    essay = attempt.items.get(version__question__qtype=QuestionType.ESSAY)
    url = reverse("exams:essay_grading", args=[attempt.exam_id, attempt.grading_key])
    page = client_as(members[0]).get(url)
    assert page.status_code == 200
    assert "Апелляция үш күн ішінде беріледі." in page.content.decode()
    assert listener.surname not in page.content.decode()  # by work code only (TR-22)
    response = client_as(members[0]).post(url, {"item": essay.pk, "fraction": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.earned_points == Decimal("5.00")
    outsider = exam_persona(Role.EXAM_COMMISSION_MEMBER)
    assert client_as(outsider).get(url).status_code == 403
    assert client_as(listener).get(url).status_code == 403


def test_the_test_page_shows_an_essay_box_and_only_real_pairs_to_match(listener, client_as):
    from django.urls import reverse

    exam, _members = _exam([listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    page = client_as(listener).get(reverse("exams:attempt_take", args=[attempt.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    essay = attempt.items.get(version__question__qtype=QuestionType.ESSAY)
    assert f'<textarea class="form-control" id="q{essay.position}-text"' in html
    # Two pairs to match; the extra answer "2019" is only a choice in each list.
    assert html.count("data-left=") == 2
    assert html.count(">2019</option>") == 2
