"""Every encoding a catalogue arrives in (issue 17): leader/09, MARC-8, Cyrillic code pages."""

import io
import unicodedata
from pathlib import Path

import pymarc
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pymarc import Field, Indicators, Subfield

from academy.library.marcgen import encode_iso2709
from academy.library.models import Record
from academy.library.services import parse_marc, records_import
from academy.library.services.marc import detect_encoding

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]

PYMARC = Path(__file__).parent / "data" / "pymarc"
TITLES_1251 = [
    "Основы гидравлического расчета инженерных сетей",
    "Психологический тренинг с подростками",
]
KAZAKH_TITLES = [
    "Қазақстан Республикасының Конституциясы",
    "Судебная практика Верховного суда",
    "Азаматтық процестік кодекске түсіндірме",
    "Уголовно-процессуальный кодекс Республики Казахстан",
]


def cyrillic_records() -> list[pymarc.Record]:
    records = []
    for number, text in enumerate(KAZAKH_TITLES[1::2] + ["Право и правосудие"], start=1):
        record = pymarc.Record()
        record.leader = pymarc.Leader("00000nam  22000007i 4500")
        record.add_field(
            Field(tag="001", data=f"r{number}"),
            Field(tag="245", indicators=Indicators("1", "0"),
                  subfields=[Subfield("a", text), Subfield("c", "под ред. Иванова И. И.")]),
            Field(tag="260", indicators=Indicators(" ", " "),
                  subfields=[Subfield("a", "Москва"), Subfield("b", "Юридическая литература")]),
        )  # fmt: skip
        records.append(record)
    return records


def test_pymarcs_1251_file_is_read_with_its_code_page_detected(librarian):
    source = (PYMARC / "1251.dat").read_bytes()
    assert detect_encoding(source) == "cp1251"

    report = records_import(source=source, by=librarian)

    assert report.imported_count == 6 and report.rejected == []
    titles = set(Record.objects.values_list("title", flat=True))
    assert all(any(t.startswith(expected) for t in titles) for expected in TITLES_1251)
    record = Record.objects.get(title__startswith=TITLES_1251[1])
    assert record.publisher == "Питер" and record.language == "ru"
    assert record.marc["leader"][9] == "a"  # stored as unicode, and says so


def test_the_librarian_may_name_the_code_page_and_it_is_honoured(librarian):
    source = (PYMARC / "1251.dat").read_bytes()
    assert parse_marc(source, encoding="cp1251")[1].data["title"].startswith(TITLES_1251[1])
    # Read as KOI8-R it is other letters: the choice is the librarian's, not overridden.
    assert not parse_marc(source, encoding="koi8_r")[1].data["title"].startswith(TITLES_1251[1])


@pytest.mark.parametrize("encoding", ["cp866", "koi8_r", "cp1251"])
def test_unflagged_cyrillic_code_pages_are_read_when_named_and_when_detected(librarian, encoding):
    originals = cyrillic_records()
    source = b"".join(encode_iso2709(record, encoding) for record in originals)

    named = parse_marc(source, encoding=encoding)
    assert [p.data["title"] for p in named] == [r["245"]["a"] for r in originals]
    assert detect_encoding(source) == encoding
    detected = parse_marc(source)
    assert [p.data["publisher"] for p in detected] == ["Юридическая литература"] * 3


def test_marc8_files_are_read_by_leader_09(librarian):
    report = records_import(source=(PYMARC / "marc8.dat").read_bytes(), by=librarian)
    assert report.imported_count == 1
    record = Record.objects.get()
    assert record.title == "Escape from loneliness"
    stored = pymarc.Record(force_utf8=True)
    assert record.marc["leader"][9] == "a" and stored  # MARC-8 became unicode
    text = str(record.marc)
    assert "solitude à la communauté" in text  # 240 $a, MARC-8 diacritics decoded


def test_a_bad_marc8_escape_keeps_the_record_and_shows_the_replacement(librarian):
    report = records_import(source=(PYMARC / "bad_marc8_escape.dat").read_bytes(), by=librarian)

    record = Record.objects.get()
    assert record.title == "Bulletin de la Société linnenne de Bordeaux"
    assert record.publisher == "La Sociét\ufffd"
    assert "field 260" in report.warnings[0].reason


def test_a_bad_eacc_sequence_keeps_the_record(librarian):
    report = records_import(source=(PYMARC / "bad_eacc_encoding.dat").read_bytes(), by=librarian)

    assert report.imported_count == 1 and report.rejected == []
    assert Record.objects.get().title == "Beikoku no tōchi no shikumi"


def test_texts_are_stored_nfc(librarian):
    decomposed = "Sergei\u0306 Ivanovich"
    record = pymarc.Record(force_utf8=True)
    record.add_field(
        Field(tag="100", indicators=Indicators("1", " "), subfields=[Subfield("a", decomposed)]),
        Field(tag="245", indicators=Indicators("1", "0"), subfields=[Subfield("a", "Essays")]),
    )
    records_import(source=record.as_marc(), by=librarian)

    stored = Record.objects.get()
    assert stored.authors == "Sergeĭ Ivanovich" == unicodedata.normalize("NFC", decomposed)
    assert "Sergeĭ Ivanovich" in str(stored.marc)
    diacritics = parse_marc((PYMARC / "diacritic.dat").read_bytes())[0].record
    assert all(
        unicodedata.is_normalized("NFC", sub.value)
        for fld in diacritics.fields
        if not fld.control_field
        for sub in fld.subfields
    )


def test_the_command_takes_the_encoding(tmp_path, librarian):
    path = tmp_path / "dos.mrc"
    path.write_bytes(b"".join(encode_iso2709(r, "cp866") for r in cyrillic_records()))
    call_command("import_marc", str(path), "--encoding", "cp866", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    assert Record.objects.filter(publisher="Юридическая литература").count() == 3


def test_the_import_form_takes_the_encoding(client_as, librarian):
    source = b"".join(encode_iso2709(r, "koi8_r") for r in cyrillic_records())
    response = client_as(librarian).post(
        reverse("library:marc_import"),
        {"file": SimpleUploadedFile("koi8.mrc", source), "encoding": "koi8_r"},
    )
    assert response.status_code == 200
    assert Record.objects.filter(publisher="Юридическая литература").count() == 3
