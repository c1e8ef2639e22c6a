"""Uploads are checked by their bytes against the types their extension allows."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from academy.core.testing import SAMPLES, sample_upload
from academy.core.uploads import check_upload_content

ACCEPTED = [
    "act.pdf", "scan.jpg", "scan.JPEG", "scan.png", "talk.mp4", "talk.webm", "talk.mp3",
    "plan.docx", "plan.xlsx", "slides.pptx", "plan.odt", "old.doc", "notes.txt",
]  # fmt: skip


@pytest.mark.parametrize("name", ACCEPTED)
def test_a_file_of_its_own_type_is_accepted(name):
    upload = sample_upload(name)
    check_upload_content(upload)
    assert upload.tell() == 0  # the check leaves the file where it was


@pytest.mark.parametrize("name", ["act.pdf", "talk.mp4", "plan.docx", "notes.txt", "scan.png"])
def test_executable_bytes_are_refused_whatever_the_name(name):
    with override("ru"):
        with pytest.raises(ValidationError) as error:
            check_upload_content(sample_upload(name, content_of="virus.exe"))
        assert error.value.code == "file_content"
        assert error.value.messages == [
            f"Содержимое файла {name} не является файлом .{name.rsplit('.', 1)[1]}; "
            "его нельзя загрузить."
        ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("act.pdf", SAMPLES["png"]),  # another allowed type under a wrong name
        ("act.pdf", b"just text"),
        ("act.pdf", b""),
        ("notes.txt", b"text\x00with a NUL"),
        ("notes.txt", SAMPLES["pdf"]),
        ("page.html", b"<script>alert(1)</script>"),  # a type no upload allows
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, content):
    with pytest.raises(ValidationError):
        check_upload_content(SimpleUploadedFile(name, content))
