"""Demo content of the website: a page per section, six news items, four events, partners.

Idempotent: what already exists (by slug or English title) is left alone. One page is
backdated so that the quarterly check (IS-17) has something to flag.
"""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from academy.accounts.models import User
from academy.accounts.roles import Role

from . import services
from .models import Event, NewsItem, Page, Partner, Section

PARTNERS = [
    ("Жоғарғы Сот", "Верховный Суд", "Supreme Court", "https://sud.gov.kz"),
    ("Әділет", "Әділет", "Adilet legal database", "https://adilet.zan.kz"),
    (
        "Жоғары Сот Кеңесі",
        "Высший Судебный Совет",
        "Supreme Judicial Council",
        "https://vss.sud.kz",
    ),
]

T = tuple[str, str, str]
PAGES: list[tuple[str, str, T, T]] = [
    (
        Section.ABOUT,
        "about-academy",
        ("Академия туралы", "Об Академии", "About the Academy"),
        (
            "Сот төрелігі академиясы судьяларды, судьялыққа кандидаттарды және сот қызметкерлерін оқытады.\n\nАкадемия Жоғары Сот Кеңесі жанында жұмыс істейді.",
            "Академия правосудия обучает судей, кандидатов в судьи и работников судов.\n\nАкадемия работает при Высшем Судебном Совете.",
            "The Academy of Justice trains judges, candidates for judicial office and court staff.\n\nThe Academy works under the Supreme Judicial Council.",
        ),
    ),
    (
        Section.ADMISSION,
        "admission-rules",
        ("Қабылдау ережесі", "Правила приёма", "Admission rules"),
        (
            "Магистратураға құжаттар 1 шілдеден 25 шілдеге дейін қабылданады.",
            "Документы в магистратуру принимаются с 1 по 25 июля.",
            "Applications to the master's programme are accepted from 1 to 25 July.",
        ),
    ),
    (
        Section.LEARNERS,
        "for-learners",
        ("Тыңдаушыларға", "Слушателям", "For learners"),
        (
            "Курс кестесі мен оқу материалдары жеке кабинетте қолжетімді.",
            "Расписание курсов и учебные материалы доступны в личном кабинете.",
            "Course timetables and study materials are available in your personal account.",
        ),
    ),
    (
        Section.ALUMNI,
        "alumni",
        ("Түлектерге", "Выпускникам", "For alumni"),
        (
            "Түлектер кәсіби даму семинарларына шақырылады.",
            "Выпускники приглашаются на семинары профессионального развития.",
            "Alumni are invited to professional development seminars.",
        ),
    ),
    (
        Section.RESEARCH,
        "research",
        ("Ғылыми қызмет", "Научная деятельность", "Research"),
        (
            "Академия сот тәжірибесін зерттейді және ғылыми-практикалық конференциялар өткізеді.",
            "Академия исследует судебную практику и проводит научно-практические конференции.",
            "The Academy studies judicial practice and holds research and practice conferences.",
        ),
    ),
    (
        Section.COOPERATION,
        "cooperation",
        ("Ынтымақтастық", "Сотрудничество", "Cooperation"),
        (
            "Серіктестеріміз: [Жоғарғы Сот](https://sud.gov.kz) және шетелдік сот академиялары.",
            "Наши партнёры: [Верховный Суд](https://sud.gov.kz) и зарубежные судебные академии.",
            "Our partners: the [Supreme Court](https://sud.gov.kz) and judicial academies abroad.",
        ),
    ),
    (
        Section.PAID_COURSES,
        "paid-courses",
        ("Ақылы курстар", "Платные курсы", "Paid courses"),
        (
            "Заңгерлерге арналған медиация және сот актілерін жазу курстары.",
            "Курсы по медиации и составлению судебных актов для юристов.",
            "Courses in mediation and drafting court decisions for lawyers.",
        ),
    ),
    (
        Section.CONTACTS,
        "contacts",
        ("Байланыс", "Контакты", "Contacts"),
        (
            "Астана қ., Қабанбай батыр даңғылы, 2.\nТелефон: +7 7172 00 00 00",
            "г. Астана, проспект Кабанбай батыра, 2.\nТелефон: +7 7172 00 00 00",
            "2 Kabanbay Batyr Avenue, Astana.\nPhone: +7 7172 00 00 00",
        ),
    ),
]
STALE_SLUG = "paid-courses"

