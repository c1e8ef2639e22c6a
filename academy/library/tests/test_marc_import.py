"""MARC21 import and export (IS-12 cataloguing)."""

import io

import pymarc
import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from academy.library.models import Record, RecordKind
from academy.library.services import (
    MarcFileError,
    parse_marc,
    records_import,
    records_to_iso2709,
    records_to_marcxml,
)
from academy.library.testing import RecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


def test_it_imports_good_records_and_reports_the_damaged_one_by_number(sample_mrc, librarian):
    report = records_import(source=sample_mrc, by=librarian)

    assert report.total == 7
    assert [line.number for line in report.imported] == [1, 2, 3, 5]
    rejected = {line.number: line.reason for line in report.rejected}
    assert set(rejected) == {4}
    assert "damaged" in rejected[4]
    assert Record.objects.count() == 4


def test_an_invalid_isbn_keeps_the_record_moves_the_number_to_020_z_and_warns(
    sample_mrc, librarian
):
    report = records_import(source=sample_mrc, by=librarian)

    warning = {line.number: line.reason for line in report.warnings}[5]
    assert "invalid ISBN" in warning and "978-5-12345-678-0" in warning and "020 $z" in warning
    record = Record.objects.get(title__startswith="Уголовный процесс")
    assert record.isbn == ""
    isbn_fields = [f["020"] for f in record.marc["fields"] if "020" in f]
    assert isbn_fields[0]["subfields"] == [{"z": "978-5-12345-678-0"}]
    assert record.marc_warnings == [warning]


def test_it_normalises_isbn_and_keeps_the_marc_record(sample_mrc, librarian):
    records_import(source=sample_mrc, by=librarian)

    record = Record.objects.get(title__startswith="Гражданский процессуальный")
    assert record.isbn == "9786017000011"  # typed with hyphens in 020 $a
    assert record.year == 2021 and record.language == "ru"
    assert record.authors == "Ильясова, Г. А."
    assert record.publisher == "Жеті жарғы" and record.place == "Алматы"
    assert any("245" in field for field in record.marc["fields"])  # the whole record kept


def test_it_skips_duplicates_by_isbn_and_by_title_author_year(sample_mrc, librarian):
    report = records_import(source=sample_mrc, by=librarian)

    duplicates = {line.number: line.reason for line in report.duplicates}
    assert set(duplicates) == {6, 7}  # 6: ISBN of record 1; 7: title+author+year of record 3
    assert "record 1" in duplicates[6] and "record 3" in duplicates[7]


def test_a_second_import_skips_what_is_already_catalogued(sample_mrc, librarian):
    records_import(source=sample_mrc, by=librarian)
    again = records_import(source=sample_mrc, by=librarian)

    assert again.imported == []
    assert Record.objects.count() == 4
    assert "already in the catalogue" in again.duplicates[0].reason


def test_it_reads_marcxml(sample_xml, librarian):
    report = records_import(source=sample_xml, by=librarian)

    assert len(report.imported) == 2
    assert Record.objects.filter(isbn="9780132350884").exists()


def test_a_marcxml_record_without_leader_is_rejected_by_number(librarian):
    source = b"""<?xml version="1.0"?><collection xmlns="http://www.loc.gov/MARC21/slim">
    <record><leader>00000nam a22000007i 4500</leader>
      <datafield tag="245" ind1="0" ind2="0"><subfield code="a">Ata Zan</subfield></datafield></record>
    <record><datafield tag="245" ind1="0" ind2="0"><subfield code="a">Broken</subfield></datafield></record>
    </collection>"""
    report = records_import(source=source, by=librarian)

    assert [line.number for line in report.imported] == [1]
    assert [line.number for line in report.rejected] == [2]


def test_an_unreadable_file_is_fatal(librarian):
    with pytest.raises(MarcFileError):
        records_import(source=b"this is not MARC", by=librarian)
    with pytest.raises(MarcFileError):
        records_import(source=b"<collection><record>", by=librarian)


def test_the_import_is_audited(sample_mrc, librarian):
    records_import(source=sample_mrc, by=librarian)

    entry = LogEntry.objects.get(additional_data__event="library_marc_imported")
    assert entry.additional_data["imported"] == 4 and entry.additional_data["rejected"] == 1


def test_an_article_is_linked_to_its_host_journal(librarian):
    journal = RecordFactory(kind=RecordKind.SERIAL, title="Заң және заман", issn="1683-1306")
    marc = pymarc.Record(force_utf8=True)
    marc.leader = pymarc.Leader("00000naa a22000007i 4500")
    marc.add_field(
        pymarc.Field(
            tag="245",
            indicators=pymarc.Indicators("0", "0"),
            subfields=[pymarc.Subfield("a", "Сот төрелігінің қолжетімділігі")],
        ),
        pymarc.Field(
            tag="773",
            indicators=pymarc.Indicators("0", " "),
            subfields=[
                pymarc.Subfield("t", "Заң және заман"),
                pymarc.Subfield("g", "2024, № 2, 15–21 б."),
                pymarc.Subfield("x", "1683-1306"),
            ],
        ),
    )
    records_import(source=marc.as_marc(), by=librarian)

    article = Record.objects.get(kind=RecordKind.ARTICLE)
    assert article.host == journal
    assert article.host_details == "2024, № 2, 15–21 б."


def test_export_round_trips_through_iso2709_and_marcxml(sample_mrc, librarian):
    records_import(source=sample_mrc, by=librarian)
    originals = list(Record.objects.order_by("pk"))

    source = records_to_iso2709(originals)
    exported = list(pymarc.MARCReader(io.BytesIO(source), to_unicode=True))
    assert [p.data["title"] for p in parse_marc(source)] == [r.title for r in originals]
    assert exported[0]["020"]["a"] == "978-601-7000-01-1"  # as catalogued, not rewritten

    xml_records = pymarc.parse_xml_to_array(io.BytesIO(records_to_marcxml(originals)))
    assert len(xml_records) == 4
    Record.objects.all().delete()
    report = records_import(source=records_to_iso2709(originals), by=librarian)
    assert len(report.imported) == 4


# ---- the management command ----


def test_the_command_prints_counts_and_each_problem(tmp_path, sample_mrc):
    path = tmp_path / "sample.mrc"
    path.write_bytes(sample_mrc)
    out, err = io.StringIO(), io.StringIO()

    call_command("import_marc", str(path), stdout=out, stderr=err)

    text = out.getvalue()
    assert "imported: 4, duplicates skipped: 2, rejected: 1, with warnings: 1" in text
    assert "record 4: rejected" in text and "record 5: warning" in text
    assert "record 6: duplicate" in text


def test_the_command_fails_only_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_marc", str(tmp_path / "missing.mrc"), stdout=io.StringIO())
    garbage = tmp_path / "garbage.mrc"
    garbage.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a MARC21 file"):
        call_command("import_marc", str(garbage), stdout=io.StringIO())


def test_the_command_exits_non_zero_on_an_unreadable_file(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "manage.py", "import_marc", str(tmp_path / "missing.mrc")],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "cannot read" in result.stderr
