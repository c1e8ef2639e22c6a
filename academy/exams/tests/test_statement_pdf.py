import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from academy.core.pdf import FONTS
from academy.exams.services import attempts as svc
from academy.exams.services import results as result_services
from academy.exams.statement_pdf import statement_blocks
from academy.exams.testing import open_test_exam

pytestmark = pytest.mark.django_db


def _compiled_exam(listener):
    exam = open_test_exam(listeners=[listener])
    attempt = svc.attempt_start(exam=exam, listener=listener)
    svc.attempt_submit(attempt=attempt, by=listener)
    member = exam.commission.first().user
    result_services.results_compile(exam=exam, by=member)
    return exam, member


def test_the_font_with_every_kazakh_letter_is_shipped():
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont("DejaVuSansCheck", str(FONTS / "DejaVuSans.ttf"))
    for letter in "ӘәҒғҚқҢңӨөҰұҮүҺһІі":
        assert ord(letter) in font.face.charToGlyph


@pytest.mark.clause("TR-26")
def test_the_statement_lists_each_listener_with_points_and_result(listener):
    exam, _member = _compiled_exam(listener)
    table = next(content for kind, content in statement_blocks(exam) if kind == "table")
    assert table[1][1] == listener.full_name
    assert table[1][2] == "0"


@pytest.mark.clause("TR-26")
def test_the_statement_pdf_carries_the_listeners_name_in_kazakh_letters(listener, client_as):
    exam, member = _compiled_exam(listener)
    assert any(letter in listener.full_name for letter in "әғқңөұүһі")
    response = client_as(member).get(reverse("exams:statement_pdf", args=[exam.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert listener.full_name in " ".join(text.split())
    assert b"DejaVuSans" in response.content  # the embedded font, not a Latin-only one


def test_a_listener_cannot_download_the_statement_pdf(listener, client_as):
    exam, _member = _compiled_exam(listener)
    url = reverse("exams:statement_pdf", args=[exam.pk])
    assert client_as(listener).get(url).status_code == 403
