from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from academy.accounts.roles import Role
from academy.exams.models import CaseForm, CaseTask, CommissionMember, Exam, Participant, Result
from academy.exams.services import attempts as att
from academy.exams.services import commission as com
from academy.exams.services import results as res
from academy.exams.testing import correct_token, exam_persona, open_test_exam, staff_commission

pytestmark = pytest.mark.django_db
Seat = CommissionMember.Seat


def _exam(audience=Exam.Audience.JUDGES, kind=Exam.Kind.WRITTEN_CASE):
    return Exam.objects.create(title="Емтихан", kind=kind, audience=audience)


def _seat(exam, seat):
    user = exam_persona(Role.EXAM_COMMISSION_MEMBER)
    CommissionMember.objects.create(exam=exam, user=user, seat=seat)
    return user


@pytest.mark.clause("TR-24")
def test_a_judges_commission_is_council_member_supreme_judge_and_rector():
    exam = _exam()
    _seat(exam, Seat.COUNCIL_MEMBER)
    _seat(exam, Seat.RETIRED_SUPREME_COURT_JUDGE)
    assert com.commission_problems(exam)
    _seat(exam, Seat.VICE_RECTOR)
    assert com.commission_problems(exam) == []
    _seat(exam, Seat.LECTURER)
    assert com.commission_problems(exam)


@pytest.mark.clause("TR-24")
def test_an_sec_director_sits_for_judges_only_when_rector_and_vice_rector_are_absent():
    exam = _exam()
    _seat(exam, Seat.COUNCIL_MEMBER)
    _seat(exam, Seat.SUPREME_COURT_JUDGE)
    _seat(exam, Seat.SEC_DIRECTOR)
    assert com.commission_problems(exam)
    exam.leadership_absent_reason = "Іссапар"
    assert com.commission_problems(exam) == []


@pytest.mark.clause("TR-24")
def test_a_staff_commission_needs_at_least_five_with_every_seat():
    exam = _exam(audience=Exam.Audience.COURT_STAFF, kind=Exam.Kind.COMPUTER_TEST)
    for seat in [Seat.COUNCIL_MEMBER, Seat.COUNCIL_STAFF, Seat.COURT_ADMINISTRATION, Seat.LECTURER]:
        _seat(exam, seat)
    assert len(com.commission_problems(exam)) == 2  # too few, SEC director missing
    _seat(exam, Seat.SEC_DIRECTOR)
    assert com.commission_problems(exam) == []


@pytest.mark.clause("TR-25")
def test_an_exam_cannot_open_with_an_invalid_or_unfixed_commission():
    rector = exam_persona(Role.RECTOR)
    exam = _exam()
    _seat(exam, Seat.COUNCIL_MEMBER)
    with pytest.raises(ValidationError):
        com.commission_fix(exam=exam, by=rector)
    with pytest.raises(ValidationError):
        com.exam_open(exam=exam, by=rector)
    _seat(exam, Seat.SUPREME_COURT_JUDGE)
    _seat(exam, Seat.RECTOR)
    with pytest.raises(ValidationError):
        com.exam_open(exam=exam, by=rector)  # not fixed yet
    with pytest.raises(PermissionDenied):
        com.commission_fix(exam=exam, by=exam_persona(Role.METHODOLOGIST))
    com.commission_fix(exam=exam, by=rector)
    with pytest.raises(ValidationError):
        com.exam_open(exam=exam, by=rector)  # no case to draw (TR-22)
    exam.cases.add(
        CaseTask.objects.create(
            title="Кейс", specialisation="civil", form=CaseForm.QUESTIONS, language="kk", text="Іс"
        )
    )
    assert com.exam_open(exam=exam, by=rector).status == Exam.Status.OPEN


@pytest.mark.clause("TR-A2")
@pytest.mark.parametrize(
    ("points", "equivalent"),
    [
        (100, "4.00"),
        (95, "4.00"),
        (94, "3.67"),
        (85, "3.33"),
        (80, "3.00"),
        (79, "2.67"),
        (70, "2.33"),
        (65, "2.00"),
        (64, "1.67"),
        (55, "1.33"),
        (54, "1.00"),
        (50, "1.00"),
        (49, "0.00"),
        (0, "0.00"),
    ],
)
def test_numeric_equivalent(points, equivalent):
    assert res.numeric_equivalent(points) == Decimal(equivalent)


def _case_exam(listener):
    exam = _exam(audience=Exam.Audience.COURT_STAFF)
    members = staff_commission(exam)
    case = CaseTask.objects.create(
        title="Мұрагерлік дауы",
        specialisation="civil",
        form=CaseForm.DECISION,
        language="kk",
        text="...",
    )
    exam.cases.add(case)
    exam.status = Exam.Status.OPEN
    exam.save()
    Participant.objects.create(exam=exam, listener=listener)
    attempt = att.attempt_start(exam=exam, listener=listener)
    att.attempt_text_save(attempt=attempt, text="Шешім: талап қанағаттандырылсын.", by=listener)
    att.attempt_submit(attempt=attempt, by=listener)
    return exam, members, attempt


