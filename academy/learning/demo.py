"""Demo data for distance learning (IS-13): an online course of three modules with
self-checks on a running group, some listeners' progress, and repository documents.

Idempotent: a group that already has an online course, and documents already present,
are left alone. Needs the training demo.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from academy.accounts.models import User
from academy.training.models import Group, Lesson

from . import selectors, services
from .models import Document, OnlineCourse

MODULES = [
    (
        "Судьяның әдеп кодексі",
        "Судья өз міндеттерін адал, әділ және бейтарап атқарады.\n\n"
        "Судьяның соттан тыс мінез-құлқы да сот билігінің беделіне нұқсан келтірмеуі тиіс.",
        [
            ("Судья қандай қағидатты ұстанады?", ["Бейтараптық", "Ведомстволық мүдде"], 1),
            ("Әдеп талаптары соттан тыс өмірге қолданыла ма?", ["Жоқ", "Иә"], 2),
        ],
    ),
    (
        "Азаматтық процестегі дәлелдемелер",
        "Әр тарап өз талаптары мен қарсылықтарының негізі ретінде сілтеме жасайтын мән-жайларды "
        "дәлелдеуге тиіс.\n\nСот дәлелдемелерді өзінің ішкі сенімі бойынша бағалайды.",
        [
            ("Дәлелдеу міндеті кімге жүктеледі?", ["Тек сотқа", "Тараптарға"], 2),
            (
                "Сот дәлелдемелерді қалай бағалайды?",
                ["Ішкі сенімі бойынша", "Прокурордың нұсқауымен", "Кездейсоқ"],
                1,
            ),
        ],
    ),
    (
        "Сот актісін жазу техникасы",
        "Шешім кіріспе, сипаттау, дәлелдеу және қарар бөліктерінен тұрады.\n\n"
        "Дәлелдеу бөлігінде сот қорытындыларының құқықтық негіздері келтіріледі.",
        [
            ("Шешім неше бөліктен тұрады?", ["Екі", "Төрт", "Алты"], 2),
            ("Құқықтық негіздер қай бөлікте келтіріледі?", ["Дәлелдеу", "Кіріспе"], 1),
        ],
    ),
]
DOCUMENTS = [
    (
        Document.Kind.PROGRAMME,
        "Судьяларды қайта даярлаудың білім беру бағдарламасы",
        "Образовательная программа переподготовки судей",
        "Educational programme of judges' retraining",
    ),
    (Document.Kind.CURRICULUM, "Жұмыс оқу жоспары", "Рабочий учебный план", "Working curriculum"),
    (
        Document.Kind.TMC,
        "«Сот әдебі» пәнінің оқу-әдістемелік кешені",
        "Учебно-методический комплекс дисциплины «Судебная этика»",
        "Teaching-methodical complex of the course “Judicial ethics”",
    ),
    (
        Document.Kind.SCIENTIFIC,
        "Сот тәжірибесін талдау бойынша ғылыми-әдістемелік ұсынымдар",
        "Научно-методические рекомендации по анализу судебной практики",
        "Scientific-methodical recommendations on analysing court practice",
    ),
]


def _group(today: Any) -> Group | None:
    """A running group – with distance classes and the demo listener, if there is one."""
    running = (
        Group.objects.filter(
            online_course__isnull=True,
            course__start_date__lte=today,
            course__end_date__gte=today,
            enrolments__status__in=selectors.ACTIVE_STATUSES,
        )
        .distinct()
        .order_by("course__start_date", "pk")
    )
    distance = running.filter(programme__lessons__mode=Lesson.Mode.DISTANCE)
    mine = Q(enrolments__listener__email="listener@academy.kz") & Q(
        enrolments__status__in=selectors.ACTIVE_STATUSES
    )
    for candidates in (distance.filter(mine), distance, running.filter(mine), running):
        group = candidates.first()
        if group is not None:
            return group
    return None


def _seed_quiz(course: OnlineCourse, methodologist: User) -> None:
    """A practice quiz of five questions from the exams demo's bank, if it has a category
    with enough questions in the group's language (issue 14: one engine)."""
    from django.db.models import Count

    from academy.exams.models import QuestionCategory

    from . import quizzes

    category = (
        QuestionCategory.objects.filter(
            questions__language=course.group.language, questions__is_active=True
        )
        .annotate(n=Count("questions"))
        .filter(n__gte=5)
        .order_by("pk")
        .first()
    )
    if category is None:
        return
    try:
        quizzes.quiz_create(
            course=course,
            title="Өзін-өзі тексеру: жаттығу тесті",
            draws=[quizzes.CategoryDraw(category, 5)],
            mode="practice",
            attempts_allowed=None,
            by=methodologist,
        )
    except ValidationError:
        return  # not enough questions of the kinds drawn: the demo goes on without it


