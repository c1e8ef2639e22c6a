"""Authority control and classification (IS-12 cataloguing, issue 17).

- An authority record (MARC21 authority format: 100/110/111/150/151 heading, 4XX forms
  not used) is the one form of a name or a subject. Headings of bibliographic records
  (1XX, 600/610/611/650/651, 7XX) are linked to it when their folded form is its heading
  or one of its forms not used; a subject with subdivisions links by its main heading
  when the whole string has no authority.
- Class numbers: UDC from 080 $a, BBK from 084 $a whose $2 names BBK (RUSMARC 686 maps
  there), kept in `RecordClass` for browsing by class.
"""

import re
from collections.abc import Iterable
from typing import IO, Any

import pymarc
from django.db import transaction
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from ..models import Authority, AuthorityKey, Record, RecordClass, RecordHeading
from ..textsearch import fold
from . import marcdata
from .marc import MarcFileError, read_marc

# Bibliographic tag → the kind of authority its heading is.
BIB_KINDS = {
    "100": Authority.Kind.PERSONAL, "600": Authority.Kind.PERSONAL,
    "700": Authority.Kind.PERSONAL, "110": Authority.Kind.CORPORATE,
    "610": Authority.Kind.CORPORATE, "710": Authority.Kind.CORPORATE,
    "111": Authority.Kind.MEETING, "611": Authority.Kind.MEETING,
    "711": Authority.Kind.MEETING, "650": Authority.Kind.TOPIC, "651": Authority.Kind.PLACE,
}  # fmt: skip
# Authority record: heading tag → kind; its "see from" tags are the 4XX of the same kind.
AUTHORITY_KINDS = {"100": Authority.Kind.PERSONAL, "110": Authority.Kind.CORPORATE,
                   "111": Authority.Kind.MEETING, "150": Authority.Kind.TOPIC,
                   "151": Authority.Kind.PLACE}  # fmt: skip
NAME_CODES = ("a", "b", "c", "d", "q")
MAIN_CODES = ("a", "b", "c", "d", "q", "t")


def heading_key(text: str) -> str:
    """The folded form headings are matched by: case, punctuation and diacritics ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())[:500]


def field_heading(fld: pymarc.Field, *, with_subdivisions: bool = True) -> str:
    """A heading as shown: 'Иванов, А. В., 1950-' or 'Law -- Kazakhstan -- History'."""
    main = marcdata.clean(" ".join(fld.get_subfields(*MAIN_CODES)))
    if not with_subdivisions:
        return main
    subdivisions = [marcdata.clean(v) for v in fld.get_subfields(*marcdata.SUBDIVISION_CODES)]
    return " -- ".join(part for part in [main, *subdivisions] if part)


def bib_headings(marc: pymarc.Record) -> list[tuple[str, str, list[str]]]:
    """(tag, kind, keys to try, best first) for each controllable heading of a record."""
    found = []
    for fld in marc.get_fields(*BIB_KINDS):
        whole = heading_key(field_heading(fld))
        main = heading_key(field_heading(fld, with_subdivisions=False))
        keys = [key for key in dict.fromkeys([whole, main]) if key]
        if keys:
            found.append((fld.tag, BIB_KINDS[fld.tag], keys))
    return found


def _lookup(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(kind, key) → authority id, by its heading or a form not used (one indexed query)."""
    found: dict[tuple[str, str], int] = {}
    if not pairs:
        return found
    rows = AuthorityKey.objects.filter(key__in={key for _kind, key in pairs}).order_by("pk")
    for pk, kind, key in rows.values_list("authority_id", "kind", "key"):
        if (kind, key) in pairs:
            found.setdefault((kind, key), pk)
    return found


def save_keys(authorities: Iterable[Authority]) -> None:
    """The lookup keys of saved authorities: the heading first, then the forms not used."""
    authorities = list(authorities)
    AuthorityKey.objects.filter(authority__in=authorities).delete()
    rows = []
    for authority in authorities:
        keys = [authority.key, *(heading_key(form) for form in authority.see_from_list)]
        for key in dict.fromkeys(k for k in keys if k):
            rows.append(AuthorityKey(authority=authority, kind=authority.kind, key=key))
    AuthorityKey.objects.bulk_create(rows, ignore_conflicts=True)


def link_headings(records: Iterable[tuple[Record, pymarc.Record]]) -> int:
    """Link the headings of saved records to their authorities; returns the links made."""
    if not Authority.objects.exists():
        return 0
    wanted = [(record, bib_headings(marc)) for record, marc in records]
    pairs = {(kind, key) for _r, headings in wanted for _t, kind, keys in headings for key in keys}
    if not pairs:
        return 0
    found = _lookup(pairs)
    links = []
    for record, headings in wanted:
        seen = set()
        for tag, kind, keys in headings:
            pk = next((found[(kind, key)] for key in keys if (kind, key) in found), None)
            if pk is not None and (pk, tag) not in seen:
                seen.add((pk, tag))
                links.append(RecordHeading(record=record, authority_id=pk, tag=tag))
    RecordHeading.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


