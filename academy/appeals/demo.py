"""Demo data for the appeals commission: an exam, its commission, results and appeals."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from academy.accounts.demo import DEMO_PASSWORD
from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.core.iin import make_iin
from academy.core.models import WorkingDayOverride
from academy.core.translated import fill_missing
from academy.core.workdays import add_working_days, is_working_day

from . import services
from .models import Appeal, Commission, Exam, GraderSheet, Stage, StageResult, TestAnswer

# Transfers of days off the `holidays` package lacks for 2026 (egov.kz holiday calendar).
OVERRIDES_2026 = [
    (
        date(2026, 8, 31),
        WorkingDayOverride.Kind.DAY_OFF,
        "Government of the Republic of Kazakhstan, 2026 holiday calendar",
        "Constitution Day (30 August, a Sunday) moved to Monday",
    ),
]

# (role, surname, first name, patronymic, e-mail)
EXTRA_PEOPLE = [
    (Role.APPEALS_MEMBER, "Омаров", "Бақыт", "Серікұлы", "appeals.member2@academy.kz"),
    (Role.APPEALS_MEMBER, "Сейітова", "Жанна", "Ерланқызы", "appeals.member3@academy.kz"),
    (Role.CANDIDATE, "Әлиева", "Мадина", "Нұрланқызы", "candidate2@academy.kz"),
    (Role.CANDIDATE, "Петренко", "Игорь", "Васильевич", "candidate3@academy.kz"),
]


def _person(index: int, role: str, surname: str, first: str, patronymic: str, email: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        sex = "F" if patronymic.endswith(("қызы", "вна")) else "M"
        serial = 3000 + index
        iin = make_iin(date(1988, index + 1, 10 + index), sex, serial)
        while User.objects.filter(iin=iin).exists():
            serial += 1
            iin = make_iin(date(1988, index + 1, 10 + index), sex, serial)
        user = User(iin=iin, email=email)
    user.surname, user.first_name, user.patronymic = surname, first, patronymic
    user.account_verified = True
    user.set_password(DEMO_PASSWORD)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def _previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@transaction.atomic
def seed(stdout: Any) -> None:
    for day, kind, decree, note in OVERRIDES_2026:
        WorkingDayOverride.objects.update_or_create(
            date=day, defaults={"kind": kind, "decree": decree, "note": note}
        )
    people = {email: _person(i, *row[:4], email) for i, (*row, email) in enumerate(EXTRA_PEOPLE)}
    chair = User.objects.get(email="appeals.chair@academy.kz")
    member = User.objects.get(email="appeals.member@academy.kz")
    secretary = User.objects.get(email="appeals.secretary@academy.kz")
    candidate = User.objects.get(email="candidate@academy.kz")
    candidate2 = people["candidate2@academy.kz"]
    candidate3 = people["candidate3@academy.kz"]

    today = timezone.localdate()
    exam_kk = "Судья лауазымына біліктілік емтиханы – 2026"
    # Demo databases seeded before the names were translated carry a mixed kk/ru title.
    Exam.objects.filter(
        title_kk="Судья лауазымына біліктілік емтиханы – 2026 / Квалификационный экзамен 2026"
    ).update(title_kk=exam_kk, title=exam_kk)
    exam, _ = Exam.objects.get_or_create(
        title_kk=exam_kk, defaults={"title": exam_kk, "starts_on": today - timedelta(days=20)}
    )
    fill_missing(
        exam,
        "title",
        ru="Квалификационный экзамен на должность судьи – 2026",
        en="Qualification exam for the post of judge – 2026",
    )
    commission_kk = "Жоғары Сот Кеңесінің апелляциялық комиссиясы"
    commission, _ = Commission.objects.get_or_create(
        title_kk=commission_kk,
        defaults={
            "title": commission_kk,
            "approved_on": date(2026, 1, 15),
            "approval_reference": "ЖСК Төрағасының өкімі / распоряжение Председателя ВСС № 3",
            "chair": chair,
            "secretary": secretary,
        },
    )
    fill_missing(
        commission,
        "title",
        ru="Апелляционная комиссия Высшего Судебного Совета",
        en="Appeals Commission of the Supreme Judicial Council",
    )
    commission.members.set(
        [chair, member, people["appeals.member2@academy.kz"], people["appeals.member3@academy.kz"]]
    )
    commission.exams.add(exam)
    if commission.deputy_id is None:
        commission.deputy = member  # AP-4: presides in the chair's absence
        commission.save(update_fields=["deputy"])
    services.commission_validate(commission=commission)

    # candidate@: a fresh test result they can appeal today (AP-9), with the full record.
    received = _previous_working_day(today)
    test, _ = StageResult.objects.update_or_create(
        exam=exam,
        candidate=candidate,
        stage=Stage.TEST,
        is_resit=False,
        defaults={"points": Decimal(64), "threshold": Decimal(70), "received_on": received},
    )
    for number in range(1, 51):
        wrong = number % 7 == 0 or number in (3, 12)
        TestAnswer.objects.update_or_create(
            result=test,
            number=number,
            defaults={
                "question": f"Заңнама бойынша сұрақ № {number} / Вопрос по законодательству № {number}",
                "candidate_answer": "A" if wrong else "C",
                "correct_answer": "C",
            },
        )

    # candidate2@: an essay appeal already on a sitting, materials sent.
    essay_received = add_working_days(today - timedelta(days=12), 0)
    essay, _ = StageResult.objects.update_or_create(
        exam=exam,
        candidate=candidate2,
        stage=Stage.ESSAY,
        is_resit=False,
        defaults={
            "points": Decimal("3"),
            "threshold": Decimal("3.5"),
            "received_on": essay_received,
        },
    )
    for grader, scores in (
        ("Бағалаушы А", [1, 0.5, 0.5, 0.5, 0.5]),
        ("Бағалаушы Б", [1, 0.5, 0, 1, 0.5]),
    ):
        GraderSheet.objects.update_or_create(
            result=essay, grader=grader, defaults={"scores": scores}
        )
    if not essay.appeals.exists():
        appeal = services.appeal_file(
            result=essay,
            reasons="Эссе тақырыбы толық ашылды, бағалау негізсіз төмендетілген.",
            filed_at=timezone.make_aware(datetime.combine(essay_received, time(10))),
            by=candidate2,
        )
        starts_on = add_working_days(today, 6)
        sitting = services.sitting_schedule(
            commission=commission,
            starts_at=timezone.make_aware(datetime.combine(starts_on, time(11))),
            place="Астана, Жоғары Сот Кеңесі, 305-кабинет",
            appeals=[appeal],
            by=chair,
        )
        services.sitting_send_materials(sitting=sitting, by=secretary)

    # candidate3@: a test appeal 20 points short – not considered (AP-15.3).
    short, _ = StageResult.objects.update_or_create(
        exam=exam,
        candidate=candidate3,
        stage=Stage.TEST,
        is_resit=False,
        defaults={"points": Decimal(50), "threshold": Decimal(70), "received_on": received},
    )
    if not short.appeals.exists():
        services.appeal_file(
            result=short,
            questions=[{"number": 4, "grounds": "Екі жауап дұрыс", "legal_reference": "АК 9-бап"}],
            by=candidate3,
        )
    stdout.write(
        f"Appeals: 1 commission, {Appeal.objects.count()} appeals; "
        "candidate@academy.kz can file a test appeal now."
    )
