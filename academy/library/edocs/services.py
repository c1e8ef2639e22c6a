"""Writes of the electronic documents (IS-12 full-text database)."""

import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event
from academy.library.models import Record, RecordNumber
from academy.library.services.cataloguing import require_librarian
from academy.library.textsearch import fold

from .extraction import check_document, extract_text
from .models import Access, AttachBatch, Document, ExtractionStatus

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 100 * 1024 * 1024
DEFAULT_INDEX_CHARS = 300_000


def max_size() -> int:
    return int(getattr(settings, "LIBRARY_EDOCS_MAX_SIZE", DEFAULT_MAX_SIZE))


def index_chars() -> int:
    # A tsvector holds at most 1 MB: the index reads the start of a very long text.
    return int(getattr(settings, "LIBRARY_EDOCS_INDEX_CHARS", DEFAULT_INDEX_CHARS))


def _enqueue(document_pks: list[int], batch_pk: int | None = None) -> None:
    from academy.core.broker import BrokerUnavailable, enqueue

    from .tasks import extract_documents

    try:
        enqueue(extract_documents, document_pks, batch_pk)
    except BrokerUnavailable:
        # The documents stay "waiting"; `manage.py edocs_extract` reads them later.
        logger.warning("edocs: broker unreachable, %s documents wait", len(document_pks))


def document_attach(
    *, record: Record, upload: Any, by: Any, access: str = Access.READERS, title: str = ""
) -> Document:
    """Attach a PDF, DOCX or EPUB to a record; its text is extracted in the background.

    Steps: the librarian's role; the file checked by its content and opened whole (a
    damaged file is refused with its name); stored; audited; extraction queued after commit.
    """
    require_librarian(by)
    name = PurePath(getattr(upload, "name", "") or "document").name
    if access not in Access.values:
        raise ValidationError(_("Choose who may read the document."), code="access")
    kind = check_document(upload, name, max_size=max_size())
    with transaction.atomic():
        document = _store(
            record=record, data=upload.read(), name=name, kind=kind, by=by, access=access
        )
        if title:
            Document.objects.filter(pk=document.pk).update(title=title[:255])
            document.title = title[:255]
        audit_event(
            actor=by,
            obj=record,
            event="library_edoc_attached",
            details={"document": document.pk, "file": name, "access": access},
        )
    transaction.on_commit(lambda: _enqueue([document.pk]))
    return document


def _store(
    *, record: Record, data: bytes, name: str, kind: str, by: Any, access: str, batch=None
) -> Document:
    document = Document(
        record=record,
        filename=name[:255],
        format=kind,
        size=len(data),
        access=access,
        uploaded_by=by,
        batch=batch,
        language=record.language,
    )
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


_RECORD_NUMBER = re.compile(r"^(?:record[-_ ]?)?(\d{1,9})$", re.IGNORECASE)


def _record_for(stem: str) -> Record | None:
    """A ZIP entry names its record by ISBN (any form) or by the record's number."""
    from academy.library.selectors import standard_number

    number = standard_number(stem)
    if number is not None:
        scheme, value = number
        found = RecordNumber.objects.filter(scheme=scheme, value=value).first()
        return found.record if found else None
    if match := _RECORD_NUMBER.match(stem.strip()):
        return Record.objects.filter(pk=int(match.group(1))).first()
    return None


