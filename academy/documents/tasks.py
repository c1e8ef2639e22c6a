"""Background jobs of the documents app (eager when REDIS_URL is unset)."""

import io
import zipfile
from datetime import UTC, datetime

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from academy.training.models import Group

from .pdf import render_certificate, render_certificates
from .selectors import certificates_of_group

BUNDLE_FORMATS = ("pdf", "zip")


BUNDLE_DIR = "documents/bundles"


def _bundle_prefix(group_pk: int, language: str) -> str:
    return f"group-{group_pk}-{language or 'own'}-"


def _bundles_in_storage(group_pk: int, fmt: str, language: str) -> list[str]:
    """The stored renderings of one bundle, newest first (names carry the time they were made)."""
    try:
        _dirs, files = default_storage.listdir(BUNDLE_DIR)
    except FileNotFoundError:
        return []
    prefix = _bundle_prefix(group_pk, language)
    names = [f for f in files if f.startswith(prefix) and f.endswith(f".{fmt}")]
    return [f"{BUNDLE_DIR}/{name}" for name in sorted(names, reverse=True)]


def bundle_name(group_pk: int, fmt: str, language: str) -> str | None:
    """The newest rendering of a group's bundle in the default storage, or None.

    Kept in the default storage (the object store in a cluster), so whichever app server
    answers the download finds the file the worker wrote.
    """
    found = _bundles_in_storage(group_pk, fmt, language)
    return found[0] if found else None


def _made_at(name: str) -> datetime:
    stamp = name.rsplit("-", 1)[1].split(".", 1)[0]
    return datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)


def ready_bundles(group_pk: int) -> list[dict[str, object]]:
    """The bundles of a group already rendered: format, language and when, newest first."""
    found = []
    for fmt in BUNDLE_FORMATS:
        for language in ("", *(code for code, _name in settings.LANGUAGES)):
            name = bundle_name(group_pk, fmt, language)
            if name:
                found.append({"format": fmt, "language": language, "made_at": _made_at(name)})
    return sorted(found, key=lambda bundle: bundle["made_at"], reverse=True)


def build_bundle(group: Group, fmt: str, language: str = "", base_url: str = "") -> bytes:
    certificates = list(certificates_of_group(group))
    if fmt == "pdf":
        return render_certificates(certificates, language=language or None, base_url=base_url)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(
                f"{certificate.number}.pdf",
                render_certificate(certificate, language=language or None, base_url=base_url),
            )
    return buffer.getvalue()


@shared_task(name="documents.render_group_certificates")
def render_group_certificates(
    group_pk: int, fmt: str, language: str = "", base_url: str = ""
) -> str:
    """All certificates of a group as one PDF or a ZIP of PDFs; returns the stored name."""
    if fmt not in BUNDLE_FORMATS:
        raise ValueError(fmt)
    group = Group.objects.select_related("course").get(pk=group_pk)
    content = build_bundle(group, fmt, language, base_url)
    # A new name per rendering, older ones deleted after: a reader never sees half a file,
    # on a disk or in an object store alike.
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    name = f"{BUNDLE_DIR}/{_bundle_prefix(group_pk, language)}{stamp}.{fmt}"
    name = default_storage.save(name, ContentFile(content))
    for older in _bundles_in_storage(group_pk, fmt, language):
        if older != name:
            default_storage.delete(older)
    return name
