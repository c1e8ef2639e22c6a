"""Titles and names that look like formulas are text in the library's XLSX exports."""

import io
from datetime import timedelta

from django.utils import timezone
from openpyxl import load_workbook

from academy.library.exports import overdue_xlsx
from academy.library.models import Loan
from academy.library.testing import CopyFactory

EVIL = '=HYPERLINK("http://evil.example","Ашу")'


def test_a_formula_title_and_reader_name_are_text_in_the_overdue_xlsx(reader):
    reader.user.surname = "@SUM(A1)"
    now = timezone.now()
    loan = Loan(
        copy=CopyFactory(record__title=EVIL),
        reader=reader,
        issued_at=now - timedelta(days=30),
        due_on=timezone.localdate() - timedelta(days=5),
    )
    sheet = load_workbook(io.BytesIO(overdue_xlsx([loan]))).active
    title, name = sheet["D2"], sheet["B2"]
    assert (title.value, title.data_type, title.quotePrefix) == (EVIL, "s", True)
    assert name.value.startswith("@SUM") and name.quotePrefix
