"""Issue 12: GIFT → bank → GIFT and Moodle XML → bank → XML add nothing and change nothing.

Every supported type (single and multiple choice, true/false, short answer, numerical
with units and weighted answers, matching with a distractor, essay, description), field
by field: type, title, language, category, text format, text, every answer with its
fraction and feedback, the option order flag, the general feedback. Re-importing our own
export adds no question, and exporting again gives the same file.
"""

import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation

from academy.exams.models import Exam, Participant, Question, QuestionType, QuestionVersion
from academy.exams.services import attempts as svc
from academy.exams.services import formats
from academy.exams.services.attempts import item_score
from academy.exams.services.bank import category_get_or_create, questions_import
from academy.exams.testing import make_blueprint, staff_commission

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"

ALL_TYPES = {
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.TRUE_FALSE,
    QuestionType.SHORT,
    QuestionType.NUMERICAL,
    QuestionType.MATCHING,
    QuestionType.ESSAY,
    QuestionType.DESCRIPTION,
}


def _bank():
    return list(
        Question.objects.select_related("current_version", "category__parent").order_by("pk")
    )


def _fields(question: Question) -> dict:
    version = question.current_version
    return {
        "qtype": question.qtype,
        "name": question.name,
        "language": question.language,
        "category": question.category.path,
        "text_format": version.text_format,
        "text": version.text,
        "payload": version.payload,
        "general_feedback": version.general_feedback,
        "fingerprint": version.fingerprint,
    }


def _import(source: bytes, fmt: str):
    items, problems = formats.parse(source, fmt)
    return questions_import(items=items, problems=problems, category=None, by=None)


def _round_trip(fmt: str, source: bytes, expected_refused: list[int]):
    """Import the file, export the bank, import the export into an empty bank, compare."""
    first = _import(source, fmt)
    assert [p.line for p in first.rejected] == expected_refused
    assert {q.qtype for q in first.imported} == ALL_TYPES
    before = [_fields(q) for q in _bank()]
    exported = formats.EXPORTERS[fmt](_bank())

    # Re-importing our own export into the same bank adds nothing.
    again = _import(exported.encode(), fmt)
    assert again.imported == [] and again.rejected == []
    assert len(again.duplicates) == len(before)
    assert [_fields(q) for q in _bank()] == before

    # Into an empty bank it gives the same questions, field by field.
    Question.objects.update(current_version=None)
    QuestionVersion.objects.all().delete()
    Question.objects.all().delete()
    fresh = _import(exported.encode(), fmt)
    assert fresh.rejected == [] and fresh.duplicates == []
    after = [_fields(q) for q in _bank()]
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert new == old
    # …and exports to the very same file.
    assert formats.EXPORTERS[fmt](_bank()) == exported
    return before, exported


