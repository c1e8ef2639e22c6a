"""What the import reads from a record: language, duplicates, bad ISBNs, bad bytes (issue 17)."""

import io
from pathlib import Path

import pymarc
import pytest
from django.core.management import call_command
from pymarc import Field, Indicators, Subfield

from academy.library.marcgen import isbn13
from academy.library.models import Record, RecordLanguage
from academy.library.services import record_create, records_import

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]

PYMARC = Path(__file__).parent / "data" / "pymarc"


def marc(*fields: Field, fixed_language: str | None = "   ", leader: str = "") -> pymarc.Record:
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(leader or "00000nam a22000007i 4500")
    if fixed_language is not None:
        record.add_field(
            Field(tag="008", data=f"240101s2020    kz            000 0 {fixed_language} d")
        )
    for fld in fields:
        record.add_ordered_field(fld)
    return record


def df(tag: str, *pairs: tuple[str, str], ind: str = "  ") -> Field:
    return Field(tag=tag, indicators=Indicators(ind[0], ind[1]),
                 subfields=[Subfield(c, v) for c, v in pairs])  # fmt: skip


def title(text: str, *more: tuple[str, str]) -> Field:
    return df("245", ("a", text), *more, ind="10")


def imported(*records: pymarc.Record, by):
    return records_import(source=b"".join(r.as_marc() for r in records), by=by)


# ---------------------------------------------------------------- language ----


@pytest.mark.parametrize(
    ("fields", "fixed", "language", "codes"),
    [
        ((), "rus", RecordLanguage.RUSSIAN, "rus"),
        ((), "kaz", RecordLanguage.KAZAKH, "kaz"),
        ((), "   ", RecordLanguage.UNKNOWN, ""),  # no code: unknown, not Russian
        ((), None, RecordLanguage.UNKNOWN, ""),
        ((), "und", RecordLanguage.UNKNOWN, "und"),
        ((), "fre", RecordLanguage.OTHER, "fre"),
        ((df("041", ("a", "engund"), ind="0 "),), "   ", RecordLanguage.ENGLISH, "eng und"),
        (
            (df("041", ("a", "kaz"), ("a", "rus"), ind="0 "),),
            "rus",
            RecordLanguage.KAZAKH,
            "kaz rus",
        ),  # fmt: skip
        ((df("041", ("a", "kazrus"), ind="1 "),), "|||", RecordLanguage.KAZAKH, "kaz rus"),
    ],
)
def test_the_language_is_read_from_041_and_008_and_unknown_stays_unknown(
    librarian, fields, fixed, language, codes
):
    imported(marc(title("Заң"), *fields, fixed_language=fixed), by=librarian)

    record = Record.objects.get()
    assert (record.language, record.languages) == (language, codes)


# ---------------------------------------------------------------- duplicates ----


def test_volumes_of_one_work_are_not_duplicates(librarian):
    author = df("100", ("a", "Сулейменов, М. К."), ind="1 ")
    year = df("264", ("c", "2020"), ind=" 1")
    report = imported(
        marc(author, year, title("Гражданское право.", ("n", "Т. 1"))),
        marc(author, year, title("Гражданское право.", ("n", "Т. 2"))),
        marc(author, year, title("Гражданское право.", ("n", "Т. 2"), ("p", "Особенная часть"))),
        marc(author, year, title("Гражданское право.", ("n", "Т. 1"))),
        by=librarian,
    )
    assert report.imported_count == 3
    assert [line.number for line in report.duplicates] == [4]
    assert set(Record.objects.values_list("title", flat=True)) == {
        "Гражданское право. Т. 1",
        "Гражданское право. Т. 2",
        "Гражданское право. Т. 2. Особенная часть",
    }


