"""Test helpers for documents (and other apps' tests): a finished group with results."""

from datetime import date

from django.utils import timezone

from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.exams.models import CommissionMember, Exam, Participant, Result
from academy.exams.services.results import numeric_equivalent
from academy.training import services as training_services
from academy.training.models import (
    Audience,
    CourseKind,
    Group,
    SchedulePlan,
    SchedulePlanRow,
    StudyPlan,
)
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    listener_factory,
)

START = date(2026, 3, 2)
END = date(2026, 3, 11)
SIGNED_ON = date(2026, 3, 13)


def build_group(
    points,
    *,
    staff=False,
    confirmed=True,
    language="kk",
    planned=25,
    course=None,
    names=None,
):
    """A finished group: one admitted listener per entry of `points` (None: no result).

    Its course comes from a schedule plan row (`planned` listeners) and the 2026 study
    plan; the programme has 5 classes × 8 hours; the exam has a commission.
    """
    if course is None:
        study = StudyPlan.objects.get_or_create(year=2026, version=1)[0]
        plan = SchedulePlan.objects.get_or_create(year=2026, period="year", version=1)[0]
        kind = CourseKind.STAFF_QUALIFICATION if staff else CourseKind.JUDGES_QUALIFICATION
        audience = Audience.COURT_STAFF if staff else Audience.JUDGES
        row = SchedulePlanRow.objects.create(
            plan=plan,
            title="Row",
            kind=kind,
            audience=audience,
            start_date=START,
            end_date=END,
            planned_listeners=planned,
        )
        course = CourseFactory(
            kind=kind,
            audience=audience,
            start_date=START,
            end_date=END,
            schedule_row=row,
            study_plan=study,
            title_kk="Азаматтық сот ісін жүргізу",
            title_ru="Гражданское судопроизводство",
            title_en="Civil proceedings",
        )
    group = GroupFactory(
        course=course,
        audience=Group.Audience.COURT_STAFF if staff else Group.Audience.REGIONAL_JUDGES,
        language=language,
        status=Group.Status.CONFIRMED,
    )
    programme = ProgrammeFactory(group=group, exam_date=END)
    for _i in range(5):
        LessonFactory(programme=programme, hours=8)
    exam = Exam.objects.create(
        title="Final exam",
        group=group,
        kind=Exam.Kind.COMPUTER_TEST if staff else Exam.Kind.WRITTEN_CASE,
        audience=Exam.Audience.COURT_STAFF if staff else Exam.Audience.JUDGES,
        exam_date=END,
        status=Exam.Status.CONFIRMED if confirmed else Exam.Status.CLOSED,
    )
    for role, seat, surname in [
        (Role.EXAM_COMMISSION_MEMBER, CommissionMember.Seat.COUNCIL_MEMBER, "Кеңесов"),
        (Role.EXAM_COMMISSION_MEMBER, CommissionMember.Seat.SUPREME_COURT_JUDGE, "Сотов"),
        (Role.VICE_RECTOR, CommissionMember.Seat.VICE_RECTOR, "Проректоров"),
    ]:
        CommissionMember.objects.create(
            exam=exam,
            user=persona(role, surname=surname),
            seat=seat,
            is_chair=surname == "Кеңесов",
        )
    category = User.Category.COURT_STAFF if staff else User.Category.JUDGE
    enrolments = []
    for index, value in enumerate(points):
        extra = {}
        if names and index < len(names):
            extra = {"surname": names[index][0], "first_name": names[index][1]}
        else:
            extra = {"surname": f"Тыңдаушы{index:02d}"}
        listener = listener_factory(category, **extra)
        enrolments.append(EnrolmentFactory(group=group, listener=listener))
        if value is not None:
            Participant.objects.create(exam=exam, listener=listener)
            Result.objects.create(
                exam=exam,
                listener=listener,
                points=value,
                numeric_equivalent=numeric_equivalent(value),
                passed=value >= 50,
                confirmed_at=timezone.now() if confirmed else None,
            )
    return group, exam, enrolments


def sign_certificate_order(group, enrolments, methodologist, rector, number="12-с", on=SIGNED_ON):
    order = training_services.order_create_certificate(
        group=group, enrolments=enrolments, by=methodologist
    )
    return training_services.order_sign(order=order, number=number, date=on, by=rector)


def passed(group):
    return [
        e
        for e in group.enrolments.select_related("listener")
        if e.listener.exam_results.filter(exam__group=group, points__gte=50).exists()
    ]


def confirm_results(group, enrolments, points=75):
    """A confirmed exam of the group where each of `enrolments` has `points` (TR-28, TR-29)."""
    exam = Exam.objects.create(
        title="Final exam",
        group=group,
        kind=Exam.Kind.WRITTEN_CASE,
        audience=Exam.Audience.JUDGES if group.is_for_judges else Exam.Audience.COURT_STAFF,
        exam_date=group.course.end_date,
        status=Exam.Status.CONFIRMED,
    )
    for enrolment in enrolments:
        Result.objects.create(
            exam=exam,
            listener=enrolment.listener,
            points=points,
            numeric_equivalent=numeric_equivalent(points),
            passed=points >= 50,
            confirmed_at=timezone.now(),
        )
    return exam
