"""MARC21 files ↔ catalogue: reading ISO 2709 and MARC-XML as a stream, writing them back.

Reading never stops at a bad record: each one is reported with its number in the file
and the reason, and the rest are read. Only a file that is not MARC at all (empty,
not well-formed XML, no leader where the first record should start) is fatal.

Records are read one at a time from the stream (the file is never held whole), and the
position in bytes is passed on for the progress bar, so the file is parsed once.

Encodings: leader/09 "a" is UTF-8. A record with leader/09 blank is MARC-8 by the
standard, but Russian and Kazakh catalogues send cp1251, cp866 or KOI8-R without saying
so: the librarian may name the encoding, otherwise it is detected once from the start of
the file (an escape sequence means MARC-8; valid UTF-8 is UTF-8; runs of 8-bit letters
are a Cyrillic code page, told apart by charset-normalizer). Every text is stored NFC.
"""

import io
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import pymarc
from charset_normalizer import from_bytes
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from django.utils.translation import gettext as _
from pymarc import Field, Indicators, Subfield
from pymarc.exceptions import BadSubfieldCodeWarning

from . import unimarc
from .marcdata import (
    HOLDINGS_TAG,
    LANGUAGE_CODES,
    Derived,
    build,
    derive,
    from_json,
    nfc,
    normalise_isbn,
    normalise_issn,
)

# The encodings a librarian may name for a file whose records do not say (leader/09 blank).
ENCODINGS = ("auto", "marc8", "utf-8", "cp1251", "cp866", "koi8_r")
CYRILLIC_CODE_PAGES = ["cp1251", "cp866", "koi8_r"]
DETECT_BYTES = 256 * 1024
END_OF_RECORD = b"\x1d"
REPLACEMENT = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

__all__ = [
    "ENCODINGS",
    "LANGUAGE_CODES",
    "MarcFileError",
    "ParsedRecord",
    "normalise_isbn",
    "normalise_issn",
    "parse_marc",
    "read_marc",
    "record_to_marc",
    "records_to_iso2709",
    "records_to_marcxml",
]


class MarcFileError(Exception):
    """The file cannot be read at all."""


@dataclass
class ParsedRecord:
    """One record of a file: its number (1-based), the record or the reason it was rejected."""

    number: int
    record: pymarc.Record | None = None
    derived: Derived | None = None
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    position: int = 0  # bytes of the file read so far
    # A UNIMARC/RUSMARC record as given; `record` is then its MARC21 mapping.
    source: pymarc.Record | None = None
    source_format: str = "marc21"

    @property
    def data(self) -> dict[str, Any]:
        return self.derived.columns if self.derived else {}


# ---------------------------------------------------------------- encodings ----


def _data_bytes(chunk: bytes) -> bytes:
    try:
        return chunk[int(chunk[12:17]) :]
    except ValueError:
        return chunk[24:]


def detect_encoding(head: bytes) -> str:
    """The encoding of the records with leader/09 blank at the start of an ISO 2709 file."""
    sample = b"".join(
        _data_bytes(chunk)
        for chunk in head.split(END_OF_RECORD)[:-1]
        if len(chunk) > 24 and chunk.lstrip()[9:10] != b"a"
    )
    if b"\x1b" in sample or sample.isascii():
        return "marc8"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # MARC-8 (ANSEL) puts one combining mark before an ASCII letter; Cyrillic code pages
    # spell whole words in 8-bit bytes, so most 8-bit bytes follow another one.
    high = [i for i, byte in enumerate(sample) if byte > 0x7F]
    runs = sum(1 for i in high if i and sample[i - 1] > 0x7F)
    if runs < 0.5 * len(high):
        return "marc8"
    # The field and subfield separators are control bytes that text detection rejects.
    text = re.sub(rb"[\x00-\x1f]+.?", b" ", sample)
    best = from_bytes(text, cp_isolation=CYRILLIC_CODE_PAGES).best()
    return best.encoding if best is not None and best.encoding in CYRILLIC_CODE_PAGES else "cp1251"


def _clean_text(text: str) -> tuple[str, bool]:
    """NFC, and control characters (a broken MARC-8 escape) made a visible replacement."""
    if text.isascii() and text.isprintable():
        return text, False
    bad = REPLACEMENT in text
    if _CONTROL.search(text):
        text, bad = _CONTROL.sub(REPLACEMENT, text), True
    return nfc(text), bad


