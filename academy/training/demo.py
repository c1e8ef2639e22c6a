"""Demo data for training: a realistic year of plans, courses, groups and listeners.

Idempotent: if this year's schedule plan exists, nothing is added.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import Group as RoleGroup
from django.db import transaction
from django.utils import timezone

from academy.accounts.models import Court, User
from academy.accounts.roles import Role
from academy.core.iin import make_iin
from academy.core.translated import translated_kwargs

from .models import (
    ApprovalStatus,
    Attendance,
    Audience,
    ClassForm,
    Course,
    CourseKind,
    CourseProgramme,
    Enrolment,
    Group,
    Lesson,
    Order,
    OrderItem,
    SchedulePlan,
    SchedulePlanRow,
    StudyPlan,
    StudyPlanTopic,
)

# Surnames (male form; the female form adds "а"), first names and fathers' names.
KK_SURNAMES = [
    "Ахметов",
    "Омаров",
    "Жақсылықов",
    "Сейітов",
    "Тұрсынов",
    "Мұқанов",
    "Есенов",
    "Қуанышев",
    "Бекмұратов",
    "Сәрсенбаев",
    "Жұмабеков",
    "Әбілов",
    "Нұрланов",
    "Ержанов",
    "Төлеубаев",
    "Иманов",
]
KK_MALE_NAMES = [
    "Ерлан",
    "Дәулет",
    "Асхат",
    "Нұрбол",
    "Бекзат",
    "Арман",
    "Талғат",
    "Руслан",
    "Ғалым",
    "Мирас",
    "Санжар",
    "Әділет",
]
KK_FEMALE_NAMES = [
    "Айгерім",
    "Жанар",
    "Гүлмира",
    "Динара",
    "Салтанат",
    "Әсем",
    "Мадина",
    "Ақмарал",
    "Назерке",
    "Үміт",
]
KK_FATHERS = ["Серік", "Бақыт", "Ерлан", "Марат", "Әлібек", "Қайрат", "Жанат", "Асқар", "Болат"]
RU_SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Соколов", "Попов", "Волков", "Морозов"]
RU_MALE_NAMES = ["Сергей", "Алексей", "Дмитрий", "Виктор", "Андрей", "Денис"]
RU_FEMALE_NAMES = ["Елена", "Ольга", "Наталья", "Ирина", "Татьяна", "Светлана"]
RU_FATHERS_M = ["Петрович", "Александрович", "Игоревич", "Владимирович", "Николаевич"]
RU_FATHERS_F = ["Петровна", "Александровна", "Игоревна", "Владимировна", "Николаевна"]
KOREAN_SURNAMES = ["Ким", "Ли", "Пак", "Цой"]  # the same for men and women


def _name(rng: random.Random, female: bool) -> tuple[str, str, str]:
    if rng.random() < 0.7:
        surname = rng.choice(KK_SURNAMES) + ("а" if female else "")
        first = rng.choice(KK_FEMALE_NAMES if female else KK_MALE_NAMES)
        patronymic = rng.choice(KK_FATHERS) + ("қызы" if female else "ұлы")
        return surname, first, patronymic
    if rng.random() < 0.2:
        surname = rng.choice(KOREAN_SURNAMES)
    else:
        surname = rng.choice(RU_SURNAMES) + ("а" if female else "")
    first = rng.choice(RU_FEMALE_NAMES if female else RU_MALE_NAMES)
    patronymic = rng.choice(RU_FATHERS_F if female else RU_FATHERS_M)
    return surname, first, patronymic


TOPICS = {
    CourseKind.JUDGES_QUALIFICATION: [
        ("Азаматтық процестегі дәлелдемелер", ClassForm.LECTURE),
        ("Сот актілерін жазу әдістемесі", ClassForm.PRACTICAL),
        ("Судьяның әдеп кодексі", ClassForm.SEMINAR),
        ("Татуластыру рәсімдері", ClassForm.TRAINING),
        ("Облыстық соттың алқасы жұмысына қатысу", ClassForm.COURT_WORK),
    ],
    CourseKind.STAFF_QUALIFICATION: [
        ("Сот отырысының хаттамасын жүргізу", ClassForm.PRACTICAL),
        ("Сот ісін жүргізудегі ақпараттық жүйелер", ClassForm.LECTURE),
        ("Мемлекеттік қызметшілердің ар-намыс кодексі", ClassForm.SEMINAR),
    ],
    CourseKind.JUDGES_RETRAINING: [
        ("Қылмыстық процестің өзекті мәселелері", ClassForm.LECTURE),
        ("Үкім шығару тәжірибесі", ClassForm.PRACTICAL),
        ("Тергеу судьясының өкілеттіктері", ClassForm.SEMINAR),
        ("Жоғарғы Соттың алқасы жұмысына қатысу", ClassForm.COURT_WORK),
    ],
}

# The class topics in Russian and English (IS-21: readers see them in their language).
TOPIC_TRANSLATIONS = {
    "Азаматтық процестегі дәлелдемелер": (
        "Доказательства в гражданском процессе",
        "Evidence in civil proceedings",
    ),
    "Сот актілерін жазу әдістемесі": (
        "Методика составления судебных актов",
        "Drafting judicial acts",
    ),
    "Судьяның әдеп кодексі": ("Кодекс судейской этики", "The code of judicial ethics"),
    "Татуластыру рәсімдері": ("Примирительные процедуры", "Conciliation procedures"),
    "Облыстық соттың алқасы жұмысына қатысу": (
        "Участие в работе коллегии областного суда",
        "Taking part in the work of a regional court's panel",
    ),
    "Сот отырысының хаттамасын жүргізу": (
        "Ведение протокола судебного заседания",
        "Keeping the record of a court hearing",
    ),
    "Сот ісін жүргізудегі ақпараттық жүйелер": (
        "Информационные системы в судопроизводстве",
        "Information systems in court proceedings",
    ),
    "Мемлекеттік қызметшілердің ар-намыс кодексі": (
        "Кодекс чести государственных служащих",
        "The code of honour of civil servants",
    ),
    "Қылмыстық процестің өзекті мәселелері": (
        "Актуальные вопросы уголовного процесса",
        "Current issues of criminal procedure",
    ),
    "Үкім шығару тәжірибесі": ("Практика вынесения приговоров", "Sentencing practice"),
    "Тергеу судьясының өкілеттіктері": (
        "Полномочия следственного судьи",
        "The powers of the investigating judge",
    ),
    "Жоғарғы Соттың алқасы жұмысына қатысу": (
        "Участие в работе коллегии Верховного Суда",
        "Taking part in the work of a Supreme Court panel",
    ),
}


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _person(rng: random.Random, serial: int, category: str, court: Court, **extra: Any) -> User:
    female = rng.random() < 0.45
    surname, first, patronymic = _name(rng, female)
    birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
    iin = make_iin(birth, "F" if female else "M", 4000 + serial)
    user = User.objects.filter(iin=iin).first()
    if user is None:
        user = User(
            iin=iin,
            surname=surname,
            first_name=first,
            patronymic=patronymic,
            category=category,
            court=court,
            account_verified=True,
            email=f"listener{serial}@demo.sot.kz",
            **extra,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        user.groups.add(RoleGroup.objects.get(name=Role.LISTENER))
    return user


def _plan_steps(plan: Any, methodologist: User, rector: User, when: datetime) -> None:
    plan.status = ApprovalStatus.APPROVED
    plan.council_agreed_at, plan.council_agreed_by = when, methodologist
    plan.supreme_court_agreed_at = when + timedelta(days=5)
    plan.supreme_court_agreed_by = methodologist
    plan.approved_at, plan.approved_by = when + timedelta(days=7), rector
    plan.save()


@transaction.atomic
def seed(stdout: Any) -> None:
    today = timezone.localdate()
    year = today.year
    if SchedulePlan.objects.filter(year=year).exists():
        stdout.write("Training: demo data already present.")
        return
    people = {u.email: u for u in User.objects.filter(email__endswith="academy.kz")}
    methodologist = people.get("methodologist@academy.kz")
    rector = people.get("rector@academy.kz")
    lecturer = people.get("lecturer@academy.kz")
    demo_listener = people.get("listener@academy.kz")
    if not (methodologist and rector and lecturer):
        stdout.write("Training: demo users missing; run the accounts seed first.")
        return
    rng = random.Random(year)
    start_of_year = _aware(date(year, 1, 10), 10)

    plan = SchedulePlan.objects.create(year=year, period=SchedulePlan.Period.YEAR)
    study = StudyPlan.objects.create(year=year)
    for kind, topics in TOPICS.items():
        for title, form in topics:
            StudyPlanTopic.objects.create(
                plan=study, kind=kind, title=title, class_form=form, hours=8, lecturer=lecturer
            )
    _plan_steps(plan, methodologist, rector, start_of_year)
    _plan_steps(study, methodologist, rector, start_of_year)

    regional = list(Court.objects.filter(level=Court.Level.REGIONAL))
    district = list(Court.objects.filter(level__in=[Court.Level.DISTRICT, Court.Level.SPECIALISED]))
    # (title kk, ru, en, kind, group audience, size, start offset in days, language)
    specs = [
        (
            "Азаматтық сот ісін жүргізу: облыстық сот судьялары",
            "Гражданское судопроизводство: судьи областных судов",
            "Civil proceedings: judges of regional courts",
            CourseKind.JUDGES_QUALIFICATION,
            Group.Audience.REGIONAL_JUDGES,
            22,
            -60,
            "kk",
        ),
        (
            "Қылмыстық сот ісін жүргізу: аудандық сот судьялары",
            "Уголовное судопроизводство: судьи районных судов",
            "Criminal proceedings: judges of district courts",
            CourseKind.JUDGES_QUALIFICATION,
            Group.Audience.DISTRICT_JUDGES,
            31,
            -3,
            "ru",
        ),
        (
            "Сот отырысының хатшыларына арналған курс",
            "Курс для секретарей судебного заседания",
            "Course for court session secretaries",
            CourseKind.STAFF_QUALIFICATION,
            Group.Audience.COURT_STAFF,
            41,
            21,
            "kk",
        ),
        (
            "Судьяларды қайта даярлау: тергеу соттары",
            "Переподготовка судей: следственные суды",
            "Judges' retraining: investigative courts",
            CourseKind.JUDGES_RETRAINING,
            Group.Audience.REGIONAL_JUDGES,
            0,
            45,
            "kk",
        ),
    ]
    serial = 0
    demo_listener_finished = False
    for kk, ru, en, kind, group_audience, size, offset, language in specs:
        start = today + timedelta(days=offset)
        if kind == CourseKind.JUDGES_RETRAINING:
            end = start + timedelta(days=27)
        elif kind == CourseKind.STAFF_QUALIFICATION:
            end = start + timedelta(days=4)
        else:
            end = start + timedelta(days=9)
        audience = (
            Audience.COURT_STAFF if kind == CourseKind.STAFF_QUALIFICATION else Audience.JUDGES
        )
        row = (
            SchedulePlanRow.objects.create(
                plan=plan,
                title=kk,
                kind=kind,
                audience=audience,
                start_date=max(start, date(year, 1, 1)) if start.year == year else start,
                end_date=end,
                planned_listeners=max(size, 20),
                language=language,
            )
            if start.year == year and end.year == year
            else None
        )
        course = Course.objects.create(
            title_kk=kk,
            title_ru=ru,
            title_en=en,
            kind=kind,
            audience=audience,
            start_date=start,
            end_date=end,
            schedule_row=row,
            study_plan=study,
            status=Course.Status.APPROVED,
            approved_at=start_of_year,
            approved_by=rector,
        )
        group = Group.objects.create(
            course=course,
            name="1" if language == "kk" else "1-ru",
            audience=group_audience,
            language=language,
            specialisation="criminal" if "Қылмыстық" in kk else ("civil" if "Азамат" in kk else ""),
            staff_subcategory="specialist" if audience == Audience.COURT_STAFF else "",
            list_received_at=timezone.make_aware(
                datetime.combine(start - timedelta(days=6), time(11))
            ),
        )
        past_or_running = offset <= 0
        exam_form = (
            CourseProgramme.ExamForm.COMPUTER_TEST
            if audience == Audience.COURT_STAFF
            else CourseProgramme.ExamForm.WRITTEN_CASE
        )
        programme = CourseProgramme.objects.create(
            group=group,
            exam_form=exam_form,
            exam_date=end,
            status=CourseProgramme.Status.APPROVED if offset < 30 else CourseProgramme.Status.DRAFT,
            approved_at=start_of_year if offset < 30 else None,
            approved_by=rector if offset < 30 else None,
            sent_at=start_of_year if offset < 30 else None,
            sample_questions="1. Сот талқылауының қағидаттары.\n2. Дәлелдемелерді бағалау.\n3. Сот актісінің құрылымы.",
            questions_published_at=timezone.make_aware(
                datetime.combine(end - timedelta(days=8), time(9))
            )
            if past_or_running
            else None,
        )
        days = (end - start).days + 1
        topics = TOPICS[kind]
        for index in range(days):
            day = start + timedelta(days=index)
            if day.weekday() >= 5:
                continue
            title, form = topics[index % len(topics)]
            mode = (
                Lesson.Mode.DISTANCE
                if kind == CourseKind.JUDGES_RETRAINING and index < 14
                else Lesson.Mode.IN_PERSON
            )
            topic_ru, topic_en = TOPIC_TRANSLATIONS[title]
            Lesson.objects.create(
                **translated_kwargs("topic", title, ru=topic_ru, en=topic_en),
                programme=programme,
                hours=8,
                class_form=form,
                mode=mode,
                lecturer=lecturer,
                starts_at=_aware(day, 9),
                ends_at=_aware(day, 16),
            )
        if size == 0:
            continue
        category = (
            User.Category.COURT_STAFF if audience == Audience.COURT_STAFF else User.Category.JUDGE
        )
        courts = regional if group_audience == Group.Audience.REGIONAL_JUDGES else district
        status = Enrolment.Status.ADMITTED if offset < 30 else Enrolment.Status.LISTED
        enrolments = []
        for _ in range(size):
            serial += 1
            court = rng.choice(courts) if courts else None
            extra = (
                {"staff_subcategory": "specialist"} if category == User.Category.COURT_STAFF else {}
            )
            listener = _person(rng, serial, category, court, **extra)
            enrolments.append(
                Enrolment.objects.create(group=group, listener=listener, status=status)
            )
        if demo_listener and offset == -3:
            enrolments.append(
                Enrolment.objects.create(group=group, listener=demo_listener, status=status)
            )
        if (
            demo_listener
            and end < today
            and not demo_listener_finished
            and demo_listener.category == category
        ):
            # The demo listener finished an earlier course too, so their certificate shows.
            enrolments.insert(
                0, Enrolment.objects.create(group=group, listener=demo_listener, status=status)
            )
            demo_listener_finished = True
        if offset < 30:
            group.status = Group.Status.CONFIRMED
            group.confirmed_at, group.confirmed_by = start_of_year, methodologist
            group.save()
            order = Order.objects.create(
                kind=Order.Kind.ADMISSION,
                group=group,
                number=f"{serial}-ө",
                date=start - timedelta(days=2),
                status=Order.Status.SIGNED,
                created_by=methodologist,
                signed_by=rector,
                signed_at=_aware(start - timedelta(days=2), 15),
            )
            OrderItem.objects.bulk_create(OrderItem(order=order, enrolment=e) for e in enrolments)
        if past_or_running:
            for lesson in programme.lessons.filter(starts_at__date__lte=today):
                Attendance.objects.bulk_create(
                    Attendance(
                        lesson=lesson,
                        enrolment=e,
                        recorded_by=lecturer,
                        mark=rng.choices(["present", "excused", "unexcused"], [92, 5, 3])[0],
                    )
                    for e in enrolments
                )
        if end < today:
            certificate = Order.objects.create(
                kind=Order.Kind.CERTIFICATE,
                group=group,
                number=f"{serial}-с",
                date=end + timedelta(days=3),
                status=Order.Status.SIGNED,
                created_by=methodologist,
                signed_by=rector,
                signed_at=_aware(end + timedelta(days=3), 12),
            )
            passed = enrolments[:-1]
            OrderItem.objects.bulk_create(OrderItem(order=certificate, enrolment=e) for e in passed)
            Enrolment.objects.filter(pk__in=[e.pk for e in passed]).update(
                status=Enrolment.Status.COMPLETED
            )
    stdout.write(
        f"Training: schedule and study plans {year}, {Course.objects.count()} courses, "
        f"{Enrolment.objects.count()} enrolments."
    )