def documents_attach_zip(*, upload: Any, by: Any, access: str = Access.READERS) -> AttachBatch:
    """Attach many documents at once: a ZIP whose files are named by ISBN or record number.

    Each file is checked alone; a refused one is reported by its name (wrong type,
    damaged, no such record) and the others are attached. The text of all of them is
    extracted by one background task that counts its progress on the batch.
    """
    require_librarian(by)
    if access not in Access.values:
        raise ValidationError(_("Choose who may read the documents."), code="access")
    name = PurePath(getattr(upload, "name", "") or "documents.zip").name
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as exc:
        raise ValidationError(
            _("%(name)s is not a ZIP archive.") % {"name": name}, code="zip"
        ) from exc
    limit = max_size()
    report: list[dict[str, str]] = []
    created: list[int] = []
    with transaction.atomic():
        batch = AttachBatch.objects.create(filename=name[:255], created_by=by)
        for entry in archive.infolist():
            if entry.is_dir() or entry.filename.startswith("__MACOSX/"):
                continue
            entry_name = PurePath(entry.filename).name
            if entry.file_size > limit:
                report.append(
                    {
                        "name": entry.filename,
                        "error": _("the file is larger than %(limit)s MB.")
                        % {"limit": limit // (1024 * 1024)},
                    }
                )
                continue
            record = _record_for(PurePath(entry_name).stem)
            if record is None:
                report.append(
                    {
                        "name": entry.filename,
                        "error": _("no catalogue record has this ISBN or number."),
                    }
                )
                continue
            data = archive.read(entry)
            try:
                kind = check_document(io.BytesIO(data), entry_name, max_size=limit)
            except ValidationError as error:
                report.append({"name": entry.filename, "error": " ".join(error.messages)})
                continue
            document = _store(
                record=record,
                data=data,
                name=entry_name,
                kind=kind,
                by=by,
                access=access,
                batch=batch,
            )
            created.append(document.pk)
        batch.total = len(created)
        batch.report = report
        if not created:
            batch.status = AttachBatch.Status.DONE
            batch.finished_at = timezone.now()
        batch.save()
        audit_event(
            actor=by,
            obj=batch,
            event="library_edocs_batch",
            details={"attached": len(created), "refused": len(report)},
        )
    if created:
        transaction.on_commit(lambda: _enqueue(created, batch.pk))
    return batch


def document_extract(document: Document) -> Document:
    """Read the document's text and index it (folded, cut to the index's limit)."""
    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        extracted = extract_text(data, document.format, document.filename)
    except ValidationError as error:
        document.status = ExtractionStatus.FAILED
        document.error = " ".join(error.messages)[:500]
        document.save(update_fields=["status", "error"])
        return document
    text = " ".join(extracted.text.split(" ")).strip()
    document.text = text
    document.pages = extracted.pages
    document.search_text = fold(text[: index_chars()])
    document.language = document.record.language
    document.status = ExtractionStatus.DONE if text.strip() else ExtractionStatus.EMPTY
    document.error = ""
    document.save(update_fields=["text", "pages", "search_text", "language", "status", "error"])
    return document


def documents_extract(
    document_pks: Iterable[int], progress: Callable[[int], None] | None = None
) -> int:
    """Extract each document in turn; `progress(done)` after each. Returns how many."""
    done = 0
    for document in Document.objects.filter(pk__in=list(document_pks)).select_related("record"):
        try:
            document_extract(document)
        except Exception as exc:  # a file that breaks the reader must not stop the batch
            logger.exception("edocs: extraction of %s failed", document.pk)
            Document.objects.filter(pk=document.pk).update(
                status=ExtractionStatus.FAILED, error=str(exc)[:500]
            )
        done += 1
        if progress is not None:
            progress(done)
    return done


def document_access_update(*, document: Document, access: str, by: Any) -> Document:
    require_librarian(by)
    if access not in Access.values:
        raise ValidationError(_("Choose who may read the document."), code="access")
    document.access = access
    document.save(update_fields=["access"])
    audit_event(
        actor=by,
        obj=document.record,
        event="library_edoc_access",
        details={"document": document.pk, "access": access},
    )
    return document


def document_delete(*, document: Document, by: Any) -> None:
    require_librarian(by)
    record = document.record
    name = document.filename
    document.delete()  # the file goes after the commit (document_file_forget)
    audit_event(actor=by, obj=record, event="library_edoc_deleted", details={"file": name})


def document_file_forget(sender: Any, instance: Document, **kwargs: Any) -> None:
    """post_delete: the stored file is removed once the deletion is committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def document_count_download(document: Document) -> None:
    """IS-12: downloads are counted (one UPDATE, no read-modify-write race)."""
    Document.objects.filter(pk=document.pk).update(downloads=F("downloads") + 1)
