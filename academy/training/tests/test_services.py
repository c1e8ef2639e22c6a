"""Rules TR-4..TR-20 proven on the services."""

import csv
import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone, translation
from openpyxl import Workbook

from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.core.audit import audit_event  # noqa: F401 - the log used below
from academy.core.iin import make_iin
from academy.training import selectors, services
from academy.training.models import (
    ApprovalStatus,
    Attendance,
    Audience,
    CourseKind,
    CourseProgramme,
    Enrolment,
    ExpulsionProposal,
    Group,
    Lesson,
    Order,
    SchedulePlan,
)
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    at,
    fill_group,
    listener_factory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen_today():
    # Messages are asserted in the source language (English); time is fixed for deadlines.
    with (
        translation.override("en"),
        time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 2, 10, 0)), tick=False),
    ):
        yield


def _plan_with_row(methodologist):
    plan = services.schedule_plan_create(year=2026, period="year", by=methodologist)
    services.schedule_plan_row_add(
        plan=plan,
        title="Азаматтық сот ісін жүргізу",
        kind=CourseKind.JUDGES_QUALIFICATION,
        audience=Audience.JUDGES,
        start_date=date(2026, 4, 6),
        end_date=date(2026, 4, 15),
        planned_listeners=25,
        language="kk",
        by=methodologist,
    )
    return plan


def _approved(plan, methodologist, rector):
    services.plan_agree_council(plan=plan, by=methodologist)
    services.plan_agree_supreme_court(plan=plan, by=methodologist)
    return services.plan_approve(plan=plan, by=rector)


# ---- TR-10, TR-11, TR-12: plans ----


@pytest.mark.clause("TR-10")
def test_schedule_plan_goes_through_agreement_steps_recording_who_and_when(methodologist, rector):
    plan = _approved(_plan_with_row(methodologist), methodologist, rector)
    assert plan.status == ApprovalStatus.APPROVED
    assert plan.council_agreed_by == methodologist and plan.council_agreed_at
    assert plan.supreme_court_agreed_by == methodologist and plan.supreme_court_agreed_at
    assert plan.approved_by == rector and plan.approved_at


@pytest.mark.clause("TR-10")
def test_rector_cannot_approve_before_supreme_court_agreement(methodologist, rector):
    plan = _plan_with_row(methodologist)
    services.plan_agree_council(plan=plan, by=methodologist)
    with pytest.raises(ValidationError, match="Agreed by the Supreme Court"):
        services.plan_approve(plan=plan, by=rector)


@pytest.mark.clause("TR-10")
def test_only_the_rector_approves_a_plan(methodologist):
    plan = _plan_with_row(methodologist)
    services.plan_agree_council(plan=plan, by=methodologist)
    services.plan_agree_supreme_court(plan=plan, by=methodologist)
    with pytest.raises(ValidationError, match="Rector"):
        services.plan_approve(plan=plan, by=methodologist)


@pytest.mark.clause("TR-10")
def test_approved_plan_is_read_only_and_changes_by_new_version(methodologist, rector):
    plan = _approved(_plan_with_row(methodologist), methodologist, rector)
    with pytest.raises(ValidationError, match="new version"):
        services.schedule_plan_row_add(
            plan=plan,
            title="x",
            kind=CourseKind.STAFF_QUALIFICATION,
            audience=Audience.COURT_STAFF,
            start_date=date(2026, 5, 4),
            end_date=date(2026, 5, 8),
            planned_listeners=40,
            language="ru",
            by=methodologist,
        )
    new = services.schedule_plan_new_version(plan=plan, by=methodologist)
    assert (new.version, new.previous, new.status) == (2, plan, ApprovalStatus.DRAFT)
    assert new.rows.count() == 1


@pytest.mark.clause("TR-10")
def test_half_year_plan_refuses_row_outside_its_half(methodologist):
    plan = services.schedule_plan_create(
        year=2026, period=SchedulePlan.Period.FIRST_HALF, by=methodologist
    )
    with pytest.raises(ValidationError, match="period"):
        services.schedule_plan_row_add(
            plan=plan,
            title="x",
            kind=CourseKind.JUDGES_QUALIFICATION,
            audience=Audience.JUDGES,
            start_date=date(2026, 9, 7),
            end_date=date(2026, 9, 16),
            planned_listeners=25,
            language="kk",
            by=methodologist,
        )


@pytest.mark.clause("TR-10")
def test_empty_plan_cannot_be_agreed(methodologist):
    plan = services.schedule_plan_create(year=2026, period="year", by=methodologist)
    with pytest.raises(ValidationError, match="empty"):
        services.plan_agree_council(plan=plan, by=methodologist)


@pytest.mark.clause("TR-12")
def test_study_plan_is_approved_by_rector_after_both_agreements(methodologist, rector, lecturer):
    plan = services.study_plan_create(year=2026, by=methodologist)
    services.study_plan_topic_add(
        plan=plan,
        kind=CourseKind.JUDGES_QUALIFICATION,
        title="Сот әдебі",
        class_form="seminar",
        hours=4,
        lecturer=lecturer,
        by=methodologist,
    )
    with pytest.raises(ValidationError):
        services.plan_approve(plan=plan, by=rector)
    _approved(plan, methodologist, rector)
    assert plan.is_approved
    with pytest.raises(ValidationError, match="new version"):
        services.study_plan_topic_delete(topic=plan.topics.get(), by=methodologist)


