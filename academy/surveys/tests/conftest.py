"""Personas and a finished group with a programme, two lecturers and four listeners."""

from datetime import timedelta

import pytest
from django.utils import timezone

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.training.models import Enrolment
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    listener_factory,
)


@pytest.fixture(autouse=True)
def _show_small_groups(settings):
    # The fixture group has four listeners; the minimum-answers rule has its own tests
    # (test_anonymity.py), which set SURVEY_MIN_RESPONSES themselves.
    settings.SURVEY_MIN_RESPONSES = 1


@pytest.fixture
def second_lecturer(db):
    return persona(Role.LECTURER, surname="Петрова", first_name="Анна")


@pytest.fixture
def group(db, lecturer, second_lecturer, listener):
    """A course that ended yesterday: two lecturers, four admitted listeners."""
    today = timezone.localdate()
    course = CourseFactory(
        start_date=today - timedelta(days=10), end_date=today - timedelta(days=1)
    )
    group = GroupFactory(course=course, name="1-топ")
    programme = ProgrammeFactory(group=group, exam_date=course.end_date)
    LessonFactory(programme=programme, lecturer=lecturer)
    LessonFactory(programme=programme, lecturer=lecturer)
    LessonFactory(programme=programme, lecturer=second_lecturer)
    EnrolmentFactory(group=group, listener=listener, status=Enrolment.Status.ADMITTED)
    for _ in range(3):
        EnrolmentFactory(group=group, listener=listener_factory(), status=Enrolment.Status.ADMITTED)
    return group


@pytest.fixture
def survey(group, methodologist):
    from academy.surveys import services

    today = timezone.localdate()
    return services.survey_open(
        group=group,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=7),
        by=methodologist,
    )
