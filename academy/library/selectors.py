"""Reads of the e-library (IS-12): the OPAC search, record pages, loans, figures."""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumError

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
    RecordLanguage,
    RegisterEntry,
    Supplier,
)
from .textsearch import fold, kazakh_stem, kh_variant

# Other apps widen the keyword search: each callable gets the folded words and the
# PostgreSQL query (None on SQLite) and returns a query of more matching record ids, e.g.
# of records whose electronic documents hold the words (library_edocs). PostgreSQL unites
# them with the records' own matches (UNION, each side on its GIN index; an OR would scan).
SEARCH_EXTENSIONS: list[Callable[[list[str], SearchQuery | None], QuerySet[Any]]] = []

SEARCH_FIELDS = ("title", "authors", "subjects", "host_title", "abstract", "full_text")
_ISBN_LIKE = re.compile(r"^(?:isbn[:\s]*)?([0-9][0-9\s\-]{8,16}[0-9xX])$", re.IGNORECASE)
_ISSN_LIKE = re.compile(r"^(?:issn[:\s]*)?([0-9]{4}-?[0-9]{3}[0-9xX])$", re.IGNORECASE)


def search_terms(text: str) -> list[str]:
    """The words of a query, folded as the index is; punctuation never reaches the database."""
    return re.findall(r"\w+", fold(text or ""))[:12]


def standard_number(text: str) -> tuple[str, str] | None:
    """An ISBN (any form, 10 or 13 digits) or ISSN typed in the search box, normalised."""
    from .services.marcdata import normalise_isbn, normalise_issn

    text = (text or "").strip()
    for pattern, scheme, normalise in (
        (_ISSN_LIKE, "issn", normalise_issn),
        (_ISBN_LIKE, "isbn", normalise_isbn),
    ):
        found = pattern.match(text)
        if found:
            try:
                return scheme, normalise(found.group(1))
            except StdnumError:
                continue
    return None


def _contains_filter(terms: list[str], *, field: str = "search_text") -> Q:
    # The folded document and the folded terms are lower case: no case folding needed.
    condition = Q()
    for term in terms:
        any_variant = Q()
        for variant in {term, kazakh_stem(term), kh_variant(term)}:
            # A word that starts with the term (as the prefix match of PostgreSQL).
            any_variant |= Q(**{f"{field}__regex": rf"(^|\W){re.escape(variant)}"})
        condition &= any_variant
    return condition


contains_filter = _contains_filter


def _widened(condition: Q, terms: list[str]) -> Q:
    for extension in SEARCH_EXTENSIONS:
        condition |= Q(pk__in=extension(terms, None))
    return condition


def _matching(records: QuerySet[Record], terms: list[str], query: SearchQuery) -> QuerySet[Record]:
    if not SEARCH_EXTENSIONS:
        return records.filter(search_vector=query)
    ids = Record.objects.filter(search_vector=query).order_by().values("pk")
    ids = ids.union(*(extension(terms, query) for extension in SEARCH_EXTENSIONS))
    return records.filter(pk__in=ids)


def _tsquery(terms: list[str]) -> SearchQuery:
    """Every word in every configuration: a Russian, an English or a Kazakh form, or a prefix."""
    query = None
    for term in terms:
        either = (
            SearchQuery(term, config="russian", search_type="plain")
            | SearchQuery(term, config="english", search_type="plain")
            | SearchQuery(f"{term}:*", config="simple", search_type="raw")
        )
        for variant in sorted({kazakh_stem(term), kh_variant(term)} - {term}):
            either |= SearchQuery(f"{variant}:*", config="simple", search_type="raw")
        query = either if query is None else query & either
    assert query is not None
    return query


