"""The one spreadsheet writer: no cell the system writes ever runs as a formula."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from academy.core.exports import csv_bytes, is_formula_like, xlsx_bytes

TRICKS = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", TRICKS)
def test_formula_like_text_is_stored_as_quoted_text_in_xlsx(text):
    book = Workbook()
    book.active.append([text, 42, "Серікбаев"])
    sheet = load_workbook(io.BytesIO(xlsx_bytes(book))).active
    cell = sheet["A1"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True)
    assert sheet["B1"].value == 42 and not sheet["C1"].quotePrefix


@pytest.mark.parametrize("text", TRICKS)
def test_formula_like_text_gets_an_apostrophe_in_csv(text):
    rows = list(csv.reader(io.StringIO(csv_bytes([[text, "Иванов", 5]]).decode("utf-8-sig"))))
    assert rows == [["'" + text, "Иванов", "5"]]


def test_plain_text_and_numbers_are_not_formula_like():
    assert not any(is_formula_like(value) for value in ("Иванов", "a=b", 5, -3, None))
