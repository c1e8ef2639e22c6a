"""Issue 12: the question preview page and the importer's language choice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from academy.exams.models import Question
from academy.exams.services import formats
from academy.exams.services.bank import category_get_or_create, questions_import

pytestmark = pytest.mark.django_db


def _question(gift: str) -> Question:
    items, problems = formats.parse_gift(gift)
    category = category_get_or_create(path="Preview")
    report = questions_import(items=items, problems=problems, category=category, by=None)
    return report.imported[0]


def test_the_preview_shows_the_question_in_each_language_with_weights(methodologist, client_as):
    question = _question(
        "::Hometown::[html]Where was he <b>from</b>?{~Jerusalem ~%25%Bethlehem#Born there."
        " ~%50%Galilee =Nazareth#Yes}"
    )
    response = client_as(methodologist).get(reverse("exams:question_preview", args=[question.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for lang in ("kk", "ru", "en"):
        assert f'data-testid="preview-{lang}"' in page
    assert page.count("Where was he <b>from</b>?") == 3  # once per language
    assert "25%" in page and "50%" in page and "Born there." in page


def test_a_true_false_preview_labels_follow_each_language(methodologist, client_as):
    question = _question("Конституция 1995 жылы қабылданды. {TRUE#Қате.#Дұрыс!}")
    page = client_as(methodologist).get(reverse("exams:question_preview", args=[question.pk]))
    text = page.content.decode()
    assert "True" in text and "Дұрыс!" in text and "Қате." in text


def test_a_listener_cannot_preview_a_question(listener, client_as):
    question = _question("Q? {T}")
    response = client_as(listener).get(reverse("exams:question_preview", args=[question.pk]))
    assert response.status_code == 403


def test_the_importer_chooses_the_language_on_the_import_page(methodologist, client_as):
    upload = SimpleUploadedFile("q.gift", b"Which court? {=Supreme ~District}")
    response = client_as(methodologist).post(
        reverse("exams:question_import"), {"file": upload, "format": "gift", "language": "kk"}
    )
    assert response.status_code == 200
    assert Question.objects.get().language == "kk"


@pytest.mark.parametrize(
    ("gift", "weights"),
    [
        ("Jesus Christ was from {~Jerusalem ~%25%Bethlehem ~%50%Galilee =Nazareth}", "options"),
        ("Best animal?{=Frog =%50%Cat#Half =%0%*#No}", "answers"),
    ],
)
def test_editing_an_imported_question_in_the_form_keeps_its_weights(
    methodologist, client_as, gift, weights
):
    from academy.exams.forms import QuestionForm
    from academy.exams.tests.test_materials import _as_posted

    question = _question(gift)
    before = question.current_version.payload[weights]
    data = _as_posted(QuestionForm(question=question))
    data["text"] = "Edited?"
    url = reverse("exams:question_change", args=[question.pk])
    assert client_as(methodologist).post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.payload[weights] == before