def test_records_with_different_valid_isbns_are_not_duplicates(librarian):
    import random

    rng = random.Random(5)
    first, second = isbn13(rng), isbn13(rng)
    same = (df("100", ("a", "Ким, Ю. А."), ind="1 "), df("264", ("c", "2021"), ind=" 1"),
            title("Судебная этика"))  # fmt: skip
    report = imported(
        marc(*same, df("020", ("a", first))),
        marc(*same, df("020", ("a", second))),  # another edition: another ISBN
        marc(*same),  # no ISBN: the same title, author and year is a duplicate
        marc(title("Другое"), df("020", ("a", first))),  # the same ISBN is a duplicate
        by=librarian,
    )
    assert report.imported_count == 2
    assert [line.number for line in report.duplicates] == [3, 4]
    again = imported(marc(*same, df("020", ("a", isbn13(rng)))), by=librarian)
    assert again.imported_count == 1


def test_a_hand_made_record_follows_the_same_duplicate_rules(librarian):
    data = {"kind": "book", "title": "Судебная этика", "authors": "Ким, Ю. А.", "year": 2021,
            "language": "ru"}  # fmt: skip
    record_create(data={**data, "isbn": "9786017000011"}, by=librarian)
    record_create(data={**data, "isbn": "978-0-201-61622-4"}, by=librarian)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already has this edition"):
        record_create(data=data, by=librarian)
    with pytest.raises(ValidationError, match="already has this edition"):
        record_create(data={**data, "title": "Иное", "isbn": "0-201-61622-X"}, by=librarian)


# ---------------------------------------------------------------- ISBN ----


def test_a_record_with_several_isbns_keeps_them_all_and_moves_only_the_bad_one(librarian):
    report = imported(
        marc(
            title("Law"),
            df("020", ("a", "020161622X (pbk.)")),
            df("020", ("a", "0-201-61622-3")),  # wrong check digit
            df("020", ("a", "9786017000011")),
        ),
        by=librarian,
    )
    record = Record.objects.get()
    assert record.isbn == "9780201616224"
    assert sorted(record.numbers.values_list("value", flat=True)) == [
        "9780201616224",
        "9786017000011",
    ]
    stored = [f["020"]["subfields"] for f in record.marc["fields"] if "020" in f]
    assert stored == [
        [{"a": "020161622X (pbk.)"}],
        [{"z": "0-201-61622-3"}],
        [{"a": "9786017000011"}],
    ]
    assert "0-201-61622-3" in report.warnings[0].reason


# ---------------------------------------------------------------- invalid bytes ----


def test_pymarcs_utf8_invalid_file_is_kept_with_the_damage_visible_and_reported(librarian):
    report = records_import(source=(PYMARC / "utf8_invalid.mrc").read_bytes(), by=librarian)

    record = Record.objects.get()
    assert record.publisher == "\ufffdAssociation of Teacher Educators]"  # not "bAssociation…"
    assert record.title.startswith("The coming revolution in teacher licensure")
    assert [line.number for line in report.warnings] == [1]
    assert "field 260" in report.warnings[0].reason


def test_an_invalid_utf8_byte_is_replaced_visibly_and_the_rest_of_the_record_kept(librarian):
    good = marc(title("Сот төрелігі"), df("260", ("a", "Алматы"), ("b", "Жеті жарғы")),
                df("650", ("a", "Сот"), ind=" 4"))  # fmt: skip
    raw = good.as_marc()
    broken = raw.replace("Жеті".encode(), b"\xff\xfe\xd0\xb5\xd1\x82\xd1\x96")  # same length
    report = records_import(source=broken + good.as_marc(), by=librarian)

    assert report.imported_count == 1 and [line.number for line in report.duplicates] == [2]
    record = Record.objects.get()
    assert record.publisher == "\ufffd\ufffdеті жарғы"
    assert record.title == "Сот төрелігі" and record.subjects == "Сот" and record.place == "Алматы"
    assert report.warnings[0].number == 1 and "field 260" in report.warnings[0].reason
    assert record.marc_warnings == [report.warnings[0].reason]


def test_the_command_lists_the_warnings(tmp_path, librarian):
    path = tmp_path / "bad.mrc"
    path.write_bytes((PYMARC / "utf8_invalid.mrc").read_bytes())
    out = io.StringIO()
    call_command("import_marc", str(path), stdout=out, stderr=io.StringIO())
    assert "with warnings: 1" in out.getvalue()
    assert "record 1: warning – field 260" in out.getvalue()
