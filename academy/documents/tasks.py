"""Background jobs of the documents app (eager when REDIS_URL is unset)."""

import io
import zipfile
from pathlib import Path

from celery import shared_task
from django.conf import settings

from academy.training.models import Group

from .pdf import render_certificate, render_certificates
from .selectors import certificates_of_group

BUNDLE_FORMATS = ("pdf", "zip")


def bundle_path(group_pk: int, fmt: str, language: str) -> Path:
    """Where a group's bundle is kept: under MEDIA_ROOT, served only by the checked view."""
    name = f"group-{group_pk}-{language or 'own'}.{fmt}"
    return Path(settings.MEDIA_ROOT) / "documents" / "bundles" / name


def ready_bundles(group_pk: int) -> list[dict[str, object]]:
    """The bundles of a group already rendered: format, language and when, newest first."""
    from datetime import UTC, datetime

    found = []
    for fmt in BUNDLE_FORMATS:
        for language in ("", *(code for code, _name in settings.LANGUAGES)):
            path = bundle_path(group_pk, fmt, language)
            if path.exists():
                made = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
                found.append({"format": fmt, "language": language, "made_at": made})
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
    """All certificates of a group as one PDF or a ZIP of PDFs; returns the file's path."""
    if fmt not in BUNDLE_FORMATS:
        raise ValueError(fmt)
    group = Group.objects.select_related("course").get(pk=group_pk)
    path = bundle_path(group_pk, fmt, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(build_bundle(group, fmt, language, base_url))
    partial.replace(path)  # a reader never sees half a file
    return str(path)
