"""Writes of cataloguing (IS-12): one record by hand, copies, MARC21 import."""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

import pymarc
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event

from ..models import (
    Copy,
    LibrarySettings,
    Record,
    RecordClass,
    RecordKind,
    RecordNumber,
    dedup_key,
)
from ..roles import LIBRARY_STAFF
from ..textsearch import search_document
from . import authorities, marcdata
from .marc import MarcFileError, ParsedRecord, read_marc
from .marcdata import HOLDINGS_TAG, normalise_isbn, normalise_issn

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


def duplicate_of(*, isbns: list[str], key: str, exclude_pk: int | None = None) -> Record | None:
    """The catalogued edition a record repeats, if any.

    Same ISBN (any of either record's ISBNs): the same edition. Otherwise the same title
    (with its volume, 245 $n/$p), first author and year – unless both records have valid
    ISBNs, which then differ: two editions, not one.
    """
    others = Record.objects.exclude(pk=exclude_pk) if exclude_pk else Record.objects.all()
    if isbns:
        found = others.filter(numbers__scheme="isbn", numbers__value__in=isbns).first()
        if found is not None:
            return found
    for other in others.filter(dedup_key=key).only("pk", "title", "year", "isbn"):
        if not (isbns and other.isbn):
            return other
    return None


def sync_numbers(record: Record, derived: marcdata.Derived) -> None:
    """The record's ISBNs and ISSNs as the search box and the duplicate check see them."""
    RecordNumber.objects.filter(record=record).delete()
    RecordNumber.objects.bulk_create(_numbers(record, derived))


def _numbers(record: Record, derived: marcdata.Derived) -> list[RecordNumber]:
    return [
        RecordNumber(record=record, scheme=scheme, value=value)
        for scheme, values in (("isbn", derived.isbns), ("issn", derived.issns))
        for value in values
    ]


def record_marc_build(record: Record) -> None:
    """A record saved from columns alone (demo data) gets its MARC record and numbers."""
    columns = {name: getattr(record, name) for name in RECORD_FIELDS if name != "host"}
    columns["host_title"] = record.host_label
    marc = marcdata.build(columns)
    record.marc = marcdata.to_json(marc)
    record.save(update_fields=["marc"])
    sync_numbers(record, marcdata.derive(marc, fix=False))
    authorities.sync_record(record, marc)


def _save_checked(record: Record, marc: pymarc.Record) -> None:
    _normalise_numbers(record)
    derived = marcdata.derive(marc, fix=False)
    isbns = sorted({*derived.isbns, *([record.isbn] if record.isbn else [])})
    duplicate = duplicate_of(
        isbns=isbns,
        key=dedup_key(record.title, record.authors, record.year),
        exclude_pk=record.pk,
    )
    if duplicate is not None:
        raise ValidationError(
            _("The catalogue already has this edition: “%(title)s”.") % {"title": duplicate},
            code="duplicate",
        )
    record.full_clean(exclude=["marc", "search_vector"])
    record.marc = marcdata.to_json(marc)
    record.languages = derived.columns["languages"]
    record.save()
    sync_numbers(record, derived)
    authorities.sync_record(record, marc)


@transaction.atomic
def record_create(*, data: dict[str, Any], by: Any) -> Record:
    """Catalogue one record by hand; ISBN/ISSN normalised, duplicates refused, audited."""
    require_librarian(by)
    record = Record(created_by=by, **{k: v for k, v in data.items() if k in RECORD_FIELDS})
    _normalise_numbers(record)
    # The record catalogued by hand gets its MARC record, the source of truth from now on.
    columns = {name: getattr(record, name) for name in RECORD_FIELDS if name != "host"}
    columns["host_title"] = record.host_label
    _save_checked(record, marcdata.build(columns))
    audit_event(actor=by, obj=record, event="library_record_created", details={"isbn": record.isbn})
    return record