def _normalise(record: pymarc.Record) -> list[str]:
    """NFC every text; name the fields that hold a replacement character."""
    damaged: list[str] = []
    for fld in record.fields:
        if fld.control_field:
            fld.data, bad = _clean_text(fld.data or "")
        else:
            bad = False
            for index, sub in enumerate(fld.subfields):
                value, replaced = _clean_text(sub.value)
                if value is not sub.value:
                    fld.subfields[index] = Subfield(code=sub.code, value=value)
                bad = bad or replaced
        if bad and fld.tag not in damaged:
            damaged.append(fld.tag)
    return damaged


def decode_record(chunk: bytes, *, blank_encoding: str) -> tuple[pymarc.Record, list[str]]:
    """One ISO 2709 record as unicode; invalid bytes are replaced and reported by field."""
    utf8 = chunk[9:10] == b"a" or blank_encoding == "utf-8"
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if utf8:
            try:
                record = pymarc.Record(chunk, force_utf8=True)
            except UnicodeDecodeError:
                record = pymarc.Record(chunk, force_utf8=True, utf8_handling="replace")
        elif blank_encoding == "marc8":
            try:
                record = pymarc.Record(chunk, to_unicode=True, hide_utf8_warnings=True)
            except (UnicodeDecodeError, IndexError, KeyError, ValueError):
                # Not MARC-8 after all (pymarc's converter gives up): UTF-8, bad bytes shown.
                record = pymarc.Record(chunk, force_utf8=True, utf8_handling="replace")
        else:
            record = pymarc.Record(chunk, file_encoding=blank_encoding)
    bad_codes = [w for w in caught if issubclass(w.category, BadSubfieldCodeWarning)]
    coded = _mark_bad_codes(record, [bytes(getattr(w.message, "subf", b"")) for w in bad_codes])
    for tag in coded:
        notes.append(
            _("field %(tag)s: a subfield code is not a letter; the bytes are shown as �")
            % {"tag": tag}
        )
    for tag in _normalise(record):
        if tag not in coded:
            notes.append(_("field %(tag)s: invalid bytes, shown as � (U+FFFD)") % {"tag": tag})
    # Stored as unicode from now on: the record says so.
    leader = str(record.leader)
    record.leader = pymarc.Leader(leader[:9] + "a" + leader[10:])
    return record, notes


def _mark_bad_codes(record: pymarc.Record, raw_subfields: list[bytes]) -> list[str]:
    """A subfield whose code byte is invalid: the next letter is its code, the bad byte a �.

    pymarc would keep that letter in the value too ("$b bAssociation…"), silently changing
    the text; the value becomes "�Association…", visible and reported.
    """
    tags = []
    for raw in raw_subfields:
        text = raw.decode("utf-8", "replace")
        if len(text) < 2:
            continue
        for fld in record.fields:
            if fld.control_field:
                continue
            for index, sub in enumerate(fld.subfields):
                if sub.value == text[1:] or sub.value == raw[1:].decode("utf-8", "replace"):
                    code = text[1] if text[1].isascii() and text[1].isalnum() else sub.code
                    fld.subfields[index] = Subfield(code=code, value=REPLACEMENT + text[2:])
                    if fld.tag not in tags:
                        tags.append(fld.tag)
    return tags


# ---------------------------------------------------------------- reading ----


class _Stream:
    """A binary stream with the bytes read so far counted, and a head already read."""

    def __init__(self, stream: IO[bytes], head: bytes) -> None:
        self.stream = stream
        self.buffer = head
        self.position = 0

    def read(self, size: int) -> bytes:
        if len(self.buffer) < size:
            self.buffer += self.stream.read(max(size - len(self.buffer), 64 * 1024))
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        self.position += len(data)
        return data

    def skip_blanks(self) -> None:
        while True:
            if not self.buffer:
                self.buffer = self.stream.read(64 * 1024)
                if not self.buffer:
                    return
            stripped = self.buffer.lstrip(b" \t\r\n\x00")
            self.position += len(self.buffer) - len(stripped)
            self.buffer = stripped
            if stripped:
                return

    def read_until(self, marker: bytes) -> bytes:
        """Everything up to and including `marker` (or to the end of the file)."""
        while marker not in self.buffer:
            more = self.stream.read(64 * 1024)
            if not more:
                break
            self.buffer += more
        end = self.buffer.find(marker)
        return self.read(end + 1 if end >= 0 else len(self.buffer))