@pytest.mark.clause("TR-A1")
def test_a_case_grade_is_five_criteria_of_twenty(listener):
    exam, members, attempt = _case_exam(listener)
    with pytest.raises(ValidationError):
        res.grade_submit(attempt=attempt, criteria=[20, 20, 20, 20, 21], comment="", by=members[0])
    with pytest.raises(ValidationError):
        res.grade_submit(attempt=attempt, criteria=[20, 20, 20, 20], comment="", by=members[0])
    with pytest.raises(PermissionDenied):
        res.grade_submit(
            attempt=attempt, criteria=[1, 1, 1, 1, 1], comment="", by=exam_persona(Role.LECTURER)
        )
    assert (
        res.grade_submit(
            attempt=attempt, criteria=[20, 18, 15, 10, 12], comment="", by=members[0]
        ).total
        == 75
    )


@pytest.mark.clause("TR-22")
def test_case_result_is_the_mean_rounded_half_up_and_spread_is_flagged(listener):
    exam, members, attempt = _case_exam(listener)
    res.grade_submit(
        attempt=attempt, criteria=[15, 15, 15, 15, 12], comment="", by=members[0]
    )  # 72
    res.grade_submit(
        attempt=attempt, criteria=[15, 15, 15, 14, 14], comment="", by=members[1]
    )  # 73
    assert res.attempt_points(attempt) == (73, False)  # 72.5 → 73
    res.grade_submit(
        attempt=attempt, criteria=[20, 20, 20, 20, 20], comment="", by=members[2]
    )  # 100
    points, disagreement = res.attempt_points(attempt)
    assert points == 82 and disagreement  # (72+73+100)/3 = 81.67


@pytest.mark.clause("TR-27")
@pytest.mark.clause("TR-26")
def test_results_are_confirmed_then_changed_only_by_a_recorded_correction(listener):
    exam = open_test_exam(listeners=[listener], count=5)
    member = exam.commission.first().user
    attempt = att.attempt_start(exam=exam, listener=listener)
    for item in attempt.items.select_related("version__question")[:2]:
        correct = correct_token(item)
        att.attempt_answer_save(
            attempt=attempt, position=item.position, answer=correct, by=listener
        )
    att.attempt_submit(attempt=attempt, by=listener)
    [result] = res.results_compile(exam=exam, by=member)
    assert (result.points, result.passed) == (40, False)  # 4 of 10 points → 40 of 100
    res.results_confirm(exam=exam, by=member)
    result.refresh_from_db()
    assert result.confirmed_at is not None
    with pytest.raises(ValidationError):
        res.result_correct(result=result, points=55, reason="", by=member)
    res.result_correct(result=result, points=55, reason="Апелляция бойынша", by=member)
    result.refresh_from_db()
    assert (result.points, result.passed, result.numeric_equivalent) == (55, True, Decimal("1.33"))
    assert result.corrections.get().old_points == 40
    assert LogEntry.objects.get_for_object(result).exists()
    with pytest.raises(ValidationError):
        res.results_compile(exam=exam, by=member)


def test_the_database_refuses_a_pass_below_fifty(listener):
    from django.db import IntegrityError

    exam = _exam()
    with pytest.raises(IntegrityError):
        Result.objects.create(
            exam=exam, listener=listener, points=49, numeric_equivalent=0, passed=True
        )


@pytest.mark.clause("TR-20")
def test_an_exam_for_a_training_group_takes_form_date_and_listeners_from_it():
    from academy.training.models import Enrolment
    from academy.training.testing import EnrolmentFactory, GroupFactory, ProgrammeFactory

    group = GroupFactory(audience="court_staff", language="ru")
    programme = ProgrammeFactory(group=group, exam_form="computer_test")
    EnrolmentFactory(group=group)
    EnrolmentFactory(group=group, status=Enrolment.Status.WITHDRAWN)
    exam = com.exam_create_for_group(group=group, title="Итоговый тест", by=None)
    assert (exam.kind, exam.audience, exam.language, exam.exam_date) == (
        Exam.Kind.COMPUTER_TEST,
        Exam.Audience.COURT_STAFF,
        "ru",
        programme.exam_date,
    )
    assert exam.participants.count() == 1


def test_an_exam_cannot_open_when_the_bank_cannot_fill_the_blueprint():
    from academy.exams.testing import make_bank, make_blueprint

    rector = exam_persona(Role.RECTOR)
    exam = _exam(audience=Exam.Audience.COURT_STAFF, kind=Exam.Kind.COMPUTER_TEST)
    exam.blueprint = make_blueprint(make_bank(3), count=5)
    exam.save()
    staff_commission(exam)
    com.commission_fix(exam=exam, by=rector)
    with pytest.raises(ValidationError) as info:
        com.exam_open(exam=exam, by=rector)
    assert "3" in str(info.value)
