"""UNIMARC and RUSMARC import (issue 17): mapped to MARC21, the source record kept as given."""

import pymarc
import pytest

from academy.library.models import Record, RecordClass
from academy.library.services import parse_marc, records_import, records_to_iso2709
from academy.library.services.unimarc import marc_format, to_marc21

from .iso2709 import iso2709

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


def _valid_isbn(body12: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


ISBN13 = _valid_isbn("978560100001")


def rusmarc_record(**overrides: object) -> list:
    """A RUSMARC record shaped as the National Library of Russia sends them (cp1251)."""
    fields = [
        ("001", "RU\\NLR\\bibl\\1765432"),
        ("005", "20190315120000.0"),
        (
            "010",
            "  ",
            [
                (
                    "a",
                    ISBN13[:3]
                    + "-"
                    + ISBN13[3:4]
                    + "-"
                    + ISBN13[4:8]
                    + "-"
                    + ISBN13[8:12]
                    + "-"
                    + ISBN13[12],
                ),
                ("d", "500 экз."),
            ],
        ),
        ("100", "  ", [("a", "20190315d2019    k  y0rusy50      ca")]),
        ("101", "0 ", [("a", "rus")]),
        ("102", "  ", [("a", "RU")]),
        (
            "200",
            "1 ",
            [
                ("a", "Судебная этика"),
                ("e", "учебник для вузов"),
                ("f", "А. В. Иванов"),
                ("g", "под ред. П. П. Петрова"),
            ],
        ),
        ("205", "  ", [("a", "2-е изд., перераб. и доп.")]),
        ("210", "  ", [("a", "Москва"), ("c", "Юрайт"), ("d", "2019")]),
        ("215", "  ", [("a", "345, [1] с."), ("c", "ил."), ("d", "22 см")]),
        ("225", "1 ", [("a", "Бакалавр. Академический курс")]),
        ("330", "  ", [("a", "Рассмотрены нормы судейской этики.")]),
        ("606", "1 ", [("a", "Судебная этика"), ("y", "Россия"), ("j", "Учебники"), ("2", "nskf")]),
        ("675", "  ", [("a", "347.97/.99"), ("v", "4"), ("z", "rus")]),
        ("686", "  ", [("a", "67.71"), ("2", "rubbk")]),
        (
            "700",
            " 1",
            [("a", "Иванов"), ("b", "А. В."), ("g", "Андрей Викторович"), ("f", "1960-")],
        ),
        ("702", " 1", [("a", "Петров"), ("b", "П. П."), ("4", "340")]),
        ("801", " 0", [("a", "RU"), ("b", "NLR"), ("c", "20190315")]),
    ]
    return fields


def test_a_rusmarc_record_in_cp1251_is_read_and_mapped_to_marc21():
    data = iso2709(rusmarc_record(), encoding="cp1251")
    [parsed] = parse_marc(data, encoding="cp1251")
    assert parsed.error == ""
    assert parsed.source_format == "rusmarc"
    columns = parsed.data
    assert columns["title"] == "Судебная этика: учебник для вузов"
    assert columns["authors"] == "Иванов, Андрей Викторович; Петров, П. П."
    assert (columns["place"], columns["publisher"], columns["year"]) == ("Москва", "Юрайт", 2019)
    assert columns["isbn"] == ISBN13
    assert columns["language"] == "ru"
    assert columns["subjects"] == "Судебная этика -- Россия -- Учебники"
    assert columns["abstract"] == "Рассмотрены нормы судейской этики."
    marc21 = parsed.record
    assert marc21["245"]["c"] == "А. В. Иванов ; под ред. П. П. Петрова"
    assert marc21["100"]["d"] == "1960-" and marc21["100"].indicator1 == "1"
    assert marc21["080"]["a"] == "347.97/.99"
    assert marc21["084"]["a"] == "67.71" and marc21["084"]["2"] == "rubbk"
    assert marc21["650"]["z"] == "Россия" and marc21["650"]["v"] == "Учебники"
    assert marc21["008"].data[7:11] == "2019" and marc21["008"].data[35:38] == "rus"
    # The source keeps its own fields, as given.
    assert parsed.source["200"]["a"] == "Судебная этика"
    assert parsed.source["801"]["b"] == "NLR"


def test_a_cp1251_rusmarc_file_is_detected_without_being_told():
    data = iso2709(rusmarc_record(), encoding="cp1251")
    [parsed] = parse_marc(data)
    assert parsed.data["title"].startswith("Судебная этика") and parsed.source_format == "rusmarc"


def test_the_import_keeps_the_source_record_and_exports_marc21(librarian):
    data = iso2709(rusmarc_record(), encoding="cp1251")
    report = records_import(source=data, by=librarian, encoding="cp1251")
    assert report.imported_count == 1 and not report.rejected
    record = Record.objects.get()
    assert record.source_format == "rusmarc"
    assert {"200": {"ind1": "1", "ind2": " ", "subfields": [
        {"a": "Судебная этика"}, {"e": "учебник для вузов"}, {"f": "А. В. Иванов"},
        {"g": "под ред. П. П. Петрова"}]}} in record.source_marc["fields"]  # fmt: skip
    assert set(RecordClass.objects.values_list("scheme", "value")) == {
        ("udc", "347.97/.99"),
        ("bbk", "67.71"),
    }
    exported = next(pymarc.MARCReader(records_to_iso2709(Record.objects.all()), to_unicode=True))
    assert exported["245"]["a"] == "Судебная этика" and exported.get_fields("200") == []
    # Imported again, it is a duplicate (same ISBN).
    again = records_import(source=data, by=librarian, encoding="cp1251")
    assert again.imported_count == 0 and len(again.duplicates) == 1


def test_a_latin_unimarc_record_in_utf8_is_told_apart_from_marc21_in_the_same_file():
    unimarc = iso2709(
        [
            ("001", "FRBNF45678901"),
            ("010", "  ", [("a", "2-07-036822-X")]),
            ("100", "  ", [("a", "20180101d1998    m  y0frey50      ba")]),
            ("101", "0 ", [("a", "fre")]),
            ("200", "1 ", [("a", "Le Code civil"), ("e", "commentaire"), ("f", "Jean Carbonnier")]),
            ("210", "  ", [("a", "Paris"), ("c", "Gallimard"), ("d", "1998")]),
            ("606", "  ", [("a", "Droit civil"), ("y", "France")]),
            ("700", " 1", [("a", "Carbonnier"), ("b", "Jean"), ("f", "1908-2003")]),
            ("801", " 0", [("a", "FR"), ("b", "BnF")]),
        ],
        leader="00000nam0 2200000   450 ",
    )
    marc21 = pymarc.Record(force_utf8=True, leader="00000nam a2200000 i 4500")
    marc21.add_field(
        pymarc.Field(
            tag="245",
            indicators=pymarc.Indicators("0", "0"),
            subfields=[pymarc.Subfield("a", "Judicial ethics")],
        )  # fmt: skip
    )
    parsed = parse_marc(unimarc + marc21.as_marc())
    assert [p.source_format for p in parsed] == ["unimarc", "marc21"]
    first = parsed[0].data
    assert first["title"] == "Le Code civil: commentaire"
    assert first["authors"] == "Carbonnier, Jean"
    assert first["isbn"] == "9782070368228" and first["language"] == "other"
    assert first["subjects"] == "Droit civil -- France"
    assert parsed[1].data["title"] == "Judicial ethics" and parsed[1].source is None


def test_the_librarian_may_name_the_format_and_a_record_without_200_is_rejected():
    data = iso2709(
        [
            ("100", "  ", [("a", "20190315d2019    k  y0rusy50      ca")]),
            ("700", " 1", [("a", "Иванов"), ("b", "А. В.")]),
        ]  # fmt: skip
    )
    [parsed] = parse_marc(data, marc_format="unimarc")
    assert parsed.error == "no title (field 200 $a)"
    assert parsed.source_format == "unimarc"


def test_format_detection_and_the_corporate_main_entry():
    source = pymarc.Record(force_utf8=True)
    source.add_field(
        pymarc.Field(tag="200", indicators=pymarc.Indicators("1", " "),
                     subfields=[pymarc.Subfield("a", "Отчёт о деятельности")]),
        pymarc.Field(tag="710", indicators=pymarc.Indicators("0", "2"),
                     subfields=[pymarc.Subfield("a", "Верховный суд"),
                                pymarc.Subfield("b", "Аппарат")]),
    )  # fmt: skip
    assert marc_format(source) == "unimarc"
    marc21 = to_marc21(source)
    assert marc21["110"]["a"] == "Верховный суд" and marc21["110"]["b"] == "Аппарат"
    assert marc21["245"].indicator1 == "1"
