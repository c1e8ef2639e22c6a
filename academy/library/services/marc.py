"""MARC21 ↔ catalogue: reading ISO 2709 and MARC-XML files with pymarc, writing them back.

Reading never stops at a bad record: each one is reported with its number in the file
and the reason, and the rest are read. Only a file that is not MARC at all (empty,
not well-formed XML, no leader where the first record should start) is fatal.
"""

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pymarc
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _
from pymarc import Field, Indicators, Subfield
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError as StdnumError

from ..models import Record, RecordKind, RecordLanguage

MARC_LANGUAGES = {"kaz": "kk", "rus": "ru", "eng": "en"}
LANGUAGE_CODES = {value: key for key, value in MARC_LANGUAGES.items()}
# Koha's habit: the item type of a record lives in 942 $c, so kinds survive a round trip.
KIND_TAG = "942"
# The fields the catalogue models; on export they are rewritten from the record.
MODELLED_TAGS = {"020", "022", "041", "100", "110", "245", "260", "264", "520", "650", "653",
                 "700", "710", "773", KIND_TAG}  # fmt: skip


class MarcFileError(Exception):
    """The file cannot be read at all."""


@dataclass
class ParsedRecord:
    """One record of a file: its number (1-based), the data or the reason it was rejected."""

    number: int
    data: dict[str, Any] = field(default_factory=dict)
    marc: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    host_isbn: str = ""
    host_issn: str = ""


def _clean(value: str | None, *, keep_period: bool = False) -> str:
    """Drop ISBD punctuation MARC cataloguers leave at the end of a subfield."""
    trailing = r"[\s/:;,=]+$" if keep_period else r"[\s/:;,=.]+$"
    return re.sub(trailing, "", (value or "").strip()).strip()


def normalise_isbn(value: str) -> str:
    """An ISBN as 13 digits; raises stdnum's ValidationError when it is not valid."""
    token = (value or "").strip().split(" ")[0]
    return stdnum_isbn.to_isbn13(stdnum_isbn.validate(token))


def normalise_issn(value: str) -> str:
    token = (value or "").strip().split(" ")[0]
    return stdnum_issn.format(stdnum_issn.validate(token))


def _first(record: pymarc.Record, tag: str, code: str) -> str:
    for fld in record.get_fields(tag):
        values = fld.get_subfields(code)
        if values:
            return values[0]
    return ""


def _all(
    record: pymarc.Record, tags: tuple[str, ...], code: str = "a", *, keep_period: bool = False
) -> list[str]:
    values = (v for fld in record.get_fields(*tags) for v in fld.get_subfields(code))
    cleaned = (_clean(v, keep_period=keep_period) for v in values)
    return [v for v in cleaned if v]


def _fixed(record: pymarc.Record) -> str:
    fields = record.get_fields("008")
    return (fields[0].data or "") if fields else ""


def _kind(record: pymarc.Record) -> str:
    local = _first(record, KIND_TAG, "c").strip().lower()
    if local in RecordKind.values:
        return local
    level = record.leader[7] if len(str(record.leader)) > 7 else "m"
    if level in "ab":
        return RecordKind.ARTICLE
    if level == "s":
        return RecordKind.SERIAL
    return RecordKind.BOOK


def _year(record: pymarc.Record) -> int | None:
    for text in (_first(record, "264", "c"), _first(record, "260", "c")):
        found = re.search(r"(1[5-9]|20)\d\d", text)
        if found:
            return int(found.group(0))
    fixed = _fixed(record)
    if len(fixed) >= 11 and fixed[7:11].isdigit():
        return int(fixed[7:11])
    return None


def _language(record: pymarc.Record) -> str:
    code = _first(record, "041", "a")
    fixed = _fixed(record)
    if not code and len(fixed) >= 38:
        code = fixed[35:38]
    return MARC_LANGUAGES.get(code.strip().lower(), RecordLanguage.OTHER if code.strip() else "ru")


