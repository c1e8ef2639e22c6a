"""Writes of cataloguing (IS-12): one record by hand, copies, MARC21 import."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event

from ..models import Copy, LibrarySettings, Record, RecordKind, dedup_key
from ..roles import LIBRARY_STAFF
from .marc import MarcFileError, ParsedRecord, normalise_isbn, normalise_issn, parse_marc

RECORD_FIELDS = (
    "kind", "title", "authors", "publisher", "place", "year", "isbn", "issn", "language",
    "subjects", "abstract", "full_text", "host", "host_title", "host_details",
)  # fmt: skip


def require_librarian(user: Any) -> None:
    if not user_has_role(user, *LIBRARY_STAFF):
        raise ValidationError(_("Only a librarian may do this."), code="role")


def _normalise_numbers(record: Record) -> None:
    """IS-12 cataloguing: ISBN and ISSN are checked and kept in one canonical form."""
    errors = {}
    if record.isbn.strip():
        try:
            record.isbn = normalise_isbn(record.isbn)
        except StdnumError:
            errors["isbn"] = ValidationError(_("This is not a valid ISBN."), code="isbn")
    else:
        record.isbn = ""
    if record.issn.strip():
        try:
            record.issn = normalise_issn(record.issn)
        except StdnumError:
            errors["issn"] = ValidationError(_("This is not a valid ISSN."), code="issn")
    else:
        record.issn = ""
    if record.host_id and record.kind != RecordKind.ARTICLE:
        errors["host"] = ValidationError(_("Only an article has a host item."), code="host")
    if errors:
        raise ValidationError(errors)


def _duplicate_of(record: Record) -> Record | None:
    others = Record.objects.exclude(pk=record.pk)
    if record.isbn:
        found = others.filter(isbn=record.isbn).first()
        if found:
            return found
    return others.filter(dedup_key=dedup_key(record.title, record.authors, record.year)).first()


def _save_checked(record: Record) -> None:
    _normalise_numbers(record)
    duplicate = _duplicate_of(record)
    if duplicate is not None:
        raise ValidationError(
            _("The catalogue already has this edition: “%(title)s”.") % {"title": duplicate},
            code="duplicate",
        )
    record.full_clean(exclude=["marc", "search_vector"])
    record.save()


@transaction.atomic
def record_create(*, data: dict[str, Any], by: Any) -> Record:
    """Catalogue one record by hand; ISBN/ISSN normalised, duplicates refused, audited."""
    require_librarian(by)
    record = Record(created_by=by, **{k: v for k, v in data.items() if k in RECORD_FIELDS})
    _save_checked(record)
    audit_event(actor=by, obj=record, event="library_record_created", details={"isbn": record.isbn})
    return record


@transaction.atomic
def record_update(*, record: Record, data: dict[str, Any], by: Any) -> Record:
    require_librarian(by)
    record = Record.objects.select_for_update().get(pk=record.pk)
    for name, value in data.items():
        if name in RECORD_FIELDS:
            setattr(record, name, value)
    _save_checked(record)
    audit_event(actor=by, obj=record, event="library_record_updated")
    return record


@transaction.atomic
def copy_add(
    *, record: Record, barcode: str, location: str = "", shelf_mark: str = "", by: Any
) -> Copy:
    require_librarian(by)
    barcode = barcode.strip()
    if Copy.objects.filter(barcode=barcode).exists():
        raise ValidationError(
            {
                "barcode": ValidationError(
                    _("A copy with this barcode already exists."), code="barcode"
                )
            }
        )
    copy = Copy(record=record, barcode=barcode, location=location, shelf_mark=shelf_mark)
    if LibrarySettings.current().is_reading_room(location):  # IS-12 administration
        copy.status = Copy.Status.REFERENCE
    copy.full_clean()
    copy.save()
    audit_event(actor=by, obj=copy, event="library_copy_added", details={"record": record.pk})
    return copy


# ---------------------------------------------------------------- import ----


@dataclass
class ImportLine:
    number: int
    reason: str = ""
    record: Record | None = None


@dataclass
class ImportReport:
    """What an import did, record by record (numbers are 1-based positions in the file)."""

    total: int = 0
    imported: list[ImportLine] = field(default_factory=list)
    duplicates: list[ImportLine] = field(default_factory=list)
    rejected: list[ImportLine] = field(default_factory=list)


def _host_for(parsed: ParsedRecord) -> Record | None:
    for value, name in ((parsed.host_issn, "issn"), (parsed.host_isbn, "isbn")):
        if value.strip():
            try:
                number = normalise_issn(value) if name == "issn" else normalise_isbn(value)
            except StdnumError:
                continue
            host = Record.objects.filter(**{name: number}).exclude(kind=RecordKind.ARTICLE).first()
            if host:
                return host
    title = parsed.data.get("host_title")
    if title:
        return Record.objects.filter(title__iexact=title, kind=RecordKind.SERIAL).first()
    return None


def records_import(
    *, source: bytes, by: Any, progress: Callable[[int], Any] | None = None
) -> ImportReport:
    """IS-12 cataloguing: import a MARC21 file (ISO 2709 or MARC-XML).

    1. Parse every record; a damaged one is rejected with its number and reason.
    2. A bad ISBN/ISSN rejects that record; good ones are normalised (python-stdnum).
    3. A duplicate (same ISBN, or same title + first author + year, in the catalogue or
       earlier in the file) is skipped.
    4. The rest are saved one by one, each in its own transaction, and the import audited.

    Raises MarcFileError when the file cannot be read at all.
    """
    if by is not None:
        require_librarian(by)
    parsed_records = parse_marc(source)
    report = ImportReport(total=len(parsed_records))
    seen_isbn: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    for parsed in parsed_records:
        if progress is not None:
            progress(1)
        if parsed.error:
            report.rejected.append(ImportLine(parsed.number, parsed.error))
            continue
        data = parsed.data
        key = dedup_key(data["title"], data["authors"], data["year"])
        earlier = seen_isbn.get(data["isbn"]) if data["isbn"] else None
        earlier = earlier or seen_keys.get(key)
        if earlier:
            reason = _("duplicate of record %(number)s of this file") % {"number": earlier}
            report.duplicates.append(ImportLine(parsed.number, reason))
            continue
        existing = (data["isbn"] and Record.objects.filter(isbn=data["isbn"]).first()) or (
            Record.objects.filter(dedup_key=key).first()
        )
        if existing:
            reason = _("already in the catalogue: “%(title)s”") % {"title": existing}
            report.duplicates.append(ImportLine(parsed.number, reason, existing))
            continue
        record = Record(created_by=by, marc=parsed.marc, **data)
        if record.kind == RecordKind.ARTICLE:
            record.host = _host_for(parsed)
        try:
            record.full_clean(exclude=["search_vector"])
        except ValidationError as error:
            reason = "; ".join(
                f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()
            )
            report.rejected.append(ImportLine(parsed.number, reason))
            continue
        with transaction.atomic():
            record.save()
        report.imported.append(ImportLine(parsed.number, record=record))
        if data["isbn"]:
            seen_isbn[data["isbn"]] = parsed.number
        seen_keys[key] = parsed.number
    if report.imported or by is not None:
        first = report.imported[0].record if report.imported else None
        if first is not None:
            audit_event(
                actor=by,
                obj=first,
                event="library_marc_imported",
                details={
                    "imported": len(report.imported),
                    "duplicates": len(report.duplicates),
                    "rejected": len(report.rejected),
                },
            )
    return report


__all__ = ["MarcFileError", "records_import", "record_create", "record_update", "copy_add"]
