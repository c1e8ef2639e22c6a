"""Uploads are trusted by content, not by name: the one check every upload goes through.

The first bytes of a file are matched (filetype, pure Python, no libmagic) against the
types its extension allows: an executable renamed act.pdf is refused. Office formats
are checked by their container (ZIP for OOXML/OpenDocument, OLE for the 97-2003 ones),
plain text by having no binary signature and no NUL bytes.
"""

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192
ZIP_FAMILY = frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"})
OLE_FAMILY = frozenset({"doc", "xls", "ppt"})
MP4_FAMILY = frozenset({"mp4", "m4a", "m4v", "mov", "3gp"})
MATROSKA_FAMILY = frozenset({"webm", "mkv"})
TEXT = frozenset({"txt", "csv", "md"})

# extension → what filetype may call the content
ALLOWED_CONTENT: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "jpg": frozenset({"jpg"}),
    "jpeg": frozenset({"jpg"}),
    "png": frozenset({"png"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    "mp4": MP4_FAMILY,
    "m4a": MP4_FAMILY,
    "mov": MP4_FAMILY,
    "webm": MATROSKA_FAMILY,
    "mkv": MATROSKA_FAMILY,
    "mp3": frozenset({"mp3"}),
    "ogg": frozenset({"ogg", "opus", "ogv", "oga"}),
    "wav": frozenset({"wav"}),
    **{extension: ZIP_FAMILY for extension in ("docx", "xlsx", "pptx", "odt", "ods", "odp")},
    **{extension: OLE_FAMILY for extension in OLE_FAMILY},
}


def _head(upload: Any) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        return bytes(upload.read(HEAD_BYTES))
    finally:
        upload.seek(position)


def _refuse(name: str, extension: str) -> ValidationError:
    return ValidationError(
        _("The content of %(name)s is not a .%(extension)s file; it cannot be uploaded."),
        code="file_content",
        params={"name": name, "extension": extension},
    )


def check_upload_content(upload: Any) -> None:
    """Raise ValidationError unless the upload's bytes are of a type its extension allows."""
    import filetype

    name = PurePath(getattr(upload, "name", "") or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    head = _head(upload)
    kind = filetype.guess(head) if head else None
    if extension in TEXT:
        if kind is not None or b"\x00" in head:
            raise _refuse(name, extension)
        return
    allowed = ALLOWED_CONTENT.get(extension)
    if allowed is None or kind is None or kind.extension not in allowed:
        raise _refuse(name, extension)


@deconstructible
class ContentMatchesExtension:
    """Form or model field validator around check_upload_content."""

    def __call__(self, upload: Any) -> None:
        if upload:
            check_upload_content(upload)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ContentMatchesExtension)


validate_upload_content = ContentMatchesExtension()