def record_data(record: pymarc.Record) -> ParsedRecord:
    """The catalogue fields of one pymarc record (the number is filled by the caller)."""
    parsed = ParsedRecord(number=0, marc=record.as_dict())
    title = _clean(_first(record, "245", "a"))
    if not title:
        parsed.error = _("no title (field 245 $a)")
        return parsed
    subtitle = _clean(_first(record, "245", "b"))
    raw_isbn = _first(record, "020", "a")
    raw_issn = _first(record, "022", "a")
    try:
        isbn = normalise_isbn(raw_isbn) if raw_isbn.strip() else ""
    except StdnumError:
        parsed.error = _("invalid ISBN “%(isbn)s” (field 020 $a)") % {"isbn": raw_isbn.strip()}
        return parsed
    try:
        issn = normalise_issn(raw_issn) if raw_issn.strip() else ""
    except StdnumError:
        parsed.error = _("invalid ISSN “%(issn)s” (field 022 $a)") % {"issn": raw_issn.strip()}
        return parsed
    publication = record.get_fields("264") or record.get_fields("260")
    pub = publication[0] if publication else None
    parsed.data = {
        "kind": _kind(record),
        "title": f"{title}: {subtitle}" if subtitle else title,
        "authors": "; ".join(_all(record, ("100", "110", "700", "710"), keep_period=True)),
        "publisher": _clean(pub.get_subfields("b")[0]) if pub and pub.get_subfields("b") else "",
        "place": _clean(pub.get_subfields("a")[0]) if pub and pub.get_subfields("a") else "",
        "year": _year(record),
        "isbn": isbn,
        "issn": issn,
        "language": _language(record),
        "subjects": "; ".join(_all(record, ("600", "610", "650", "651", "653"))),
        "abstract": " ".join(_all(record, ("520",))),
        "host_title": _clean(_first(record, "773", "t")),
        "host_details": _clean(_first(record, "773", "g"), keep_period=True),
    }
    parsed.host_isbn = _first(record, "773", "z")
    parsed.host_issn = _first(record, "773", "x")
    for key in ("title", "authors", "publisher", "place", "subjects", "host_title"):
        limit = Record._meta.get_field(key).max_length or 0
        parsed.data[key] = parsed.data[key][:limit]
    return parsed


def _iso2709(source: bytes) -> list[ParsedRecord]:
    if not source[:5].isdigit():
        raise MarcFileError(_("not a MARC21 file: no record length at its start"))
    reader = pymarc.MARCReader(
        io.BytesIO(source), to_unicode=True, force_utf8=True, permissive=True
    )
    results = []
    for number, record in enumerate(reader, start=1):
        if record is None:
            problem = reader.current_exception
            reason = _("the record is damaged: %(reason)s") % {"reason": problem}
            results.append(ParsedRecord(number=number, error=reason))
            if isinstance(problem, pymarc.exceptions.FatalReaderError):
                break  # the following records cannot be found any more
            continue
        parsed = record_data(record)
        parsed.number = number
        results.append(parsed)
    return results


def _xml_record(element: Any) -> pymarc.Record:
    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    record = pymarc.Record(force_utf8=True)
    leader = None
    for child in element:
        name = local(child.tag)
        if name == "leader":
            leader = child.text or ""
        elif name == "controlfield":
            tag = child.get("tag", "")
            if not re.fullmatch(r"00[1-9]", tag):
                raise ValueError(_("invalid control field tag “%(tag)s”") % {"tag": tag})
            record.add_field(Field(tag=tag, data=child.text or ""))
        elif name == "datafield":
            tag = child.get("tag", "")
            if not re.fullmatch(r"[0-9A-Za-z]{3}", tag) or tag.startswith("00"):
                raise ValueError(_("invalid data field tag “%(tag)s”") % {"tag": tag})
            subfields = [
                Subfield(code=sub.get("code", ""), value=sub.text or "")
                for sub in child
                if local(sub.tag) == "subfield"
            ]
            indicators = Indicators(child.get("ind1", " ") or " ", child.get("ind2", " ") or " ")
            record.add_field(Field(tag=tag, indicators=indicators, subfields=subfields))
    if leader is None or len(leader) != 24:
        raise ValueError(_("the leader is missing or not 24 characters long"))
    record.leader = pymarc.Leader(leader)
    return record


