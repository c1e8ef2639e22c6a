"""A listener named like a formula is text in the monitoring XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

EVIL = '=HYPERLINK("http://evil.example","Ашу")'


@pytest.mark.clause("IS-13")
def test_a_formula_name_is_text_in_the_monitoring_xlsx(
    client_as, methodologist, second_listener, course
):
    second_listener.surname = EVIL
    second_listener.save()
    response = client_as(methodologist).get(reverse("learning:monitoring_xlsx", args=[course.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    evil = [row[0] for row in sheet.iter_rows(min_row=5) if str(row[0].value).startswith("=")]
    assert evil and all(cell.data_type == "s" and cell.quotePrefix for cell in evil)