def class_numbers(marc: pymarc.Record) -> list[tuple[str, str]]:
    """(scheme, number) of a record: UDC from 080 $a, BBK from 084 $a with $2 bbk/rubbk."""
    found: list[tuple[str, str]] = []
    for fld in marc.get_fields("080", "084"):
        if fld.tag == "084":
            source = " ".join(fld.get_subfields("2")).lower()
            if "bbk" not in source and "ббк" not in source:
                continue
        scheme = RecordClass.Scheme.UDC if fld.tag == "080" else RecordClass.Scheme.BBK
        for value in fld.get_subfields("a"):
            value = value.strip()[:64]
            if value and (scheme, value) not in found:
                found.append((scheme, value))
    return found


def class_rows(record: Record, marc: pymarc.Record) -> list[RecordClass]:
    return [RecordClass(record=record, scheme=s, value=v) for s, v in class_numbers(marc)]


def sync_record(record: Record, marc: pymarc.Record) -> None:
    """After an edit: the record's class numbers and linked headings, from its MARC record."""
    RecordClass.objects.filter(record=record).delete()
    RecordClass.objects.bulk_create(class_rows(record, marc))
    RecordHeading.objects.filter(record=record).delete()
    link_headings([(record, marc)])


# ---------------------------------------------------------------- authority records ----


def _authority_from_marc(marc: pymarc.Record) -> Authority | None:
    fields = marc.get_fields(*AUTHORITY_KINDS)
    if not fields:
        return None
    main = fields[0]
    kind = AUTHORITY_KINDS[main.tag]
    heading = field_heading(main)
    see_tag = "4" + main.tag[1:]
    see_from = [field_heading(fld) for fld in marc.get_fields(see_tag)]
    notes = [v for fld in marc.get_fields("667", "670", "680") for v in fld.get_subfields("a")]
    control = marc.get_fields("001")
    return Authority(
        kind=kind,
        heading=heading[:500],
        key=heading_key(heading),
        see_from="\n".join(form for form in see_from if form),
        note="\n".join(notes),
        control_number=((control[0].data or "") if control else "")[:64],
        marc=marcdata.to_json(marc),
    )


@transaction.atomic
def authorities_import(*, source: bytes | IO[bytes], by: Any, encoding: str = "auto") -> dict:
    """IS-12 cataloguing: import MARC21 authority records; link the catalogue's headings.

    A record without a 1XX heading is rejected by its number; a heading already under
    authority control is updated (forms not used, note); the catalogue is relinked.
    """
    from .cataloguing import require_librarian

    if by is not None:  # None: the management command, run by the administrator
        require_librarian(by)
    report: dict[str, Any] = {"created": 0, "updated": 0, "rejected": [], "linked": 0}
    for parsed in read_marc(source, encoding=encoding, marc_format="marc21"):
        if parsed.record is None:
            report["rejected"].append(f"{parsed.number}: {parsed.error}")
            continue
        authority = _authority_from_marc(parsed.record)
        if authority is None or not authority.key:
            report["rejected"].append(
                _("%(number)s: no heading (100, 110, 111, 150 or 151)") % {"number": parsed.number}
            )
            continue
        existing = Authority.objects.filter(kind=authority.kind, key=authority.key).first()
        if existing is not None:
            for name in ("heading", "see_from", "note", "control_number", "marc"):
                setattr(existing, name, getattr(authority, name))
            existing.save()
            save_keys([existing])
            report["updated"] += 1
        else:
            authority.save()
            save_keys([authority])
            report["created"] += 1
    if report["created"] or report["updated"]:
        report["linked"] = relink_catalogue()
        audit_event(
            actor=by,
            obj=Authority.objects.order_by("-pk").first(),
            event="library_authorities_imported",
            details={k: v for k, v in report.items() if k != "rejected"},
        )
    return report


def relink_catalogue(batch: int = 2000) -> int:
    """Link every record's headings to the authorities (after authorities change)."""
    RecordHeading.objects.all().delete()
    linked = 0
    records = Record.objects.only("pk", "marc").order_by("pk")
    chunk: list[tuple[Record, pymarc.Record]] = []
    for record in records.iterator(chunk_size=batch):
        chunk.append((record, marcdata.from_json(record.marc)))
        if len(chunk) >= batch:
            linked += link_headings(chunk)
            chunk = []
    return linked + link_headings(chunk)


@transaction.atomic
def authorities_from_catalogue(*, by: Any) -> dict:
    """IS-12 cataloguing: an authority record for each name and subject heading of the
    catalogue that has none yet (as Koha's AutoCreateAuthorities), then link them all."""
    from .cataloguing import require_librarian

    require_librarian(by)
    existing = set(Authority.objects.values_list("kind", "key"))
    new: dict[tuple[str, str], Authority] = {}
    for data in Record.objects.values_list("marc", flat=True).iterator(chunk_size=2000):
        marc = marcdata.from_json(data)
        for fld in marc.get_fields(*BIB_KINDS):
            heading = field_heading(fld, with_subdivisions=False)
            key = heading_key(heading)
            pair = (BIB_KINDS[fld.tag], key)
            if key and pair not in existing and pair not in new:
                new[pair] = Authority(kind=pair[0], heading=heading[:500], key=key)
    Authority.objects.bulk_create(new.values(), ignore_conflicts=True)
    save_keys(Authority.objects.filter(keys__isnull=True))
    linked = relink_catalogue()
    if new:
        audit_event(
            actor=by,
            obj=Authority.objects.order_by("-pk").first(),
            event="library_authorities_created",
            details={"created": len(new), "linked": linked},
        )
    return {"created": len(new), "linked": linked}


__all__ = ["MarcFileError", "authorities_import", "authorities_from_catalogue", "link_headings"]
