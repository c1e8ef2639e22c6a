"""The stored MARC record is the source of truth (IS-12 cataloguing).

Koha keeps every record whole in `biblio_metadata` and derives what it searches and shows
from it; so does the catalogue. This module holds the pure functions on pymarc records:

- `derive` – the catalogue's columns (title, authors, …, ISBNs) read from a record;
- `build` – a new record from the columns of a record catalogued by hand;
- `apply_changes` – the columns a librarian edited written back into the stored record,
  touching only the fields of what changed, so everything else survives an edit;
- `from_json` / `to_json` – the stored form (MARC-in-JSON, pymarc's `as_dict`).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pymarc
from django.utils.translation import gettext as _
from pymarc import Field, Indicators, Subfield
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError as StdnumError

from ..models import Record, RecordKind, RecordLanguage

MARC_LANGUAGES = {"kaz": "kk", "rus": "ru", "eng": "en"}
LANGUAGE_CODES = {value: key for key, value in MARC_LANGUAGES.items()}
# No language, or a code that says so: the record's language stays unknown.
UNKNOWN_LANGUAGE_CODES = {"", "und", "zxx", "|||", "   ", "^^^", "###", "xxx"}
# Koha's habit: the item type of a record lives in 942 $c, so kinds survive a round trip.
KIND_TAG = "942"
# Koha's holdings field: one per copy, written from the copies on export.
HOLDINGS_TAG = "952"
NAME_TAGS = ("100", "110", "111", "700", "710", "711")
SUBJECT_TAGS = ("600", "610", "611", "630", "648", "650", "651", "653", "655")
SUBDIVISION_CODES = ("v", "x", "y", "z")
DEFAULT_LEADER = "00000nam a22000007i 4500"
# The columns derived from the record; `full_text` and `host` are not MARC.
DERIVED_COLUMNS = (
    "kind", "title", "authors", "publisher", "place", "year", "isbn", "issn", "language",
    "languages", "subjects", "abstract", "host_title", "host_details",
)  # fmt: skip


@dataclass
class Derived:
    """What the catalogue keeps beside the record, and what was wrong with it."""

    columns: dict[str, Any] = field(default_factory=dict)
    isbns: list[str] = field(default_factory=list)  # every valid ISBN, as 13 digits
    issns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    host_isbn: str = ""
    host_issn: str = ""


_TRAILING = re.compile(r"[\s/:;,=.]+$")
_TRAILING_KEEP_PERIOD = re.compile(r"[\s/:;,=]+$")


def clean(value: str | None, *, keep_period: bool = False) -> str:
    """Drop the ISBD punctuation MARC cataloguers leave at the end of a subfield."""
    text = (value or "").strip()
    if not text or text[-1] not in "/:;,=.":
        return text
    return (_TRAILING_KEEP_PERIOD if keep_period else _TRAILING).sub("", text).strip()


def isbn_token(value: str) -> str:
    """The number of a 020 $a: '0-201-61622-X (pbk.)' → '0-201-61622-X'."""
    return (value or "").strip().split(" ")[0].strip()


_ISBN_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]")


def normalise_isbn(value: str) -> str:
    """An ISBN as 13 digits; raises stdnum's ValidationError when it is not valid.

    The check digits are computed here (the import calls this for every 020 $a);
    python-stdnum decides only what this does not recognise.
    """
    token = _ISBN_SEPARATORS.sub("", isbn_token(value)).upper()
    if len(token) == 10 and token[:9].isdigit() and (token[9].isdigit() or token[9] == "X"):
        digits = [int(c) for c in token[:9]] + [10 if token[9] == "X" else int(token[9])]
        if sum((10 - i) * d for i, d in enumerate(digits)) % 11:
            raise stdnum_isbn.InvalidChecksum()
        body = "978" + token[:9]
    elif len(token) == 13 and token.isdigit() and token[:3] in ("978", "979"):
        body = token[:12]
        if _ean_check(body) != token[12]:
            raise stdnum_isbn.InvalidChecksum()
        return token
    else:
        return stdnum_isbn.to_isbn13(stdnum_isbn.validate(token))
    return body + _ean_check(body)


def _ean_check(body: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return str((10 - total % 10) % 10)


def normalise_issn(value: str) -> str:
    return stdnum_issn.format(stdnum_issn.validate(isbn_token(value)))


def nfc(text: str) -> str:
    """Unicode NFC: a letter and its combining mark stored as one character, as typed."""
    return (
        text
        if text.isascii() or unicodedata.is_normalized("NFC", text)
        else (unicodedata.normalize("NFC", text))
    )


# ---------------------------------------------------------------- stored form ----


def to_json(record: pymarc.Record) -> dict[str, Any]:
    return record.as_dict()


def from_json(data: dict[str, Any]) -> pymarc.Record:
    """A pymarc record from its stored MARC-in-JSON, field order kept."""
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(str(data.get("leader") or DEFAULT_LEADER).ljust(24)[:24])
    for entry in data.get("fields", []):
        for tag, value in entry.items():
            if isinstance(value, str):
                record.fields.append(Field(tag=tag, data=value))
            else:
                subfields = [
                    Subfield(code=code, value=text)
                    for pair in value.get("subfields", [])
                    for code, text in pair.items()
                ]
                indicators = Indicators(value.get("ind1", " "), value.get("ind2", " "))
                record.fields.append(Field(tag=tag, indicators=indicators, subfields=subfields))
    return record


# ---------------------------------------------------------------- reading ----


def _first(record: pymarc.Record, tag: str, code: str) -> str:
    for fld in record.get_fields(tag):
        values = fld.get_subfields(code)
        if values:
            return values[0]
    return ""


def fixed_field(record: pymarc.Record) -> str:
    fields = record.get_fields("008")
    return (fields[0].data or "") if fields else ""


def language_codes(record: pymarc.Record) -> list[str]:
    """The record's MARC language codes: 041 $a (also run together, 'engund'), else 008/35-37."""
    codes: list[str] = []
    for fld in record.get_fields("041"):
        for value in fld.get_subfields("a"):
            text = re.sub(r"[^a-z|]", "", value.strip().lower())
            codes.extend(text[i : i + 3] for i in range(0, len(text) - 2, 3))
    if not codes:
        fixed = fixed_field(record)
        if len(fixed) >= 38:
            codes.append(fixed[35:38].strip().lower())
    unique: list[str] = []
    for code in codes:
        if code not in unique:
            unique.append(code)
    return unique


