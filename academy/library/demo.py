"""Demo data of the e-library (IS-12): legal literature in Kazakh and Russian, journals with
articles, copies, two readers with loans (one overdue).

Acquisition: a supplier, an order received partly, a copy written off.

Idempotent: records are matched by title, copies by barcode, loans made once, the
supplier by its BIN, the order by its note.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from stdnum import ean

from academy.accounts.models import User
from academy.accounts.roles import Role

from .bin import make_bin
from .models import (
    AcquisitionOrder,
    Copy,
    FundSource,
    Loan,
    OrderLine,
    Reader,
    Record,
    RecordKind,
    RegisterEntry,
    Supplier,
)
from .services.cataloguing import record_marc_build
from .services.circulation import due_date

ZHETI = ("Жеті жарғы", "Алматы")
NORMA = ("Норма-К", "Алматы")
ACADEMY = ("Сот төрелігі академиясы", "Астана")

# (kind, title, authors, (publisher, place), year, language, subjects, abstract)
BOOKS = [
    (
        RecordKind.CODE,
        "Қазақстан Республикасының Конституциясы",
        "",
        ACADEMY,
        2023,
        "kk",
        "конституциялық құқық; негізгі заң",
        "1995 жылғы 30 тамызда республикалық референдумда қабылданған, 2022 жылғы өзгерістерімен.",
    ),
    (
        RecordKind.CODE,
        "Конституция Республики Казахстан",
        "",
        ACADEMY,
        2023,
        "ru",
        "конституционное право; основной закон",
        "Принята на республиканском референдуме 30 августа 1995 года, с изменениями 2022 года.",
    ),
    (
        RecordKind.CODE,
        "Гражданский кодекс Республики Казахстан (Общая часть)",
        "",
        ZHETI,
        2024,
        "ru",
        "гражданское право",
        "Официальный текст с изменениями и дополнениями по состоянию на 1 января 2024 года.",
    ),
    (
        RecordKind.CODE,
        "Қазақстан Республикасының Азаматтық процестік кодексі",
        "",
        ZHETI,
        2024,
        "kk",
        "азаматтық процесс",
        "2015 жылғы 31 қазандағы Кодекс, өзгерістері мен толықтыруларымен.",
    ),
    (
        RecordKind.CODE,
        "Гражданский процессуальный кодекс Республики Казахстан",
        "",
        ZHETI,
        2024,
        "ru",
        "гражданский процесс",
        "Кодекс от 31 октября 2015 года с изменениями и дополнениями.",
    ),
    (
        RecordKind.CODE,
        "Уголовный кодекс Республики Казахстан",
        "",
        NORMA,
        2024,
        "ru",
        "уголовное право",
        "Кодекс от 3 июля 2014 года с изменениями и дополнениями.",
    ),
    (
        RecordKind.CODE,
        "Қазақстан Республикасының Қылмыстық-процестік кодексі",
        "",
        NORMA,
        2023,
        "kk",
        "қылмыстық процесс",
        "2014 жылғы 4 шілдедегі Кодекс.",
    ),
    (
        RecordKind.CODE,
        "Административный процедурно-процессуальный кодекс Республики Казахстан",
        "",
        ZHETI,
        2023,
        "ru",
        "административная юстиция; административный процесс",
        "Кодекс от 29 июня 2020 года; вступил в силу 1 июля 2021 года.",
    ),
    (
        RecordKind.CODE,
        "Кодекс Республики Казахстан об административных правонарушениях",
        "",
        NORMA,
        2023,
        "ru",
        "административные правонарушения",
        "Кодекс от 5 июля 2014 года.",
    ),
    (
        RecordKind.COMMENTARY,
        "Комментарий к Гражданскому процессуальному кодексу Республики Казахстан",
        "Ильясова, Г. А.; Жайлин, Г. А.",
        ZHETI,
        2021,
        "ru",
        "гражданский процесс; комментарий",
        "Постатейный комментарий с учётом нормативных постановлений Верховного Суда.",
    ),
    (
        RecordKind.COMMENTARY,
        "Комментарий к Уголовному кодексу Республики Казахстан. Общая часть",
        "Рогов, И. И.; Борчашвили, И. Ш.",
        ZHETI,
        2022,
        "ru",
        "уголовное право; комментарий",
        "Научно-практический комментарий.",
    ),
    (
        RecordKind.COMMENTARY,
        "Қазақстан Республикасы Қылмыстық-процестік кодексіне түсініктеме",
        "Ахпанов, А. Н.",
        ACADEMY,
        2022,
        "kk",
        "қылмыстық процесс; түсініктеме",
        "Баптар бойынша ғылыми-практикалық түсініктеме.",
    ),
    (
        RecordKind.COMMENTARY,
        "Комментарий к Административному процедурно-процессуальному кодексу",
        "Подопригора, Р. А.",
        ZHETI,
        2022,
        "ru",
        "административная юстиция; комментарий",
        "Комментарий к нормам об административном судопроизводстве.",
    ),
    (
        RecordKind.BOOK,
        "Судебная этика: учебное пособие",
        "Нурмагамбетов, Р. Г.",
        ACADEMY,
        2020,
        "ru",
        "судебная этика; кодекс судейской этики",
        "Принципы независимости, беспристрастности и добросовестности судьи.",
    ),
    (
        RecordKind.BOOK,
        "Сот әдебі: оқу құралы",
        "Сәрсенбаев, Т. Е.",
        ACADEMY,
        2021,
        "kk",
        "сот әдебі; судьяның тәуелсіздігі",
        "Судья әдебінің негізгі қағидаттары.",
    ),
    (
        RecordKind.BOOK,
        "Медиация в гражданском судопроизводстве",
        "Котов, А. К.",
        NORMA,
        2019,
        "ru",
        "медиация; примирительные процедуры",
        "Порядок и практика проведения медиации в суде.",
    ),
    (
        RecordKind.BOOK,
        "Әкімшілік әділет: оқулық",
        "Тәжин, М. С.",
        ACADEMY,
        2022,
        "kk",
        "әкімшілік әділет; әкімшілік процесс",
        "Әкімшілік сот ісін жүргізудің негіздері.",
    ),
    (
        RecordKind.BOOK,
        "Доказывание в уголовном процессе",
        "Когамов, М. Ч.",
        NORMA,
        2018,
        "ru",
        "уголовный процесс; доказательства",
        "Теория и практика доказывания.",
    ),
    (
        RecordKind.BOOK,
        "Составление судебных актов: практикум",
        "Жумабаева, Г. С.",
        ACADEMY,
        2023,
        "ru",
        "судебный акт; решение суда",
        "Структура и язык судебного решения, примеры из практики.",
    ),
    (
        RecordKind.BOOK,
        "Ювеналдық әділет",
        "Бекмағамбетова, А. Ж.",
        ACADEMY,
        2020,
        "kk",
        "кәмелетке толмағандар; ювеналдық сот",
        "Кәмелетке толмағандар істерін қарау ерекшеліктері.",
    ),
    (
        RecordKind.BOOK,
        "Экономические споры: судебная практика",
        "Ким, Ю. А.",
        ZHETI,
        2021,
        "ru",
        "экономический суд; корпоративные споры",
        "Обзор практики специализированных межрайонных экономических судов.",
    ),
]

JOURNALS = [
    ("Заң және заман", "1683-1306", "kk"),
    ("Вестник Академии правосудия", "2307-2962", "ru"),
    ("Судебная практика Казахстана", "0236-2953", "ru"),
]

# (journal index, title, authors, issue, language, subjects)
ARTICLES = [
    (0, "Сот төрелігінің қолжетімділігі: өзекті мәселелер", "Әбенов, Қ. Т.", "2024, № 2, 15–21 б.", "kk", "сот төрелігі; қолжетімділік"),
    (0, "Азаматтық істердегі медиацияның тиімділігі", "Нұрланова, Ә. М.", "2024, № 3, 8–14 б.", "kk", "медиация; азаматтық процесс"),
    (1, "Принцип активной роли суда в административном процессе", "Подопригора, Р. А.", "2023, № 4, с. 22–30", "ru", "административная юстиция; активная роль суда"),
    (1, "Цифровизация судопроизводства: опыт Казахстана", "Ли, В. С.", "2024, № 1, с. 5–12", "ru", "цифровизация; электронное правосудие"),
    (1, "Независимость судей и судейская этика", "Нурмагамбетов, Р. Г.", "2024, № 2, с. 40–47", "ru", "судебная этика; независимость судей"),
    (2, "Обзор практики рассмотрения споров о защите прав потребителей", "Ким, Ю. А.", "2023, № 11, с. 3–17", "ru", "защита прав потребителей"),
    (2, "Вопросы применения норм о примирении сторон в уголовном процессе", "Когамов, М. Ч.", "2024, № 5, с. 18–25", "ru", "уголовный процесс; примирение"),
]  # fmt: skip


def _isbn(serial: int) -> str:
    base = f"978601{7000 + serial:04d}{serial % 100:02d}"
    return base + ean.calc_check_digit(base)


def _record(title: str, **fields: Any) -> Record:
    record = Record.objects.filter(title=title).first()
    if record is None:
        record = Record(title=title, **fields)
        record.save()
        record_marc_build(record)
    return record


def _copies(record: Record, serial: int, count: int) -> list[Copy]:
    copies = []
    for n in range(1, count + 1):
        copy, _ = Copy.objects.get_or_create(
            barcode=f"AJ{serial:04d}{n:02d}",
            defaults={
                "record": record,
                "location": "Абонемент" if n < count or count == 1 else "Оқу залы / Читальный зал",
                "shelf_mark": f"67.{serial:02d}",
                "status": Copy.Status.AVAILABLE
                if n < count or count == 1
                else Copy.Status.REFERENCE,
            },
        )
        copies.append(copy)
    return copies


def _demo_reader(user: User, librarian: User | None) -> Reader:
    reader = Reader.objects.filter(user=user).first()
    if reader is None:
        reader = Reader.objects.create(user=user, issued_by=librarian, card_number=f"tmp-{user.pk}")
        reader.card_number = f"AJ-{reader.pk:06d}"
        reader.save(update_fields=["card_number"])
    return reader


def _lend(copy: Copy, reader: Reader, days_ago: int, librarian: User | None) -> None:
    if Loan.objects.filter(copy=copy).exists():
        return
    issued = timezone.now() - timedelta(days=days_ago)
    Loan.objects.create(
        copy=copy,
        reader=reader,
        issued_at=issued,
        due_on=due_date(issued.date()),
        issued_by=librarian,
    )
    copy.status = Copy.Status.ON_LOAN
    copy.save(update_fields=["status"])


DEMO_ORDER_NOTE = "Демо: тапсырыс / демо-заказ 2026"


def _acquisition(librarian: User | None, record: Record) -> None:
    """A supplier, an order of two lines with one received partly, one copy written off.

    Written directly (not through the services, which need a librarian account) but with the
    same results: copies, register entries, statuses.
    """
    supplier, _ = Supplier.objects.get_or_create(
        bin=make_bin(2012, 5, 4021),
        defaults={"name": "«Жеті жарғы» баспасы ЖШС", "contact": "+7 727 000 00 00"},
    )
    if AcquisitionOrder.objects.filter(note=DEMO_ORDER_NOTE).exists():
        return
    today = timezone.localdate()
    order = AcquisitionOrder.objects.create(
        supplier=supplier,
        ordered_on=today - timedelta(days=20),
        status=AcquisitionOrder.Status.PARTLY_RECEIVED,
        note=DEMO_ORDER_NOTE,
        created_by=librarian,
    )
    line = OrderLine.objects.create(
        order=order, record=record, quantity=4, unit_price=Decimal("6500.00"),
        source=FundSource.BUDGET, received_quantity=2,
    )  # fmt: skip
    OrderLine.objects.create(
        order=order, new_title="Судебная риторика: учебное пособие", new_authors="Ли, В. С.",
        quantity=3, unit_price=Decimal("4200.00"), source=FundSource.BUDGET,
    )  # fmt: skip
    copies = []
    for n in (1, 2):
        copy, _ = Copy.objects.get_or_create(
            barcode=f"AJA-DEMO-{n:02d}",
            defaults={"record": record, "location": "Абонемент", "shelf_mark": "67.10"},
        )
        RegisterEntry.objects.get_or_create(
            copy=copy,
            kind=RegisterEntry.Kind.RECEIPT,
            defaults={
                "line": line, "source": line.source, "price": line.unit_price,
                "entered_on": today - timedelta(days=10), "entered_by": librarian,
            },
        )  # fmt: skip
        copies.append(copy)
    worn = copies[1]
    RegisterEntry.objects.get_or_create(
        copy=worn,
        kind=RegisterEntry.Kind.WRITE_OFF,
        defaults={
            "line": line, "source": line.source, "price": line.unit_price, "entered_on": today,
            "reason": RegisterEntry.Reason.WORN_OUT, "entered_by": librarian,
        },
    )  # fmt: skip
    worn.status = Copy.Status.WITHDRAWN
    worn.save(update_fields=["status"])


@transaction.atomic
def seed(stdout: Any) -> None:
    librarian = User.objects.filter(email__iexact="librarian@academy.kz").first()
    all_copies: list[Copy] = []
    for serial, (
        kind,
        title,
        authors,
        (publisher, place),
        year,
        language,
        subjects,
        abstract,
    ) in enumerate(BOOKS, 1):
        record = _record(
            title,
            kind=kind,
            authors=authors,
            publisher=publisher,
            place=place,
            year=year,
            language=language,
            subjects=subjects,
            abstract=abstract,
            isbn=_isbn(serial),
            created_by=librarian,
        )
        all_copies.extend(_copies(record, serial, 3 if kind == RecordKind.CODE else 2))
    journals = []
    for index, (title, issn, language) in enumerate(JOURNALS, start=len(BOOKS) + 1):
        journal = _record(
            title, kind=RecordKind.SERIAL, issn=issn, language=language, publisher=title,
            place="Астана", year=2024, subjects="журнал", created_by=librarian,
        )  # fmt: skip
        _copies(journal, index, 1)
        journals.append(journal)
    for host, title, authors, issue, language, subjects in ARTICLES:
        _record(
            title, kind=RecordKind.ARTICLE, authors=authors, host=journals[host],
            host_title=journals[host].title, host_details=issue, language=language,
            subjects=subjects, year=int(issue[:4]), created_by=librarian,
        )  # fmt: skip
    people = [
        User.objects.filter(email__iexact="reader@academy.kz").first(),
        User.objects.filter(groups__name=Role.LISTENER, account_verified=True)
        .order_by("pk")
        .first(),
    ]
    readers = [_demo_reader(user, librarian) for user in people if user is not None]
    if readers:
        _lend(all_copies[0], readers[0], 3, librarian)  # current
        _lend(all_copies[9], readers[0], 30, librarian)  # overdue
    if len(readers) > 1:
        _lend(all_copies[20], readers[1], 10, librarian)
    _acquisition(librarian, Record.objects.get(title=BOOKS[9][1]))
    stdout.write(
        f"E-library: {Record.objects.count()} records, {Copy.objects.count()} copies, "
        f"{Reader.objects.count()} readers, {Loan.objects.filter(returned_at__isnull=True).count()} loans, "
        f"{AcquisitionOrder.objects.count()} acquisition orders."
    )