def _iso2709(
    stream: _Stream, *, encoding: str, head: bytes, marc_format: str = "auto"
) -> Iterator[ParsedRecord]:
    stream.skip_blanks()
    if not stream.buffer[:5].isdigit():
        raise MarcFileError(_("not a MARC21 file: no record length at its start"))
    blank_encoding = detect_encoding(head) if encoding == "auto" else encoding
    number = 0
    while True:
        stream.skip_blanks()
        if not stream.buffer:
            return
        number += 1
        start = stream.buffer[:5]
        if start.isdigit() and int(start) > 24:
            chunk = stream.read(int(start))
            if not chunk.endswith(END_OF_RECORD):
                # The length is wrong: the record ends at the next record terminator.
                chunk += stream.read_until(END_OF_RECORD)
        else:
            chunk = stream.read_until(END_OF_RECORD)
        try:
            record, notes = decode_record(chunk, blank_encoding=blank_encoding)
        except Exception as exc:  # noqa: BLE001 – any damage rejects this record only
            reason = _("the record is damaged: %(reason)s") % {
                "reason": str(exc) or type(exc).__name__
            }
            yield ParsedRecord(number=number, error=reason, position=stream.position)
            continue
        yield _checked(number, record, notes, stream.position, marc_format)


def _checked(
    number: int, record: pymarc.Record, notes: list[str], position: int, marc_format: str = "auto"
) -> ParsedRecord:
    found = unimarc.marc_format(record) if marc_format == "auto" else marc_format
    source = None
    if found in ("unimarc", "rusmarc"):
        source, record = record, unimarc.to_marc21(record)
    derived = derive(record)
    parsed = ParsedRecord(
        number=number,
        record=record,
        derived=derived,
        warnings=notes + derived.warnings,
        position=position,
        source=source,
        source_format=found if source is not None else "marc21",
    )
    if not derived.columns["title"]:
        parsed.error = (
            _("no title (field 200 $a)") if source is not None else _("no title (field 245 $a)")
        )
    return parsed


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_record(element: Any) -> pymarc.Record:
    record = pymarc.Record(force_utf8=True)
    leader = None
    for child in element:
        name = _local(child.tag)
        if name == "leader":
            leader = child.text or ""
        elif name == "controlfield":
            tag = child.get("tag", "")
            if not re.fullmatch(r"00[1-9]", tag):
                raise ValueError(_("invalid control field tag “%(tag)s”") % {"tag": tag})
            record.fields.append(Field(tag=tag, data=child.text or ""))
        elif name == "datafield":
            tag = child.get("tag", "")
            if not re.fullmatch(r"[0-9A-Za-z]{3}", tag) or tag.startswith("00"):
                raise ValueError(_("invalid data field tag “%(tag)s”") % {"tag": tag})
            subfields = [
                Subfield(code=sub.get("code", ""), value=sub.text or "")
                for sub in child
                if _local(sub.tag) == "subfield"
            ]
            indicators = Indicators(child.get("ind1", " ") or " ", child.get("ind2", " ") or " ")
            record.fields.append(Field(tag=tag, indicators=indicators, subfields=subfields))
    if leader is None or len(leader) != 24:
        raise ValueError(_("the leader is missing or not 24 characters long"))
    record.leader = pymarc.Leader(leader[:9] + "a" + leader[10:])
    return record


class _Counting(io.RawIOBase):
    def __init__(self, stream: _Stream) -> None:
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _marcxml(stream: _Stream, marc_format: str = "auto") -> Iterator[ParsedRecord]:
    number = 0
    depth = 0
    try:
        events = iterparse(_Counting(stream), events=("start", "end"))
        for event, element in events:
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if _local(element.tag) != "record":
                continue
            number += 1
            try:
                record = _xml_record(element)
            except ValueError as exc:
                yield ParsedRecord(number=number, error=str(exc), position=stream.position)
            else:
                notes = _normalise_notes(record)
                yield _checked(number, record, notes, stream.position, marc_format)
            element.clear()
    except (ParseError, DefusedXmlException) as exc:
        if number == 0:
            raise MarcFileError(
                _("not a well-formed XML file: %(reason)s") % {"reason": exc}
            ) from exc
        yield ParsedRecord(
            number=number + 1,
            error=_("the rest of the file is not well-formed XML: %(reason)s") % {"reason": exc},
            position=stream.position,
        )
        return
    if number == 0:
        raise MarcFileError(_("no MARC-XML record in the file"))


