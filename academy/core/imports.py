"""The one way the system reads an uploaded table (CSV or XLSX): streamed and bounded.

Every import is limited in bytes (settings.IMPORT_MAX_BYTES) and in rows
(settings.IMPORT_MAX_ROWS); a file past a limit is refused with a message that names the
limit, before anything is saved. An XLSX sheet is read in openpyxl's read-only (streaming)
mode without trusting its <dimension> element; reading stops at the row limit. A CSV file
is decoded in the encoding it is written in (UTF-8, UTF-16 with or without a byte-order
mark, Windows-1251 …, detected by charset-normalizer) and read as a stream; a field longer
than the csv module allows is reported with its line, not a 500.
"""

import codecs
import contextlib
import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SAMPLE_BYTES = 64 * 1024
MAX_COLUMNS = 50  # more than any import needs; longer rows are cut, not padded
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What a table from Kazakhstan is written in; charset-normalizer chooses among these.
CANDIDATE_ENCODINGS = ["utf_8", "utf_16_le", "utf_16_be", "cp1251", "koi8_r", "cp866"]

Row = tuple[int, list[Any]]  # (line number, cells)


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 5000))


def check_size(size: int | None) -> None:
    """Refuse a file above settings.IMPORT_MAX_BYTES before reading it."""
    if size is not None and size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; files up to %(limit)s can be imported."),
            code="import_too_big",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
        )


def validate_import_upload(upload: Any) -> None:
    """Form field validator: the size is checked before a byte of the file is read."""
    check_size(getattr(upload, "size", None))


def _too_many_rows(limit: int) -> ValidationError:
    return ValidationError(
        ngettext(
            "The file has more than %(limit)s row; split it into files of at most %(limit)s row.",
            "The file has more than %(limit)s rows; split it into files of at most %(limit)s rows.",
            limit,
        ),
        code="import_too_many_rows",
        params={"limit": limit},
    )


def _stream(source: Any) -> IO[bytes]:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source)
    if hasattr(source, "seek"):
        source.seek(0)
    return getattr(source, "file", source)


def _size(source: Any) -> int | None:
    if isinstance(source, bytes | bytearray):
        return len(source)
    return getattr(source, "size", None)


def read_table(
    source: Any, filename: str, *, limit: int | None = None, columns: int = MAX_COLUMNS
) -> list[Row]:
    """The non-empty rows of a CSV or XLSX upload (bytes or an uploaded file), numbered.

    Raises ValidationError for a file above the byte limit, with more rows than `limit`
    (settings.IMPORT_MAX_ROWS by default), or that cannot be read; nothing is half-read.
    """
    check_size(_size(source))
    limit = max_rows() if limit is None else limit
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(_stream(source), columns)
    elif name.endswith(".csv"):
        rows = _csv_rows(_stream(source), columns)
    else:
        raise ValidationError(_("Upload an XLSX or CSV file."), code="import_type")
    table: list[Row] = []
    for number, cells in rows:
        if not any(cell not in (None, "") for cell in cells):
            continue
        if len(table) >= limit:
            raise _too_many_rows(limit)
        table.append((number, cells))
    return table


def _open_workbook(stream: IO[bytes]) -> Any:
    """openpyxl's read-only workbook whose sheets never look at <dimension>.

    The <dimension> element is whatever the writer put there: nothing, or A1:XFD1048576.
    openpyxl looks for it when it opens a sheet and, when it is absent, parses the whole
    sheet to find out (minutes for a million rows); read-only rows are also padded to it.
    These sheets skip the look-up, so reading costs only the rows actually read.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class SheetWithoutDimension(ReadOnlyWorksheet):  # type: ignore[misc]
        def _get_size(self) -> None:
            self.reset_dimensions()

    class Reader(ExcelReader):  # type: ignore[misc]
        def read_worksheets(self) -> None:
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                    continue
                worksheet = SheetWithoutDimension(
                    self.wb, sheet.name, rel.target, self.shared_strings
                )
                worksheet.sheet_state = sheet.state
                self.wb._sheets.append(worksheet)

    reader = Reader(stream, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _xlsx_rows(stream: IO[bytes], columns: int) -> Iterator[Row]:
    try:
        workbook = _open_workbook(stream)
        sheet = workbook.active
        rows = sheet.iter_rows(max_col=columns, values_only=True)
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a bad file
        raise ValidationError(
            _("The file is not a readable XLSX workbook."), code="import_unreadable"
        ) from exc
    try:
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                break
            except Exception as exc:  # a broken sheet part: name where it broke
                raise ValidationError(
                    _("The workbook cannot be read after line %(line)s."),
                    code="import_unreadable",
                    params={"line": number},
                ) from exc
            number += 1
            cells = list(values)
            while cells and cells[-1] is None:  # iter_rows pads to max_col
                cells.pop()
            yield number, cells
    finally:
        workbook.close()


def detect_encoding(sample: bytes) -> str:
    """The encoding of a text file from its first bytes (byte-order mark, UTF-8, or a guess)."""
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    if b"\x00" not in sample:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
            return "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise ValidationError(
            _("The encoding of the CSV file cannot be recognised; save it as UTF-8."),
            code="import_encoding",
        )
    return best.encoding


def _csv_rows(stream: IO[bytes], columns: int) -> Iterator[Row]:
    sample = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    encoding = detect_encoding(sample)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")  # type: ignore[arg-type]
    head = sample.decode(encoding, errors="ignore")[:4096]
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(head, delimiters=",;\t")
    except csv.Error:
        pass
    reader = csv.reader(text, dialect)
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise ValidationError(
                    _(
                        "Line %(line)s cannot be read: a field is longer than %(limit)s "
                        "characters or is not closed."
                    ),
                    code="import_field",
                    params={"line": reader.line_num, "limit": csv.field_size_limit()},
                ) from exc
            except UnicodeDecodeError as exc:
                raise ValidationError(
                    _("Line %(line)s is not in the file's encoding (%(encoding)s)."),
                    code="import_encoding",
                    params={"line": reader.line_num + 1, "encoding": encoding},
                ) from exc
            yield reader.line_num, [cell.strip() for cell in cells[:columns]]
    finally:
        with contextlib.suppress(ValueError):  # the upload may be closed already
            text.detach()  # leave the upload open for its owner