def language_of(codes: list[str]) -> str:
    """The catalogue's language of a record: the first code; unknown stays unknown."""
    first = codes[0] if codes else ""
    if first in UNKNOWN_LANGUAGE_CODES:
        return RecordLanguage.UNKNOWN
    return MARC_LANGUAGES.get(first, RecordLanguage.OTHER)


def _kind(record: pymarc.Record) -> str:
    local = _first(record, KIND_TAG, "c").strip().lower()
    if local in RecordKind.values:
        return local
    level = str(record.leader)[7:8] or "m"
    if level in ("a", "b"):
        return RecordKind.ARTICLE
    if level == "s":
        return RecordKind.SERIAL
    return RecordKind.BOOK


def _publication(record: pymarc.Record) -> Field | None:
    # 264 with second indicator 1 is the publication statement (RDA); 260 before RDA.
    for fld in record.get_fields("264"):
        if fld.indicator2 == "1":
            return fld
    found = record.get_fields("260") or record.get_fields("264")
    return found[0] if found else None


def _year(record: pymarc.Record, pub: Field | None) -> int | None:
    texts = [pub.get_subfields("c")[0]] if pub is not None and pub.get_subfields("c") else []
    for text in texts:
        found = re.search(r"(1[5-9]|20)\d\d", text)
        if found:
            return int(found.group(0))
    fixed = fixed_field(record)
    if len(fixed) >= 11 and fixed[7:11].isdigit():
        return int(fixed[7:11])
    return None


def title_of(record: pymarc.Record) -> str:
    """245 $a, $b and the volume ($n number, $p name of part): volumes are different books."""
    fields = record.get_fields("245")
    if not fields:
        return ""
    parts: list[str] = []
    for sub in fields[0].subfields:
        value = clean(sub.value)
        if not value:
            continue
        if sub.code == "a":
            parts.append(value)
        elif sub.code == "b":
            parts.append(f": {value}")
        elif sub.code in ("n", "p"):
            parts.append(f". {value}")
    return " ".join(parts).replace(" : ", ": ").replace(" .", ".").strip(" :.")


def heading(fld: Field) -> str:
    """A subject heading with its subdivisions: 'Law -- Kazakhstan -- History'."""
    main = clean(" ".join(fld.get_subfields("a", "b", "c", "d", "t")), keep_period=False)
    subdivisions = [clean(v) for v in fld.get_subfields(*SUBDIVISION_CODES) if clean(v)]
    return " -- ".join([main, *subdivisions]) if main else " -- ".join(subdivisions)


class _Indexed:
    """A record's fields by tag, so that reading a dozen tags scans the record once."""

    def __init__(self, record: pymarc.Record) -> None:
        self.leader = record.leader
        self.fields = record.fields
        self.by_tag: dict[str, list[Field]] = {}
        for fld in record.fields:
            self.by_tag.setdefault(fld.tag, []).append(fld)

    def get_fields(self, *tags: str) -> list[Field]:
        if len(tags) == 1:
            return self.by_tag.get(tags[0], [])
        wanted = [tag for tag in tags if tag in self.by_tag]
        if len(wanted) <= 1:
            return self.by_tag.get(wanted[0], []) if wanted else []
        return [fld for fld in self.fields if fld.tag in wanted]


