"""Demo content for exams: a Kazakh/Russian question bank, a blueprint, cases and an exam.

Idempotent: questions are imported through the GIFT importer, which skips duplicates;
everything else is looked up by name before it is created.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from academy.accounts.roles import Role
from academy.core.translated import fill_missing

from .models import (
    Blueprint,
    BlueprintRule,
    CaseForm,
    CaseTask,
    CommissionMember,
    Exam,
    OralTicket,
    Participant,
)
from .services import formats
from .services.bank import category_get_or_create, questions_import

BANK_GIFT = r"""
$CATEGORY: $course$/top/Конституциялық құқық
// language: kk
Қазақстан Республикасының Конституциясы қашан қабылданды? {
  =1995 жылғы 30 тамызда республикалық референдумда
  ~1993 жылғы 28 қаңтарда Жоғарғы Кеңесте
  ~1991 жылғы 16 желтоқсанда
  ~1995 жылғы 1 қыркүйекте Парламентте
}

// language: kk
Қазақстан Республикасында сот төрелігін тек сот жүзеге асырады. {TRUE}

// language: kk
Қазақстан Республикасында мемлекеттік тіл – қазақ тілі. {TRUE}

// language: kk
Жоғарғы Сот судьяларын кім сайлайды? {
  =Сенат – Президенттің ұсынуы бойынша
  ~Мәжіліс
  ~Жоғары Сот Кеңесі
  ~Судьялар съезі
}

// language: kk
Жоғары Сот Кеңесі қандай мәселелерді қарайды? {
  ~%50%Судья лауазымына кандидаттарды ұсыну
  ~%50%Судьяларды лауазымынан босату туралы мәселелер
  ~%-100%Азаматтық істерді кассациялық тәртіппен қарау
}

$CATEGORY: $course$/top/Азаматтық құқық
// language: kk
Азаматтық кодекс бойынша талап қоюдың жалпы мерзімі қанша? {
  =Үш жыл
  ~Бір жыл
  ~Он жыл
  ~Алты ай
}

// language: kk
Азаматтың толық әрекет қабілеттілігі неше жастан басталады? {=18 =он сегіз}

// language: kk
Шарт тараптар барлық елеулі талаптары бойынша келісімге қол жеткізген кезде жасалған болып есептеледі. {TRUE}

// language: kk
Азаматтық іс жүргізу бойынша апелляциялық шағым беру мерзімі? {
  =Шешім түпкілікті нысанда дайындалған күннен бастап бір ай
  ~Он күн
  ~Үш ай
  ~Алты ай
}

// language: kk
Татуласу келісімі азаматтық процестің кез келген сатысында жасалуы мүмкін. {TRUE}

// language: kk
Сот ісін жүргізу түрлерін кодекстермен сәйкестендіріңіз. {
  =Азаматтық сот ісін жүргізу -> Азаматтық процестік кодекс
  =Қылмыстық сот ісін жүргізу -> Қылмыстық-процестік кодекс
  =Әкімшілік сот ісін жүргізу -> Әкімшілік рәсімдік-процестік кодекс
  =Әкімшілік-деликтілік іс жүргізу -> Әкімшілік құқық бұзушылық туралы кодекс
}

$CATEGORY: $course$/top/Қылмыстық процесс
// language: kk
Күдіктіні ұстаудың жалпы ең ұзақ мерзімі қанша? {
  =48 сағат
  ~24 сағат
  ~72 сағат
  ~10 тәулік
}

// language: kk
Кәмелетке толмаған күдіктіні ұстау мерзімі 24 сағаттан аспауы тиіс. {TRUE}

// language: kk
Қылмыстық-процестік кодекс бойынша бұлтартпау шараларына не жатады? {
  ~%33.33333%Күзетпен ұстау
  ~%33.33333%Үйқамақ
  ~%33.33333%Кепіл
  ~%-100%Айыппұл
}

// language: kk
Кінәсіздік презумпциясы Конституцияда бекітілген. {TRUE}

$CATEGORY: $course$/top/Гражданское право и процесс
// language: ru
Общий срок исковой давности по Гражданскому кодексу Республики Казахстан составляет: {
  =три года
  ~один год
  ~пять лет
  ~десять лет
}

// language: ru
Срок подачи апелляционной жалобы по гражданскому делу: {
  =один месяц со дня изготовления решения в окончательной форме
  ~десять дней со дня оглашения решения
  ~три месяца со дня вынесения решения
  ~шесть месяцев со дня вступления решения в силу
}

// language: ru
Мировое соглашение может быть заключено на любой стадии гражданского процесса. {TRUE}

// language: ru
Кассационная жалоба по гражданскому делу подаётся в течение шести месяцев со дня вступления обжалуемого акта в законную силу. {TRUE}

// language: ru
Гражданская дееспособность в полном объёме возникает с наступлением совершеннолетия, то есть с какого возраста? {=18 =восемнадцати лет =восемнадцать}

