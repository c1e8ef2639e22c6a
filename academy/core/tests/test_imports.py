"""Imports are streamed and bounded: bytes, rows, field size, encodings."""

import codecs
import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from academy.core.imports import detect_encoding, read_table

NAMES = [("900101300017", "Әбілқайыр", "Ұлжан"), ("850505400022", "Иванов", "Пётр")]


def xlsx(rows: int, *, dimension: str | None = None, row_xml: str | None = None) -> bytes:
    """A minimal workbook written by hand: many rows, and a <dimension> that lies or is absent."""
    row_xml = row_xml or '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>IIN {n}</t></is></c></row>'
    sheet = io.StringIO()
    sheet.write(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    if dimension:
        sheet.write(f'<dimension ref="{dimension}"/>')
    sheet.write("<sheetData>")
    for n in range(1, rows + 1):
        sheet.write(row_xml.format(n=n))
    sheet.write("</sheetData></worksheet>")
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def csv_upload(text: str, encoding: str = "utf-8", name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding))


def test_a_workbook_with_a_million_rows_and_no_dimension_stops_at_the_row_limit():
    row = '<row><c t="inlineStr"><is><t>900101300017</t></is></c></row>'
    content = xlsx(1_000_000, row_xml=row)  # a few hundred kilobytes zipped
    assert len(content) < 600_000
    started = time.monotonic()
    with override("en"), pytest.raises(ValidationError) as error:
        read_table(content, "list.xlsx", limit=100)
    assert time.monotonic() - started < 2
    with override("en"):
        assert error.value.messages == [
            "The file has more than 100 rows; split it into files of at most 100 rows."
        ]


def test_a_lying_dimension_does_not_pad_rows():
    rows = read_table(xlsx(3, dimension="A1:XFD1048576"), "list.xlsx")
    assert rows == [(1, ["IIN 1"]), (2, ["IIN 2"]), (3, ["IIN 3"])]


def test_the_row_limit_is_a_setting(settings):
    settings.IMPORT_MAX_ROWS = 2
    assert len(read_table(xlsx(2), "list.xlsx")) == 2
    with override("en"), pytest.raises(ValidationError, match="more than 2 rows"):
        read_table(xlsx(3), "list.xlsx")


def test_a_file_over_the_byte_limit_is_refused_before_reading(settings):
    settings.IMPORT_MAX_BYTES = 1000
    upload = csv_upload("iin,surname\n" + "900101300017,Иванов\n" * 100)
    with override("ru"):
        with pytest.raises(ValidationError) as error:
            read_table(upload, upload.name)
        assert error.value.messages == [
            "Файл занимает 2,6\xa0КБ; импортировать можно файлы до 1000\xa0байт."
        ]


def test_a_field_longer_than_the_csv_limit_names_its_line():
    upload = csv_upload("iin,surname\n900101300017,Иванов\n850505400022," + "Я" * 140_000 + "\n")
    with override("en"), pytest.raises(ValidationError) as error:
        read_table(upload, upload.name)
    with override("en"):
        assert error.value.messages[0].startswith("Line 3 cannot be read: a field is longer than")
        assert "131072" in error.value.messages[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251"])
def test_csv_in_each_encoding_is_read(encoding):
    names = NAMES if encoding != "cp1251" else [("850505400022", "Иванов", "Пётр")] * 2
    text = "ИИН;Фамилия;Имя\r\n" + "".join(f"{i};{s};{n}\r\n" for i, s, n in names)
    rows = read_table(csv_upload(text, encoding), "list.csv")
    assert rows == [
        (1, ["ИИН", "Фамилия", "Имя"]),
        (2, list(names[0])),
        (3, list(names[1])),
    ]


def test_the_encoding_is_detected_from_a_byte_order_mark_or_guessed():
    assert detect_encoding(codecs.BOM_UTF16_LE + "а".encode("utf-16-le")) == "utf-16"
    assert detect_encoding("Әбілқайыр".encode()) == "utf-8"
    sample = "Фамилия;Имя;Отчество\r\nИванов;Пётр;Сергеевич\r\nПетрова;Анна;Ивановна\r\n"
    assert detect_encoding(sample.encode("cp1251")) == "cp1251"
    assert detect_encoding(sample.encode("utf-16-le")).startswith("utf_16")


def test_a_broken_workbook_is_reported():
    with override("en"), pytest.raises(ValidationError, match="not a readable XLSX"):
        read_table(b"PK\x03\x04 not a zip", "list.xlsx")
