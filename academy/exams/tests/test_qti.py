"""Issue 12: QTI 2.1 export of the bank and import of the same subset, without loss."""

import io
import zipfile
from pathlib import Path
from xml.etree.ElementTree import fromstring

import pytest
from django.utils import translation

from academy.exams.models import Question, QuestionType, QuestionVersion
from academy.exams.services import formats, qti
from academy.exams.services.bank import questions_import

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
Q = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def _bank():
    return list(
        Question.objects.select_related("current_version", "category__parent").order_by("pk")
    )


def _fields(question):
    version = question.current_version
    payload = version.payload
    return (
        question.qtype,
        question.name,
        question.language,
        question.category.path,
        version.text_format,
        version.text,
        payload,
        version.general_feedback,
    )


def _load(name, fmt):
    items, problems = formats.parse((DATA / name).read_bytes(), fmt)
    return questions_import(items=items, problems=problems, category=None, by=None)


def _empty_bank():
    Question.objects.update(current_version=None)
    QuestionVersion.objects.all().delete()
    Question.objects.all().delete()


@pytest.mark.parametrize(
    ("name", "fmt"), [("every_type.moodle.xml", "moodlexml"), ("every_type.gift.txt", "gift")]
)
def test_qti_round_trip_of_every_type_keeps_every_field(name, fmt):
    _load(name, fmt)
    with translation.override("en"):
        before = [_fields(q) for q in _bank()]
        package = qti.export_qti(_bank())
    # Re-importing into the same bank adds nothing.
    items, problems = qti.parse_qti(package)
    assert problems == []
    again = questions_import(items=items, problems=[], category=None, by=None)
    assert again.imported == [] and len(again.duplicates) == len(before)
    # Into an empty bank: the same questions, field by field.
    _empty_bank()
    items, problems = qti.parse_qti(package)
    report = questions_import(items=items, problems=problems, category=None, by=None)
    assert report.rejected == []
    after = [_fields(q) for q in _bank()]
    assert after == before


def test_the_package_has_a_manifest_items_and_media():
    _load("every_type.moodle.xml", "moodlexml")
    package = zipfile.ZipFile(io.BytesIO(qti.export_qti(_bank())))
    names = package.namelist()
    assert "imsmanifest.xml" in names
    assert any(n.startswith("media/") and n.endswith("court.png") for n in names)
    manifest = fromstring(package.read("imsmanifest.xml"))
    resources = list(manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource"))
    assert len(resources) == 8
    assert {r.get("type") for r in resources} == {"imsqti_item_xmlv2p1"}
    for resource in resources:
        item = fromstring(package.read(resource.get("href")))
        assert item.tag == Q + "assessmentItem"
        # QTI's order of the item's parts.
        order = [c.tag.removeprefix(Q) for c in item]
        ranks = [qti._ITEM_ORDER.index(tag) for tag in order]
        assert ranks == sorted(ranks)
        assert item.find(Q + "itemBody") is not None
    court = fromstring(package.read("items/" + resources[0].get("href").split("/")[-1]))
    interaction = court.find(f"{Q}itemBody/{Q}choiceInteraction")
    assert (interaction.get("maxChoices"), interaction.get("shuffle")) == ("1", "false")
    entries = {e.get("mapKey"): e.get("mappedValue") for e in court.iter(Q + "mapEntry")}
    assert entries == {"C0": "1", "C1": "0.3333333", "C2": "0", "C3": "0"}
    assert 'src="../media/' in package.read(resources[0].get("href")).decode()


def test_a_short_answer_item_scores_as_moodle_in_its_response_processing():
    _load("every_type.moodle.xml", "moodlexml")
    code = next(q for q in _bank() if q.name == "Code")
    item = fromstring(qti.item_xml(code))
    condition = item.find(f"{Q}responseProcessing/{Q}responseCondition")
    tests = [branch[0] for branch in condition]
    assert [t.tag.removeprefix(Q) for t in tests] == ["stringMatch", "patternMatch", "not"]
    assert tests[0].get("caseSensitive") == "true"
    assert tests[1].get("pattern") == "CP.*"
    scores = [b.find(f"{Q}setOutcomeValue/{Q}baseValue").text for b in condition]
    assert scores == ["1", "0.5", "0"]


def test_a_foreign_item_imports_and_an_unsupported_one_is_refused_by_number():
    foreign = b"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="choice"
    title="Unattended Luggage" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>ChoiceA</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>Look at the text in the picture.</p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>What does it say?</prompt>
      <simpleChoice identifier="ChoiceA">You must stay with your luggage at all times.</simpleChoice>
      <simpleChoice identifier="ChoiceB">Do not let someone else look after your luggage.</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>"""
    items, problems = qti.parse_qti(foreign)
    assert problems == []
    (data,) = items
    assert data.qtype == QuestionType.SINGLE and data.name == "Unattended Luggage"
    assert [o["fraction"] for o in data.payload["options"]] == [1.0, 0.0]
    assert data.payload["shuffle"] is False
    hotspot = foreign.replace(b"choiceInteraction", b"hotspotInteraction")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "imsmanifest.xml",
            '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>'
            '<resource identifier="a" type="imsqti_item_xmlv2p1" href="a.xml"/>'
            '<resource identifier="b" type="imsqti_item_xmlv2p1" href="b.xml"/>'
            "</resources></manifest>",
        )
        package.writestr("a.xml", hotspot)
        package.writestr("b.xml", foreign)
    with translation.override("en"):
        items, problems = qti.parse_qti(buffer.getvalue())
    assert len(items) == 1 and items[0].line == 2
    assert [p.line for p in problems] == [1]
    assert "a.xml" in problems[0].reason and "hotspotInteraction" in problems[0].reason


def test_a_broken_package_is_refused_whole():
    items, problems = qti.parse_qti(b"PK\x03\x04 broken")
    assert items == [] and problems[0].fatal


def test_wildcard_patterns_read_back_exactly():
    for text, case in [("CP*", False), ("a.b*[x]", True), ("*", False), ("Сот*", False)]:
        pattern = qti._wildcard_pattern(text, case)
        back, insensitive = qti._unpattern(pattern)
        assert back == text
    assert qti._wildcard_pattern("cp*", False) == "[cC][pP].*"


def test_the_bank_page_exports_qti_and_the_import_page_reads_it(methodologist, listener, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    _load("every_type.gift.txt", "gift")
    url = reverse("exams:question_export", args=["qti"])
    assert client_as(listener).get(url).status_code == 403
    page = client_as(methodologist).get(reverse("exams:question_list")).content.decode()
    assert url in page
    response = client_as(methodologist).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    package = response.content
    count = Question.objects.count()
    _empty_bank()
    upload = SimpleUploadedFile("bank.zip", package, content_type="application/zip")
    response = client_as(methodologist).post(
        reverse("exams:question_import"), {"file": upload, "format": "qti"}
    )
    assert response.status_code == 200
    assert Question.objects.count() == count
