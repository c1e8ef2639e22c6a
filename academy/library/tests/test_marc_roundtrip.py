"""The stored MARC record is the source of truth: export gives back what was imported (issue 17)."""

import io

import pymarc
import pytest

from academy.library.marcgen import iso2709, make_records
from academy.library.models import Copy, Record, RecordNumber
from academy.library.services import record_create, record_update, records_import
from academy.library.services.marc import records_to_iso2709, records_to_marcxml
from academy.library.testing import CopyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]

ROUND_TRIP_RECORDS = 2500


def _fields(record: pymarc.Record) -> list[tuple]:
    """Every field, in order: tag, indicators and subfields, or the control data."""
    return [
        (f.tag, f.data)
        if f.control_field
        else (f.tag, f.indicator1, f.indicator2, tuple((s.code, s.value) for s in f.subfields))
        for f in record.fields
    ]


def _leader(record: pymarc.Record) -> str:
    text = str(record.leader)
    return text[5:12] + text[17:]  # length and base address are recomputed


def test_thousands_of_records_round_trip_field_by_field_and_reimport_adds_nothing(librarian):
    source = iso2709(ROUND_TRIP_RECORDS)
    report = records_import(source=source, by=librarian)
    assert report.imported_count == ROUND_TRIP_RECORDS
    assert (report.duplicates, report.rejected, report.warnings) == ([], [], [])

    exported = records_to_iso2709(Record.objects.order_by("pk"))
    back = list(pymarc.MARCReader(io.BytesIO(exported), to_unicode=True, force_utf8=True))
    originals = list(make_records(ROUND_TRIP_RECORDS))
    assert len(back) == len(originals)
    for original, again in zip(originals, back, strict=True):
        assert _fields(again) == _fields(original), original["001"].data
        assert _leader(again) == _leader(original)

    again = records_import(source=exported, by=librarian)
    assert again.imported_count == 0 and len(again.duplicates) == ROUND_TRIP_RECORDS
    assert Record.objects.count() == ROUND_TRIP_RECORDS


def test_what_the_flattened_catalogue_lost_is_kept(librarian):
    originals = list(make_records(400))
    records_import(source=b"".join(r.as_marc() for r in originals), by=librarian)
    exported = pymarc.MARCReader(
        io.BytesIO(records_to_iso2709(Record.objects.order_by("pk"))), to_unicode=True
    )
    counts = {"245c": 0, "650vxyz": 0, "100d": 0, "020": 0, "110": 0, "710": 0, "600": 0,
              "610": 0, "651": 0, "260": 0}  # fmt: skip
    for record in exported:
        counts["245c"] += len(record["245"].get_subfields("c"))
        counts["650vxyz"] += sum(len(f.get_subfields("v", "x", "y", "z")) for f in
                                 record.get_fields("650"))  # fmt: skip
        counts["100d"] += sum(len(f.get_subfields("d")) for f in record.get_fields("100"))
        for tag in ("020", "110", "710", "600", "610", "651", "260"):
            counts[tag] += len(record.get_fields(tag))
    expected = dict.fromkeys(counts, 0)
    for record in originals:
        expected["245c"] += len(record["245"].get_subfields("c"))
        expected["650vxyz"] += sum(len(f.get_subfields("v", "x", "y", "z")) for f in
                                   record.get_fields("650"))  # fmt: skip
        expected["100d"] += sum(len(f.get_subfields("d")) for f in record.get_fields("100"))
        for tag in ("020", "110", "710", "600", "610", "651", "260"):
            expected[tag] += len(record.get_fields(tag))
    assert counts == expected
    assert all(value > 0 for value in expected.values())
    # Corporate names stay corporate, subjects are not duplicated as 650, 260 stays 260.
    assert not any(
        "110" in field and "100" in field for r in Record.objects.all() for field in r.marc
    )


