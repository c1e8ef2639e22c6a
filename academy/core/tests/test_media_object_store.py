"""Uploads in an S3-compatible object store (MEDIA_STORAGE=s3), served by signed URLs."""

import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import Http404

from academy.appeals.models import Appeal
from academy.core.media import serve_file


def _stored(storage, content: bytes) -> FieldFile:
    field = Appeal._meta.get_field("fault_act")
    name = storage.save("appeals/acts/2026/" + "b" * 32 + ".pdf", ContentFile(content))
    return FieldFile(None, field, name)


def test_a_checked_view_hands_out_a_short_lived_signed_url(object_store):
    environment, storage = object_store
    file = _stored(storage, b"%PDF-1.4 act")
    file.storage = storage
    response = serve_file(file, filename="fault-act-1.pdf")
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(environment["S3_ENDPOINT_URL"]) and "Signature=" in url
    assert response["Cache-Control"] == "private, no-store"
    with urllib.request.urlopen(url, timeout=10) as fetched:
        assert fetched.read() == b"%PDF-1.4 act"
        assert 'filename="fault-act-1.pdf"' in fetched.headers["Content-Disposition"]


def test_the_object_is_private_without_a_signature(object_store):
    environment, storage = object_store
    file = _stored(storage, b"secret")
    plain = f"{environment['S3_ENDPOINT_URL']}/{environment['S3_BUCKET']}/{file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(plain, timeout=10)
    assert refused.value.code == 403


def test_a_missing_object_is_404_not_a_dead_link(object_store):
    _environment, storage = object_store
    field = Appeal._meta.get_field("fault_act")
    file = FieldFile(None, field, "appeals/acts/2026/" + "c" * 32 + ".pdf")
    file.storage = storage
    with pytest.raises(Http404):
        serve_file(file, filename="gone.pdf")