@transaction.atomic
def record_update(*, record: Record, data: dict[str, Any], by: Any) -> Record:
    require_librarian(by)
    record = Record.objects.select_for_update().get(pk=record.pk)
    before = {name: getattr(record, name) for name in RECORD_FIELDS}
    for name, value in data.items():
        if name in RECORD_FIELDS:
            setattr(record, name, value)
    _normalise_numbers(record)
    after = {name: getattr(record, name) for name in RECORD_FIELDS}
    # Only the fields of what the librarian changed are rewritten in the stored record.
    marc = marcdata.from_json(record.marc) if record.marc else marcdata.build(before)
    marcdata.apply_changes(marc, before, after)
    _save_checked(record, marc)
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

BATCH_SIZE = 500  # records saved in one statement
LISTED_IMPORTED = 200  # imported records named in the report; the rest are counted


@dataclass
class ImportLine:
    number: int
    reason: str = ""
    record: Record | None = None


@dataclass
class ImportReport:
    """What an import did, record by record (numbers are 1-based positions in the file).

    Problems are listed one by one; imported records are counted, and the first
    LISTED_IMPORTED of them listed, so a report of a million records stays small.
    """

    total: int = 0
    imported_count: int = 0
    imported: list[ImportLine] = field(default_factory=list)
    duplicates: list[ImportLine] = field(default_factory=list)
    rejected: list[ImportLine] = field(default_factory=list)
    warnings: list[ImportLine] = field(default_factory=list)


def _host_for(derived: marcdata.Derived) -> Record | None:
    for value, name in ((derived.host_issn, "issn"), (derived.host_isbn, "isbn")):
        if value.strip():
            try:
                number = normalise_issn(value) if name == "issn" else normalise_isbn(value)
            except StdnumError:
                continue
            host = (
                Record.objects.filter(numbers__scheme=name, numbers__value=number)
                .exclude(kind=RecordKind.ARTICLE)
                .first()
            )
            if host:
                return host
    title = derived.columns.get("host_title")
    if title:
        return Record.objects.filter(title__iexact=title, kind=RecordKind.SERIAL).first()
    return None


_LOST_FLAGS = {"7": Copy.Status.REFERENCE, "1": Copy.Status.LOST, "0": Copy.Status.WITHDRAWN}


def _take_holdings(marc: pymarc.Record, taken: set[str]) -> tuple[list[Copy], list[str]]:
    """Koha's 952 with a barcode ($p) becomes a copy; the field leaves the stored record.

    A barcode the catalogue already has stays in the record, with a warning.
    """
    copies, notes = [], []
    holdings = marc.get_fields(HOLDINGS_TAG)
    if not holdings:
        return copies, notes
    reading_room = LibrarySettings.current()
    for fld in holdings:
        barcode = (fld.get_subfields("p") or [""])[0].strip()[:32]
        if not barcode:
            continue
        if barcode in taken:
            notes.append(
                _("copy %(barcode)s: the barcode is already used; kept in field 952")
                % {"barcode": barcode}
            )
            continue
        taken.add(barcode)
        status = Copy.Status.AVAILABLE
        for code, value in _LOST_FLAGS.items():
            flag = (fld.get_subfields(code) or ["0"])[0].strip()
            if flag and flag != "0":
                status = value
                break
        location = (fld.get_subfields("c") or fld.get_subfields("a") or [""])[0][:128]
        if status == Copy.Status.AVAILABLE and reading_room.is_reading_room(location):
            status = Copy.Status.REFERENCE
        copies.append(
            Copy(
                barcode=barcode,
                location=location,
                shelf_mark=(fld.get_subfields("o") or [""])[0][:64],
                status=status,
            )
        )
        marc.remove_field(fld)
    return copies, notes