def test_moodle_xml_round_trip_of_every_type_is_lossless_and_idempotent():
    with translation.override("en"):
        before, exported = _round_trip(
            "moodlexml", (DATA / "every_type.moodle.xml").read_bytes(), [117, 316]
        )
    by_name = {f["name"]: f for f in before}
    court = by_name["Court of first instance"]
    assert court["category"] == "Default for Law / Round trip"
    assert court["payload"]["shuffle"] is False
    assert [(o["text"], o["fraction"], o["feedback"]) for o in court["payload"]["options"]] == [
        ("<p>District court</p>", 1.0, "<p>Right.</p>"),
        ("<p>Regional court</p>", 0.3333333, "<p>Only for some cases.</p>"),
        ("<p>Supreme Court</p>", 0.0, ""),
        ("<p>None of the above</p>", 0.0, ""),
    ]
    assert "/exams/questions/" in court["text"] and "@@PLUGINFILE@@" not in court["text"]
    assert court["general_feedback"] == "<p>See the Civil Procedure Code.</p>"
    assert court["payload"]["combined_feedback"] == {
        "correct": "Your answer is correct.",
        "partial": "Your answer is partially correct.",
        "incorrect": "Your answer is incorrect.",
    }
    parties = by_name["Parties"]["payload"]
    assert "shuffle" not in parties  # <shuffleanswers>true</shuffleanswers>: shuffled
    assert [o["fraction"] for o in parties["options"]] == [0.5, 0.5, -1.0]
    tf = by_name["Appeal term"]["payload"]
    assert tf == {
        "answer": True,
        "feedback_true": "<p>Right, one month.</p>",
        "feedback_false": "<p>It is one month.</p>",
    }
    code = by_name["Code"]["payload"]
    assert code["case_sensitive"] is True
    assert [(a["text"], a["fraction"], a["feedback"]) for a in code["answers"]] == [
        ("CPC", 1.0, "Right."),
        ("CP*", 0.5, "Close."),
        ("*", 0.0, "No."),
    ]
    distance = by_name["Distance"]["payload"]
    assert [(a["value"], a["tolerance"], a["fraction"]) for a in distance["answers"]] == [
        (1.5, 0.0, 1.0),
        (1.5, 0.5, 0.5),
        ("*", 0.0, 0.0),
    ]
    assert distance["units"] == [
        {"unit": "km", "multiplier": 1.0},
        {"unit": "m", "multiplier": 1000.0},
    ]
    assert (distance["unit_grading"], distance["unit_penalty"], distance["unit_display"]) == (
        1,
        0.1,
        "input",
    )
    bodies = by_name["Bodies"]["payload"]
    assert bodies["shuffle"] is False
    assert bodies["combined_feedback"] == {
        "correct": "Your answer is correct.",
        "partial": "",
        "incorrect": "",
    }
    assert [(p["left"], p["right"]) for p in bodies["pairs"]] == [
        ("<p>Hears appeals</p>", "Appellate board"),
        ("<p>Reviews final judgments</p>", "Cassation board"),
        ("", "Notary"),
    ]
    assert by_name["Essay"]["qtype"] == QuestionType.ESSAY
    assert by_name["Intro"]["qtype"] == QuestionType.DESCRIPTION
    # The export embeds the image again and keeps Moodle's settings.
    assert '<file name="court.png"' in exported
    assert "<shuffleanswers>0</shuffleanswers>" in exported
    assert "<unit_name>m</unit_name>" in exported and "<multiplier>1000</multiplier>" in exported


def test_gift_round_trip_of_every_type_is_lossless_and_idempotent():
    before, exported = _round_trip("gift", (DATA / "every_type.gift.txt").read_bytes(), [48])
    by_name = {f["name"]: f for f in before}
    assert {f["category"] for f in before} == {"Default for Law / Round trip GIFT"}
    court = by_name["Court"]
    assert court["payload"]["shuffle"] is False
    assert [(o["text"], o["fraction"], o["feedback"]) for o in court["payload"]["options"]] == [
        ("District court", 1.0, "Right."),
        ("Regional court", 0.3333333, "Only for some cases."),
        ("Supreme Court", 0.0, ""),
        ("None of the above", 0.0, ""),
    ]
    assert court["general_feedback"] == "See the Civil Procedure Code."
    assert by_name["Appeal term"]["payload"] == {
        "answer": True,
        "feedback_true": "Right, one month.",
        "feedback_false": "It is one month.",
    }
    distance = by_name["Distance"]["payload"]
    assert [
        (a["value"], a["tolerance"], a["fraction"], a["feedback"]) for a in distance["answers"]
    ] == [
        (1.5, 0.0, 1.0, "Right."),
        (1.5, 0.5, 0.5, "Close."),
        ("*", 0.0, 0.0, "No."),
    ]
    assert (distance["unit_grading"], distance["unit_penalty"], distance["unit_display"]) == (
        2,
        0.25,
        "select",
    )
    assert by_name["Bodies"]["payload"]["shuffle"] is False
    assert by_name["Essay"]["text_format"] == "html"
    assert by_name["Missing word"]["text"] == "The appeal is filed _____ of the judgment."
    assert '// moodle: {"shuffleanswers": 0}' in exported
    assert court["payload"]["combined_feedback"]["partial"] == "Partly right."


