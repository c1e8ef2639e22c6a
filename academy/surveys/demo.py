"""Demo data for the final surveys (TR-31): a closed survey with a dozen answers, one open.

Idempotent: a group that already has a survey is left alone. Needs the training demo.
"""

import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import Group as RoleGroup
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from academy.accounts.demo import DEMO_PASSWORD
from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.core.iin import make_iin
from academy.training.models import ClassForm, Group, Lesson

from . import selectors
from .models import LecturerRating, Response, Survey
from .services import respondent_add

SECOND_LECTURER = ("Сейітова", "Жанар", "Бақытқызы", "lecturer2@academy.kz")
REMARKS = [
    "Практикалық сабақтар көбірек болса екен.",
    "Кейстер нақты сот тәжірибесінен алынғаны өте пайдалы болды.",
    "Хотелось бы больше времени на разбор судебной практики Верховного Суда.",
    "Қашықтықтан оқыту бөлігінде бейнежазбалар сапасын жақсарту керек.",
    "Предлагаю добавить тренинг по написанию судебных актов.",
    "",
    "",
    "Материалдарды курс басталғанға дейін беру қажет.",
]
COMMENTS = [
    "Түсінікті әрі қызықты түсіндіреді.",
    "Много примеров из практики.",
    "",
    "",
    "Сұрақтарға толық жауап берді.",
]


DEMO_LISTENER = "listener@academy.kz"


def _second_lecturer() -> User:
    surname, first, patronymic, email = SECOND_LECTURER
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        serial = 5000
        iin = make_iin(date(1979, 4, 12), "F", serial)
        while User.objects.filter(iin=iin).exists():
            serial += 1
            iin = make_iin(date(1979, 4, 12), "F", serial)
        user = User(iin=iin, email=email, surname=surname, first_name=first, patronymic=patronymic)
        user.category = User.Category.OTHER
        user.account_verified = True
        user.set_password(DEMO_PASSWORD)
        user.full_clean(exclude=["password"])
        user.save()
    user.groups.add(RoleGroup.objects.get(name=Role.LECTURER))
    return user


def _answer(survey: Survey, listener: User, rng: random.Random, lecturers: list[User]) -> None:
    """One demo answer, written the way response_submit writes it (without the listener)."""
    respondent_add(survey=survey, listener_id=listener.pk)
    response = Response.objects.create(
        survey=survey,
        satisfaction=rng.choices([3, 4, 5], [1, 4, 5])[0],
        knowledge_use=rng.choices([2, 3, 4, 5], [1, 2, 4, 4])[0],
        effectiveness=rng.choices([3, 4, 5], [2, 5, 3])[0],
        remarks=rng.choice(REMARKS),
    )
    LecturerRating.objects.bulk_create(
        LecturerRating(
            response=response,
            lecturer=lecturer,
            score=rng.choices([3, 4, 5], [1, 3, 6] if index == 0 else [2, 4, 3])[0],
            comment=rng.choice(COMMENTS),
        )
        for index, lecturer in enumerate(lecturers)
    )


def _candidate_groups(today: date) -> tuple[Group | None, Group | None]:
    groups = (
        Group.objects.filter(programme__isnull=False, survey__isnull=True)
        .annotate(
            eligible=Count(
                "enrolments", filter=Q(enrolments__status__in=selectors.ELIGIBLE_STATUSES)
            )
        )
        .filter(eligible__gte=12)
        .select_related("course")
    )
    finished = groups.filter(course__end_date__lt=today).order_by("-course__end_date").first()
    running = (
        groups.filter(course__start_date__lte=today, course__end_date__gte=today)
        .order_by("course__end_date")
        .first()
    )
    return finished, running


@transaction.atomic
def seed(stdout: Any) -> None:
    today = timezone.localdate()
    methodologist = User.objects.filter(email="methodologist@academy.kz").first()
    if methodologist is None:
        stdout.write("Surveys: demo users missing; run the accounts seed first.")
        return
    finished, running = _candidate_groups(today)
    if finished is None and running is None:
        stdout.write("Surveys: demo data already present (or no demo groups).")
        return
    rng = random.Random(31)
    created = 0
    if finished is not None:
        # Two lecturers make the lecturer chart worth looking at: seminars go to the second.
        lessons = Lesson.objects.filter(programme__group=finished)
        if lessons.values("lecturer").distinct().count() < 2:
            lessons.filter(class_form__in=[ClassForm.SEMINAR, ClassForm.PRACTICAL]).update(
                lecturer=_second_lecturer()
            )
        end = finished.course.end_date
        survey = Survey.objects.create(
            group=finished,
            opens_on=end - timedelta(days=1),
            closes_on=end + timedelta(days=7),
            opened_by=methodologist,
        )
        lecturers = list(selectors.group_lecturers(finished))
        # The demo listener (who also finished this group) is left to try a survey for themself.
        answering = selectors.group_eligible_listeners(finished).exclude(email=DEMO_LISTENER)
        for listener in list(answering.order_by("pk"))[:12]:
            _answer(survey, listener, rng, lecturers)
        created += 1
    if running is not None:
        survey = Survey.objects.create(
            group=running,
            opens_on=today,
            closes_on=running.course.end_date + timedelta(days=7),
            opened_by=methodologist,
        )
        lecturers = list(selectors.group_lecturers(running))
        others = selectors.group_eligible_listeners(running).exclude(email=DEMO_LISTENER)
        for listener in list(others.order_by("pk"))[:5]:
            _answer(survey, listener, rng, lecturers)
        created += 1
    stdout.write(f"Surveys: {created} final surveys with demo answers.")
