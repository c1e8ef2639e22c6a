"""Names users type are read in the reader's language; a missing translation is marked.

Issue 11, "Content in the reader's language": exam titles, the qualification exam's name,
commission names, online-course and module titles and class topics are translated fields;
services keep `title=` / `topic=` (the Kazakh value) and take `title_ru=` / `title_en=`.
"""

from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from academy.core.audit import audit_event
from academy.core.translated import assign, shown, translated_kwargs

TR = Template('{% load translated %}{{ obj|tr:"title" }}')


def _render(obj, language: str) -> str:
    with translation.override(language):
        return TR.render(Context({"obj": obj}))


@pytest.fixture
def qualification_exam(db):
    from academy.appeals.models import Exam

    return Exam.objects.create(
        **translated_kwargs("title", "Біліктілік емтиханы", en="Qualification exam"),
        starts_on=date(2026, 3, 1),
    )


def test_each_language_reads_its_own_name_and_a_missing_one_is_marked(qualification_exam):
    assert _render(qualification_exam, "kk") == "Біліктілік емтиханы"
    assert _render(qualification_exam, "en") == "Qualification exam"
    russian = _render(qualification_exam, "ru")
    assert 'data-fallback="kk"' in russian and "Біліктілік емтиханы" in russian
    assert "Қазақша" in russian  # the marker names the language shown
    with translation.override("ru"):
        assert shown(qualification_exam, "title") == ("Біліктілік емтиханы", "kk")


def test_title_keyword_is_the_kazakh_name_whatever_language_is_active(qualification_exam):
    with translation.override("en"):
        kwargs = translated_kwargs("title", "Атауы", ru="Название")
    assert kwargs == {"title": "Атауы", "title_kk": "Атауы", "title_ru": "Название", "title_en": ""}
    with translation.override("ru"):
        assign(qualification_exam, "title", "Жаңа атауы", en=None)
    assert qualification_exam.title_kk == "Жаңа атауы"
    assert qualification_exam.title_en == "Qualification exam"  # None keeps it
    assert qualification_exam.title_ru == ""


def test_the_exam_service_takes_the_three_titles(methodologist):
    from academy.exams.services.commission import exam_create_for_group
    from academy.training.testing import GroupFactory, ProgrammeFactory

    group = GroupFactory()
    ProgrammeFactory(group=group)
    with translation.override("ru"):  # a Russian page: `title` still means Kazakh
        exam = exam_create_for_group(
            group=group, title="Қорытынды тест", title_en="Final test", by=methodologist
        )
    exam.refresh_from_db()
    assert (exam.title_kk, exam.title_ru, exam.title_en) == ("Қорытынды тест", "", "Final test")


def test_the_lesson_services_keep_topic_and_take_translations(methodologist):
    from academy.training.services import courses
    from academy.training.testing import LessonFactory

    lesson = LessonFactory(topic="Дәлелдемелер")
    with translation.override("en"):
        courses.lesson_change(
            lesson=lesson,
            topic="Дәлелдемелер",
            topic_ru="Доказательства",
            lecturer=None,
            by=methodologist,
        )
    lesson.refresh_from_db()
    assert (lesson.topic_kk, lesson.topic_ru, lesson.topic_en) == (
        "Дәлелдемелер",
        "Доказательства",
        "",
    )
    courses.lesson_change(lesson=lesson, topic="Дәлелдемелер", lecturer=None, by=methodologist)
    lesson.refresh_from_db()
    assert lesson.topic_ru == "Доказательства"  # not given: kept


def test_the_commission_page_has_three_title_fields(client_as, administrator):
    html = client_as(administrator).get(reverse("appeals:commission_create")).content.decode()
    for name in ("title", "title_ru", "title_en"):
        assert f'name="{name}"' in html


def test_the_online_course_and_module_services_take_three_titles(methodologist):
    from academy.learning import services
    from academy.training.testing import GroupFactory, ProgrammeFactory

    group = GroupFactory()
    ProgrammeFactory(group=group)
    course = services.online_course_create(
        group=group, title="Қашықтықтан оқыту", title_ru="Дистанционное обучение", by=methodologist
    )
    module = services.module_add(
        course=course, title="Әдеп", title_en="Ethics", text="Мәтін", by=methodologist
    )
    assert _render(course, "ru") == "Дистанционное обучение"
    assert 'data-fallback="kk"' in _render(course, "en")
    assert _render(module, "en") == "Ethics"
    services.module_edit(module=module, title="Судья әдебі", text="Мәтін", by=methodologist)
    module.refresh_from_db()
    assert (module.title_kk, module.title_en) == ("Судья әдебі", "Ethics")


def test_the_audit_log_reads_in_the_readers_language(client_as, administrator, qualification_exam):
    audit_event(actor=administrator, obj=qualification_exam, event="results_confirmed")
    client = client_as(administrator)
    english = client.get("/en/audit/").content.decode()
    assert "Results confirmed" in english and "results_confirmed" not in english
    assert "Qualification exam" in english  # the object's name now, in English
    russian = client.get("/ru/audit/").content.decode()
    assert "Результаты утверждены" in russian


def test_the_exam_list_shows_the_english_title_on_en(client_as, methodologist):
    from academy.exams.models import Exam

    Exam.objects.create(
        **translated_kwargs("title", "Сынақ емтиханы", ru="Пробный экзамен", en="Trial exam"),
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.COURT_STAFF,
        exam_date=date.today() + timedelta(days=3),
    )
    client = client_as(methodologist)
    assert "Trial exam" in client.get("/en/exams/").content.decode()
    russian = client.get("/ru/exams/").content.decode()
    assert "Пробный экзамен" in russian and "Сынақ емтиханы" not in russian


def test_the_staff_search_finds_an_exam_by_its_name_in_any_language(client_as, methodologist):
    from academy.exams.models import Exam

    Exam.objects.create(
        **translated_kwargs("title", "Сынақ емтиханы", ru="Пробный экзамен", en="Trial exam"),
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.COURT_STAFF,
    )
    client = client_as(methodologist)
    html = client.get("/en/search/", {"q": "Сынақ"}).content.decode()
    assert "Trial exam" in html  # found by its Kazakh name, shown in English
    russian = client.get("/ru/search/", {"q": "Trial"}).content.decode()
    assert "Пробный экзамен" in russian  # found by its English name, shown in Russian
