"""Demo organisations and people: Kazakhstan's regions, their courts, a user per role."""

from datetime import date

from django.contrib.auth.models import Group
from django.db import transaction

from academy.core.iin import make_iin

from .models import Court, Region, User
from .roles import Role

DEMO_PASSWORD = "Academy-2026"

# (code, kk, ru, en, kind, regional court kk/ru/en)
REGIONS = [
    ("abai", "Абай облысы", "Абайская область", "Abai Region", "oblys"),
    ("akmola", "Ақмола облысы", "Акмолинская область", "Akmola Region", "oblys"),
    ("aktobe", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region", "oblys"),
    ("almaty-region", "Алматы облысы", "Алматинская область", "Almaty Region", "oblys"),
    ("atyrau", "Атырау облысы", "Атырауская область", "Atyrau Region", "oblys"),
    (
        "east-kazakhstan",
        "Шығыс Қазақстан облысы",
        "Восточно-Казахстанская область",
        "East Kazakhstan Region",
        "oblys",
    ),
    ("zhambyl", "Жамбыл облысы", "Жамбылская область", "Zhambyl Region", "oblys"),
    ("zhetysu", "Жетісу облысы", "Жетысуская область", "Zhetysu Region", "oblys"),
    (
        "west-kazakhstan",
        "Батыс Қазақстан облысы",
        "Западно-Казахстанская область",
        "West Kazakhstan Region",
        "oblys",
    ),
    ("karaganda", "Қарағанды облысы", "Карагандинская область", "Karaganda Region", "oblys"),
    ("kostanay", "Қостанай облысы", "Костанайская область", "Kostanay Region", "oblys"),
    ("kyzylorda", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region", "oblys"),
    ("mangystau", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region", "oblys"),
    ("pavlodar", "Павлодар облысы", "Павлодарская область", "Pavlodar Region", "oblys"),
    (
        "north-kazakhstan",
        "Солтүстік Қазақстан облысы",
        "Северо-Казахстанская область",
        "North Kazakhstan Region",
        "oblys",
    ),
    ("turkistan", "Түркістан облысы", "Туркестанская область", "Turkistan Region", "oblys"),
    ("ulytau", "Ұлытау облысы", "Улытауская область", "Ulytau Region", "oblys"),
    ("astana", "Астана қаласы", "город Астана", "Astana", "city"),
    ("almaty", "Алматы қаласы", "город Алматы", "Almaty", "city"),
    ("shymkent", "Шымкент қаласы", "город Шымкент", "Shymkent", "city"),
]

REGIONAL_COURT_RU = {
    "abai": "Абайский областной суд",
    "akmola": "Акмолинский областной суд",
    "aktobe": "Актюбинский областной суд",
    "almaty-region": "Алматинский областной суд",
    "atyrau": "Атырауский областной суд",
    "east-kazakhstan": "Восточно-Казахстанский областной суд",
    "zhambyl": "Жамбылский областной суд",
    "zhetysu": "Жетысуский областной суд",
    "west-kazakhstan": "Западно-Казахстанский областной суд",
    "karaganda": "Карагандинский областной суд",
    "kostanay": "Костанайский областной суд",
    "kyzylorda": "Кызылординский областной суд",
    "mangystau": "Мангистауский областной суд",
    "pavlodar": "Павлодарский областной суд",
    "north-kazakhstan": "Северо-Казахстанский областной суд",
    "turkistan": "Туркестанский областной суд",
    "ulytau": "Улытауский областной суд",
    "astana": "Астанинский городской суд",
    "almaty": "Алматинский городской суд",
    "shymkent": "Шымкентский городской суд",
}

# (region, kk, ru, en, level)
OTHER_COURTS = [
    (
        "astana",
        "Астана қаласының Есіл аудандық соты",
        "Есильский районный суд города Астаны",
        "Yesil District Court of Astana",
        "district",
    ),
    (
        "astana",
        "Астана қаласының Сарыарқа аудандық соты",
        "Сарыаркинский районный суд города Астаны",
        "Saryarka District Court of Astana",
        "district",
    ),
    (
        "almaty",
        "Алматы қаласының Бостандық аудандық соты",
        "Бостандыкский районный суд города Алматы",
        "Bostandyk District Court of Almaty",
        "district",
    ),
    (
        "almaty",
        "Алматы қаласының Медеу аудандық соты",
        "Медеуский районный суд города Алматы",
        "Medeu District Court of Almaty",
        "district",
    ),
    (
        "karaganda",
        "Қарағанды қаласының Қазыбек би аудандық соты",
        "Казыбекбийский районный суд города Караганды",
        "Kazybek Bi District Court of Karaganda",
        "district",
    ),
    (
        "shymkent",
        "Шымкент қаласының Әл-Фараби аудандық соты",
        "Аль-Фарабийский районный суд города Шымкента",
        "Al-Farabi District Court of Shymkent",
        "district",
    ),
    (
        "pavlodar",
        "Павлодар қалалық соты",
        "Павлодарский городской суд",
        "Pavlodar City Court",
        "district",
    ),
    ("aktobe", "Ақтөбе қалалық соты", "Актюбинский городской суд", "Aktobe City Court", "district"),
    (
        "astana",
        "Астана қаласының мамандандырылған ауданаралық экономикалық соты",
        "Специализированный межрайонный экономический суд города Астаны",
        "Specialised Inter-district Economic Court of Astana",
        "specialised",
    ),
    (
        "almaty",
        "Алматы қаласының кәмелетке толмағандардың істері жөніндегі мамандандырылған ауданаралық соты",
        "Специализированный межрайонный суд по делам несовершеннолетних города Алматы",
        "Specialised Inter-district Juvenile Court of Almaty",
        "specialised",
    ),
    (
        "almaty",
        "Алматы қаласының мамандандырылған тергеу соты",
        "Специализированный следственный суд города Алматы",
        "Specialised Investigative Court of Almaty",
        "specialised",
    ),
]

# (role, surname, first name, patronymic, e-mail, category, court key)
PEOPLE = [
    (
        Role.ADMINISTRATOR,
        "Әбдірахманов",
        "Дәурен",
        "Серікұлы",
        "admin@academy.kz",
        "other",
        "academy",
    ),
    (Role.RECTOR, "Нұрпейісов", "Бауыржан", "Қайратұлы", "rector@academy.kz", "other", "academy"),
    (
        Role.VICE_RECTOR,
        "Смағұлова",
        "Айгүл",
        "Маратқызы",
        "vicerector@academy.kz",
        "other",
        "academy",
    ),
    (
        Role.METHODOLOGIST,
        "Жұмабаева",
        "Гүлнар",
        "Ерланқызы",
        "methodologist@academy.kz",
        "other",
        "academy",
    ),
    (Role.LECTURER, "Петров", "Андрей", "Викторович", "lecturer@academy.kz", "other", "academy"),
    (Role.SEC_DIRECTOR, "Қасымов", "Ержан", "Тілеуұлы", "sec@academy.kz", "other", "academy"),
    (
        Role.EXAM_COMMISSION_MEMBER,
        "Оспанова",
        "Сәуле",
        "Бекқызы",
        "examiner@academy.kz",
        "judge",
        "supreme",
    ),
    (
        Role.APPEALS_CHAIR,
        "Ахметов",
        "Серік",
        "Нұрланұлы",
        "appeals.chair@academy.kz",
        "judge",
        "supreme",
    ),
    (
        Role.APPEALS_MEMBER,
        "Ким",
        "Елена",
        "Николаевна",
        "appeals.member@academy.kz",
        "judge",
        "regional:astana",
    ),
    (
        Role.APPEALS_SECRETARY,
        "Төлегенова",
        "Динара",
        "Асқарқызы",
        "appeals.secretary@academy.kz",
        "other",
        "council",
    ),
    (
        Role.CANDIDATE,
        "Бекмұхамбетов",
        "Арман",
        "Жанатұлы",
        "candidate@academy.kz",
        "other",
        "other",
    ),
    (Role.LIBRARIAN, "Сидорова", "Ольга", "Петровна", "librarian@academy.kz", "other", "academy"),
    (Role.READER, "Мұхтарова", "Жанар", "Әлібекқызы", "reader@academy.kz", "other", "academy"),
    (Role.CONTENT_EDITOR, "Ли", "Виктория", "Сергеевна", "editor@academy.kz", "other", "academy"),
    (
        Role.COURT_ADMINISTRATION,
        "Байжанов",
        "Нұрсұлтан",
        "Маратұлы",
        "liaison@sot.kz",
        "court_staff",
        "court_administration",
    ),
    (
        Role.LISTENER,
        "Серікбаев",
        "Нұрлан",
        "Асқарұлы",
        "listener@academy.kz",
        "judge",
        "district:0",
    ),
]


@transaction.atomic
def seed_organisations() -> dict[str, Court]:
    courts: dict[str, Court] = {}
    regions = {}
    for code, kk, ru, en, kind in REGIONS:
        region, _ = Region.objects.update_or_create(
            code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "kind": kind}
        )
        regions[code] = region
        court_kk = f"{kk.replace(' облысы', '').replace(' қаласы', '')} {'облыстық' if kind == 'oblys' else 'қалалық'} соты"
        court_en = f"{en.replace(' Region', '')} {'Regional' if kind == 'oblys' else 'City'} Court"
        courts[f"regional:{code}"] = _court(
            court_kk, REGIONAL_COURT_RU[code], court_en, Court.Level.REGIONAL, region
        )
    courts["supreme"] = _court(
        "Қазақстан Республикасының Жоғарғы Соты",
        "Верховный Суд Республики Казахстан",
        "Supreme Court of the Republic of Kazakhstan",
        Court.Level.SUPREME,
        regions["astana"],
    )
    courts["cassation"] = _court(
        "Қазақстан Республикасының Кассациялық соты",
        "Кассационный суд Республики Казахстан",
        "Court of Cassation of the Republic of Kazakhstan",
        Court.Level.CASSATION,
        regions["astana"],
    )
    courts["academy"] = _court(
        "Жоғары Сот Кеңесі жанындағы Сот төрелігі академиясы",
        "Академия правосудия при Высшем Судебном Совете",
        "Academy of Justice under the Supreme Judicial Council",
        Court.Level.OTHER,
        regions["astana"],
    )
    courts["council"] = _court(
        "Жоғары Сот Кеңесінің аппараты",
        "Аппарат Высшего Судебного Совета",
        "Apparatus of the Supreme Judicial Council",
        Court.Level.OTHER,
        regions["astana"],
    )
    courts["court_administration"] = _court(
        "Жоғарғы Сот жанындағы Сот әкімшілігі",
        "Судебная администрация при Верховном Суде",
        "Court Administration under the Supreme Court",
        Court.Level.OTHER,
        regions["astana"],
    )
    for index, (region, kk, ru, en, level) in enumerate(OTHER_COURTS):
        courts[f"district:{index}"] = _court(kk, ru, en, level, regions[region])
    courts["other"] = courts["court_administration"]
    return courts


def _court(kk: str, ru: str, en: str, level: str, region: Region) -> Court:
    court, _ = Court.objects.update_or_create(
        name_en=en, defaults={"name_kk": kk, "name_ru": ru, "level": level, "region": region}
    )
    return court


@transaction.atomic
def seed_people(courts: dict[str, Court]) -> list[tuple[str, User]]:
    """One verified demo user per role; returns (role label, user) for printing."""
    seeded = []
    for index, (role, surname, first, patronymic, email, category, court_key) in enumerate(
        PEOPLE, start=1
    ):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            sex = "F" if patronymic.endswith(("қызы", "вна")) else "M"
            user = User(
                iin=make_iin(date(1975 + index, index % 12 + 1, index + 3), sex, 1000 + index),
                email=email,
            )
        user.surname, user.first_name, user.patronymic = surname, first, patronymic
        user.category = category
        user.court = courts[court_key]
        user.account_verified = True
        user.preferred_language = "kk" if index % 3 else "ru"
        user.is_staff = role == Role.ADMINISTRATOR
        user.set_password(DEMO_PASSWORD)
        user.full_clean(exclude=["password"])
        user.save()
        user.groups.set(Group.objects.filter(name=role))
        seeded.append((str(Role(role).label), user))
    return seeded
