"""A listener named like a formula is text in training-due.xlsx."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from academy.training.testing import listener_factory

EVIL = '=HYPERLINK("http://evil.example","Ашу")'


@pytest.mark.clause("TR-4")
def test_a_formula_name_is_text_in_training_due_xlsx(client_as, methodologist):
    listener_factory(surname=EVIL)
    response = client_as(methodologist).get(reverse("training:training_due_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[2] for row in sheet.iter_rows(min_row=2) if str(row[2].value).startswith("=")]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
