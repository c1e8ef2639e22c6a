"""Reads of the circulation desk, authority records and classification (IS-12, issue 17)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from .models import Authority, AuthorityKey, Copy, Fine, Hold, Loan, Reader, Record, RecordClass
from .services.authorities import heading_key
from .services.circulation import reader_blocks

# The main classes of UDC, captions shown on the classification page.
UDC_MAIN_CLASSES = ("0", "1", "2", "3", "5", "6", "7", "8", "9")
LABELS_LIMIT = 1000


def reader_by_card(text: str) -> Reader | None:
    """A reader by card number (as scanned) or by the user's IIN."""
    text = (text or "").strip()
    if not text:
        return None
    reader = Reader.objects.select_related("user").filter(card_number__iexact=text).first()
    return reader or Reader.objects.select_related("user").filter(user__iin=text).first()


@dataclass
class DeskReader:
    reader: Reader
    blocks: list[str] = field(default_factory=list)
    loans: list[Loan] = field(default_factory=list)
    ready_holds: list[Hold] = field(default_factory=list)
    fines: list[Fine] = field(default_factory=list)


def desk_reader(reader: Reader) -> DeskReader:
    """Everything the desk shows about a reader: blocks, open loans, holds kept, fines owed."""
    return DeskReader(
        reader=reader,
        blocks=[text for _code, text in reader_blocks(reader)],
        loans=list(
            Loan.objects.filter(reader=reader, returned_at__isnull=True)
            .select_related("copy__record")
            .order_by("due_on", "pk")
        ),
        ready_holds=list(
            Hold.objects.filter(reader=reader, status=Hold.Status.READY).select_related(
                "record", "copy"
            )
        ),
        fines=list(Fine.objects.filter(reader=reader, paid_at__isnull=True)),
    )


def open_loan_by_barcode(barcode: str) -> Loan | None:
    return (
        Loan.objects.filter(copy__barcode=(barcode or "").strip(), returned_at__isnull=True)
        .select_related("reader", "copy")
        .first()
    )


def copy_by_barcode(barcode: str) -> Copy | None:
    return Copy.objects.select_related("record").filter(barcode=(barcode or "").strip()).first()


def copies_for_labels(
    *, record: int | None = None, barcodes: list[str] | None = None, location: str = ""
) -> QuerySet[Copy]:
    """The copies to print labels for: of a record, by barcodes, or at a location."""
    copies = Copy.objects.select_related("record").exclude(
        status__in=[Copy.Status.WITHDRAWN, Copy.Status.LOST]
    )
    if record:
        copies = copies.filter(record_id=record)
    if barcodes:
        copies = copies.filter(barcode__in=barcodes)
    if location:
        copies = copies.filter(location__iexact=location.strip())
    if not (record or barcodes or location):
        return Copy.objects.none()
    return copies.order_by("shelf_mark", "barcode")[:LABELS_LIMIT]


# ---------------------------------------------------------------- authorities ----


def authorities_list(*, q: str = "", kind: str = "") -> QuerySet[Authority]:
    found = Authority.objects.annotate(records=Count("links__record", distinct=True))
    if kind:
        found = found.filter(kind=kind)
    key = heading_key(q)
    if key:
        # The heading or a form not used (AuthorityKey), folded like the catalogue's search.
        found = found.filter(
            Exists(AuthorityKey.objects.filter(authority=OuterRef("pk"), key__contains=key))
        )
    return found.order_by("heading", "pk")


def authority_records(authority: Authority) -> QuerySet[Record]:
    return Record.objects.filter(headings__authority=authority).distinct().order_by("title", "pk")


def record_authority_list(record: Record) -> list[Authority]:
    """The authority records a record's headings are linked to, names first."""
    return list(
        Authority.objects.filter(links__record=record).distinct().order_by("kind", "heading")
    )


# ---------------------------------------------------------------- classification ----


@dataclass
class ClassBranch:
    prefix: str
    records: int


def class_branches(*, scheme: str, prefix: str = "") -> list[ClassBranch]:
    """The narrower classes under a prefix (one more character), each with its records."""
    rows = (
        RecordClass.objects.filter(scheme=scheme, value__startswith=prefix)
        .annotate(step=Substr("value", 1, len(prefix) + 1))
        .exclude(step=prefix)
        .values("step")
        .annotate(records=Count("record", distinct=True))
        .order_by("step")
    )
    return [ClassBranch(prefix=row["step"], records=row["records"]) for row in rows]


def class_records(*, scheme: str, prefix: str) -> QuerySet[Record]:
    return (
        Record.objects.filter(classes__scheme=scheme, classes__value__startswith=prefix)
        .distinct()
        .prefetch_related("classes")
        .order_by("title", "pk")
    )


def record_classes(record: Record) -> list[RecordClass]:
    return list(record.classes.all())


def today() -> Any:
    return timezone.localdate()