@dataclass
class _Importer:
    """One import run: the records of earlier batches of the file, and the report."""

    by: Any
    report: ImportReport = field(default_factory=ImportReport)
    # What earlier records of the file had, kept small (a million records stay in memory):
    # an ISBN as its 13-digit number, a title|author|year key as its 64-bit hash (two
    # different keys sharing a hash in one file of a million records: about 1 in 30 million).
    seen_isbn: dict[int, int] = field(default_factory=dict)
    seen_key: dict[int, int] = field(default_factory=dict)  # ± record number: + has an ISBN
    first: Record | None = None

    def batch(self, batch: list[ParsedRecord]) -> None:
        report = self.report
        good: list[tuple[ParsedRecord, str]] = []
        for parsed in batch:
            report.total += 1
            if parsed.error:
                report.rejected.append(ImportLine(parsed.number, parsed.error))
                continue
            assert parsed.derived is not None
            columns = parsed.derived.columns
            good.append((parsed, dedup_key(columns["title"], columns["authors"], columns["year"])))
        if not good:
            return
        isbns = {number for parsed, _key in good for number in parsed.derived.isbns}  # type: ignore[union-attr]
        by_isbn = dict(
            RecordNumber.objects.filter(scheme="isbn", value__in=isbns).values_list(
                "value", "record_id"
            )
        )
        by_key: dict[str, list[tuple[int, bool]]] = {}
        for key, pk, isbn in Record.objects.filter(
            dedup_key__in={key for _parsed, key in good}
        ).values_list("dedup_key", "pk", "isbn"):
            by_key.setdefault(key, []).append((pk, bool(isbn)))
        titles: dict[int, Record] = {}
        wanted = set(by_isbn.values()) | {pk for rows in by_key.values() for pk, _i in rows}
        if wanted:
            titles = Record.objects.only("title", "year").in_bulk(wanted)
        fresh: list[tuple[ParsedRecord, Record, list[Copy]]] = []
        taken = set(
            Copy.objects.filter(
                barcode__in=[
                    value
                    for parsed, _key in good
                    for fld in parsed.record.get_fields(HOLDINGS_TAG)  # type: ignore[union-attr]
                    for value in fld.get_subfields("p")
                ]
            ).values_list("barcode", flat=True)
        )
        for parsed, key in good:
            derived = parsed.derived
            assert derived is not None and parsed.record is not None
            own = derived.isbns
            earlier = next((self.seen_isbn[int(i)] for i in own if int(i) in self.seen_isbn), None)
            key_hash = hash(key)
            if earlier is None and key_hash in self.seen_key:
                signed = self.seen_key[key_hash]
                earlier = None if (own and signed > 0) else abs(signed)
            if earlier is not None:
                reason = _("duplicate of record %(number)s of this file") % {"number": earlier}
                report.duplicates.append(ImportLine(parsed.number, reason))
                continue
            existing = next((by_isbn[i] for i in own if i in by_isbn), None)
            if existing is None:
                existing = next((pk for pk, has in by_key.get(key, []) if not (own and has)), None)
            if existing is not None:
                found = titles.get(existing)
                reason = _("already in the catalogue: “%(title)s”") % {"title": found}
                report.duplicates.append(ImportLine(parsed.number, reason, found))
                continue
            for number in own:
                self.seen_isbn[int(number)] = parsed.number
            self.seen_key[key_hash] = parsed.number if own else -parsed.number
            copies, notes = _take_holdings(parsed.record, taken)
            parsed.warnings.extend(notes)
            if parsed.warnings:
                report.warnings.append(ImportLine(parsed.number, "; ".join(parsed.warnings)))
            record = Record(
                created_by=self.by,
                marc=marcdata.to_json(parsed.record),
                source_format=parsed.source_format,
                source_marc=marcdata.to_json(parsed.source) if parsed.source is not None else {},
                marc_warnings=parsed.warnings,
                dedup_key=key,
                **{name: derived.columns[name] for name in marcdata.DERIVED_COLUMNS},
            )
            if record.kind == RecordKind.ARTICLE:
                record.host = _host_for(derived)
            record.search_text = search_document(record)
            fresh.append((parsed, record, copies))
        self._save(fresh)

    def _save(self, fresh: list[tuple[ParsedRecord, Record, list[Copy]]]) -> None:
        try:
            with transaction.atomic():
                insert_rows(Record, [record for _p, record, _c in fresh], with_ids=True)
                self._children(fresh)
        except IntegrityError:
            # Another import saved the same ISBN or barcode meanwhile: one by one, so only
            # the records concerned are refused.
            saved = []
            for parsed, record, copies in fresh:
                record.pk = None
                try:
                    with transaction.atomic():
                        record.save()
                        self._children([(parsed, record, copies)])
                except IntegrityError:
                    reason = _("already in the catalogue (saved meanwhile by someone else)")
                    self.report.duplicates.append(ImportLine(parsed.number, reason))
                    continue
                saved.append((parsed, record, copies))
            fresh = saved
        for parsed, record, _copies in fresh:
            self.report.imported_count += 1
            if len(self.report.imported) < LISTED_IMPORTED:
                self.report.imported.append(ImportLine(parsed.number, record=record))
            self.first = self.first or record

    @staticmethod
    def _children(fresh: list[tuple[ParsedRecord, Record, list[Copy]]]) -> None:
        numbers, copies, classes = [], [], []
        for parsed, record, own in fresh:
            assert parsed.derived is not None and parsed.record is not None
            numbers.extend(_numbers(record, parsed.derived))
            classes.extend(authorities.class_rows(record, parsed.record))
            for copy in own:
                copy.record = record
                copies.append(copy)
        insert_rows(RecordNumber, numbers, with_ids=False)
        insert_rows(RecordClass, classes, with_ids=False)
        Copy.objects.bulk_create(copies)
        authorities.link_headings((record, parsed.record) for parsed, record, _c in fresh)