// language: ru
Какие лица участвуют в деле в гражданском процессе? {
  ~%33.33333%Стороны
  ~%33.33333%Третьи лица
  ~%33.33333%Прокурор
  ~%-100%Секретарь судебного заседания
}

$CATEGORY: $course$/top/Уголовный процесс
// language: ru
Общий максимальный срок задержания подозреваемого до судебной санкции составляет: {
  =48 часов
  ~24 часа
  ~72 часа
  ~5 суток
}

// language: ru
Меру пресечения в виде содержания под стражей санкционирует следственный судья. {TRUE}

// language: ru
Подозреваемый обязан доказывать свою невиновность. {FALSE}

// language: ru
Сопоставьте участника уголовного процесса и сторону. {
  =Прокурор -> сторона обвинения
  =Защитник -> сторона защиты
  =Потерпевший -> сторона обвинения
  =Подозреваемый -> сторона защиты
}

$CATEGORY: $course$/top/Административное судопроизводство
// language: ru
Административный процедурно-процессуальный кодекс Республики Казахстан введён в действие: {
  =1 июля 2021 года
  ~1 января 2015 года
  ~1 января 2020 года
  ~1 июля 2023 года
}

// language: ru
В административном судопроизводстве суд вправе собирать доказательства по собственной инициативе (активная роль суда). {TRUE}

// language: ru
Как называется кодекс, регулирующий производство по делам об административных правонарушениях? {=Кодекс об административных правонарушениях =КоАП}

$CATEGORY: $course$/top/Судебная этика
// language: ru
Судья вправе высказывать публично мнение по делу, находящемуся в производстве суда, до вступления судебного акта в законную силу. {FALSE}

// language: kk
Судья қаралып жатқан іс бойынша тараптардың бірімен процестен тыс байланыс жасауға құқылы. {FALSE}
"""

CASES = [
    (
        "Мұрагерлік мүлік бойынша дау",
        "civil",
        CaseForm.DECISION,
        "kk",
        "Азамат А. әкесі қайтыс болғаннан кейін алты ай өткен соң мұраны қабылдау туралы "
        "нотариусқа жүгінді. Нотариус мерзімнің өтуіне байланысты бас тартты. А. мерзімді "
        "ұзарту және мұраны қабылдаған деп тану туралы сотқа талап арызбен жүгінді.\n"
        "Тапсырма: дәлелді сот шешімін жобалаңыз.",
    ),
    (
        "Спор о взыскании неустойки по договору поставки",
        "civil",
        CaseForm.QUESTIONS,
        "ru",
        "ТОО «Береке» поставило товар с просрочкой 40 дней. Покупатель требует неустойку "
        "0,5 % за каждый день просрочки, поставщик просит её уменьшить.\n"
        "Вопросы: 1) нормы материального права; 2) вправе ли суд уменьшить неустойку; "
        "3) распределение судебных расходов.",
    ),
    (
        "Санкция на содержание под стражей",
        "criminal",
        CaseForm.QUESTIONS,
        "ru",
        "Следователь ходатайствует о санкционировании содержания под стражей подозреваемого "
        "в краже, ранее не судимого, имеющего постоянное место жительства.\n"
        "Вопросы: 1) основания для меры пресечения; 2) альтернативные меры; 3) порядок "
        "рассмотрения ходатайства следственным судьёй.",
    ),
]

TICKETS = [
    "Сот төрелігінің қағидаттары\nСудьяның тәуелсіздігі және оның кепілдіктері",
    "Талап қоюдың ескіру мерзімі\nАпелляциялық іс жүргізу тәртібі",
    "Кінәсіздік презумпциясы\nБұлтартпау шараларының түрлері",
]


def _user_with_role(role: str) -> Any:
    return get_user_model().objects.filter(groups__name=role).order_by("pk").first()


def _demo_group(*, staff: bool) -> Any:
    """A training group (staff or judges) with admitted listeners, if training has demo data."""
    from academy.training.models import Group

    groups = Group.objects.order_by("pk")
    if staff:
        groups = groups.filter(audience=Group.Audience.COURT_STAFF)
    else:
        groups = groups.exclude(audience=Group.Audience.COURT_STAFF)
    for group in groups:
        if group.listeners().exists():
            return group
    return None


def _listeners(group: Any) -> list[Any]:
    """The group's listeners plus the demo listener login, so that a demo can sit the exam."""
    if group is None:
        return list(get_user_model().objects.filter(groups__name=Role.LISTENER))
    people = list(group.listeners())
    demo_login = _user_with_role(Role.LISTENER)
    if demo_login is not None and demo_login not in people:
        people.append(demo_login)
    return people


def _fix_and_open(exam: Exam) -> None:
    """The demo rector fixes a valid commission and the exam opens (TR-24, TR-25)."""
    from .services.commission import commission_problems

    rector = _user_with_role(Role.RECTOR)
    if rector is not None and not commission_problems(exam):
        exam.commission_fixed_by = rector
        exam.commission_fixed_at = timezone.now()
        exam.status = Exam.Status.OPEN
        exam.save()


