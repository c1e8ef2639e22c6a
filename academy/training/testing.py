"""Factories for training tests (shared with other apps' tests, e.g. exams)."""

from datetime import date, datetime, time, timedelta
from itertools import count

import factory
from django.utils import timezone

from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.accounts.testing import UserFactory
from academy.core.iin import make_iin
from academy.core.translated import translated_kwargs

from .models import (
    Audience,
    ClassForm,
    Course,
    CourseKind,
    CourseProgramme,
    Enrolment,
    Group,
    Lesson,
)

_serial = count(1)


def fresh_iin() -> str:
    # One birth date per serial: make_iin may skip to the next serial, never to another date.
    return make_iin(date(1960, 1, 1) + timedelta(days=next(_serial)), "F", 1)


def listener_factory(category: str = User.Category.JUDGE, **fields: object) -> User:
    """A verified listener with a fresh IIN."""
    return UserFactory(
        roles=[Role.LISTENER],
        category=category,
        iin=fresh_iin(),
        **fields,
    )


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title_kk = factory.Sequence(lambda n: f"Біліктілікті арттыру курсы {n}")
    title_ru = factory.Sequence(lambda n: f"Курс повышения квалификации {n}")
    title_en = factory.Sequence(lambda n: f"Qualification course {n}")
    kind = CourseKind.JUDGES_QUALIFICATION
    audience = Audience.JUDGES
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=9))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    audience = Group.Audience.REGIONAL_JUDGES
    language = "kk"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    group = factory.SubFactory(GroupFactory)
    listener = factory.LazyFunction(listener_factory)
    status = Enrolment.Status.ADMITTED


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseProgramme

    group = factory.SubFactory(GroupFactory)
    exam_form = CourseProgramme.ExamForm.WRITTEN_CASE
    exam_date = factory.LazyAttribute(lambda o: o.group.course.end_date)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    programme = factory.SubFactory(ProgrammeFactory)
    topic = factory.Sequence(lambda n: f"Тақырып {n}")
    hours = 8
    class_form = ClassForm.LECTURE
    starts_at = factory.LazyAttribute(lambda o: at(o.programme.group.course.start_date))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=6))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN206
        # `topic` is the Kazakh topic whatever language an earlier request left active.
        topic = kwargs.pop("topic")
        kwargs = {**translated_kwargs("topic", topic), **kwargs}
        return super()._create(model_class, *args, **kwargs)


def fill_group(group: Group, size: int, status: str = Enrolment.Status.LISTED) -> list[Enrolment]:
    category = User.Category.JUDGE if group.is_for_judges else User.Category.COURT_STAFF
    return [
        EnrolmentFactory(group=group, listener=listener_factory(category), status=status)
        for _ in range(size)
    ]
