"""The one way the system writes spreadsheets (XLSX, CSV): no cell ever becomes a formula.

A name or a title that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by a spreadsheet program (CSV injection, OWASP). In an XLSX file such a cell
is written as a string with Excel's "quote prefix" (the apostrophe a user would type, kept
when the cell is edited); in a CSV file it gets a leading apostrophe. Numbers and dates are
left alone.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import Cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet program would read this text as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV value that no spreadsheet program runs: formula-like text gets an apostrophe."""
    return "'" + value if is_formula_like(value) else value


def _as_text(cell: Cell) -> None:
    cell.data_type = "s"  # openpyxl made it a formula ("f") because it starts with "="
    cell.quotePrefix = True


def xlsx_bytes(book: Workbook) -> bytes:
    """Serialise a workbook after storing every formula-like text cell as plain text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or is_formula_like(cell.value):
                    _as_text(cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """A CSV file (UTF-8 with a byte-order mark, so Excel reads Cyrillic) of neutralised rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