@transaction.atomic
def seed(stdout: Any) -> None:
    items, problems = formats.parse_gift(BANK_GIFT)
    report = questions_import(items=items, problems=problems, category=None, by=None)
    stdout.write(
        f"exams: {len(report.imported)} questions imported, {len(report.duplicates)} already there"
    )
    blueprint, created = Blueprint.objects.get_or_create(
        name="Демо: сот қызметкерлерінің тесті (10 тапсырма)",
        defaults={"points_per_item": 2, "duration_minutes": 50},
    )
    if created:
        for path, count in [
            ("Конституциялық құқық", 3),
            ("Азаматтық құқық", 4),
            ("Қылмыстық процесс", 3),
        ]:
            BlueprintRule.objects.create(
                blueprint=blueprint, category=category_get_or_create(path=path), count=count
            )
    for title, specialisation, form, language, text in CASES:
        CaseTask.objects.get_or_create(
            title=title,
            defaults={
                "specialisation": specialisation,
                "form": form,
                "language": language,
                "text": text,
            },
        )
    group = _demo_group(staff=True)
    exam, created = Exam.objects.get_or_create(
        title_kk="Демо: компьютерлік тестілеу",
        defaults={
            "title": "Демо: компьютерлік тестілеу",
            "kind": Exam.Kind.COMPUTER_TEST,
            "audience": Exam.Audience.COURT_STAFF,
            "language": "kk",
            "blueprint": blueprint,
            "group": group,
            "exam_date": timezone.localdate(),
        },
    )
    fill_missing(exam, "title", ru="Демо: компьютерное тестирование", en="Demo: computer test")
    if created:
        seats = [
            (Role.EXAM_COMMISSION_MEMBER, CommissionMember.Seat.COUNCIL_MEMBER),
            (Role.APPEALS_SECRETARY, CommissionMember.Seat.COUNCIL_STAFF),
            (Role.COURT_ADMINISTRATION, CommissionMember.Seat.COURT_ADMINISTRATION),
            (Role.SEC_DIRECTOR, CommissionMember.Seat.SEC_DIRECTOR),
            (Role.LECTURER, CommissionMember.Seat.LECTURER),
        ]
        for role, seat in seats:
            user = _user_with_role(role)
            if user is not None:
                CommissionMember.objects.get_or_create(
                    exam=exam, user=user, defaults={"seat": seat}
                )
        for listener in _listeners(group):
            Participant.objects.get_or_create(exam=exam, listener=listener)
        _fix_and_open(exam)
    judges_group = _demo_group(staff=False)
    case_exam, created = Exam.objects.get_or_create(
        title_kk="Демо: кейстің жазбаша шешімі (судьялар)",
        defaults={
            "title": "Демо: кейстің жазбаша шешімі (судьялар)",
            "group": judges_group,
            "kind": Exam.Kind.WRITTEN_CASE,
            "audience": Exam.Audience.JUDGES,
            "language": "kk",
            "exam_date": timezone.localdate(),
        },
    )
    fill_missing(
        case_exam,
        "title",
        ru="Демо: письменное решение кейса (судьи)",
        en="Demo: written case solution (judges)",
    )
    if created:
        case_exam.cases.set(CaseTask.objects.all())
        # TR-24: Council member, Supreme Court judge, vice-rector.
        for role, seat in [
            (Role.EXAM_COMMISSION_MEMBER, CommissionMember.Seat.COUNCIL_MEMBER),
            (Role.APPEALS_MEMBER, CommissionMember.Seat.SUPREME_COURT_JUDGE),
            (Role.VICE_RECTOR, CommissionMember.Seat.VICE_RECTOR),
        ]:
            user = _user_with_role(role)
            if user is not None:
                CommissionMember.objects.get_or_create(
                    exam=case_exam, user=user, defaults={"seat": seat}
                )
        for listener in _listeners(judges_group):
            Participant.objects.get_or_create(exam=case_exam, listener=listener)
        _fix_and_open(case_exam)
    oral, created = Exam.objects.get_or_create(
        title_kk="Демо: ауызша емтихан (онлайн)",
        defaults={
            "title": "Демо: ауызша емтихан (онлайн)",
            "kind": Exam.Kind.ORAL,
            "audience": Exam.Audience.JUDGES,
            "language": "kk",
            "online_session_url": "https://meet.example.kz/academy-oral-exam",
            "group": judges_group,
        },
    )
    fill_missing(oral, "title", ru="Демо: устный экзамен (онлайн)", en="Demo: oral exam (online)")
    if created:
        for number, questions in enumerate(TICKETS, start=1):
            OralTicket.objects.create(exam=oral, number=number, questions=questions)
        for listener in _listeners(judges_group):
            Participant.objects.get_or_create(exam=oral, listener=listener)
    stdout.write(f"exams: demo exam '{exam.title}' ({exam.get_status_display()})")
