"""Stored files: random names; served by FileResponse or, behind nginx, X-Accel-Redirect."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from academy.appeals.models import Appeal
from academy.core.media import RandomName, serve_file


def test_random_names_keep_only_a_plain_extension():
    name = RandomName("appeals/acts")
    first, second = name(None, "../../Акт №5.PDF"), name(None, "act.pdf")
    assert re.fullmatch(r"appeals/acts/\d{4}/[0-9a-f]{32}\.pdf", first)
    assert first != second
    assert re.fullmatch(r"x/\d{4}/[0-9a-f]{32}", name.__class__("x")(None, "evil.p$p"))


def _stored(content: bytes = b"%PDF-1.4 act") -> FieldFile:
    field = Appeal._meta.get_field("fault_act")
    name = default_storage.save("appeals/acts/2026/" + "a" * 32 + ".pdf", ContentFile(content))
    return FieldFile(None, field, name)


@pytest.mark.django_db
def test_in_development_the_file_is_streamed():
    response = serve_file(_stored(), filename="fault-act-1.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 act"
    assert response["Content-Disposition"] == 'attachment; filename="fault-act-1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_behind_nginx_the_view_answers_with_x_accel_redirect(settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    file = _stored()
    response = serve_file(file, filename="fault-act-1.pdf")
    assert response["X-Accel-Redirect"] == "/protected-media/" + file.name
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
@pytest.mark.parametrize("accel", ["", "/protected-media/"])
def test_a_missing_file_is_404(settings, accel):
    settings.MEDIA_ACCEL_REDIRECT = accel
    file = _stored()
    default_storage.delete(file.name)
    with pytest.raises(Http404):
        serve_file(file, filename="x.pdf")