def derive(record: Any, *, fix: bool = True) -> Derived:
    """The catalogue's columns of a record.

    With `fix`, an invalid ISBN in 020 $a is moved to 020 $z (cancelled/invalid, as MARC
    does) in the record itself, and a warning says so; the record is kept.
    """
    derived = Derived()
    record = _Indexed(record)
    isbns: list[str] = []
    for fld in record.get_fields("020"):
        for sub in list(fld.subfields):
            if sub.code != "a" or not sub.value.strip():
                continue
            try:
                number = normalise_isbn(sub.value)
            except StdnumError:
                derived.warnings.append(
                    _("invalid ISBN “%(isbn)s” moved to 020 $z") % {"isbn": isbn_token(sub.value)}
                )
                if fix:
                    index = fld.subfields.index(sub)
                    fld.subfields[index] = Subfield(code="z", value=sub.value)
                continue
            if number not in isbns:
                isbns.append(number)
    issns: list[str] = []
    for value in (v for fld in record.get_fields("022") for v in fld.get_subfields("a")):
        try:
            number = normalise_issn(value)
        except StdnumError:
            derived.warnings.append(
                _("invalid ISSN “%(issn)s” in 022 $a") % {"issn": isbn_token(value)}
            )
            continue
        if number not in issns:
            issns.append(number)
    pub = _publication(record)
    codes = language_codes(record)
    names = [
        clean(v, keep_period=True)
        for fld in record.get_fields(*NAME_TAGS)
        for v in fld.get_subfields("a")
    ]
    subjects = [heading(fld) for fld in record.get_fields(*SUBJECT_TAGS)]
    columns = {
        "kind": _kind(record),
        "title": title_of(record),
        "authors": "; ".join(name for name in names if name),
        "publisher": clean(pub.get_subfields("b")[0]) if pub and pub.get_subfields("b") else "",
        "place": clean(pub.get_subfields("a")[0]) if pub and pub.get_subfields("a") else "",
        "year": _year(record, pub),
        "isbn": isbns[0] if isbns else "",
        "issn": issns[0] if issns else "",
        "language": language_of(codes),
        "languages": " ".join(code for code in codes if code.strip(" |^#")),
        "subjects": "; ".join(s for s in subjects if s),
        "abstract": " ".join(
            clean(v, keep_period=True)
            for fld in record.get_fields("520")
            for v in fld.get_subfields("a")
        ),  # fmt: skip
        "host_title": clean(_first(record, "773", "t")),
        "host_details": clean(_first(record, "773", "g"), keep_period=True),
    }
    for key in ("title", "authors", "publisher", "place", "subjects", "host_title",
                "host_details", "languages"):  # fmt: skip
        limit = Record._meta.get_field(key).max_length or 0
        columns[key] = columns[key][:limit]
    derived.columns = columns
    derived.isbns = isbns
    derived.issns = issns
    derived.host_isbn = _first(record, "773", "z")
    derived.host_issn = _first(record, "773", "x")
    return derived


# ---------------------------------------------------------------- writing ----


def _field(tag: str, ind: str, *pairs: tuple[str, str]) -> Field:
    return Field(
        tag=tag,
        indicators=Indicators(ind[0], ind[1]),
        subfields=[Subfield(code=code, value=value) for code, value in pairs if value],
    )


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _set_leader_level(record: pymarc.Record, kind: str) -> None:
    leader = str(record.leader)
    level = {"article": "a", "serial": "s"}.get(kind)
    if level is None:
        level = "m" if leader[7] in ("a", "b", "s") else leader[7]
    record.leader = pymarc.Leader(leader[:7] + level + leader[8:])


def build(data: dict[str, Any]) -> pymarc.Record:
    """A new MARC record from the columns of a record catalogued by hand."""
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(DEFAULT_LEADER)
    apply_changes(record, {}, data)
    return record


def _replace(record: pymarc.Record, tags: tuple[str, ...], new: list[Field]) -> None:
    for fld in record.get_fields(*tags):
        record.remove_field(fld)
    for fld in new:
        record.add_ordered_field(fld)


def _set_subfield(fld: Field, code: str, value: str) -> None:
    """Set the first `code` subfield (or add one); an empty value removes them all."""
    if not value:
        fld.subfields = [s for s in fld.subfields if s.code != code]
        return
    for index, sub in enumerate(fld.subfields):
        if sub.code == code:
            fld.subfields[index] = Subfield(code=code, value=value)
            return
    fld.subfields.append(Subfield(code=code, value=value))