def records_search(
    *,
    q: str = "",
    kind: str = "",
    language: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    available: bool = False,
    engine: str = "auto",
    field: str = "",
    author: str = "",
    subject: str = "",
    sort: str = "",
) -> QuerySet[Record]:
    """IS-12 reader search over the full-text database.

    An ISBN or ISSN in any form finds the records that carry it. Otherwise PostgreSQL
    matches the weighted tsvector of migration 0006 (title > names/subjects/abstract >
    full text; folded; stemmed by each record's language) against every word in the
    russian, english and simple (prefix, Kazakh stem) configurations, ranked by
    SearchRank. SQLite, or engine="icontains": every word (or its Kazakh stem) must occur
    in the folded document.

    `field` (or a "title:" … prefix typed in the box) keeps the records whose title,
    author, subject, publisher or ISBN/ISSN holds every word; `author` and `subject` are
    facet values (one name of the semicolon-separated list); `sort` is one of SORTS.
    """
    prefixed = _FIELD_PREFIX.match(q or "")
    if prefixed:
        field, q = prefixed.group(1).lower(), prefixed.group(2)
    records = _records_search(
        q=q,
        kind=kind,
        language=language,
        year_from=year_from,
        year_to=year_to,
        available=available,
        engine=engine,
        field=field,
        author=author,
        subject=subject,
    )
    return _sorted(records, sort)


# The reader's choice of order (Koha's sort by relevance, date, title).
SORTS = ("relevance", "year_desc", "year_asc", "title")
SEARCH_BY = ("title", "author", "subject", "isbn", "publisher")
_FIELD_PREFIX = re.compile(r"^\s*(title|author|subject|isbn|publisher):\s*(.*)$", re.I | re.S)
_FIELD_COLUMN = {
    "title": "title",
    "author": "authors",
    "subject": "subjects",
    "publisher": "publisher",
}


def _sorted(records: QuerySet[Record], sort: str) -> QuerySet[Record]:
    if sort == "year_desc":
        return records.order_by(F("year").desc(nulls_last=True), "title", "pk")
    if sort == "year_asc":
        return records.order_by(F("year").asc(nulls_last=True), "title", "pk")
    if sort == "title":
        return records.order_by("title", "pk")
    return records  # relevance with a query (PostgreSQL), else title


def _list_item(column: str, value: str) -> Q:
    """One name of a semicolon-separated column, as the record shows it (a facet's value)."""
    pattern = rf"(^|;)\s*{re.escape(value.strip())}\s*(;|$)"
    return Q(**{f"{column}__iregex": pattern})


def _in_field(field: str, q: str) -> Q:
    """Every word typed occurs (as a word's start) in the column of the field searched."""
    if field == "isbn":
        digits = re.sub(r"[^0-9xX]", "", q).upper()
        return Q(isbn__contains=digits) | Q(issn__icontains=q.strip()) if digits else Q(pk=None)
    column = _FIELD_COLUMN[field]
    condition = Q()
    for word in re.findall(r"\w+", q)[:12]:
        condition &= Q(**{f"{column}__iregex": rf"(^|\W){re.escape(word)}"})
    return condition


def _records_search(
    *,
    q: str,
    kind: str,
    language: str,
    year_from: int | None,
    year_to: int | None,
    available: bool,
    engine: str,
    field: str,
    author: str,
    subject: str,
) -> QuerySet[Record]:
    records = Record.objects.select_related("host")
    if author:
        records = records.filter(_list_item("authors", author))
    if subject:
        records = records.filter(_list_item("subjects", subject))
    if field in SEARCH_BY and field != "isbn" and (q or "").strip():
        records = records.filter(_in_field(field, q))
    if kind:
        records = records.filter(kind=kind)
    if language:
        records = records.filter(language=language)
    if year_from:
        records = records.filter(year__gte=year_from)
    if year_to:
        records = records.filter(year__lte=year_to)
    if available:
        records = records.filter(_has_available_copy())
    number = standard_number(q)
    if number is not None:
        scheme, value = number
        return records.filter(numbers__scheme=scheme, numbers__value=value).order_by("title", "pk")
    if field == "isbn" and (q or "").strip():
        return records.filter(_in_field(field, q)).order_by("title", "pk")
    if field == "publisher" and (q or "").strip():
        return records.order_by("title", "pk")  # not in the full-text document
    terms = search_terms(q)
    if not terms:
        return records.order_by("title", "pk")
    if connection.vendor == "postgresql" and engine == "auto":
        query = _tsquery(terms)
        return (
            _matching(records, terms, query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "title", "pk")
        )
    return records.filter(_widened(_contains_filter(terms), terms)).order_by("title", "pk")


def _has_available_copy() -> Exists:
    return Exists(Copy.objects.filter(record=OuterRef("pk"), status=Copy.Status.AVAILABLE))


