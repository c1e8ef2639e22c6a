"""A question file above IMPORT_MAX_BYTES is refused before it is read, with the limit."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override

from academy.accounts.roles import Role
from academy.exams.models import Question


def test_an_oversized_question_file_is_refused_with_the_limit(client_as, make_persona, settings):
    settings.IMPORT_MAX_BYTES = 2048
    gift = "::Q{n}:: Сұрақ {n} {{=Дұрыс ~Қате}}\n\n"
    content = "".join(gift.format(n=n) for n in range(100)).encode()
    with override("en"):
        response = client_as(make_persona(Role.METHODOLOGIST)).post(
            reverse("exams:question_import"),
            {"file": SimpleUploadedFile("bank.gift", content), "format": "gift"},
        )
    assert response.status_code == 200
    assert "files up to 2.0\xa0KB can be imported" in response.content.decode()
    assert not Question.objects.exists()
