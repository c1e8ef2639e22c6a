"""Electronic documents of the e-library (IS-12 full-text database).

A document is a file (PDF, DOCX or EPUB) attached to a catalogue record. Its text is
extracted in the background and indexed: PostgreSQL builds `search_vector` by a trigger
(migration 0001) from `search_text`, SQLite looks in `search_text` itself.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from academy.core.media import RandomName
from academy.library.models import Record


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    EPUB = "epub", "EPUB"


class Access(models.TextChoices):
    OPEN = "open", _("Open access: anyone")
    READERS = "readers", _("Readers with a valid card and library staff")
    STAFF = "staff", _("Library staff only")


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Text extracted")
    EMPTY = "empty", _("No text found")
    FAILED = "failed", _("Extraction failed")


class AttachBatch(models.Model):
    """Documents attached in one go (a ZIP of files named by ISBN or record number)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")

    filename = models.CharField(_("file"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    total = models.PositiveIntegerField(_("documents"), default=0)
    processed = models.PositiveIntegerField(_("documents processed"), default=0)
    # What was refused, by file name: [{"name": ..., "error": ...}].
    report = models.JSONField(_("report"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("batch of documents")
        verbose_name_plural = _("batches of documents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("library_edocs:batch", args=[self.pk])

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100

    @property
    def is_finished(self) -> bool:
        return self.status == self.Status.DONE


class Document(models.Model):
    """A full-text electronic document of a catalogue record."""

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=RandomName("library/edocs"), max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=8, choices=DocumentFormat)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    access = models.CharField(
        _("who may read it"), max_length=16, choices=Access, default=Access.READERS
    )
    status = models.CharField(
        _("text"), max_length=16, choices=ExtractionStatus, default=ExtractionStatus.PENDING
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    # Folded (textsearch.fold) and cut to LIBRARY_EDOCS_INDEX_CHARS: what the index reads.
    search_text = models.TextField(blank=True, default="", editable=False)
    # The record's language when indexed: the stemming configuration of the trigger.
    language = models.CharField(max_length=8, blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    batch = models.ForeignKey(
        AttachBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("electronic document")
        verbose_name_plural = _("electronic documents")
        ordering = ["record", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(access__in=["open", "readers", "staff"]),
                name="library_edocs_access_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["pdf", "docx", "epub"]),
                name="library_edocs_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.filename

    def get_absolute_url(self) -> str:
        return reverse("library_edocs:read", args=[self.pk])

    @property
    def label(self) -> str:
        return self.title or self.filename