def _marcxml(source: bytes) -> list[ParsedRecord]:
    try:
        root = fromstring(source)
    except (ParseError, DefusedXmlException) as exc:
        raise MarcFileError(_("not a well-formed XML file: %(reason)s") % {"reason": exc}) from exc
    elements = (
        [root]
        if root.tag.endswith("record") and not root.tag.endswith("collection")
        else [child for child in root if child.tag.rsplit("}", 1)[-1] == "record"]
    )
    if not elements:
        raise MarcFileError(_("no MARC-XML record in the file"))
    results = []
    for number, element in enumerate(elements, start=1):
        try:
            record = _xml_record(element)
        except ValueError as exc:
            results.append(ParsedRecord(number=number, error=str(exc)))
            continue
        parsed = record_data(record)
        parsed.number = number
        results.append(parsed)
    return results


def parse_marc(source: bytes) -> list[ParsedRecord]:
    """Every record of an ISO 2709 or MARC-XML file, good or rejected, in file order."""
    if not source.strip():
        raise MarcFileError(_("the file is empty"))
    head = source.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return _marcxml(source) if head == b"<" else _iso2709(source)


# ---------------------------------------------------------------- export ----


def _subfields(*pairs: tuple[str, str]) -> list[Subfield]:
    return [Subfield(code=code, value=value) for code, value in pairs if value]


def record_to_marc(record: Record) -> pymarc.Record:
    """A pymarc record: what was imported, with the modelled fields rewritten from the record."""
    marc = None
    if record.marc:
        marc = next(iter(pymarc.JSONReader(json.dumps(record.marc))), None)
    if marc is None:
        marc = pymarc.Record(force_utf8=True)
        level = {"article": "a", "serial": "s"}.get(record.kind, "m")
        marc.leader = pymarc.Leader(f"00000na{level} a22000007i 4500")
    for fld in list(marc.fields):
        if fld.tag in MODELLED_TAGS:
            marc.remove_field(fld)
    marc.leader = pymarc.Leader(str(marc.leader)[:9] + "a" + str(marc.leader)[10:])  # UTF-8
    authors = record.author_list
    title, _sep, subtitle = record.title.partition(": ")
    new = []
    if record.isbn:
        new.append(
            Field(
                tag="020", indicators=Indicators(" ", " "), subfields=_subfields(("a", record.isbn))
            )
        )
    if record.issn:
        new.append(
            Field(
                tag="022", indicators=Indicators(" ", " "), subfields=_subfields(("a", record.issn))
            )
        )
    new.append(Field(tag="041", indicators=Indicators("0", " "),
                     subfields=_subfields(("a", LANGUAGE_CODES.get(record.language, "und")))))  # fmt: skip
    if authors:
        new.append(
            Field(
                tag="100", indicators=Indicators("1", " "), subfields=_subfields(("a", authors[0]))
            )
        )
    new.append(Field(tag="245", indicators=Indicators("1" if authors else "0", "0"),
                     subfields=_subfields(("a", f"{title} :" if subtitle else title), ("b", subtitle))))  # fmt: skip
    if record.place or record.publisher or record.year:
        new.append(Field(tag="264", indicators=Indicators(" ", "1"), subfields=_subfields(
            ("a", record.place), ("b", record.publisher), ("c", str(record.year or "")))))  # fmt: skip
    if record.abstract:
        new.append(
            Field(
                tag="520",
                indicators=Indicators(" ", " "),
                subfields=_subfields(("a", record.abstract)),
            )
        )
    for subject in record.subject_list:
        new.append(
            Field(tag="650", indicators=Indicators(" ", "4"), subfields=_subfields(("a", subject)))
        )
    for name in authors[1:]:
        new.append(
            Field(tag="700", indicators=Indicators("1", " "), subfields=_subfields(("a", name)))
        )
    if record.host_label:
        host = record.host
        new.append(Field(tag="773", indicators=Indicators("0", " "), subfields=_subfields(
            ("t", record.host_label), ("g", record.host_details),
            ("x", host.issn if host else ""), ("z", host.isbn if host else ""))))  # fmt: skip
    new.append(
        Field(
            tag=KIND_TAG, indicators=Indicators(" ", " "), subfields=_subfields(("c", record.kind))
        )
    )
    for fld in new:
        marc.add_ordered_field(fld)
    return marc


def records_to_iso2709(records: Any) -> bytes:
    return b"".join(record_to_marc(record).as_marc() for record in records)


def records_to_marcxml(records: Any) -> bytes:
    buffer = io.BytesIO()
    writer = pymarc.XMLWriter(buffer)
    for record in records:
        writer.write(record_to_marc(record))
    writer.close(close_fh=False)
    return buffer.getvalue()
