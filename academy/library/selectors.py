"""Reads of the e-library (IS-12): the OPAC search, record pages, loans, figures."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import (
    AcquisitionOrder,
    Copy,
    FundSource,
    ImportJob,
    Loan,
    OrderLine,
    Reader,
    Record,
    RecordKind,
    RegisterEntry,
    Supplier,
)

SEARCH_FIELDS = ("title", "authors", "subjects", "host_title", "abstract", "full_text")


def search_terms(text: str) -> list[str]:
    """The words of a query, lower-cased; punctuation is never passed to the database."""
    return re.findall(r"\w+", (text or "").casefold())[:12]


def _contains_filter(terms: list[str]) -> Q:
    # SQLite's LIKE folds case for ASCII only; the usual spellings of a Cyrillic word are tried.
    condition = Q()
    for term in terms:
        variants = {term, term.capitalize(), term.upper()}
        if connection.vendor != "sqlite":
            variants = {term}
        any_field = Q()
        for name in SEARCH_FIELDS:
            for variant in variants:
                any_field |= Q(**{f"{name}__icontains": variant})
        condition &= any_field
    return condition


def records_search(
    *,
    q: str = "",
    kind: str = "",
    language: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    engine: str = "auto",
) -> QuerySet[Record]:
    """IS-12 reader search over the full-text database.

    PostgreSQL: the weighted tsvector of migration 0002 (title > authors/subjects >
    abstract > full text), every word matched as a prefix, ranked by SearchRank.
    SQLite, or engine="icontains": every word must occur in one of the fields.
    """
    records = Record.objects.select_related("host")
    if kind:
        records = records.filter(kind=kind)
    if language:
        records = records.filter(language=language)
    if year_from:
        records = records.filter(year__gte=year_from)
    if year_to:
        records = records.filter(year__lte=year_to)
    terms = search_terms(q)
    if not terms:
        return records.order_by("title", "pk")
    if connection.vendor == "postgresql" and engine == "auto":
        query = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), config="simple", search_type="raw"
        )
        return (
            records.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "title", "pk")
        )
    return records.filter(_contains_filter(terms)).order_by("title", "pk")


def record_detail(pk: int) -> Record:
    return (
        Record.objects.select_related("host")
        .prefetch_related(
            Prefetch("copies", queryset=Copy.objects.order_by("barcode")),
            Prefetch("articles", queryset=Record.objects.order_by("host_details", "title")),
        )
        .get(pk=pk)
    )


def open_loans_by_copy(record: Record) -> dict[int, Loan]:
    loans = Loan.objects.filter(copy__record=record, returned_at__isnull=True)
    return {loan.copy_id: loan for loan in loans}


def loans_list(*, overdue_only: bool = False, open_only: bool = True) -> QuerySet[Loan]:
    loans = Loan.objects.select_related("copy", "copy__record", "reader", "reader__user")
    if open_only:
        loans = loans.filter(returned_at__isnull=True)
    if overdue_only:
        loans = loans.filter(due_on__lt=timezone.localdate()).order_by("due_on", "pk")
    return loans


def reader_for(user: Any) -> Reader | None:
    return Reader.objects.filter(user_id=getattr(user, "pk", None)).first()


def reader_loans(reader: Reader) -> QuerySet[Loan]:
    return Loan.objects.filter(reader=reader).select_related("copy", "copy__record")


def readers_list() -> QuerySet[Reader]:
    return Reader.objects.select_related("user").annotate(
        open_loans=Count("loans", filter=Q(loans__returned_at__isnull=True))
    )


def records_by_kind() -> list[tuple[str, int]]:
    counts = dict(
        Record.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return [(str(label), counts.get(value, 0)) for value, label in RecordKind.choices]


def loans_per_month(months: int = 6, today: date | None = None) -> list[tuple[str, int]]:
    """Loans issued in each of the last `months` months, oldest first (for the chart)."""
    today = today or timezone.localdate()
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    rows = (
        Loan.objects.filter(issued_at__date__gte=starts[0])
        .annotate(month=TruncMonth("issued_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    counts = {}
    for row in rows:
        value = row["month"]
        counts[(value.year, value.month)] = row["n"]
    return [(start.strftime("%m.%Y"), counts.get((start.year, start.month), 0)) for start in starts]


def library_figures() -> dict[str, int]:
    today = timezone.localdate()
    return {
        "records": Record.objects.count(),
        "articles": Record.objects.filter(kind=RecordKind.ARTICLE).count(),
        "copies": Copy.objects.count(),
        "readers": Reader.objects.count(),
        "open_loans": Loan.objects.filter(returned_at__isnull=True).count(),
        "overdue": Loan.objects.filter(returned_at__isnull=True, due_on__lt=today).count(),
    }


# ---------------------------------------------------------------- acquisition ----


def suppliers_list() -> QuerySet[Supplier]:
    return Supplier.objects.annotate(order_count=Count("orders")).order_by("name", "pk")


def orders_list() -> QuerySet[AcquisitionOrder]:
    return (
        AcquisitionOrder.objects.select_related("supplier")
        .annotate(
            line_count=Count("lines"),
            ordered=Sum("lines__quantity"),
            received=Sum("lines__received_quantity"),
        )
        .order_by("-ordered_on", "-pk")
    )


def order_detail(pk: int) -> AcquisitionOrder:
    return (
        AcquisitionOrder.objects.select_related("supplier")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("record")))
        .get(pk=pk)
    )


@dataclass
class SourceTotal:
    source: str
    label: str
    copies: int = 0
    amount: Decimal = Decimal("0")


@dataclass
class AcquisitionRegister:
    """The inventory book of a period: its entries and the totals by fund source."""

    date_from: date
    date_to: date
    entries: list[RegisterEntry] = field(default_factory=list)
    receipts_by_source: list[SourceTotal] = field(default_factory=list)
    received_copies: int = 0
    received_amount: Decimal = Decimal("0")
    written_off_copies: int = 0
    written_off_amount: Decimal = Decimal("0")
    per_month: list[tuple[str, int]] = field(default_factory=list)


def _month_starts(date_from: date, date_to: date) -> list[date]:
    starts, current = [], date(date_from.year, date_from.month, 1)
    while current <= date_to:
        starts.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return starts


def acquisition_register(*, date_from: date, date_to: date) -> AcquisitionRegister:
    """IS-12 acquisition: copies received and written off between two dates (inclusive).

    Totals are summed in the database from the entries themselves, so the figures of the
    page, the chart and the spreadsheet are the same.
    """
    entries = RegisterEntry.objects.filter(
        entered_on__gte=date_from, entered_on__lte=date_to
    ).select_related("copy", "copy__record", "line", "line__order", "line__order__supplier")
    register = AcquisitionRegister(date_from=date_from, date_to=date_to, entries=list(entries))
    receipts = entries.filter(kind=RegisterEntry.Kind.RECEIPT)
    by_source = {
        row["source"]: row
        for row in receipts.values("source").annotate(n=Count("pk"), amount=Sum("price"))
    }
    for value, label in FundSource.choices:
        row = by_source.get(value, {})
        register.receipts_by_source.append(
            SourceTotal(value, str(label), row.get("n", 0), row.get("amount") or Decimal("0"))
        )
    register.received_copies = sum(total.copies for total in register.receipts_by_source)
    register.received_amount = sum(
        (total.amount for total in register.receipts_by_source), Decimal("0")
    )
    written = entries.filter(kind=RegisterEntry.Kind.WRITE_OFF).aggregate(
        n=Count("pk"), amount=Sum("price")
    )
    register.written_off_copies = written["n"]
    register.written_off_amount = written["amount"] or Decimal("0")
    monthly = {
        (row["month"].year, row["month"].month): row["n"]
        for row in receipts.annotate(month=TruncMonth("entered_on"))
        .values("month")
        .annotate(n=Count("pk"))
    }
    register.per_month = [
        (start.strftime("%m.%Y"), monthly.get((start.year, start.month), 0))
        for start in _month_starts(date_from, date_to)
    ]
    return register


# ---------------------------------------------------------------- administration ----


def copies_by_status() -> list[tuple[str, int]]:
    counts = dict(Copy.objects.values_list("status").annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in Copy.Status.choices]


def import_jobs(user: Any) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by_id=getattr(user, "pk", None)).defer("source")
