"""A running group with a distance programme: a lecturer, two admitted listeners, outsiders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.learning import services
from academy.training.models import Enrolment, Lesson
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    listener_factory,
)


@pytest.fixture
def other_lecturer(db):
    return persona(Role.LECTURER, surname="Петрова", first_name="Анна")


def _group(lecturer, name):
    today = timezone.localdate()
    course = CourseFactory(
        start_date=today - timedelta(days=3), end_date=today + timedelta(days=25)
    )
    group = GroupFactory(course=course, name=name)
    programme = ProgrammeFactory(group=group, exam_date=course.end_date)
    LessonFactory(programme=programme, lecturer=lecturer, mode=Lesson.Mode.DISTANCE)
    return group


@pytest.fixture
def second_listener(db):
    return listener_factory(surname="Омарова", first_name="Динара")


@pytest.fixture
def group(db, lecturer, listener, second_listener):
    """TR-5: a retraining group whose first classes are distance ones; two admitted listeners."""
    group = _group(lecturer, "1-топ")
    EnrolmentFactory(group=group, listener=listener, status=Enrolment.Status.ADMITTED)
    EnrolmentFactory(group=group, listener=second_listener, status=Enrolment.Status.ADMITTED)
    return group


@pytest.fixture
def other_group_listener(db, other_lecturer):
    group = _group(other_lecturer, "2-топ")
    user = listener_factory()
    EnrolmentFactory(group=group, listener=user, status=Enrolment.Status.ADMITTED)
    return user


@pytest.fixture
def course(group, lecturer):
    return services.online_course_create(group=group, title="Қашықтықтан оқыту", by=lecturer)