def _normalise_notes(record: pymarc.Record) -> list[str]:
    return [
        _("field %(tag)s: invalid bytes, shown as � (U+FFFD)") % {"tag": tag}
        for tag in _normalise(record)
    ]


def read_marc(
    source: bytes | IO[bytes], *, encoding: str = "auto", marc_format: str = "auto"
) -> Iterator[ParsedRecord]:
    """Every record of an ISO 2709 or MARC-XML file, good or rejected, in file order.

    `marc_format` "auto" tells MARC21 from UNIMARC/RUSMARC record by record; a UNIMARC
    record is mapped to MARC21 (services/unimarc.py) and kept as given in `source`.
    Raises MarcFileError (on the first step) when the file cannot be read at all.
    """
    if encoding not in ENCODINGS:
        raise MarcFileError(_("unknown encoding “%(name)s”") % {"name": encoding})
    if marc_format not in unimarc.FORMATS:
        raise MarcFileError(_("unknown MARC format “%(name)s”") % {"name": marc_format})
    raw = io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source
    head = raw.read(DETECT_BYTES)
    if not head.strip():
        raise MarcFileError(_("the file is empty"))
    stream = _Stream(raw, head)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return _marcxml(stream, marc_format)
    return _iso2709(stream, encoding=encoding, head=head, marc_format=marc_format)


def parse_marc(
    source: bytes, *, encoding: str = "auto", marc_format: str = "auto"
) -> list[ParsedRecord]:
    """All the records of a small file at once (tests, previews)."""
    return list(read_marc(source, encoding=encoding, marc_format=marc_format))


# ---------------------------------------------------------------- export ----


def holdings_fields(record: Any) -> list[Field]:
    """Koha's 952, one per copy: $p barcode, $c location, $o shelf mark, status flags."""
    fields = []
    for copy in record.copies.all():
        pairs = [("p", copy.barcode), ("c", copy.location), ("o", copy.shelf_mark)]
        if copy.status == "reference":
            pairs.append(("7", "1"))  # not for loan
        elif copy.status == "lost":
            pairs.append(("1", "1"))
        elif copy.status == "withdrawn":
            pairs.append(("0", "1"))
        elif copy.status == "on_loan":
            pairs.append(("q", "on loan"))
        fields.append(
            Field(
                tag=HOLDINGS_TAG,
                indicators=Indicators(" ", " "),
                subfields=[Subfield(code, value) for code, value in pairs if value],
            )
        )
    return fields


def record_to_marc(record: Any) -> pymarc.Record:
    """The stored record, as it was given, plus the current holdings (952)."""
    if record.marc:
        marc = from_json(record.marc)
    else:  # a record saved outside the services; the migration gave every other one its MARC
        marc = build({name: getattr(record, name) for name in
                      ("kind", "title", "authors", "publisher", "place", "year", "isbn",
                       "issn", "language", "subjects", "abstract", "host_title",
                       "host_details")})  # fmt: skip
    leader = str(marc.leader)
    marc.leader = pymarc.Leader(leader[:9] + "a" + leader[10:])  # stored as unicode
    for fld in holdings_fields(record):
        marc.fields.append(fld)
    return marc


def _with_copies(records: Iterable[Any]) -> Iterator[Any]:
    if hasattr(records, "prefetch_related"):
        return iter(records.prefetch_related("copies").iterator(chunk_size=500))
    return iter(records)


def records_to_iso2709(records: Iterable[Any]) -> bytes:
    return b"".join(record_to_marc(record).as_marc() for record in _with_copies(records))


def records_to_marcxml(records: Iterable[Any]) -> bytes:
    buffer = io.BytesIO()
    writer = pymarc.XMLWriter(buffer)
    for record in _with_copies(records):
        writer.write(record_to_marc(record))
    writer.close(close_fh=False)
    return buffer.getvalue()