# The modules' titles in Russian and English (readers see them in their language).
MODULE_TITLES = {
    "Судьяның әдеп кодексі": ("Кодекс судейской этики", "The code of judicial ethics"),
    "Азаматтық процестегі дәлелдемелер": (
        "Доказательства в гражданском процессе",
        "Evidence in civil proceedings",
    ),
    "Сот актісін жазу техникасы": (
        "Техника составления судебного акта",
        "The technique of drafting a judicial act",
    ),
}


def _seed_course(group: Group, methodologist: User) -> int:
    course = services.online_course_create(
        group=group,
        title=f"{group.course.title_kk} – қашықтықтан оқыту",
        title_ru=f"{group.course.title_ru or group.course.title_kk} – дистанционное обучение",
        title_en=f"{group.course.title_en or group.course.title_kk} – distance learning",
        description="Қайта даярлаудың алғашқы екі аптасы қашықтықтан өтеді.",
        by=methodologist,
    )
    modules = []
    for title, text, questions in MODULES:
        title_ru, title_en = MODULE_TITLES[title]
        module = services.module_add(
            course=course,
            title=title,
            title_ru=title_ru,
            title_en=title_en,
            text=text,
            by=methodologist,
        )
        for question, options, correct in questions:
            services.question_add(
                module=module, text=question, options=options, correct=correct, by=methodologist
            )
        modules.append(module)
    _seed_quiz(course, methodologist)
    listeners = list(selectors.group_listeners(group).exclude(email="listener@academy.kz")[:6])
    # A spread for the monitoring page: from all three modules done to nothing yet.
    for index, listener in enumerate(listeners):
        for module in modules[: max(0, 3 - index // 2)]:
            services.module_mark_studied(module=module, by=listener)
            questions = list(module.questions.all())
            right = len(questions) - (index % 2)
            answers = {
                q.pk: (q.correct if i < right else (q.correct % len(q.options())) + 1)
                for i, q in enumerate(questions)
            }
            services.self_check_submit(module=module, answers=answers, by=listener)
    return len(listeners)


@transaction.atomic
def seed(stdout: Any) -> None:
    methodologist = User.objects.filter(email="methodologist@academy.kz").first()
    if methodologist is None:
        stdout.write("Learning: demo users missing; run the accounts seed first.")
        return
    made = []
    if not OnlineCourse.objects.exists():
        group = _group(timezone.localdate())
        if group is not None:
            count = _seed_course(group, methodologist)
            made.append(f"an online course on {group} with {count} listeners' progress")
    if not Document.objects.exists():
        for kind, title_kk, title_ru, title_en in DOCUMENTS:
            services.document_upload(
                kind=kind,
                title_kk=title_kk,
                title_ru=title_ru,
                title_en=title_en,
                file=ContentFile(
                    f"{title_kk}\n{title_ru}\n{title_en}\n".encode(), name="document.txt"
                ),
                by=methodologist,
            )
        made.append(f"{len(DOCUMENTS)} repository documents")
    stdout.write("Learning: " + ("; ".join(made) if made else "demo data already present."))
