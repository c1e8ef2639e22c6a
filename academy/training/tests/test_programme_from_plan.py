"""A group's programme takes its classes from the approved study plan (TR-11..TR-13)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from academy.training import services
from academy.training.models import CourseKind, StudyPlan
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    at,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen_today():
    with (
        translation.override("en"),
        time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 2, 10, 0)), tick=False),
    ):
        yield


def url(name, *args):
    return "/en" + reverse(name, args=args)[3:]


def _plan(methodologist, rector, lecturer, *, approve=True):
    plan = services.study_plan_create(year=2026, by=methodologist)
    for kind, title, form, hours in (
        (CourseKind.JUDGES_QUALIFICATION, "Сот әдебі", "seminar", 8),
        (CourseKind.JUDGES_QUALIFICATION, "Сот актілерін жазу", "practical", 16),
        (CourseKind.STAFF_QUALIFICATION, "Іс жүргізу", "lecture", 4),
    ):
        services.study_plan_topic_add(
            plan=plan,
            kind=kind,
            title=title,
            class_form=form,
            hours=hours,
            lecturer=lecturer,
            by=methodologist,
        )
    if approve:
        services.plan_agree_council(plan=plan, by=methodologist)
        services.plan_agree_supreme_court(plan=plan, by=methodologist)
        services.plan_approve(plan=plan, by=rector)
    return plan


def _programme(plan):
    course = CourseFactory(
        start_date=TODAY + timedelta(days=20), end_date=TODAY + timedelta(days=29), study_plan=plan
    )
    return ProgrammeFactory(group=GroupFactory(course=course), exam_date=course.end_date)


@pytest.mark.clause("TR-11")
def test_classes_are_taken_from_the_plan_for_the_course_kind(methodologist, rector, lecturer):
    programme = _programme(_plan(methodologist, rector, lecturer))
    added = services.programme_fill_from_study_plan(programme=programme, by=methodologist)
    rows = [(x.topic, x.class_form, x.hours, x.lecturer, x.starts_at) for x in added]
    assert rows == [
        ("Сот әдебі", "seminar", 8, lecturer, None),
        ("Сот актілерін жазу", "practical", 16, lecturer, None),
    ]
    assert programme.lessons.count() == 2


@pytest.mark.clause("TR-12")
def test_unapproved_study_plan_is_refused(methodologist, rector, lecturer):
    plan = _plan(methodologist, rector, lecturer, approve=False)
    programme = _programme(None)
    programme.group.course.study_plan = plan
    programme.group.course.save()
    with pytest.raises(ValidationError, match="not approved by the rector"):
        services.programme_fill_from_study_plan(programme=programme, by=methodologist)
    assert not programme.lessons.exists()


def test_course_without_study_plan_is_refused(methodologist):
    with pytest.raises(ValidationError, match="not linked to a study plan"):
        services.programme_fill_from_study_plan(programme=_programme(None), by=methodologist)


def test_plan_without_topics_of_the_kind_is_refused(methodologist, rector, lecturer):
    plan = _plan(methodologist, rector, lecturer)
    programme = _programme(plan)
    programme.group.course.kind = CourseKind.JUDGES_RETRAINING
    programme.group.course.save()
    with pytest.raises(ValidationError, match="has no topics"):
        services.programme_fill_from_study_plan(programme=programme, by=methodologist)


def test_filling_twice_adds_nothing_new(methodologist, rector, lecturer):
    programme = _programme(_plan(methodologist, rector, lecturer))
    services.programme_fill_from_study_plan(programme=programme, by=methodologist)
    with pytest.raises(ValidationError, match="already in the programme"):
        services.programme_fill_from_study_plan(programme=programme, by=methodologist)
    assert programme.lessons.count() == 2


@pytest.mark.clause("TR-13")
def test_approved_programme_is_not_refilled(methodologist, rector, lecturer):
    programme = _programme(_plan(methodologist, rector, lecturer))
    programme.status = "approved"
    programme.save()
    with pytest.raises(ValidationError, match="programme is approved"):
        services.programme_fill_from_study_plan(programme=programme, by=methodologist)


@pytest.mark.clause("TR-13")
def test_undated_classes_block_approval_until_dated(methodologist, rector, lecturer):
    programme = _programme(_plan(methodologist, rector, lecturer))
    lessons = services.programme_fill_from_study_plan(programme=programme, by=methodologist)
    LessonFactory(programme=programme, hours=16)
    with pytest.raises(ValidationError, match="Set the date and time of every class"):
        services.programme_approve(programme=programme, by=rector)
    start = programme.group.course.start_date
    for offset, lesson in enumerate(lessons):
        services.lesson_schedule(
            lesson=lesson,
            starts_at=at(start + timedelta(days=offset + 1), 9),
            ends_at=at(start + timedelta(days=offset + 1), 15),
            by=methodologist,
        )
    services.programme_approve(programme=programme, by=rector)
    programme.refresh_from_db()
    assert programme.is_approved


def test_scheduled_date_must_fall_within_the_course(methodologist, rector, lecturer):
    programme = _programme(_plan(methodologist, rector, lecturer))
    lesson = services.programme_fill_from_study_plan(programme=programme, by=methodologist)[0]
    with pytest.raises(ValidationError, match="must fall within the course"):
        services.lesson_schedule(
            lesson=lesson, starts_at=at(TODAY, 9), ends_at=at(TODAY, 15), by=methodologist
        )


def test_undated_classes_stay_out_of_timetables_and_register(
    methodologist, rector, lecturer, listener
):
    programme = _programme(_plan(methodologist, rector, lecturer))
    EnrolmentFactory(group=programme.group, listener=listener)
    lesson = services.programme_fill_from_study_plan(programme=programme, by=methodologist)[0]
    from academy.training import selectors

    assert not selectors.listener_lessons(listener).exists()
    assert not selectors.lecturer_lessons(lecturer).exists()
    enrolment = programme.group.enrolments.get()
    with pytest.raises(ValidationError, match="no date yet"):
        services.attendance_mark(
            lesson=lesson, enrolment=enrolment, mark="present", by=methodologist
        )


def test_button_fills_the_programme_page(client_as, methodologist, rector, lecturer):
    programme = _programme(_plan(methodologist, rector, lecturer))
    client = client_as(methodologist)
    page = client.get(url("training:programme", programme.group.pk)).content.decode()
    assert url("training:programme_fill", programme.pk) in page
    response = client.post(url("training:programme_fill", programme.pk), follow=True)
    content = response.content.decode()
    assert "2 classes have been taken from the study plan" in content
    assert "Сот актілерін жазу" in content and "Date not set" in content
    lesson = programme.lessons.first()
    start = programme.group.course.start_date
    response = client.post(
        url("training:lesson_schedule", lesson.pk),
        {
            "starts_at": f"{start:%Y-%m-%d}T09:00",
            "ends_at": f"{start:%Y-%m-%d}T15:00",
            "mode": "in_person",
        },
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert timezone.localtime(lesson.starts_at).hour == 9


def test_unapproved_plan_refusal_is_shown_on_the_page(client_as, methodologist, rector, lecturer):
    programme = _programme(None)
    plan = _plan(methodologist, rector, lecturer, approve=False)
    StudyPlan.objects.filter(pk=plan.pk).update(status="council_agreed")
    programme.group.course.study_plan = plan
    programme.group.course.save()
    response = client_as(methodologist).post(
        url("training:programme_fill", programme.pk), follow=True
    )
    assert "not approved by the rector yet" in response.content.decode()
    assert not programme.lessons.exists()


@pytest.mark.parametrize("who", ["lecturer", "rector", "listener"])
def test_only_managers_fill(client_as, methodologist, rector, lecturer, listener, who):
    programme = _programme(_plan(methodologist, rector, lecturer))
    user = {"lecturer": lecturer, "rector": rector, "listener": listener}[who]
    assert client_as(user).post(url("training:programme_fill", programme.pk)).status_code == 403
    assert not programme.lessons.exists()
