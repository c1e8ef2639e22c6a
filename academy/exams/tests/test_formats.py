import pytest
from django.utils import translation

from academy.exams.models import Question, QuestionType
from academy.exams.services import formats
from academy.exams.services.bank import category_get_or_create, questions_import

pytestmark = pytest.mark.django_db

GIFT = """// Азаматтық құқық
$CATEGORY: $course$/top/Азаматтық құқық/Шарттар

// language: kk
::Q1::Шарт қай кезде жасалды деп есептеледі? {
  =Оферта акцептелген кезде#Дұрыс
  ~Оферта жіберілген кезде
  ~Нотариат куәландырғанда
}

Кассациялық шағым беру мерзімі алты ай. {TRUE}

Какие суды входят в судебную систему? {~%50%Районные ~%50%Областные ~%-100%Арбитражные}

Сопоставьте. {=Истец -> подаёт иск =Ответчик -> отвечает на иск =Суд -> разрешает спор}

Столица Казахстана? {=Астана =Astana}

Сломанный вопрос без ответа

Сколько будет 2+2? {#4}

Ещё один {=a ~b
"""


def test_gift_import_reports_bad_questions_by_line_and_keeps_the_good_ones():
    items, problems = formats.parse_gift(GIFT)
    assert [i.qtype for i in items] == [
        QuestionType.SINGLE,
        QuestionType.TRUE_FALSE,
        QuestionType.MULTIPLE,
        QuestionType.MATCHING,
        QuestionType.SHORT,
        QuestionType.DESCRIPTION,  # text without an answer block, as in Moodle
        QuestionType.NUMERICAL,
    ]
    assert items[0].category_path == "Азаматтық құқық / Шарттар"
    assert items[0].language == "kk"
    assert items[0].name == "Q1"
    assert [p.line for p in problems] == [23]
    report = questions_import(items=items, problems=problems, category=None, by=None)
    assert len(report.imported) == 7
    assert len(report.rejected) == 1
    with translation.override("en"):
        assert "braces" in formats.parse_gift(GIFT)[1][0].reason


def test_import_detects_duplicates_in_the_bank_and_in_the_file():
    items, problems = formats.parse_gift(GIFT)
    questions_import(items=items, problems=[], category=None, by=None)
    again, _p = formats.parse_gift(GIFT)
    report = questions_import(items=again, problems=[], category=None, by=None)
    assert report.imported == []
    assert len(report.duplicates) == 7


@pytest.mark.parametrize("fmt", ["gift", "moodlexml"])
def test_export_and_import_round_trip_without_loss(fmt):
    items, _problems = formats.parse_gift(GIFT)
    questions_import(items=items, problems=[], category=None, by=None)
    questions = list(Question.objects.select_related("current_version", "category").order_by("pk"))
    text = formats.EXPORTERS[fmt](questions)
    parsed, problems = formats.parse(text.encode(), fmt)
    assert problems == []
    original = [
        (
            q.qtype,
            q.name,
            q.language,
            q.category.path,
            q.current_version.text,
            q.current_version.payload,
        )
        for q in questions
    ]
    from academy.exams.services.bank import validate_question

    again = [
        (
            d.qtype,
            d.name,
            d.language,
            d.category_path,
            d.text,
            validate_question(qtype=d.qtype, text=d.text, payload=d.payload),
        )
        for d, q in zip(parsed, questions, strict=True)
    ]
    assert again == original


def test_gift_escapes_survive_the_round_trip():
    category = category_get_or_create(path="Тест")
    items, _p = formats.parse_gift(r"Формула a\=b \{x\} \~y\#z? {=Иә \= да ~Жоқ}")
    report = questions_import(items=items, problems=[], category=category, by=None)
    question = report.imported[0]
    assert question.current_version.text == "Формула a=b {x} ~y#z?"
    parsed, _p = formats.parse_gift(formats.export_gift([question]))
    assert parsed[0].text == question.current_version.text
    assert parsed[0].payload["options"][0]["text"] == "Иә = да"


def test_moodle_xml_reports_the_line_of_an_unsupported_question():
    xml = b"""<?xml version="1.0"?>
<quiz>
  <question type="cloze">
    <questiontext><text>Capital {1:SHORTANSWER:=Astana}</text></questiontext>
  </question>
  <question type="truefalse">
    <questiontext><text>Yes?</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>"""
    items, problems = formats.parse_moodle_xml(xml)
    assert len(items) == 1
    assert items[0].payload == {"answer": True, "feedback_true": "", "feedback_false": ""}
    assert problems[0].line == 3
    with translation.override("en"):
        assert "Cloze" in problems[0].reason


def test_moodle_xml_refuses_entity_expansion():
    xml = b"""<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>"""
    items, problems = formats.parse_moodle_xml(xml)
    assert items == [] and len(problems) == 1


def test_aiken_import():
    text = """Азаматтық кодекс қай жылы қабылданды?
A. 1994
B) 1999
ANSWER: A

Вопрос без ответа
A. да
B. нет
"""
    items, problems = formats.parse_aiken(text)
    assert len(items) == 1 and items[0].payload["options"][0]["fraction"] == 1.0
    assert problems[0].line == 6


def test_import_command_prints_counts_and_fails_only_on_unreadable_file(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "bank.gift"
    path.write_text(GIFT, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_questions",
        str(path),
        "--format",
        "gift",
        "--category",
        "Жалпы",
        stdout=out,
        stderr=StringIO(),
    )
    assert "imported: 7" in out.getvalue() and "line 23" in out.getvalue()
    broken = tmp_path / "broken.xml"
    broken.write_text("<quiz><question>", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "import_questions",
            str(broken),
            "--format",
            "moodlexml",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    with pytest.raises(CommandError):
        call_command(
            "import_questions",
            str(tmp_path / "missing.gift"),
            "--format",
            "gift",
            stdout=StringIO(),
            stderr=StringIO(),
        )