def test_every_isbn_of_a_record_is_indexed(librarian):
    originals = list(make_records(60))
    records_import(source=b"".join(r.as_marc() for r in originals), by=librarian)
    expected = {f["a"] for r in originals for f in r.get_fields("020")}
    assert set(RecordNumber.objects.filter(scheme="isbn").values_list("value", flat=True)) == (
        expected
    )


def test_the_export_adds_the_current_holdings_as_952(librarian):
    records_import(source=iso2709(2), by=librarian)
    record = Record.objects.order_by("pk").first()
    CopyFactory(record=record, barcode="LIB000777", location="Абонемент", shelf_mark="67.410")
    CopyFactory(record=record, barcode="LIB000778", status=Copy.Status.REFERENCE)

    exported = next(pymarc.MARCReader(io.BytesIO(records_to_iso2709([record])), to_unicode=True))
    holdings = exported.get_fields("952")
    assert [f["p"] for f in holdings] == ["LIB000777", "LIB000778"]
    assert holdings[0]["c"] == "Абонемент" and holdings[0]["o"] == "67.410"
    assert holdings[1]["7"] == "1"  # not for loan
    assert b"LIB000777" in records_to_marcxml([record])
    assert "952" not in {tag for field in record.marc["fields"] for tag in field}


def test_holdings_of_an_imported_record_become_its_copies(librarian):
    marc = next(make_records(1))
    marc.add_ordered_field(
        pymarc.Field(
            tag="952",
            indicators=pymarc.Indicators(" ", " "),
            subfields=[pymarc.Subfield("p", "KOHA-001"), pymarc.Subfield("c", "Абонемент")],
        )
    )
    records_import(source=marc.as_marc(), by=librarian)

    copy = Copy.objects.get(barcode="KOHA-001")
    assert copy.location == "Абонемент" and copy.status == Copy.Status.AVAILABLE
    exported = next(
        pymarc.MARCReader(io.BytesIO(records_to_iso2709([copy.record])), to_unicode=True)
    )
    assert _fields(exported) == _fields(marc)  # the holding comes back from the copy


def test_an_edit_rewrites_only_the_fields_of_what_changed(librarian):
    marc = next(make_records(1))
    records_import(source=marc.as_marc(), by=librarian)
    record = Record.objects.get()

    record_update(record=record, data={"publisher": "Норма-Казахстан"}, by=librarian)

    record.refresh_from_db()
    stored = record_to_fields(record)
    publication = [f for f in stored if f[0] in ("260", "264") and f[2] in (" ", "1")][0]
    assert ("b", "Норма-Казахстан") in publication[3]
    assert record.publisher == "Норма-Казахстан"
    untouched = [f for f in stored if f[0] not in ("260", "264", "008")]
    assert untouched == [f for f in _fields(marc) if f[0] not in ("260", "264", "008")]


def record_to_fields(record: Record) -> list[tuple]:
    from academy.library.services.marcdata import from_json

    return _fields(from_json(record.marc))


def test_a_record_catalogued_by_hand_gets_its_marc_record(librarian):
    record = record_create(
        data={
            "kind": "book",
            "title": "Сот әдебі",
            "authors": "Ильясова, Г. А.; Ким, Ю. А.",
            "publisher": "Жеті жарғы",
            "place": "Алматы",
            "year": 2024,
            "isbn": "978-601-7000-01-1",
            "language": "kk",
            "subjects": "Судьи -- Этика",
        },
        by=librarian,
    )
    fields = dict((f[0], f) for f in record_to_fields(record))
    assert fields["245"][3] == (("a", "Сот әдебі"),)
    assert fields["100"][3] == (("a", "Ильясова, Г. А."),)
    assert fields["700"][3] == (("a", "Ким, Ю. А."),)
    assert fields["264"][3] == (("a", "Алматы"), ("b", "Жеті жарғы"), ("c", "2024"))
    assert fields["020"][3] == (("a", "9786017000011"),)
    assert fields["041"][3] == (("a", "kaz"),)
    assert list(record.numbers.values_list("value", flat=True)) == ["9786017000011"]