def test_a_gift_file_exported_as_moodle_xml_and_back_keeps_every_field():
    _import((DATA / "every_type.gift.txt").read_bytes(), "gift")
    before = [_fields(q) for q in _bank()]
    exported = formats.export_moodle_xml(_bank())
    again = _import(exported.encode(), "moodlexml")
    assert again.imported == [] and len(again.duplicates) == len(before)
    parsed, problems = formats.parse_moodle_xml(exported)
    assert problems == []
    for data, old in zip(parsed, before, strict=True):
        assert (data.qtype, data.name, data.language, data.text_format, data.text) == (
            old["qtype"],
            old["name"],
            old["language"],
            old["text_format"],
            old["text"],
        )


def test_cloze_questions_are_refused_one_by_one_with_line_and_reason():
    with translation.override("en"):
        items, problems = formats.parse((DATA / "every_type.moodle.xml").read_bytes(), "moodlexml")
        gift_items, gift_problems = formats.parse_gift(
            "Good? {T}\n\nCapital {1:SHORTANSWER:=Astana} {2:NM:=1997}\n\n"
            "Also {:MCV:=a~b}\n\nAlso good? {F}"
        )
    assert [p.line for p in problems] == [117, 316]
    assert all("Cloze" in p.reason for p in problems)
    assert len(items) == 8
    assert [p.line for p in gift_problems] == [3, 5]
    assert all("Cloze" in p.reason for p in gift_problems)
    assert [i.payload["answer"] for i in gift_items] == [True, False]


# ------------------------------------------------ units and option order ----


def _numerical(**units):
    items, _p = formats.parse_gift("Distance? {#=1.5:0 =%50%1.5:0.5}")
    payload = dict(items[0].payload)
    payload.update(units)
    from academy.exams.services.bank import validate_question

    return validate_question(qtype=QuestionType.NUMERICAL, text="Distance?", payload=payload)


UNITS = [{"unit": "km", "multiplier": 1}, {"unit": "m", "multiplier": 1000}]


@pytest.mark.parametrize(
    ("answer", "grading", "score"),
    [
        ("1.5 km", 1, Decimal(1)),
        ("1500 m", 1, Decimal(1)),
        ("1500m", 1, Decimal(1)),
        ("1,5 km", 1, Decimal(1)),
        ("1800 m", 1, Decimal("0.5")),
        ("1.5", 1, Decimal("0.9")),  # no unit: 10 % of the answer's grade
        ("1.5 miles", 1, Decimal("0.9")),  # unknown unit: the number as typed
        ("1.8", 1, Decimal("0.45")),
        ("1.8", 2, Decimal("0.4")),  # 10 % of the question's grade
        ("1.8", 0, Decimal("0.5")),  # units not graded
        ("1500 km", 1, Decimal(0)),
        ("km", 1, Decimal(0)),
    ],
)
def test_numerical_units_are_scored_as_moodle_does(answer, grading, score):
    payload = _numerical(units=UNITS, unit_grading=grading, unit_penalty=0.1)
    assert item_score(qtype=QuestionType.NUMERICAL, payload=payload, answer=answer) == score


def test_units_on_the_left_are_read_before_the_number():
    payload = _numerical(
        units=[{"unit": "$", "multiplier": 1}], unit_grading=1, unit_penalty=0.5, units_left=True
    )
    assert item_score(qtype=QuestionType.NUMERICAL, payload=payload, answer="$1.5") == 1
    assert item_score(qtype=QuestionType.NUMERICAL, payload=payload, answer="1.5") == Decimal("0.5")


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ([{"unit": "m", "multiplier": 100}], "multiplier 1"),
        ([{"unit": "m", "multiplier": 1}, {"unit": "m", "multiplier": 2}], "same name"),
        ([{"unit": "", "multiplier": 1}], "name"),
        ([{"unit": "m", "multiplier": -1}], "positive"),
    ],
)
def test_invalid_units_are_refused_with_a_reason(units, message):
    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _numerical(units=units)
    assert message in " ".join(caught.value.messages)


