"""UNIMARC and RUSMARC records mapped to MARC21 (IS-12 cataloguing, issue 17).

Russian and Kazakh catalogues (ИРБИС, МАРК-SQL, RUSLAN, Koha-UNIMARC) send RUSMARC, the
Russian profile of UNIMARC. The catalogue derives, edits and exports MARC21, so a UNIMARC
record is mapped to MARC21 (the core fields, by the Library of Congress's UNIMARC to
MARC21 conversion); the record as it was given is kept beside it (`Record.source_marc`).

- `marc_format(record)`: "unimarc", "rusmarc" or "marc21", told from the record itself: a
  UNIMARC record has its title in 200 (MARC21: 245) and 100 $a "YYYYMMDD" + type of date.
- `to_marc21(record)`: the mapping; the fields it does not know are not carried over
  (they stay in the source record).
"""

import re
from typing import Any

import pymarc
from pymarc import Field, Indicators, Subfield

from .marcdata import _Indexed

FORMATS = ("auto", "marc21", "unimarc", "rusmarc")
_GENERAL_DATA = re.compile(r"^\d{8}[a-z]")

# UNIMARC subject fields → MARC21; UNIMARC $y is geographic (MARC21 $z), $z chronological
# ($y), $j form ($v); $x is the same.
_SUBJECTS = {"600": "600", "601": "610", "602": "600", "604": "630", "605": "630",
             "606": "650", "607": "651", "608": "655", "610": "653"}  # fmt: skip
_SUBDIVISIONS = {"x": "x", "y": "z", "z": "y", "j": "v"}
# Names: 700 primary responsibility → 100, 701/702 → 700; 710 → 110, 711/712 → 710.
_NAMES = {"700": "100", "701": "700", "702": "700", "710": "110", "711": "710", "712": "710"}


def _subfields(fld: Field, code: str) -> list[str]:
    return [value for value in fld.get_subfields(code) if value.strip()]


def _first(record: Any, tag: str, code: str) -> str:
    for fld in record.get_fields(tag):
        values = _subfields(fld, code)
        if values:
            return values[0].strip()
    return ""


def marc_format(record: pymarc.Record) -> str:
    """The format of a bibliographic record as read: "marc21", "unimarc" or "rusmarc"."""
    if record.get_fields("245"):
        return "marc21"
    general = _first(record, "100", "a")
    if record.get_fields("200") or _GENERAL_DATA.match(general):
        if _first(record, "801", "a").upper() in ("RU", "KZ") or general[26:28] in ("89", "79"):
            return "rusmarc"
        return "unimarc"
    return "marc21"


def _field(tag: str, ind1: str, ind2: str, pairs: list[tuple[str, str]]) -> Field | None:
    pairs = [(code, value.strip()) for code, value in pairs if value and value.strip()]
    if not pairs:
        return None
    return Field(
        tag=tag,
        indicators=Indicators(ind1, ind2),
        subfields=[Subfield(code, value) for code, value in pairs],
    )


def _personal_name(fld: Field) -> str:
    """UNIMARC $a surname + $b rest of the name ("Иванов, А. В."), or $g in full."""
    surname = _first_of(fld, "a")
    rest = _first_of(fld, "g") or _first_of(fld, "b")
    return f"{surname}, {rest}" if surname and rest else surname or rest


def _first_of(fld: Field, code: str) -> str:
    values = _subfields(fld, code)
    return values[0].strip() if values else ""


def _leader(source: Any) -> str:
    given = str(source.leader).ljust(24)
    status = given[5] if given[5] in "acdnp" else "n"
    kind = given[6] if given[6].isalpha() else "a"
    level = given[7] if given[7] in "abcdims" else "m"
    return f"00000{status}{kind}{level} a2200000 i 4500"


def _fixed_field(source: Any) -> str:
    """008 from UNIMARC 100 $a (date entered, type of date, dates) and 101 $a (language)."""
    general = _first(source, "100", "a").ljust(17)
    entered = general[2:8] if general[:8].isdigit() else "000000"
    date_type = general[8] if general[8] in "abcdefghijklmnopstu" else "s"
    if date_type in "defhijk":  # UNIMARC single or detailed dates map to MARC21 "s"
        date_type = "s"
    date1 = general[9:13] if general[9:13].strip() else "    "
    date2 = general[13:17] if general[13:17].strip() else "    "
    language = (_first(source, "101", "a") or "und")[:3].lower().ljust(3)
    country = (_first(source, "102", "a") or "xx")[:2].lower().ljust(3)
    body = f"{entered}{date_type}{date1}{date2}{country}" + " " * 17 + f"{language} d"
    return body.ljust(40)[:40]


