"""TR-21 on opening a course's final test; compiling and confirming results only knowingly."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.accounts.roles import Role
from academy.exams.models import Blueprint, BlueprintRule, Exam, Participant
from academy.exams.services import attempts as att
from academy.exams.services import commission as com
from academy.exams.services import results as res
from academy.exams.testing import exam_persona, make_bank, open_test_exam, staff_commission

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def _blueprint(category, items, points=2, minutes=50):
    blueprint = Blueprint.objects.create(
        name=f"{items}×{points}, {minutes}", duration_minutes=minutes, points_per_item=points
    )
    BlueprintRule.objects.create(blueprint=blueprint, category=category, count=items)
    return blueprint


def _ready_test(blueprint, *, group=None):
    exam = Exam.objects.create(
        title="Қорытынды тест",
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.COURT_STAFF,
        blueprint=blueprint,
        group=group,
    )
    staff_commission(exam)
    com.commission_fix(exam=exam, by=exam_persona(Role.RECTOR))
    return exam


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def bank():
    return make_bank(50)


@pytest.fixture
def group():
    from academy.training.testing import GroupFactory

    return GroupFactory(audience="court_staff")


# ---- TR-21 ----


@pytest.mark.clause("TR-21")
@pytest.mark.parametrize(
    ("items", "points", "minutes"), [(10, 2, 20), (50, 1, 50), (50, 2, 60), (49, 2, 50)]
)
def test_the_final_test_of_a_course_refuses_to_open_off_the_standard(
    bank, group, items, points, minutes
):
    exam = _ready_test(_blueprint(bank, items, points, minutes), group=group)
    with pytest.raises(ValidationError, match="50 items of 2 points each and 50 minutes"):
        com.exam_open(exam=exam, by=exam_persona(Role.RECTOR))
    exam.refresh_from_db()
    assert exam.status == Exam.Status.DRAFT


@pytest.mark.clause("TR-21")
def test_the_final_test_of_a_course_opens_with_50_items_of_2_points_in_50_minutes(bank, group):
    exam = _ready_test(_blueprint(bank, 50), group=group)
    assert com.exam_open(exam=exam, by=exam_persona(Role.RECTOR)).status == Exam.Status.OPEN


@pytest.mark.clause("TR-21")
def test_a_quiz_outside_a_course_is_free(bank):
    exam = _ready_test(_blueprint(bank, 10, 1, 20))
    assert com.exam_open(exam=exam, by=exam_persona(Role.RECTOR)).status == Exam.Status.OPEN


@pytest.mark.clause("TR-21")
def test_the_exam_page_says_why_it_cannot_open(client_as, bank, group):
    exam = _ready_test(_blueprint(bank, 10, 2, 20), group=group)
    page = client_as(exam_persona(Role.METHODOLOGIST)).get(
        reverse("exams:exam_detail", args=[exam.pk])
    )
    assert "TR-21" in page.content.decode() and "10 items of 2 points" in page.content.decode()


# ---- Compiling while attempts are possible ----


def _exam_day(listeners, exam_date):
    exam = open_test_exam(listeners=listeners, count=5)
    exam.exam_date = exam_date
    exam.save()
    return exam


@pytest.fixture
def people():
    return [exam_persona(Role.LISTENER) for _ in range(3)]


def _at(*args):
    return datetime(*args, tzinfo=ALMATY)


@pytest.mark.clause("TR-9")
def test_compile_refuses_while_listeners_may_still_start(people):
    with time_machine.travel(_at(2026, 12, 7, 11), tick=False):
        exam = _exam_day(people, date(2026, 12, 7))
        member = exam.commission.first().user
        attempt = att.attempt_start(exam=exam, listener=people[0])
        att.attempt_submit(attempt=attempt, by=people[0])
        with pytest.raises(ValidationError) as info:
            res.results_compile(exam=exam, by=member)
        assert "2 of 3 listeners have not started" in str(info.value)
        assert "08.12.2026 00:50" in str(info.value)  # end of the exam day + 50 minutes
        exam.refresh_from_db()
        assert exam.status == Exam.Status.OPEN and not exam.results.exists()


def test_the_commission_may_close_the_exam_explicitly(people):
    with time_machine.travel(_at(2026, 12, 7, 11), tick=False):
        exam = _exam_day(people, date(2026, 12, 7))
        member = exam.commission.first().user
        att.attempt_submit(attempt=att.attempt_start(exam=exam, listener=people[0]), by=people[0])
        results = res.results_compile(exam=exam, by=member, close=True)
    assert len(results) == 3
    assert sorted(r.points for r in results)[:2] == [0, 0]
    exam.refresh_from_db()
    assert exam.status == Exam.Status.CLOSED
    with pytest.raises(ValidationError):  # the exam is no longer open
        att.attempt_start(exam=exam, listener=people[1])


def test_extra_time_pushes_the_last_deadline(people):
    with time_machine.travel(_at(2026, 12, 7, 11), tick=False):
        exam = _exam_day(people, date(2026, 12, 7))
        Participant.objects.filter(listener=people[2]).update(
            extra_minutes=30, extra_reason="Денсаулық"
        )
        member = exam.commission.first().user
    with time_machine.travel(_at(2026, 12, 8, 1, 10), tick=False):
        with pytest.raises(ValidationError, match="08.12.2026 01:20"):
            res.results_compile(exam=exam, by=member)
    with time_machine.travel(_at(2026, 12, 8, 1, 21), tick=False):
        assert len(res.results_compile(exam=exam, by=member)) == 3


def test_a_running_attempt_is_never_cut_even_by_an_explicit_close(people):
    with time_machine.travel(_at(2026, 12, 7, 11), tick=False):
        exam = _exam_day(people, date(2026, 12, 7))
        member = exam.commission.first().user
        att.attempt_start(exam=exam, listener=people[0])
        with pytest.raises(ValidationError, match="1 listeners are still writing"):
            res.results_compile(exam=exam, by=member, close=True)


def test_without_an_exam_date_only_an_explicit_close_compiles(people):
    exam = open_test_exam(listeners=people, count=5)
    member = exam.commission.first().user
    with pytest.raises(ValidationError, match="no end date"):
        res.results_compile(exam=exam, by=member)
    assert len(res.results_compile(exam=exam, by=member, close=True)) == 3


def test_the_statement_counts_who_has_not_started_and_closes_on_request(client_as, people):
    with time_machine.travel(_at(2026, 12, 7, 11), tick=False):
        exam = _exam_day(people, date(2026, 12, 7))
        member = exam.commission.first().user
        client = client_as(member)
        url = reverse("exams:statement", args=[exam.pk])
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Not started: 3 of 3 listeners" in page and 'data-testid="close-and-compile"' in page
        compile_url = reverse("exams:results_compile", args=[exam.pk])
        client.post(compile_url)
        exam.refresh_from_db()
        assert exam.status == Exam.Status.OPEN
        client.post(compile_url, {"close": "1"})
        exam.refresh_from_db()
        assert exam.status == Exam.Status.CLOSED and exam.results.count() == 3


# ---- Confirming results: a summary first ----


def test_confirming_results_shows_a_summary_first(client_as, people):
    exam = open_test_exam(listeners=people, count=5)
    member = exam.commission.first().user
    att.attempt_submit(attempt=att.attempt_start(exam=exam, listener=people[0]), by=people[0])
    res.results_compile(exam=exam, by=member, close=True)
    exam.participants.create(listener=exam_persona(Role.LISTENER))  # admitted afterwards
    client = client_as(member)
    statement = client.get(reverse("exams:statement", args=[exam.pk])).content.decode()
    confirm_url = reverse("exams:results_confirm", args=[exam.pk])
    assert f'href="{confirm_url}"' in statement  # a link to the summary, not a one-click form
    page = client.get(confirm_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Results: 3 of 4 admitted listeners." in page
    assert "3 listeners did not sit the exam" in page
    assert "1 listener without a result." in page
    exam.refresh_from_db()
    assert exam.status == Exam.Status.CLOSED
    client.post(confirm_url)
    exam.refresh_from_db()
    assert exam.status == Exam.Status.CONFIRMED