NEWS: list[tuple[T, T, bool]] = [
    (
        (
            "Жаңа судьяларға арналған курс басталды",
            "Начался курс для новых судей",
            "A course for newly appointed judges has started",
        ),
        (
            "Алғашқы топта 25 тыңдаушы оқиды.",
            "В первой группе обучаются 25 слушателей.",
            "Twenty-five listeners study in the first group.",
        ),
        False,
    ),
    (
        (
            "Біліктілік емтиханының кестесі бекітілді",
            "Утверждён график квалификационного экзамена",
            "The qualification exam timetable is approved",
        ),
        (
            "Емтихан наурыз айында өтеді.",
            "Экзамен пройдёт в марте.",
            "The exam will be held in March.",
        ),
        False,
    ),
    (
        (
            "Электрондық кітапхана жаңартылды",
            "Электронная библиотека обновлена",
            "The e-library has been updated",
        ),
        (
            "Кітапханаға 300 жаңа басылым қосылды.",
            "В библиотеку добавлено 300 новых изданий.",
            "Three hundred new titles have been added to the library.",
        ),
        False,
    ),
    (
        (
            "Медиация бойынша семинар өтті",
            "Прошёл семинар по медиации",
            "A mediation seminar took place",
        ),
        (
            "Семинарға 40 судья қатысты.",
            "В семинаре приняли участие 40 судей.",
            "Forty judges took part in the seminar.",
        ),
        False,
    ),
    (
        (
            "Жоғарғы Сотпен меморандумға қол қойылды",
            "Подписан меморандум с Верховным Судом",
            "A memorandum with the Supreme Court was signed",
        ),
        (
            "Толығырақ: [Жоғарғы Сот](https://sud.gov.kz).",
            "Подробнее: [Верховный Суд](https://sud.gov.kz).",
            "More: [Supreme Court](https://sud.gov.kz).",
        ),
        False,
    ),
    (
        (
            "Ертеңгі сабақтар қашықтықтан өтеді",
            "Завтрашние занятия пройдут дистанционно",
            "Tomorrow's classes will be held online",
        ),
        (
            "Ауа райына байланысты сабақтар онлайн өтеді.",
            "Из-за погодных условий занятия пройдут онлайн.",
            "Because of the weather, classes will be held online.",
        ),
        True,
    ),
]

EVENTS: list[tuple[str, int, int, T, T, T]] = [
    (
        Event.Kind.CONFERENCE,
        20,
        21,
        (
            "Сот төрелігі және цифрландыру",
            "Правосудие и цифровизация",
            "Justice and digitalisation",
        ),
        (
            "Халықаралық ғылыми-практикалық конференция.",
            "Международная научно-практическая конференция.",
            "An international research and practice conference.",
        ),
        ("Астана", "Астана", "Astana"),
    ),
    (
        Event.Kind.FORUM,
        45,
        45,
        ("Жас судьялар форумы", "Форум молодых судей", "Young judges' forum"),
        (
            "Тәжірибе алмасу және кәсіби даму.",
            "Обмен опытом и профессиональное развитие.",
            "Sharing experience and professional development.",
        ),
        ("Алматы", "Алматы", "Almaty"),
    ),
    (
        Event.Kind.COMPETITION,
        60,
        62,
        (
            "Студенттердің сот отырысы байқауы",
            "Конкурс студенческих судебных заседаний",
            "Student moot court competition",
        ),
        (
            "Заң факультеттерінің студенттеріне арналған байқау.",
            "Конкурс для студентов юридических факультетов.",
            "A competition for law students.",
        ),
        ("Астана", "Астана", "Astana"),
    ),
    (
        Event.Kind.SEMINAR,
        -30,
        -29,
        ("Сот этикасы семинары", "Семинар по судейской этике", "Seminar on judicial ethics"),
        (
            "Халықаралық сарапшылармен семинар.",
            "Семинар с участием международных экспертов.",
            "A seminar with international experts.",
        ),
        ("Онлайн", "Онлайн", "Online"),
    ),
]


def _t(values: T) -> dict[str, str]:
    return dict(zip(("kk", "ru", "en"), values, strict=True))


def _user(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


@transaction.atomic
def seed(stdout: Any) -> None:
    editor = _user("editor@academy.kz")
    rector = _user("rector@academy.kz")
    if editor is None or not editor.has_role(Role.CONTENT_EDITOR):
        stdout.write("portal: no demo content editor, skipped")
        return
    for kk, ru, en, url in PARTNERS:
        if not Partner.objects.filter(url=url).exists():
            services.partner_create(name=_t((kk, ru, en)), url=url, by=editor)

    today = timezone.localdate()
    for section, slug, title, body in PAGES:
        if Page.objects.filter(slug=slug).exists():
            continue
        page = services.page_create(
            section=section, slug=slug, title=_t(title), body=_t(body), by=editor
        )
        services.page_publish(page=page, by=editor)
        if slug == STALE_SLUG:  # IS-17: last checked four months ago
            Page.objects.filter(pk=page.pk).update(reviewed_at=today - timedelta(days=120))

    now = timezone.now()
    for index, (title, body, urgent) in enumerate(NEWS):
        if NewsItem.objects.filter(title_en=title[2]).exists():
            continue
        if urgent and rector is None:
            continue
        news = services.news_create(
            title=_t(title),
            body=_t(body),
            urgent=urgent,
            initiator=rector if urgent else None,
            urgent_reason="Ауа райының күрт нашарлауы (штормдық ескерту)" if urgent else "",
            by=editor,
        )
        services.news_publish(news=news, by=editor)
        # Spread the demo news over the last weeks, the urgent one the newest.
        NewsItem.objects.filter(pk=news.pk).update(
            published_at=now - timedelta(days=3 * (len(NEWS) - index - 1), hours=1)
        )

    for kind, start, end, title, body, place in EVENTS:
        if Event.objects.filter(title_en=title[2]).exists():
            continue
        event = services.event_create(
            kind=kind,
            title=_t(title),
            body=_t(body),
            place=_t(place),
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
            by=editor,
        )
        services.event_publish(event=event, by=editor)
    stdout.write(
        f"portal: {Page.objects.count()} pages, {NewsItem.objects.count()} news, "
        f"{Event.objects.count()} events"
    )