def test_units_make_another_question_for_the_duplicate_check():
    from academy.exams.services.bank import fingerprint

    plain = _numerical()
    metres = _numerical(units=UNITS)
    assert fingerprint(qtype="numerical", text="Q", payload=plain) != fingerprint(
        qtype="numerical", text="Q", payload=metres
    )


def test_a_fixed_option_order_is_kept_in_every_attempt(listener):
    items, problems = formats.parse((DATA / "every_type.moodle.xml").read_bytes(), "moodlexml")
    category = category_get_or_create(path="Order")
    wanted = [i for i in items if i.name in ("Court of first instance", "Parties", "Bodies")]
    report = questions_import(items=wanted, problems=[], category=category, by=None, language="kk")
    assert len(report.imported) == 3
    # The draw itself: a fixed order never moves, a shuffled one does for some seed.
    fixed = report.imported[0].current_version
    shuffled = report.imported[1].current_version
    orders = {tuple(svc._answer_order(shuffled, random.Random(seed))) for seed in range(20)}
    assert len(orders) > 1
    for seed in range(20):
        assert svc._answer_order(fixed, random.Random(seed)) == ["0", "1", "2", "3"]
    # Through a real attempt.
    exam = Exam.objects.create(
        title="Order",
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.COURT_STAFF,
        blueprint=make_blueprint(category, 3),
    )
    staff_commission(exam)
    exam.commission_fixed_at = timezone.now()
    exam.status = Exam.Status.OPEN
    exam.save()
    Participant.objects.create(exam=exam, listener=listener)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    by_name = {
        i.version.question.name: i for i in attempt.items.select_related("version__question")
    }
    assert by_name["Court of first instance"].order == ["0", "1", "2", "3"]
    assert by_name["Bodies"].order == ["0", "1", "2"]


def test_the_preview_shows_the_fixed_order_and_the_units_to_the_author(methodologist, client_as):
    from django.urls import reverse

    _import((DATA / "every_type.gift.txt").read_bytes(), "gift")
    distance = Question.objects.get(name="Distance")
    court = Question.objects.get(name="Court")
    with translation.override("en"):
        page = client_as(methodologist).get(
            reverse("exams:question_preview", args=[distance.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
        text = page.content.decode()
        assert "km (× 1), m (× 1000)" in text
        assert "25%" in text
        assert "km, m" in text  # the examinee's hint
        page = client_as(methodologist).get(reverse("exams:question_preview", args=[court.pk]))
    assert 'data-testid="preview-notes"' in page.content.decode()


def test_the_attempt_page_tells_the_units(listener, client_as):
    from django.urls import reverse

    items, _p = formats.parse((DATA / "every_type.moodle.xml").read_bytes(), "moodlexml")
    category = category_get_or_create(path="Units")
    wanted = [i for i in items if i.name == "Distance"]
    questions_import(items=wanted, problems=[], category=category, by=None, language="kk")
    exam = Exam.objects.create(
        title="Units",
        kind=Exam.Kind.COMPUTER_TEST,
        audience=Exam.Audience.COURT_STAFF,
        blueprint=make_blueprint(category, 1),
    )
    staff_commission(exam)
    exam.commission_fixed_at = timezone.now()
    exam.status = Exam.Status.OPEN
    exam.save()
    Participant.objects.create(exam=exam, listener=listener)
    attempt = svc.attempt_start(exam=exam, listener=listener)
    page = client_as(listener).get(reverse("exams:attempt_take", args=[attempt.pk]))
    assert "km, m" in page.content.decode()
    item = attempt.items.get()
    svc.attempt_answer_save(attempt=attempt, position=item.position, answer="1500 m", by=listener)
    attempt = svc.attempt_submit(attempt=attempt, by=listener)
    assert attempt.items.get().score == Decimal(1)
