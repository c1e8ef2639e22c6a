"""Reads of the electronic documents: who may read one, and the full-text search hook."""

from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.library.models import Reader, Record
from academy.library.roles import LIBRARY_ADMINS, LIBRARY_STAFF, READER_ROLES

from .models import Access, Document


def card_refusal(reader: Reader | None) -> str:
    """Why a reader card does not let its holder read (empty when it does).

    A card is valid while it exists, has not expired and the library has not blocked
    the reader (`Reader.expires_on`, `Reader.blocked_reason`). An overdue loan stops
    lending, not reading.
    """
    if reader is None:
        return _("Documents of this record are for readers of the library: ask for a card.")
    expires_on = reader.expires_on
    if expires_on is not None and expires_on < timezone.localdate():
        return _("Your reader card expired on %(date)s: renew it at the library.") % {
            "date": expires_on.strftime("%d.%m.%Y")
        }
    if reader.blocked_reason.strip():
        return _("Your reader card is blocked: ask at the library.")
    return ""


def is_library_staff(user: Any) -> bool:
    return user_has_role(user, *LIBRARY_STAFF, *LIBRARY_ADMINS)


def read_refusal(user: Any, document: Document) -> str:
    """IS-12: why `user` may not read `document` ("" when they may).

    Open access: anyone. Readers: library staff, or a reader (or listener, TR-8) whose
    card is valid. Staff only: library staff.
    """
    if document.access == Access.OPEN or is_library_staff(user):
        return ""
    if document.access == Access.STAFF:
        return _("This document is for the library's staff only.")
    if not user_has_role(user, *READER_ROLES):
        return _("Documents of this record are for readers of the library: ask for a card.")
    return card_refusal(Reader.objects.filter(user_id=user.pk).first())


def online_links(record: Record) -> list[tuple[str, str]]:
    """MARC 856 (electronic location): ($u address, $y/$3/$z label), http(s) only."""
    links = []
    for field in (record.marc or {}).get("fields", []):
        data = field.get("856") if isinstance(field, dict) else None
        if not isinstance(data, dict):
            continue
        subfields = [sub for sub in data.get("subfields", []) if isinstance(sub, dict)]
        values: dict[str, str] = {}
        for sub in subfields:
            for code, value in sub.items():
                values.setdefault(code, str(value))
        url = values.get("u", "").strip()
        if url.lower().startswith(("http://", "https://")):
            label = values.get("y") or values.get("3") or values.get("z") or url
            links.append((url, label))
    return links


def record_documents(record: Record) -> QuerySet[Document]:
    return Document.objects.filter(record=record).defer("text", "search_text").order_by("pk")


def document_for_reading(pk: int) -> Document:
    return Document.objects.select_related("record").defer("text", "search_text").get(pk=pk)


def _matching_records_pg(query: SearchQuery) -> QuerySet[Any]:
    # Through library_edocs_matching_records (migration 0001): always on the GIN index.
    from django.db import connection
    from django.db.models.expressions import RawSQL

    outer = Record.objects.all().query
    sql, params = query.resolve_expression(outer).as_sql(
        outer.get_compiler(connection=connection), connection
    )
    # `sql` is Django's own compilation of the SearchQuery; the words are in `params`.
    ids = RawSQL(f"SELECT * FROM library_edocs_matching_records({sql})", params)  # noqa: S608, S611
    return Record.objects.order_by().filter(pk__in=ids).values("pk")


def records_matching_documents(terms: list[str], query: SearchQuery | None) -> QuerySet[Any]:
    """The OPAC's search hook: ids of records with a document whose text holds every word.

    PostgreSQL: the documents' tsvector (GIN index) against the OPAC's own query;
    SQLite: each word (or its Kazakh stem) at a word start in the folded text.
    """
    if query is not None:
        return _matching_records_pg(query)
    documents = Document.objects.order_by()
    from academy.library.selectors import contains_filter

    return documents.filter(contains_filter(terms, field="search_text")).values("record_id")