@pytest.mark.clause("TR-10")
def test_course_opens_only_from_an_approved_schedule_plan(methodologist):
    plan = _plan_with_row(methodologist)
    with pytest.raises(ValidationError, match="approved schedule plan"):
        services.course_create(
            title_kk="Курс",
            kind=CourseKind.JUDGES_QUALIFICATION,
            audience=Audience.JUDGES,
            start_date=date(2026, 4, 6),
            end_date=date(2026, 4, 15),
            schedule_row=plan.rows.get(),
            by=methodologist,
        )


# ---- TR-5: course kinds and limits ----


def _retraining(start, end, methodologist):
    return services.course_create(
        title_kk="Қайта даярлау",
        kind=CourseKind.JUDGES_RETRAINING,
        audience=Audience.JUDGES,
        start_date=start,
        end_date=end,
        by=methodologist,
    )


@pytest.mark.clause("TR-5")
def test_monday_to_friday_retraining_of_four_calendar_weeks_is_accepted(methodologist):
    # 7 Sep - 2 Oct 2026: 26 days, first class in week 1, last in week 4.
    course = _retraining(date(2026, 9, 7), date(2026, 10, 2), methodologist)
    assert course.calendar_weeks == 4
    assert course.distance_until == date(2026, 9, 20)


@pytest.mark.clause("TR-5")
@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (date(2026, 4, 6), date(2026, 5, 3), True),  # 28 days, Monday to Sunday
        (date(2026, 9, 13), date(2026, 9, 28), True),  # Sunday of week 1 to Monday of week 4
        (date(2026, 9, 9), date(2026, 10, 4), True),  # Wednesday to Sunday of week 4
        (date(2026, 9, 7), date(2026, 9, 27), False),  # ends in week 3
        (date(2026, 9, 7), date(2026, 10, 5), False),  # ends in week 5
        (date(2026, 9, 9), date(2026, 10, 6), False),  # 28 days, but five calendar weeks
        (date(2026, 4, 6), date(2026, 4, 26), False),  # 3 weeks
    ],
)
def test_retraining_must_span_four_calendar_weeks(methodologist, start, end, ok):
    if ok:
        assert _retraining(start, end, methodologist).calendar_weeks == 4
    else:
        with pytest.raises(ValidationError, match="4 calendar weeks"):
            _retraining(start, end, methodologist)


@pytest.mark.clause("TR-5")
def test_staff_course_is_for_court_staff(methodologist):
    with pytest.raises(ValidationError, match="Court staff"):
        services.course_create(
            title_kk="x",
            kind=CourseKind.STAFF_QUALIFICATION,
            audience=Audience.JUDGES,
            start_date=date(2026, 4, 6),
            end_date=date(2026, 4, 10),
            by=methodologist,
        )