def to_marc21(source: Any) -> pymarc.Record:
    """The MARC21 record of a UNIMARC/RUSMARC one: the core fields (LC's conversion)."""
    source = _Indexed(source)  # each tag looked up once, not a scan of the record per tag
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(_leader(source))
    out: list[Field | None] = []
    for tag in ("001", "005"):
        for fld in source.get_fields(tag):
            out.append(Field(tag=tag, data=fld.data or ""))
    out.append(Field(tag="008", data=_fixed_field(source)))
    for fld in source.get_fields("010"):  # ISBN
        out.append(
            _field(
                "020",
                " ",
                " ",
                [("a", v) for v in _subfields(fld, "a")]
                + [("q", v) for v in _subfields(fld, "b")]
                + [("c", v) for v in _subfields(fld, "d")]
                + [("z", v) for v in _subfields(fld, "z")],
            )
        )
    for fld in source.get_fields("011"):  # ISSN
        out.append(_field("022", " ", " ", [("a", v) for v in _subfields(fld, "a")]))
    languages = [v for fld in source.get_fields("101") for v in _subfields(fld, "a")]
    if languages:
        out.append(_field("041", "0", " ", [("a", v) for v in languages]))
    for fld in source.get_fields("675"):  # UDC
        out.append(
            _field("080", " ", " ", [("a", _first_of(fld, "a")), ("2", _first_of(fld, "v"))])
        )
    for fld in source.get_fields("686"):  # other classification: BBK in RUSMARC
        scheme = _first_of(fld, "2")
        out.append(
            _field("084", " ", " ", [("a", v) for v in _subfields(fld, "a")] + [("2", scheme)])
        )
    has_main = False
    names: list[Field | None] = []
    for fld in source.get_fields(*_NAMES):
        tag = _NAMES[fld.tag]
        relators = [("4", v) for v in _subfields(fld, "4")]
        if tag in ("100", "700"):
            pairs = [("a", _personal_name(fld)), ("c", _first_of(fld, "c")),
                     ("d", _first_of(fld, "f")), *relators]  # fmt: skip
            ind1 = "1" if fld.indicator2 == "1" else "0"
        else:
            pairs = [("a", _first_of(fld, "a")), *[("b", v) for v in _subfields(fld, "b")],
                     *relators]  # fmt: skip
            ind1 = "2"
        if tag in ("100", "110"):
            if has_main:
                tag = "700" if tag == "100" else "710"
            has_main = True
        names.append(_field(tag, ind1, " ", pairs))
    out.extend(name for name in names if name is not None and name.tag in ("100", "110"))
    for fld in source.get_fields("200")[:1]:
        responsibility = " ; ".join(_subfields(fld, "f") + _subfields(fld, "g"))
        title = _first_of(fld, "a")
        parallel = _subfields(fld, "d")
        other = " : ".join(_subfields(fld, "e") + [f"= {v}" for v in parallel])
        out.append(
            _field(
                "245",
                "1" if has_main else "0",
                "0",
                [
                    ("a", title),
                    ("b", other),
                    *[("n", v) for v in _subfields(fld, "h")],
                    *[("p", v) for v in _subfields(fld, "i")],
                    ("c", responsibility),
                ],
            )  # fmt: skip
        )
    for fld in source.get_fields("205"):
        out.append(_field("250", " ", " ", [("a", _first_of(fld, "a"))]))
    for fld in source.get_fields("210", "214")[:1]:
        out.append(
            _field(
                "260",
                " ",
                " ",
                [("a", v) for v in _subfields(fld, "a")]
                + [("b", v) for v in _subfields(fld, "c")]
                + [("c", _first_of(fld, "d"))],
            )
        )
    for fld in source.get_fields("215"):
        out.append(
            _field(
                "300",
                " ",
                " ",
                [
                    ("a", _first_of(fld, "a")),
                    ("b", _first_of(fld, "c")),
                    ("c", _first_of(fld, "d")),
                    ("e", _first_of(fld, "e")),
                ],
            )  # fmt: skip
        )
    for fld in source.get_fields("225"):
        out.append(
            _field("490", "0", " ", [("a", _first_of(fld, "a")), ("v", _first_of(fld, "v"))])
        )
    for tag, marc21 in (("300", "500"), ("320", "504"), ("327", "505"), ("330", "520")):
        for fld in source.get_fields(tag):
            out.append(_field(marc21, " ", " ", [("a", _first_of(fld, "a"))]))
    for fld in source.get_fields("461", "463"):  # the host: a set or a journal issue
        out.append(
            _field(
                "773",
                "0",
                " ",
                [
                    ("t", _first_of(fld, "t") or _first_of(fld, "a")),
                    ("g", _first_of(fld, "v")),
                    ("x", _first_of(fld, "x")),
                    ("z", _first_of(fld, "y")),
                ],
            )  # fmt: skip
        )
    for fld in source.get_fields(*_SUBJECTS):
        tag = _SUBJECTS[fld.tag]
        if tag == "600":
            main = [("a", _personal_name(fld)), ("d", _first_of(fld, "f"))]
        elif tag == "610":
            main = [("a", _first_of(fld, "a")), *[("b", v) for v in _subfields(fld, "b")]]
        else:
            main = [("a", _first_of(fld, "a"))]
        subdivisions = [
            (_SUBDIVISIONS[sub.code], sub.value)
            for sub in fld.subfields
            if sub.code in _SUBDIVISIONS and tag != "653"
        ]
        scheme = [("2", _first_of(fld, "2"))] if _first_of(fld, "2") else []
        ind2 = "7" if scheme else "4"
        out.append(_field(tag, "1" if tag == "600" else " ", ind2 if tag != "653" else " ",
                          main + subdivisions + scheme))  # fmt: skip
    out.extend(name for name in names if name is not None and name.tag in ("700", "710"))
    for fld in source.get_fields("856"):
        out.append(Field(tag="856", indicators=fld.indicators, subfields=list(fld.subfields)))
    for fld in source.get_fields("995"):  # Koha-UNIMARC items → Koha-MARC21 952
        out.append(
            _field(
                "952",
                " ",
                " ",
                [
                    ("p", _first_of(fld, "f")),
                    ("c", _first_of(fld, "e")),
                    ("o", _first_of(fld, "k")),
                ],
            )  # fmt: skip
        )
    record.fields = [fld for fld in out if fld is not None]
    return record
