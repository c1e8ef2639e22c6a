"""A listener named like a formula is text in the exam statement XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from academy.exams.services import attempts as svc
from academy.exams.testing import open_test_exam

EVIL = '=HYPERLINK("http://evil.example","Ашу")'


@pytest.mark.clause("TR-26")
def test_a_formula_name_is_text_in_the_statement_xlsx(listener, client_as):
    listener.surname = EVIL
    listener.save()
    exam = open_test_exam(listeners=[listener])
    member = exam.commission.first().user
    svc.attempt_submit(attempt=svc.attempt_start(exam=exam, listener=listener), by=listener)
    client = client_as(member)
    client.post(reverse("exams:results_compile", args=[exam.pk]))
    response = client.get(reverse("exams:statement_xlsx", args=[exam.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    evil = [row[1] for row in sheet.iter_rows() if str(row[1].value).startswith("=")]
    assert evil and all(cell.data_type == "s" and cell.quotePrefix for cell in evil)