@pytest.mark.clause("TR-5")
@pytest.mark.parametrize(
    ("kind", "audience", "hours", "ok"),
    [
        (CourseKind.JUDGES_QUALIFICATION, Audience.JUDGES, 32, False),
        (CourseKind.JUDGES_QUALIFICATION, Audience.JUDGES, 40, True),
        (CourseKind.JUDGES_QUALIFICATION, Audience.JUDGES, 80, True),
        (CourseKind.JUDGES_QUALIFICATION, Audience.JUDGES, 88, False),
        (CourseKind.STAFF_QUALIFICATION, Audience.COURT_STAFF, 16, False),
        (CourseKind.STAFF_QUALIFICATION, Audience.COURT_STAFF, 24, True),
        (CourseKind.STAFF_QUALIFICATION, Audience.COURT_STAFF, 48, False),
    ],
)
def test_programme_hours_must_keep_the_course_kind_limits(rector, kind, audience, hours, ok):
    course = CourseFactory(kind=kind, audience=audience)
    group_audience = (
        Group.Audience.COURT_STAFF
        if audience == Audience.COURT_STAFF
        else Group.Audience.REGIONAL_JUDGES
    )
    form = (
        CourseProgramme.ExamForm.COMPUTER_TEST
        if audience == Audience.COURT_STAFF
        else CourseProgramme.ExamForm.WRITTEN_CASE
    )
    programme = ProgrammeFactory(
        group=GroupFactory(course=course, audience=group_audience), exam_form=form
    )
    for _ in range(hours // 8):
        LessonFactory(programme=programme, hours=8)
    if ok:
        services.programme_approve(programme=programme, by=rector)
        services.course_approve(course=course, by=rector)
        assert course.status == "approved"
    else:
        with pytest.raises(ValidationError, match="academic hours; the programme has"):
            services.programme_approve(programme=programme, by=rector)
        with pytest.raises(ValidationError, match="academic hours"):
            services.course_approve(course=course, by=rector)


@pytest.mark.clause("TR-5")
def test_retraining_first_two_weeks_are_distance_learning(rector):
    course = CourseFactory(
        kind=CourseKind.JUDGES_RETRAINING,
        start_date=date(2026, 4, 6),
        end_date=date(2026, 5, 3),
    )
    programme = ProgrammeFactory(group=GroupFactory(course=course))
    LessonFactory(programme=programme, starts_at=at(date(2026, 4, 7)), mode=Lesson.Mode.DISTANCE)
    LessonFactory(programme=programme, starts_at=at(date(2026, 4, 21)), mode=Lesson.Mode.DISTANCE)
    with pytest.raises(ValidationError, match="first 2 weeks are distance"):
        services.programme_approve(programme=programme, by=rector)
    Lesson.objects.filter(starts_at__date__gte=date(2026, 4, 20)).update(mode="in_person")
    services.programme_approve(programme=programme, by=rector)


@pytest.mark.clause("TR-5")
def test_distance_weeks_are_calendar_weeks_when_the_course_starts_midweek(rector):
    # Starts Wednesday 9 Sep 2026: calendar week 2 ends on Sunday 20 Sep, not on 22 Sep.
    course = CourseFactory(
        kind=CourseKind.JUDGES_RETRAINING,
        start_date=date(2026, 9, 9),
        end_date=date(2026, 10, 2),
    )
    programme = ProgrammeFactory(group=GroupFactory(course=course))
    LessonFactory(programme=programme, starts_at=at(date(2026, 9, 18)), mode=Lesson.Mode.DISTANCE)
    LessonFactory(programme=programme, starts_at=at(date(2026, 9, 21)), mode=Lesson.Mode.DISTANCE)
    with pytest.raises(ValidationError, match="21.09.2026"):
        services.programme_approve(programme=programme, by=rector)
    Lesson.objects.filter(starts_at__date__gte=date(2026, 9, 21)).update(mode="in_person")
    services.programme_approve(programme=programme, by=rector)


# ---- TR-13: programme deadlines and changes ----


def _programme_ready(start, hours=40):
    course = CourseFactory(start_date=start, end_date=start + timedelta(days=9))
    programme = ProgrammeFactory(
        group=GroupFactory(course=course), exam_date=start + timedelta(days=9)
    )
    for _ in range(hours // 8):
        LessonFactory(programme=programme)
    return programme


@pytest.mark.clause("TR-13")
def test_programme_can_be_sent_up_to_three_days_before_start(rector):
    programme = _programme_ready(TODAY + timedelta(days=3))
    services.programme_approve(programme=programme, by=rector)
    services.programme_send(programme=programme, by=rector)
    assert programme.sent_at is not None


@pytest.mark.clause("TR-13")
def test_programme_later_than_three_days_before_start_is_refused(rector):
    programme = _programme_ready(TODAY + timedelta(days=2))
    with pytest.raises(ValidationError, match="3 calendar days before the start"):
        services.programme_approve(programme=programme, by=rector)


@pytest.mark.clause("TR-13")
def test_admission_is_blocked_without_a_sent_programme(methodologist, rector):
    group = GroupFactory()
    fill_group(group, 20)
    services.group_confirm(group=group, by=methodologist)
    order = services.order_create_admission(group=group, by=methodologist)
    with pytest.raises(ValidationError, match="sent to the Council"):
        services.order_sign(order=order, number="12-ө", date=TODAY, by=rector)
    assert group.enrolments.filter(status=Enrolment.Status.LISTED).count() == 20


@pytest.mark.clause("TR-13")
def test_topic_and_lecturer_change_after_approval_is_allowed_and_recorded(
    rector, methodologist, make_persona
):
    from auditlog.models import LogEntry

    programme = _programme_ready(TODAY + timedelta(days=20))
    services.programme_approve(programme=programme, by=rector)
    lesson = programme.lessons.first()
    other = make_persona(Role.LECTURER)
    services.lesson_change(
        lesson=lesson, topic="Жаңа тақырып", lecturer=other, reason="ауырып қалды", by=methodologist
    )
    lesson.refresh_from_db()
    assert (lesson.topic, lesson.lecturer) == ("Жаңа тақырып", other)
    entry = LogEntry.objects.filter(additional_data__event="lesson_changed").get()
    assert entry.additional_data["after_approval"] is True
    assert entry.actor == methodologist
    with pytest.raises(ValidationError, match="only the topic and the lecturer"):
        services.lesson_add(
            programme=programme,
            topic="x",
            hours=2,
            class_form="lecture",
            starts_at=lesson.starts_at,
            ends_at=lesson.ends_at,
            by=methodologist,
        )


@pytest.mark.clause("TR-7")
def test_lesson_lecturer_must_be_a_lecturer(methodologist, listener):
    programme = ProgrammeFactory()
    start = programme.group.course.start_date
    with pytest.raises(ValidationError, match="not a lecturer"):
        services.lesson_add(
            programme=programme,
            topic="x",
            hours=2,
            class_form="seminar",
            starts_at=at(start),
            ends_at=at(start, 11),
            lecturer=listener,
            by=methodologist,
        )


# ---- TR-19, TR-20: exam form and date, sample questions ----


@pytest.mark.clause("TR-19")
@pytest.mark.parametrize(
    ("audience", "mode", "proctoring", "form", "ok"),
    [
        (Audience.JUDGES, "in_person", False, "written_case", True),
        (Audience.JUDGES, "in_person", False, "computer_test", False),
        (Audience.COURT_STAFF, "in_person", False, "computer_test", True),
        (Audience.COURT_STAFF, "in_person", False, "written_case", False),
        (Audience.JUDGES, "distance", False, "oral", True),
        (Audience.JUDGES, "distance", False, "written_case", False),
        (Audience.JUDGES, "distance", True, "written_case", True),
        (Audience.COURT_STAFF, "distance", True, "computer_test", True),
    ],
)
def test_exam_form_follows_audience_and_mode(methodologist, audience, mode, proctoring, form, ok):
    kind = (
        CourseKind.STAFF_QUALIFICATION
        if audience == Audience.COURT_STAFF
        else CourseKind.JUDGES_QUALIFICATION
    )
    course = CourseFactory(kind=kind, audience=audience)
    group = GroupFactory(
        course=course,
        audience=Group.Audience.COURT_STAFF
        if audience == Audience.COURT_STAFF
        else Group.Audience.DISTRICT_JUDGES,
    )
    call = lambda: services.programme_create(  # noqa: E731
        group=group,
        exam_form=form,
        exam_mode=mode,
        proctoring=proctoring,
        exam_date=course.end_date,
        by=methodologist,
    )
    if ok:
        assert call().exam_form == form
    else:
        with pytest.raises(ValidationError, match="exam form must be"):
            call()


@pytest.mark.clause("TR-20")
@pytest.mark.parametrize(("audience", "days"), [(Audience.JUDGES, 7), (Audience.COURT_STAFF, 3)])
def test_exam_date_leaving_less_notice_than_required_is_refused(methodologist, audience, days):
    staff = audience == Audience.COURT_STAFF
    course = CourseFactory(
        kind=CourseKind.STAFF_QUALIFICATION if staff else CourseKind.JUDGES_QUALIFICATION,
        audience=audience,
        start_date=TODAY - timedelta(days=1),
        end_date=TODAY + timedelta(days=10),
    )
    group = GroupFactory(
        course=course,
        audience=Group.Audience.COURT_STAFF if staff else Group.Audience.REGIONAL_JUDGES,
    )
    form = "computer_test" if staff else "written_case"
    with pytest.raises(ValidationError, match=f"at least {days} calendar days"):
        services.programme_create(
            group=group,
            exam_form=form,
            exam_date=TODAY + timedelta(days=days - 1),
            by=methodologist,
        )
    programme = services.programme_create(
        group=group, exam_form=form, exam_date=TODAY + timedelta(days=days), by=methodologist
    )
    services.programme_publish_questions(
        programme=programme, questions="1. ...\n2. ...", by=methodologist
    )
    assert programme.questions_published_at is not None


@pytest.mark.clause("TR-20")
def test_questions_published_too_late_are_refused(methodologist):
    course = CourseFactory(start_date=TODAY - timedelta(days=3), end_date=TODAY + timedelta(days=6))
    programme = ProgrammeFactory(
        group=GroupFactory(course=course), exam_date=TODAY + timedelta(days=6)
    )
    with pytest.raises(ValidationError, match="Too late"):
        services.programme_publish_questions(
            programme=programme, questions="1. ...", by=methodologist
        )


@pytest.mark.clause("TR-20")
def test_moving_exam_closer_than_notice_after_publication_is_refused(methodologist):
    course = CourseFactory(start_date=TODAY, end_date=TODAY + timedelta(days=20))
    programme = ProgrammeFactory(
        group=GroupFactory(course=course), exam_date=TODAY + timedelta(days=20)
    )
    services.programme_publish_questions(programme=programme, questions="1. ...", by=methodologist)
    with pytest.raises(ValidationError, match="at least 7"):
        services.programme_set_exam(
            programme=programme,
            exam_form="written_case",
            exam_mode="in_person",
            proctoring=False,
            exam_date=TODAY + timedelta(days=5),
            by=methodologist,
        )
    services.programme_set_exam(
        programme=programme,
        exam_form="written_case",
        exam_mode="in_person",
        proctoring=False,
        exam_date=TODAY + timedelta(days=7),
        by=methodologist,
    )


# ---- TR-16, TR-17: groups ----


@pytest.mark.clause("TR-16")
@pytest.mark.parametrize(
    ("audience", "low", "high"),
    [
        (Group.Audience.REGIONAL_JUDGES, 20, 25),
        (Group.Audience.DISTRICT_JUDGES, 30, 35),
        (Group.Audience.COURT_STAFF, 40, 45),
    ],
)
def test_group_outside_its_size_bound_cannot_be_confirmed(methodologist, audience, low, high):
    staff = audience == Group.Audience.COURT_STAFF
    course = CourseFactory(
        kind=CourseKind.STAFF_QUALIFICATION if staff else CourseKind.JUDGES_QUALIFICATION,
        audience=Audience.COURT_STAFF if staff else Audience.JUDGES,
    )
    group = GroupFactory(course=course, audience=audience)
    fill_group(group, low - 1)
    with pytest.raises(
        ValidationError, match=f"{low} to {high} listeners; this group has {low - 1}"
    ):
        services.group_confirm(group=group, by=methodologist)
    fill_group(group, 1)
    services.group_confirm(group=group, by=methodologist)
    assert group.status == Group.Status.CONFIRMED


@pytest.mark.clause("TR-16")
def test_oversized_group_is_refused(methodologist):
    group = GroupFactory()
    fill_group(group, 26)
    with pytest.raises(ValidationError, match="this group has 26"):
        services.group_confirm(group=group, by=methodologist)


@pytest.mark.clause("TR-16")
def test_only_administrator_may_override_size_and_reason_is_recorded(methodologist, administrator):
    from auditlog.models import LogEntry

    group = GroupFactory()
    fill_group(group, 18)
    with pytest.raises(ValidationError, match="Only an administrator"):
        services.group_confirm(group=group, by=methodologist, override_reason="аз өтініш")
    services.group_confirm(group=group, by=administrator, override_reason="Облыста судья аз")
    assert group.size_override_reason == "Облыста судья аз"
    entry = LogEntry.objects.get(additional_data__event="group_size_override")
    assert entry.additional_data["reason"] == "Облыста судья аз"


@pytest.mark.clause("TR-17")
def test_staff_group_is_not_classified_by_proceedings(methodologist):
    course = CourseFactory(kind=CourseKind.STAFF_QUALIFICATION, audience=Audience.COURT_STAFF)
    with pytest.raises(ValidationError, match="sub-category"):
        services.group_create(
            course=course,
            name="A",
            audience=Group.Audience.COURT_STAFF,
            language="ru",
            specialisation="civil",
            by=methodologist,
        )
    group = services.group_create(
        course=course,
        name="A",
        audience=Group.Audience.COURT_STAFF,
        language="ru",
        staff_subcategory=User.StaffSubcategory.BAILIFF,
        by=methodologist,
    )
    assert group.staff_subcategory == "bailiff"


@pytest.mark.clause("TR-17")
def test_judges_group_by_proceedings_language_and_experience(methodologist):
    course = CourseFactory()
    group = services.group_create(
        course=course,
        name="Қылмыстық-kk",
        audience=Group.Audience.DISTRICT_JUDGES,
        language="kk",
        specialisation="criminal",
        experience_up_to_3_years=True,
        by=methodologist,
    )
    assert (group.specialisation, group.language, group.experience_up_to_3_years) == (
        "criminal",
        "kk",
        True,
    )
    with pytest.raises(ValidationError, match="audience"):
        services.group_create(
            course=course,
            name="B",
            audience=Group.Audience.COURT_STAFF,
            language="kk",
            by=methodologist,
        )


# ---- TR-14: group lists ----


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["IIN", "Surname", "Name", "Patronymic", "Category"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


@pytest.mark.clause("TR-14")
def test_list_import_keeps_good_rows_and_reports_bad_ones_by_line(liaison):
    group = GroupFactory(course=CourseFactory(start_date=TODAY + timedelta(days=20)))
    existing_staff = listener_factory(User.Category.COURT_STAFF)
    new_iin = make_iin(date(1982, 1, 5), "M", 77)
    content = _csv(
        [
            [new_iin, "Ахметов", "Серік", "Болатұлы", "судья"],
            ["123456789012", "Қате", "ЖСН", "", "judge"],
            [existing_staff.iin, "", "", "", ""],
            [new_iin, "Ахметов", "Серік", "", "judge"],
            [make_iin(date(1990, 2, 2), "F", 8), "Ким", "Анна", "", "court_staff"],
        ]
    )
    result = services.group_list_import(
        group=group, content=content, filename="list.csv", by=liaison
    )
    assert len(result.added) == 1
    lines = [line for line, _msg in result.errors]
    assert lines == [3, 4, 5, 6]
    messages = dict(result.errors)
    assert "check digit" in messages[3] or "IIN" in messages[3]
    assert "Wrong category" in messages[4]
    assert "twice" in messages[5]
    assert "Wrong category" in messages[6]
    new_user = User.objects.get(iin=new_iin)
    assert new_user.account_verified is False and new_user.category == "judge"
    assert group.enrolments.get().status == Enrolment.Status.LISTED
    assert not result.late


@pytest.mark.clause("TR-14")
def test_list_import_reads_xlsx(liaison):
    group = GroupFactory(course=CourseFactory(start_date=TODAY + timedelta(days=20)))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ЖСН", "Тегі", "Аты", "Әкесінің аты", "Санаты"])
    for serial in range(3):
        sheet.append([make_iin(date(1980, 6, 1), "M", 300 + serial), "Тестов", "Тест", "", "judge"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = services.group_list_import(
        group=group, content=buffer.getvalue(), filename="l.xlsx", by=liaison
    )
    assert (len(result.added), result.errors) == (3, [])


@pytest.mark.clause("TR-14")
def test_list_after_the_deadline_is_accepted_but_flagged(liaison):
    group = GroupFactory(course=CourseFactory(start_date=TODAY + timedelta(days=2)))
    result = services.group_list_import(
        group=group,
        content=_csv([[make_iin(date(1980, 6, 1), "M", 1), "А", "Б", "", ""]]),
        filename="l.csv",
        by=liaison,
    )
    assert result.late and group.list_late
    assert services.group_list_deadline(group) == TODAY - timedelta(days=1)


@pytest.mark.clause("TR-14")
def test_list_on_the_deadline_day_is_not_late(liaison):
    group = GroupFactory(course=CourseFactory(start_date=TODAY + timedelta(days=3)))
    services.group_list_add_row(
        group=group, iin=make_iin(date(1980, 6, 1), "M", 2), surname="А", first_name="Б", by=liaison
    )
    group.refresh_from_db()
    assert group.list_received_at and not group.list_late


@pytest.mark.clause("TR-14")
def test_same_listener_cannot_be_in_two_groups_of_a_course(liaison):
    course = CourseFactory()
    first = EnrolmentFactory(group=GroupFactory(course=course), status=Enrolment.Status.LISTED)
    with pytest.raises(ValidationError, match="already in a group of this course"):
        services.group_list_add_row(
            group=GroupFactory(course=course), iin=first.listener.iin, by=liaison
        )


@pytest.mark.clause("TR-14")
def test_listener_cannot_upload_group_list(listener):
    with pytest.raises(ValidationError, match="Court Administration"):
        services.group_list_add_row(
            group=GroupFactory(), iin=make_iin(date(1980, 1, 1), "M", 5), by=listener
        )


# ---- TR-15, TR-18, TR-28: orders ----


def _started_group(methodologist, rector, size=20):
    programme = _programme_ready(TODAY + timedelta(days=10))
    services.programme_approve(programme=programme, by=rector)
    services.programme_send(programme=programme, by=rector)
    group = programme.group
    fill_group(group, size)
    services.group_confirm(group=group, by=methodologist)
    return group


@pytest.mark.clause("TR-15")
def test_signed_admission_order_admits_the_listed_listeners(methodologist, rector):
    from auditlog.models import LogEntry

    group = _started_group(methodologist, rector)
    order = services.order_create_admission(group=group, by=methodologist)
    assert (
        group.enrolments.filter(status=Enrolment.Status.ADMITTED).count() == 0
    )  # draft changes nothing
    services.order_sign(order=order, number="45-ө", date=TODAY, by=rector)
    assert group.enrolments.filter(status=Enrolment.Status.ADMITTED).count() == 20
    assert selectors.group_active_listeners(group).count() == 20
    assert group.listeners().count() == 20
    assert LogEntry.objects.filter(additional_data__event="order_signed").exists()


@pytest.mark.clause("TR-15")
def test_only_the_rector_signs_and_numbers_are_unique(methodologist, rector):
    group = _started_group(methodologist, rector)
    order = services.order_create_admission(group=group, by=methodologist)
    with pytest.raises(ValidationError, match="Rector"):
        services.order_sign(order=order, number="1", date=TODAY, by=methodologist)
    other = Order.objects.create(
        kind="certificate",
        group=group,
        created_by=rector,
        number="45-ө",
        date=TODAY,
        status="signed",
    )
    assert other.pk
    with pytest.raises(ValidationError, match="number already exists this year"):
        services.order_sign(order=order, number="45-ө", date=TODAY, by=rector)


@pytest.mark.clause("TR-15")
def test_withdrawal_needs_reason_proper_proposer_and_consent(methodologist, rector):
    group = _started_group(methodologist, rector)
    enrolment = group.enrolments.first()
    with pytest.raises(ValidationError) as error:
        services.order_create_withdrawal(
            enrolment=enrolment,
            reason="",
            proposer="vice_rector",
            proposer_name="",
            court_administration_consent=False,
            by=methodologist,
        )
    assert set(error.value.message_dict) == {"reason", "proposer", "court_administration_consent"}
    order = services.order_create_withdrawal(
        enrolment=enrolment,
        reason="Денсаулығына байланысты",
        proposer="regional_chair",
        proposer_name="Облыстық сот төрағасы",
        court_administration_consent=True,
        by=methodologist,
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.LISTED
    services.order_sign(order=order, number="50-ө", date=TODAY, by=rector)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN


@pytest.mark.clause("TR-15")
def test_replacement_admits_the_new_listener_when_signed(methodologist, rector):
    group = _started_group(methodologist, rector)
    services.order_sign(
        order=services.order_create_admission(group=group, by=methodologist),
        number="1-ө",
        date=TODAY,
        by=rector,
    )
    enrolment = group.enrolments.first()
    newcomer = listener_factory()
    with pytest.raises(ValidationError, match="Wrong category"):
        services.order_create_replacement(
            enrolment=enrolment,
            replacement=listener_factory(User.Category.COURT_STAFF),
            reason="Іссапар",
            proposer="head_of_administrator",
            proposer_name="Басшы",
            court_administration_consent=True,
            by=methodologist,
        )
    order = services.order_create_replacement(
        enrolment=enrolment,
        replacement=newcomer,
        reason="Іссапар",
        proposer="head_of_administrator",
        proposer_name="Басшы",
        court_administration_consent=True,
        by=methodologist,
    )
    services.order_sign(order=order, number="2-ө", date=TODAY, by=rector)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REPLACED
    assert group.enrolments.get(listener=newcomer).status == Enrolment.Status.ADMITTED


# ---- TR-18: attendance and expulsion ----


@pytest.fixture
def running_group(methodologist, rector):
    group = _started_group(methodologist, rector)
    services.order_sign(
        order=services.order_create_admission(group=group, by=methodologist),
        number="7-ө",
        date=TODAY,
        by=rector,
    )
    return group


def _past_lessons(group, count, lecturer=None):
    Lesson.objects.filter(programme=group.programme).delete()
    return [
        Lesson.objects.create(
            programme=group.programme,
            topic=f"T{i}",
            hours=2,
            class_form="lecture",
            lecturer=lecturer,
            starts_at=at(TODAY - timedelta(days=count - i)),
            ends_at=at(TODAY - timedelta(days=count - i), 11),
        )
        for i in range(count)
    ]


@pytest.mark.clause("TR-18")
@override_settings(TRAINING_UNEXCUSED_ABSENCE_THRESHOLD=2)
def test_unexcused_absences_over_threshold_raise_a_proposal_to_the_vice_rector(
    running_group, methodologist, vice_rector, rector
):
    enrolment = running_group.enrolments.first()
    lessons = _past_lessons(running_group, 4)
    services.attendance_mark(
        lesson=lessons[0], enrolment=enrolment, mark="unexcused", by=methodologist
    )
    services.attendance_mark(
        lesson=lessons[1], enrolment=enrolment, mark="excused", by=methodologist
    )
    services.attendance_mark(
        lesson=lessons[2], enrolment=enrolment, mark="unexcused", by=methodologist
    )
    assert not ExpulsionProposal.objects.exists()
    services.attendance_mark(
        lesson=lessons[3], enrolment=enrolment, mark="unexcused", by=methodologist
    )
    proposal = ExpulsionProposal.objects.get()
    assert (proposal.enrolment, proposal.unexcused_count) == (enrolment, 3)
    # Marking again does not raise a second proposal.
    services.attendance_mark(
        lesson=lessons[3], enrolment=enrolment, mark="unexcused", by=methodologist
    )
    assert ExpulsionProposal.objects.count() == 1

    with pytest.raises(ValidationError, match="Vice-rector"):
        services.order_create_expulsion(proposal=proposal, by=methodologist)
    order = services.order_create_expulsion(proposal=proposal, by=vice_rector)
    assert order.proposer == Order.Proposer.VICE_RECTOR
    assert "HR" in order.recipients and "chair of the regional" in order.recipients
    services.order_sign(order=order, number="9-ө", date=TODAY, by=rector)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.EXPELLED


@pytest.mark.clause("TR-18")
@override_settings(TRAINING_UNEXCUSED_ABSENCE_THRESHOLD=0)
def test_threshold_is_configurable(running_group, methodologist):
    enrolment = running_group.enrolments.first()
    lesson = _past_lessons(running_group, 1)[0]
    services.attendance_mark(lesson=lesson, enrolment=enrolment, mark="unexcused", by=methodologist)
    assert ExpulsionProposal.objects.filter(status="open").count() == 1


@pytest.mark.clause("TR-18")
def test_lecturer_marks_only_own_classes(running_group, lecturer, make_persona):
    other = make_persona(Role.LECTURER)
    lesson = _past_lessons(running_group, 1, lecturer=lecturer)[0]
    enrolment = running_group.enrolments.first()
    with pytest.raises(ValidationError, match="lecturer or a methodologist"):
        services.attendance_mark(lesson=lesson, enrolment=enrolment, mark="present", by=other)
    record = services.attendance_mark(
        lesson=lesson, enrolment=enrolment, mark="present", by=lecturer
    )
    assert record.mark == Attendance.Mark.PRESENT


@pytest.mark.clause("TR-18")
def test_future_class_and_non_admitted_listener_cannot_be_marked(running_group, methodologist):
    future = Lesson.objects.filter(programme=running_group.programme).first()
    enrolment = running_group.enrolments.first()
    with pytest.raises(ValidationError, match="not started"):
        services.attendance_mark(
            lesson=future, enrolment=enrolment, mark="present", by=methodologist
        )
    past = _past_lessons(running_group, 1)[0]
    stranger = EnrolmentFactory(status=Enrolment.Status.ADMITTED)
    with pytest.raises(ValidationError, match="not in the class's group"):
        services.attendance_mark(lesson=past, enrolment=stranger, mark="present", by=methodologist)


@pytest.mark.clause("TR-18")
def test_attendance_summary_counts_marks(running_group, methodologist):
    enrolment = running_group.enrolments.first()
    lessons = _past_lessons(running_group, 3)
    services.attendance_mark(
        lesson=lessons[0], enrolment=enrolment, mark="present", by=methodologist
    )
    services.attendance_mark(
        lesson=lessons[1], enrolment=enrolment, mark="excused", by=methodologist
    )
    summary = selectors.attendance_summary(enrolment)
    assert (
        summary.total,
        summary.present,
        summary.excused,
        summary.unexcused,
        summary.unmarked,
    ) == (3, 1, 1, 0, 1)


@pytest.mark.clause("TR-28")
def test_certificate_order_completes_the_listeners(running_group, methodologist, rector):
    passed = list(running_group.enrolments.all()[:5])
    # Signing issues the certificates, which rest on confirmed results of 50+ (TR-29).
    from academy.documents.testing import confirm_results

    confirm_results(running_group, passed)
    order = services.order_create_certificate(
        group=running_group, enrolments=passed, by=methodologist
    )
    services.order_sign(order=order, number="88-ө", date=TODAY, by=rector)
    assert running_group.enrolments.filter(status=Enrolment.Status.COMPLETED).count() == 5


# ---- TR-4: training due ----


@pytest.mark.clause("TR-4")
def test_training_due_lists_never_trained_and_overdue_but_not_recent():
    never = listener_factory()
    old_course = CourseFactory(start_date=date(2022, 9, 1), end_date=date(2022, 9, 10))
    overdue = EnrolmentFactory(group=GroupFactory(course=old_course), status="completed").listener
    recent_course = CourseFactory(start_date=date(2025, 9, 1), end_date=date(2025, 9, 10))
    recent = EnrolmentFactory(group=GroupFactory(course=recent_course), status="completed").listener
    soon_course = CourseFactory(start_date=date(2023, 5, 1), end_date=date(2023, 5, 10))
    soon = EnrolmentFactory(group=GroupFactory(course=soon_course), status="completed").listener
    rows = {row.user: row for row in selectors.training_due(today=TODAY)}
    assert rows[never].overdue and rows[never].last_training is None
    assert rows[overdue].overdue and rows[overdue].due_date == date(2025, 9, 10)
    assert not rows[soon].overdue and rows[soon].due_date == date(2026, 5, 10)
    assert recent not in rows
    assert all(row.user.category in ("judge", "court_staff") for row in rows.values())
    by_region = selectors.training_due(today=TODAY, region=never.court.region_id)
    assert [row.user for row in by_region] == [never]


@pytest.mark.clause("TR-4")
def test_training_due_is_counted_by_region_most_first():
    people = [listener_factory() for _ in range(3)]
    rows = [row for row in selectors.training_due(today=TODAY) if row.user in people]
    counts = selectors.training_due_by_region(rows)
    assert sum(count for _name, count in counts) == 3
    assert [count for _name, count in counts] == sorted((c for _n, c in counts), reverse=True)
    assert {name for name, _c in counts} == {str(p.court.region) for p in people}


@pytest.mark.clause("TR-15")
def test_order_numbers_start_again_each_year(methodologist, rector):
    group = _started_group(methodologist, rector)
    Order.objects.create(
        kind="certificate",
        group=group,
        created_by=rector,
        number="1-ө",
        date=date(2025, 12, 30),
        status="signed",
    )
    order = services.order_create_admission(group=group, by=methodologist)
    signed = services.order_sign(order=order, number="1-ө", date=TODAY, by=rector)
    assert signed.is_signed


@pytest.mark.clause("TR-17")
def test_staff_group_by_subcategory_refuses_other_subcategories(liaison):
    course = CourseFactory(kind=CourseKind.STAFF_QUALIFICATION, audience=Audience.COURT_STAFF)
    group = GroupFactory(
        course=course, audience=Group.Audience.COURT_STAFF, staff_subcategory="bailiff"
    )
    clerk = listener_factory(User.Category.COURT_STAFF, staff_subcategory="specialist")
    with pytest.raises(ValidationError, match="Wrong sub-category"):
        services.group_list_add_row(group=group, iin=clerk.iin, by=liaison)
    newcomer = services.group_list_add_row(
        group=group,
        iin=make_iin(date(1991, 7, 7), "M", 3),
        surname="Сәрсенов",
        first_name="Бауыржан",
        by=liaison,
    ).listener
    assert (newcomer.category, newcomer.staff_subcategory) == ("court_staff", "bailiff")


@pytest.mark.clause("TR-14")
def test_numeric_iin_cells_and_windows_1251_csv_are_read(liaison):
    group = GroupFactory(course=CourseFactory(start_date=TODAY + timedelta(days=20)))
    young = make_iin(date(2001, 4, 4), "M", 9)
    assert young.startswith("0")
    workbook = Workbook()
    workbook.active.append(["ЖСН", "Тегі", "Аты"])
    workbook.active.append([int(young), "Жас", "Судья"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = services.group_list_import(
        group=group, content=buffer.getvalue(), filename="l.xlsx", by=liaison
    )
    assert result.errors == [] and result.added[0].listener.iin == young
    cp1251 = f"{make_iin(date(1983, 3, 3), 'F', 4)};Петрова;Анна;;судья\n".encode("cp1251")
    result = services.group_list_import(group=group, content=cp1251, filename="l.csv", by=liaison)
    assert result.errors == [] and result.added[0].listener.surname == "Петрова"


@pytest.mark.clause("TR-15")
def test_enrolment_status_changes_are_in_the_audit_log(methodologist, rector):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    group = _started_group(methodologist, rector)
    order = services.order_create_admission(group=group, by=methodologist)
    services.order_sign(order=order, number="3-ө", date=TODAY, by=rector)
    enrolment = group.enrolments.first()
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Enrolment), object_pk=str(enrolment.pk)
    )
    assert any(entry.changes_dict.get("status") == ["listed", "admitted"] for entry in entries)