def _apply_title(record: pymarc.Record, title: str, has_author: bool) -> None:
    fields = record.get_fields("245")
    if not fields:
        record.add_ordered_field(_field("245", ("1" if has_author else "0") + "0", ("a", title)))
        return
    fld = fields[0]
    # The whole title is the librarian's now: 245 $a; the statement of responsibility stays.
    fld.subfields = [Subfield("a", title)] + [
        s for s in fld.subfields if s.code not in ("a", "b", "n", "p")
    ]


def _apply_names(record: pymarc.Record, names: list[str]) -> None:
    """Keep the name fields still named (whatever their tag: 110 stays 110), add the new ones."""
    kept: list[str] = []
    for fld in record.get_fields(*NAME_TAGS):
        value = clean(" ".join(fld.get_subfields("a")), keep_period=True)
        if value in names and value not in kept:
            kept.append(value)
        else:
            record.remove_field(fld)
    has_main = bool(record.get_fields("100", "110", "111"))
    for name in names:
        if name in kept:
            continue
        tag = "700" if has_main else "100"
        has_main = True
        record.add_ordered_field(_field(tag, "1 ", ("a", name)))


def _apply_subjects(record: pymarc.Record, subjects: list[str]) -> None:
    kept: list[str] = []
    for fld in record.get_fields(*SUBJECT_TAGS):
        value = heading(fld)
        if value in subjects and value not in kept:
            kept.append(value)
        else:
            record.remove_field(fld)
    for subject in subjects:
        if subject not in kept:
            # A heading typed by hand has no thesaurus: an uncontrolled index term.
            record.add_ordered_field(_field("653", "  ", ("a", subject)))


def _apply_publication(record: pymarc.Record, data: dict[str, Any]) -> None:
    pub = _publication(record)
    if pub is None:
        if not (data.get("place") or data.get("publisher") or data.get("year")):
            return
        pub = _field("264", " 1")
        record.add_ordered_field(pub)
    _set_subfield(pub, "a", data.get("place") or "")
    _set_subfield(pub, "b", data.get("publisher") or "")
    _set_subfield(pub, "c", str(data.get("year") or ""))
    fixed = record.get_fields("008")
    if fixed and len(fixed[0].data or "") >= 11 and data.get("year"):
        text = fixed[0].data
        fixed[0].data = text[:7] + f"{int(data['year']):04d}" + text[11:]


def _apply_number(record: pymarc.Record, tag: str, value: str) -> None:
    """The first number of 020/022 $a becomes `value`; the others stay."""
    for fld in record.get_fields(tag):
        if fld.get_subfields("a"):
            if value:
                _set_subfield(fld, "a", value)
            else:
                record.remove_field(fld)
            return
    if value:
        record.add_ordered_field(_field(tag, "  ", ("a", value)))


def _apply_language(record: pymarc.Record, language: str) -> None:
    code = LANGUAGE_CODES.get(language, "und" if language == RecordLanguage.UNKNOWN else "")
    if not code:
        return  # "other": the codes already in the record say which
    fixed = record.get_fields("008")
    if fixed and len(fixed[0].data or "") >= 38:
        text = fixed[0].data
        fixed[0].data = text[:35] + code + text[38:]
    fields = record.get_fields("041")
    if fields:
        _set_subfield(fields[0], "a", code)
    elif not fixed:
        record.add_ordered_field(_field("041", "0 ", ("a", code)))


def apply_changes(record: pymarc.Record, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Write into `record` the columns whose value changed from `before` to `after`."""

    def changed(name: str) -> bool:
        return name in after and (after.get(name) or "") != (before.get(name) or "")

    if changed("kind"):
        _replace(record, (KIND_TAG,), [_field(KIND_TAG, "  ", ("c", after["kind"]))])
        _set_leader_level(record, after["kind"])
    if changed("isbn"):
        _apply_number(record, "020", after["isbn"])
    if changed("issn"):
        _apply_number(record, "022", after["issn"])
    if changed("language"):
        _apply_language(record, after["language"])
    if changed("authors"):
        _apply_names(record, _split(after["authors"]))
    if changed("title"):
        _apply_title(record, after["title"], bool(_split(after.get("authors", ""))))
    if any(changed(name) for name in ("place", "publisher", "year")):
        _apply_publication(record, {**before, **after})
    if changed("abstract"):
        _replace(record, ("520",), [_field("520", "  ", ("a", after["abstract"]))]
                 if after["abstract"] else [])  # fmt: skip
    if changed("subjects"):
        _apply_subjects(record, _split(after["subjects"]))
    if changed("host_title") or changed("host_details"):
        hosts = record.get_fields("773")
        if hosts:
            _set_subfield(hosts[0], "t", after.get("host_title", before.get("host_title", "")))
            _set_subfield(hosts[0], "g", after.get("host_details", before.get("host_details", "")))
        else:
            record.add_ordered_field(_field("773", "0 ", ("t", after.get("host_title", "")),
                                            ("g", after.get("host_details", ""))))  # fmt: skip
