"""Names and remarks that look like formulas are text in the survey's XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from academy.surveys.testing import answer, group_listeners

EVIL = '=HYPERLINK("http://evil.example","Ашу")'

pytestmark = pytest.mark.django_db


@pytest.mark.clause("TR-31")
def test_a_formula_lecturer_name_and_remark_are_text_in_the_survey_xlsx(
    client_as, methodologist, survey, lecturer
):
    lecturer.surname = EVIL
    lecturer.save()
    answer(survey, group_listeners(survey.group)[0], remarks="+7 777 (call me)")
    response = client_as(methodologist).get(
        reverse("surveys:survey_results_xlsx", args=[survey.pk])
    )
    book = load_workbook(io.BytesIO(response.content))
    names = [row[0] for row in book.worksheets[2].iter_rows(min_row=2)]
    evil = [cell for cell in names if str(cell.value).startswith("=")]
    assert evil and all(cell.data_type == "s" and cell.quotePrefix for cell in evil)
    remark = book.worksheets[3]["A2"]
    assert (remark.value, remark.quotePrefix) == ("+7 777 (call me)", True)
