"""The e-library (IS-12): bibliographic records, their copies, readers and loans."""

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .bin import validate_bin
from .textsearch import search_document


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
    UNKNOWN = "und", _("Language not known")


# The reader categories of the loan-rules matrix: the user's category (accounts.User).
READER_CATEGORIES = [
    ("judge", _("Judge")),
    ("court_staff", _("Court staff")),
    ("other", _("Other")),
]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def dedup_key(title: str, authors: str, year: int | None) -> str:
    """Same title, first author and year: the same edition, whatever the punctuation or case."""
    first_author = authors.split(";")[0] if authors else ""
    return f"{_norm(title)}|{_norm(first_author)}|{year or ''}"[:700]


class Record(models.Model):
    """A bibliographic record of the electronic catalogue (IS-12 cataloguing).

    The MARC21 record is the source of truth, kept whole in `marc` (pymarc's MARC-in-JSON,
    as Koha keeps `biblio_metadata`): the columns below are derived from it for search and
    display (services/marcdata.py), an edit is written back into it, and the export is the
    stored record plus the current holdings (952). `full_text` and `host` are not MARC.
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
        _("language"), max_length=8, choices=RecordLanguage, default=RecordLanguage.UNKNOWN
    )
    # Every MARC language code of the record (041 $a, else 008/35-37), e.g. "eng fre".
    languages = models.CharField(max_length=64, blank=True, editable=False, default="")
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
    # A record imported from UNIMARC or RUSMARC: `marc` is its MARC21 mapping (what the
    # catalogue derives, edits and exports), `source_marc` the record as it was given.
    source_format = models.CharField(
        _("format of the source record"),
        max_length=8,
        choices=[("marc21", "MARC21"), ("unimarc", "UNIMARC"), ("rusmarc", "RUSMARC")],
        default="marc21",
        editable=False,
    )
    source_marc = models.JSONField(default=dict, blank=True, editable=False)
    # The import's warnings about this record (an invalid ISBN moved to $z, invalid bytes).
    marc_warnings = models.JSONField(default=list, blank=True, editable=False)
    # The folded text the search reads (textsearch.search_document): the SQLite search
    # looks in it, PostgreSQL's trigger (migration 0006) builds `search_vector` from it.
    search_text = models.TextField(editable=False, blank=True, default="")
    # Filled by a database trigger on PostgreSQL (migration 0006); unused on SQLite.
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
        self.search_text = search_document(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "dedup_key", "search_text"}
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


class RecordNumber(models.Model):
    """Every valid ISBN (as 13 digits) and ISSN of a record: the search box and duplicates."""

    class Scheme(models.TextChoices):
        ISBN = "isbn", "ISBN"
        ISSN = "issn", "ISSN"

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="numbers")
    scheme = models.CharField(max_length=4, choices=Scheme)
    value = models.CharField(max_length=13)

    class Meta:
        verbose_name = _("standard number")
        verbose_name_plural = _("standard numbers")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "scheme", "value"], name="library_number_once_per_record"
            )
        ]
        indexes = [models.Index(fields=["value", "scheme"])]

    def __str__(self) -> str:
        return f"{self.scheme} {self.value}"


class RecordClass(models.Model):
    """A class number of a record: UDC (080 $a) or BBK (084 $a with $2 bbk), for browsing."""

    class Scheme(models.TextChoices):
        UDC = "udc", _("UDC")
        BBK = "bbk", _("BBK")

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="classes")
    scheme = models.CharField(_("classification"), max_length=4, choices=Scheme)
    value = models.CharField(_("class number"), max_length=64)

    class Meta:
        verbose_name = _("class number")
        verbose_name_plural = _("class numbers")
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "scheme", "value"], name="library_class_once_per_record"
            )
        ]
        indexes = [models.Index(fields=["scheme", "value"])]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.value}"


class Authority(models.Model):
    """An authority record (IS-12 cataloguing): the one form of a name or a subject.

    Headings of the bibliographic records (1XX, 6XX, 7XX) are linked to it by their
    folded form (`key`); the forms not used (4XX, "see from") find it too.
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal name")
        CORPORATE = "corporate", _("Corporate name")
        MEETING = "meeting", _("Meeting name")
        TOPIC = "topic", _("Topical subject")
        PLACE = "place", _("Geographic name")

    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    heading = models.CharField(_("heading"), max_length=500)
    key = models.CharField(max_length=500, editable=False)
    see_from = models.TextField(
        _("forms not used"), blank=True, help_text=_("One per line (4XX “see from”).")
    )
    note = models.TextField(_("note"), blank=True)
    control_number = models.CharField(_("control number"), max_length=64, blank=True)
    marc = models.JSONField(_("MARC21 authority record"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("authority record")
        verbose_name_plural = _("authority records")
        ordering = ["heading", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="library_authority_unique_key")
        ]
        indexes = [models.Index(fields=["key"])]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return reverse("library:authority_detail", args=[self.pk])

    @property
    def see_from_list(self) -> list[str]:
        return [line.strip() for line in self.see_from.splitlines() if line.strip()]


class AuthorityKey(models.Model):
    """The folded forms an authority is found by: its heading and each form not used."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="keys")
    kind = models.CharField(max_length=16, choices=Authority.Kind)
    key = models.CharField(max_length=500)

    class Meta:
        verbose_name = _("authority key")
        verbose_name_plural = _("authority keys")
        constraints = [
            models.UniqueConstraint(fields=["authority", "key"], name="library_authority_key_once")
        ]
        indexes = [models.Index(fields=["key", "kind"])]

    def __str__(self) -> str:
        return self.key


class RecordHeading(models.Model):
    """A heading of a bibliographic record linked to its authority record."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="headings")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="links")
    tag = models.CharField(max_length=3)

    class Meta:
        verbose_name = _("linked heading")
        verbose_name_plural = _("linked headings")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "authority", "tag"], name="library_heading_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tag} {self.authority.heading}"


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
    # IS-12 reader card index: a card is valid until this day (settings.LIBRARY_CARD_VALID_DAYS
    # from issue or renewal); empty for cards issued before cards expired.
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    blocked_reason = models.CharField(
        _("blocked"),
        max_length=255,
        blank=True,
        help_text=_("A librarian's block: while it is set, nothing is lent to the reader."),
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
    # Overdue notices sent (tasks.send_overdue_notices): how many and when the last one.
    notices = models.PositiveSmallIntegerField(_("overdue notices"), default=0)
    last_notice_on = models.DateField(_("last overdue notice"), null=True, blank=True)

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


class Fine(models.Model):
    """What a reader owes the library (a lost or damaged copy); unpaid, it blocks lending."""

    class Kind(models.TextChoices):
        LOST = "lost", _("Lost copy")
        DAMAGED = "damaged", _("Damaged copy")
        OVERDUE = "overdue", _("Overdue")

    reader = models.ForeignKey(
        Reader, verbose_name=_("reader"), on_delete=models.PROTECT, related_name="fines"
    )
    loan = models.ForeignKey(
        Loan, verbose_name=_("loan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="fines",
    )  # fmt: skip
    kind = models.CharField(_("reason"), max_length=16, choices=Kind)
    amount = models.DecimalField(_("amount, tenge"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("fine")
        verbose_name_plural = _("fines")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="library_fine_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["lost", "damaged", "overdue"]), name="library_fine_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reader.card_number}: {self.amount}"


class LoanRule(models.Model):
    """One cell of the loan-rules matrix (IS-12 lending): reader category × item type.

    Without a cell the library's settings apply (loan limit and period, one renewal).
    """

    reader_category = models.CharField(
        _("reader category"), max_length=20, choices=READER_CATEGORIES
    )
    kind = models.CharField(_("item type"), max_length=16, choices=RecordKind)
    loan_days = models.PositiveSmallIntegerField(
        _("loan period (days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    max_loans = models.PositiveSmallIntegerField(
        _("loans of this type at once"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    renewals = models.PositiveSmallIntegerField(
        _("renewals"), default=1, validators=[MaxValueValidator(1)]
    )
    holds_allowed = models.BooleanField(_("holds allowed"), default=True)
    reading_room_only = models.BooleanField(_("reading room only"), default=False)

    class Meta:
        verbose_name = _("loan rule")
        verbose_name_plural = _("loan rules")
        ordering = ["reader_category", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader_category", "kind"], name="library_loan_rule_one_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(renewals__lte=1, loan_days__gte=1, max_loans__gte=1),
                name="library_loan_rule_ranges",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reader_category} × {self.kind}"


class Hold(models.Model):
    """A reader waiting for a record (IS-12 lending): first come, first served.

    When a copy comes back it is kept for the first waiting reader (status "ready", the
    copy named), who is sent a notice; while anyone waits, loans of the record are not
    renewed.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        READY = "ready", _("Ready for pick-up")
        FULFILLED = "fulfilled", _("Lent")
        CANCELLED = "cancelled", _("Cancelled")

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="holds"
    )
    reader = models.ForeignKey(
        Reader, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="holds"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.WAITING)
    copy = models.ForeignKey(
        Copy,
        verbose_name=_("copy kept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holds",
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["placed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "reader"],
                condition=Q(status__in=["waiting", "ready"]),
                name="library_hold_one_open_per_reader",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "ready", "fulfilled", "cancelled"]),
                name="library_hold_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reader.card_number} → {self.record.title}"


# ---------------------------------------------------------------- administration ----

DEFAULT_LOAN_LIMIT = 5
DEFAULT_LOAN_DAYS = 14


class LibrarySettings(models.Model):
    """IS-12 administration: the library's own settings, one row (pk 1).

    Until the librarian saves the page, the defaults come from settings.LIBRARY_LOAN_LIMIT
    and settings.LIBRARY_LOAN_DAYS.
    """

    loan_limit = models.PositiveSmallIntegerField(
        _("loan limit"),
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many copies a reader may hold at once, from 1 to 50."),
    )
    loan_days = models.PositiveSmallIntegerField(
        _("loan period (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("From 1 to 90 days; a due date on a day off moves to the next working day."),
    )
    reading_room_locations = models.TextField(
        _("reading-room-only locations"),
        blank=True,
        help_text=_("One per line; copies placed there are not lent."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("library settings")
        verbose_name_plural = _("library settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="library_settings_singleton"),
            models.CheckConstraint(
                condition=Q(loan_limit__gte=1, loan_limit__lte=50),
                name="library_settings_loan_limit_range",
            ),
            models.CheckConstraint(
                condition=Q(loan_days__gte=1, loan_days__lte=90),
                name="library_settings_loan_days_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Library settings"))

    @classmethod
    def current(cls) -> "LibrarySettings":
        """The saved row, or an unsaved one with the defaults of the project settings."""
        saved = cls.objects.filter(pk=1).first()
        if saved is not None:
            return saved
        return cls(
            pk=1,
            loan_limit=int(getattr(settings, "LIBRARY_LOAN_LIMIT", DEFAULT_LOAN_LIMIT)),
            loan_days=int(getattr(settings, "LIBRARY_LOAN_DAYS", DEFAULT_LOAN_DAYS)),
        )

    @property
    def reading_room_list(self) -> list[str]:
        return [line.strip() for line in self.reading_room_locations.splitlines() if line.strip()]

    def is_reading_room(self, location: str) -> bool:
        wanted = location.strip().casefold()
        return bool(wanted) and wanted in {name.casefold() for name in self.reading_room_list}


class ImportJob(models.Model):
    """A MARC21 import run in the background (IS-12 cataloguing): progress and report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    filename = models.CharField(_("file"), max_length=255)
    source = models.BinaryField(editable=False)
    # The encoding the librarian named for records that do not say (leader/09 blank).
    encoding = models.CharField(_("encoding"), max_length=8, default="auto")
    marc_format = models.CharField(_("MARC format"), max_length=8, default="auto")
    size = models.PositiveBigIntegerField(_("bytes in the file"), default=0)
    position = models.PositiveBigIntegerField(_("bytes read"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    total = models.PositiveIntegerField(_("records in the file"), default=0)
    processed = models.PositiveIntegerField(_("records processed"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("library:import_job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        # The file is read once, so progress is the share of its bytes read.
        if self.size:
            return min(100, round(100 * self.position / self.size))
        return round(100 * self.processed / self.total) if self.total else 0


# ---------------------------------------------------------------- acquisition ----


class FundSource(models.TextChoices):
    BUDGET = "budget", _("Budget")
    GIFT = "gift", _("Gift")
    EXCHANGE = "exchange", _("Exchange")


class Supplier(models.Model):
    """A supplier of the library's acquisition (IS-12), identified by its BIN."""

    name = models.CharField(_("name"), max_length=255)
    bin = models.CharField(_("BIN or IIN"), max_length=12, unique=True, validators=[validate_bin])
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.bin})"


class AcquisitionOrder(models.Model):
    """An acquisition order: drafted, sent to the supplier, received partly or fully."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ORDERED = "ordered", _("Ordered")
        PARTLY_RECEIVED = "partly_received", _("Received partly")
        RECEIVED = "received", _("Received fully")

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="orders"
    )
    ordered_on = models.DateField(_("order date"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acquisition order")
        verbose_name_plural = _("acquisition orders")
        ordering = ["-ordered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "ordered", "partly_received", "received"]),
                name="library_order_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"№ {self.pk} – {self.supplier.name}"

    def get_absolute_url(self) -> str:
        return reverse("library:order_detail", args=[self.pk])


class OrderLine(models.Model):
    """One title of an order: a catalogue record, or a new title catalogued on receipt."""

    order = models.ForeignKey(
        AcquisitionOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    record = models.ForeignKey(
        Record,
        verbose_name=_("catalogue record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order_lines",
    )
    new_title = models.CharField(_("new title"), max_length=500, blank=True)
    new_authors = models.CharField(_("authors of the new title"), max_length=500, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(
        _("unit price, tenge"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(
        _("fund source"), max_length=16, choices=FundSource, default=FundSource.BUDGET
    )
    received_quantity = models.PositiveIntegerField(_("received"), default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            # IS-12 acquisition: never more received than ordered.
            models.CheckConstraint(
                condition=Q(received_quantity__lte=models.F("quantity")),
                name="library_line_received_within_quantity",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="library_line_quantity"),
            models.CheckConstraint(
                condition=Q(record__isnull=False) | ~Q(new_title=""),
                name="library_line_record_or_title",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.record.title if self.record_id else self.new_title

    @property
    def remaining(self) -> int:
        return self.quantity - self.received_quantity

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


class RegisterEntry(models.Model):
    """A line of the acquisition register (inventory book): a copy received or written off."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        WRITE_OFF = "write_off", _("Write-off")

    class Reason(models.TextChoices):
        LOST = "lost", _("Lost")
        WORN_OUT = "worn_out", _("Worn out")
        OUTDATED = "outdated", _("Outdated")

    kind = models.CharField(_("entry"), max_length=16, choices=Kind)
    copy = models.ForeignKey(
        Copy, verbose_name=_("copy"), on_delete=models.PROTECT, related_name="register_entries"
    )
    line = models.ForeignKey(
        OrderLine,
        verbose_name=_("order line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_entries",
    )
    source = models.CharField(_("fund source"), max_length=16, choices=FundSource)
    price = models.DecimalField(_("price, tenge"), max_digits=12, decimal_places=2)
    entered_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=16, choices=Reason, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["entered_on", "pk"]
        constraints = [
            # A copy enters the fund once and leaves it once.
            models.UniqueConstraint(fields=["copy", "kind"], name="library_register_once_per_kind"),
            models.CheckConstraint(
                condition=Q(kind="receipt", reason="") | Q(kind="write_off") & ~Q(reason=""),
                name="library_register_reason_for_write_off",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.copy.barcode}"