@dataclass
class Facet:
    name: str  # the search form's field
    value: str
    label: str
    count: int


def search_facets(records: QuerySet[Record]) -> dict[str, list[Facet]]:
    """Counts of the found records by type, language, year and available copies."""
    found = records.order_by()
    if "rank" in found.query.annotations:
        found = found.values("pk")
        found = Record.objects.filter(pk__in=found)
    kinds = dict(RecordKind.choices)
    languages = dict(RecordLanguage.choices)
    facets: dict[str, list[Facet]] = {
        "kind": [
            Facet("kind", row["kind"], str(kinds.get(row["kind"], row["kind"])), row["n"])
            for row in found.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
        ],
        "language": [
            Facet("language", row["language"], str(languages.get(row["language"], "")), row["n"])
            for row in found.values("language").annotate(n=Count("pk")).order_by("-n")
        ],
        "year": [
            Facet("year", str(row["year"]), str(row["year"]), row["n"])
            for row in found.exclude(year=None)
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")[:10]
        ],
    }
    available = found.filter(_has_available_copy()).count()
    facets["available"] = [Facet("available", "1", "", available)] if available else []
    facets.update(_name_facets(records))
    return facets


# Names are counted over the first records of the result in its order, as Koha's
# maxRecordsForFacets does: a name list is a semicolon-separated column, which neither
# database can count without splitting every found row; the scan is bounded instead.
FACET_SCAN = 1000
FACET_TOP = 10


def _name_facets(records: QuerySet[Record]) -> dict[str, list[Facet]]:
    counters: dict[str, Counter[str]] = {"author": Counter(), "subject": Counter()}
    labels: dict[tuple[str, str], str] = {}
    for authors, subjects in records.values_list("authors", "subjects")[:FACET_SCAN]:
        for name, column in (("author", authors), ("subject", subjects)):
            seen = set()
            for value in column.split(";"):
                value = value.strip()
                key = value.casefold()
                if value and key not in seen:
                    seen.add(key)
                    labels.setdefault((name, key), value)
                    counters[name][key] += 1
    return {
        name: [
            Facet(name, labels[(name, key)], labels[(name, key)], n)
            for key, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_TOP]
        ]
        for name, counter in counters.items()
    }


@dataclass
class Holdings:
    """What a reader can have of a record now: copies on the shelf, reading room, e-text."""

    available: int = 0
    copies: int = 0  # not lost nor withdrawn
    reading_room: int = 0
    documents: int = 0


def records_holdings(records: list[Record]) -> dict[int, Holdings]:
    """The holdings of the records of a result page, in two queries (never one per row)."""
    from django.apps import apps

    holdings = {record.pk: Holdings() for record in records}
    rows = (
        Copy.objects.filter(record__in=list(holdings))
        .exclude(status__in=[Copy.Status.LOST, Copy.Status.WITHDRAWN])
        .values_list("record_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for record_id, status, n in rows:
        held = holdings[record_id]
        held.copies += n
        if status == Copy.Status.AVAILABLE:
            held.available += n
        elif status == Copy.Status.REFERENCE:
            held.reading_room += n
    if apps.is_installed("academy.library.edocs"):
        documents = apps.get_model("library_edocs", "Document")
        for record_id, n in (
            documents.objects.filter(record__in=list(holdings))
            .values_list("record_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            holdings[record_id].documents = n
    return holdings


def did_you_mean(q: str) -> str:
    """A query with each word that matches nothing replaced by the catalogue's nearest word.

    PostgreSQL only (pg_trgm over the words of the index, ts_stat); "" when there is
    nothing better to offer.
    """
    if connection.vendor != "postgresql":
        return ""
    terms = search_terms(q)
    if not terms or standard_number(q):
        return ""
    changed, suggestion = False, []
    with connection.cursor() as cursor:
        for term in terms:
            if len(term) < 4 or records_search(q=term).exists():
                suggestion.append(term)
                continue
            cursor.execute(
                "SELECT word FROM library_word WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, ndoc DESC LIMIT 1",
                [term, term],
            )
            row = cursor.fetchone()
            if row and row[0] != term:
                suggestion.append(row[0])
                changed = True
            else:
                suggestion.append(term)
    return " ".join(suggestion) if changed else ""


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