def insert_rows(model: Any, objects: list[Any], *, with_ids: bool) -> None:
    """Insert many rows at once: PostgreSQL's COPY, else bulk_create.

    COPY is several times faster than a multi-row INSERT for a batch of records (no
    statement with thousands of parameters to build and parse); the row triggers (the
    search vector) still fire. With `with_ids` the primary keys are drawn from the
    sequence first, so the objects have them as after bulk_create.
    """
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and not with_ids)]
    fields = [f for f in fields if f.column != "search_vector"]
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objects)],
            )
            for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
                obj.pk = pk
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for obj in objects:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
                )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def words_refresh() -> None:
    """The catalogue's words for "did you mean" (PostgreSQL's pg_trgm), after an import."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("REFRESH MATERIALIZED VIEW library_word")


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while records are read.

    A record is tens of small objects, freed by reference counting as soon as its batch
    is saved (they hold no cycles); the collector's passes over the process's other
    objects would otherwise take half the import's time. It runs once at the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()


def _batches(records: Iterator[ParsedRecord], size: int) -> Iterator[list[ParsedRecord]]:
    while batch := list(islice(records, size)):
        yield batch


def records_import(
    *,
    source: bytes | IO[bytes],
    by: Any,
    encoding: str = "auto",
    progress: Callable[[int, int], Any] | None = None,
    marc_format: str = "auto",
) -> ImportReport:
    """IS-12 cataloguing: import a MARC21 file (ISO 2709 or MARC-XML), streamed.

    1. Read the records one by one (services/marc.py); a damaged one is rejected with its
       number and reason; invalid bytes are replaced visibly and reported per record; an
       invalid ISBN is moved to 020 $z with a warning, the record kept.
    2. A duplicate (same ISBN; or same title with volume, first author and year, unless
       both have different valid ISBNs), in the catalogue or earlier in the file, is skipped.
    3. The rest are saved BATCH_SIZE at a time with their ISBNs/ISSNs and their copies
       (952), the stored MARC record being the source of truth; the import is audited.

    `progress(position, records)` is called after each batch with the bytes read so far.
    `marc_format` "auto" tells MARC21 from UNIMARC/RUSMARC per record (or the librarian
    names it); a UNIMARC record is mapped to MARC21 and kept as given in `source_marc`.
    Raises MarcFileError when the file cannot be read at all.
    """
    if by is not None:
        require_librarian(by)
    records = read_marc(source, encoding=encoding, marc_format=marc_format)
    importer = _Importer(by=by)
    with _no_cyclic_gc():
        for batch in _batches(records, BATCH_SIZE):
            importer.batch(batch)
            if progress is not None:
                progress(batch[-1].position, importer.report.total)
    report = importer.report
    if importer.first is not None:
        words_refresh()
        audit_event(
            actor=by,
            obj=importer.first,
            event="library_marc_imported",
            details={
                "imported": report.imported_count,
                "duplicates": len(report.duplicates),
                "rejected": len(report.rejected),
                "warnings": len(report.warnings),
            },
        )
    return report


__all__ = ["MarcFileError", "records_import", "record_create", "record_update", "copy_add"]
