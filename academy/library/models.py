"""The e-library (IS-12): bibliographic records, their copies, readers and loans."""

import re
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    BOOK = "book", _("Book")
    CODE = "code", _("Code or legal act")
    COMMENTARY = "commentary", _("Commentary")
    SERIAL = "serial", _("Journal or collection")
    ARTICLE = "article", _("Article")
    OTHER = "other", _("Other")


class RecordLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other language")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def dedup_key(title: str, authors: str, year: int | None) -> str:
    """Same title, first author and year: the same edition, whatever the punctuation or case."""
    first_author = authors.split(";")[0] if authors else ""
    return f"{_norm(title)}|{_norm(first_author)}|{year or ''}"[:700]


class Record(models.Model):
    """A bibliographic record of the electronic catalogue (IS-12 cataloguing).

    The MARC21 record it was imported from (or is exported as) is kept whole in `marc`
    (pymarc's MARC-in-JSON), so fields the catalogue does not model are not lost.
    """

    kind = models.CharField(_("type"), max_length=16, choices=RecordKind, default=RecordKind.BOOK)
    title = models.CharField(_("title"), max_length=500)
    authors = models.CharField(
        _("authors"), max_length=500, blank=True, help_text=_("Separated by semicolons.")
    )
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    place = models.CharField(_("place of publication"), max_length=128, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True, db_index=True)
    issn = models.CharField(_("ISSN"), max_length=9, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=RecordLanguage, default=RecordLanguage.RUSSIAN
    )
    subjects = models.CharField(
        _("subjects"), max_length=1000, blank=True, help_text=_("Separated by semicolons.")
    )
    abstract = models.TextField(_("abstract"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    # IS-12 article card index: an article points to the journal or collection holding it.
    host = models.ForeignKey(
        "self",
        verbose_name=_("host item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    host_title = models.CharField(_("host item title"), max_length=500, blank=True)
    host_details = models.CharField(
        _("issue and pages"),
        max_length=128,
        blank=True,
        help_text=_("E.g. 2024, No. 3, pp. 12–18."),
    )
    # Casefolded title | first author | year: the duplicate check of the import.
    dedup_key = models.CharField(max_length=700, editable=False, db_index=True, default="")
    marc = models.JSONField(_("MARC21 record"), default=dict, blank=True, editable=False)
    # Filled by a database trigger on PostgreSQL (migration 0002); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bibliographic record")
        verbose_name_plural = _("bibliographic records")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["isbn"], condition=~Q(isbn=""), name="library_record_isbn_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RecordKind.values), name="library_record_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "year"]), models.Index(fields=["language"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.dedup_key = dedup_key(self.title, self.authors, self.year)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "dedup_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("library:record_detail", args=[self.pk])

    @property
    def author_list(self) -> list[str]:
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    @property
    def subject_list(self) -> list[str]:
        return [name.strip() for name in self.subjects.split(";") if name.strip()]

    @property
    def host_label(self) -> str:
        return str(self.host.title) if self.host_id else self.host_title


class Copy(models.Model):
    """A physical copy (item) of a record, identified by its barcode."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        ON_LOAN = "on_loan", _("On loan")
        REFERENCE = "reference", _("Reading room only")
        LOST = "lost", _("Lost")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="copies"
    )
    barcode = models.CharField(_("barcode"), max_length=32, unique=True)
    location = models.CharField(_("location"), max_length=128, blank=True)
    shelf_mark = models.CharField(_("shelf mark"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.AVAILABLE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        ordering = ["barcode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["available", "on_loan", "reference", "lost", "withdrawn"]),
                name="library_copy_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.barcode} – {self.record.title}"


class Reader(models.Model):
    """A reader card (IS-12 reader card index): a user with the reader or listener role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="reader_card",
    )
    card_number = models.CharField(_("card number"), max_length=16, unique=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")
        ordering = ["card_number"]

    def __str__(self) -> str:
        return f"{self.card_number} – {self.user.full_name}"


class Loan(models.Model):
    """A copy lent to a reader (IS-12 lending)."""

    copy = models.ForeignKey(
        Copy, verbose_name=_("copy"), on_delete=models.PROTECT, related_name="loans"
    )
    reader = models.ForeignKey(
        Reader, verbose_name=_("reader"), on_delete=models.PROTECT, related_name="loans"
    )
    issued_at = models.DateTimeField(_("issued at"))
    due_on = models.DateField(_("due date"))
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # A copy is on one open loan at a time.
            models.UniqueConstraint(
                fields=["copy"],
                condition=Q(returned_at__isnull=True),
                name="library_loan_one_open_per_copy",
            ),
            models.CheckConstraint(condition=Q(renewals__lte=1), name="library_loan_renew_once"),
        ]

    def __str__(self) -> str:
        return f"{self.copy.barcode} → {self.reader.card_number}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None
