"""Simple Dublin Core of a catalogue record, from its stored MARC21 record.

Follows the Library of Congress "MARC to Dublin Core Crosswalk" (unqualified DC): each DC
element lists the values of the MARC fields the crosswalk names, in record order.
"""

from typing import Any

import pymarc

ELEMENTS = (
    "title",
    "creator",
    "contributor",
    "subject",
    "description",
    "publisher",
    "date",
    "type",
    "format",
    "identifier",
    "language",
    "relation",
    "coverage",
    "rights",
)

# tag: (element, subfield codes joined as the value; None = all alphabetic subfields)
_CROSSWALK: dict[str, tuple[str, str | None]] = {
    "245": ("title", "abfghknps"),
    "246": ("title", "abfghnp"),
    "100": ("creator", None),
    "110": ("creator", None),
    "111": ("creator", None),
    "700": ("contributor", None),
    "710": ("contributor", None),
    "711": ("contributor", None),
    "720": ("contributor", "a"),
    "600": ("subject", None),
    "610": ("subject", None),
    "611": ("subject", None),
    "630": ("subject", None),
    "650": ("subject", None),
    "651": ("coverage", None),
    "653": ("subject", "a"),
    "080": ("subject", "a"),
    "082": ("subject", "a"),
    "084": ("subject", "a"),
    "500": ("description", "a"),
    "505": ("description", "a"),
    "520": ("description", "a"),
    "260": ("publisher", "ab"),
    "264": ("publisher", "ab"),
    "300": ("format", "a"),
    "856": ("identifier", "u"),
    "020": ("identifier", "a"),
    "022": ("identifier", "a"),
    "041": ("language", "a"),
    "530": ("relation", "a"),
    "773": ("relation", "t"),
    "506": ("rights", "a"),
    "540": ("rights", "a"),
}

# Leader/06 (type of record): the DCMI Type vocabulary.
_TYPES = {
    "a": "Text",
    "t": "Text",
    "c": "Text",
    "d": "Text",
    "e": "Image",
    "f": "Image",
    "g": "MovingImage",
    "i": "Sound",
    "j": "Sound",
    "k": "StillImage",
    "m": "Software",
    "o": "Collection",
    "p": "Collection",
    "r": "PhysicalObject",
}


def _value(field: pymarc.Field, codes: str | None) -> str:
    parts = [
        sub.value
        for sub in field.subfields
        if (codes is None and sub.code.isalpha()) or (codes is not None and sub.code in codes)
    ]
    return " ".join(part.strip() for part in parts if part and part.strip()).strip(" /:;,.")


def marc_to_dublin_core(marc: pymarc.Record) -> dict[str, list[str]]:
    """The record's unqualified Dublin Core: element -> values (empty elements omitted)."""
    dc: dict[str, list[str]] = {element: [] for element in ELEMENTS}
    for field in marc.get_fields():
        if field.is_control_field():
            continue
        mapping = _CROSSWALK.get(field.tag)
        if mapping is None:
            continue
        element, codes = mapping
        if value := _value(field, codes):
            dc[element].append(value)
        if field.tag in {"260", "264"} and (date := _value(field, "c")):
            dc["date"].append(date)
    control = {field.tag: field.data for field in marc.get_fields("008")}
    fixed = control.get("008", "")
    if len(fixed) >= 38 and fixed[35:38].strip() and fixed[35:38] not in {"   ", "|||", "und"}:
        if fixed[35:38] not in dc["language"]:
            dc["language"].insert(0, fixed[35:38])
    if not dc["date"] and len(fixed) >= 11 and fixed[7:11].strip().isdigit():
        dc["date"].append(fixed[7:11])
    leader = str(marc.leader)
    if len(leader) > 6 and (kind := _TYPES.get(leader[6])):
        dc["type"].append(kind)
    return {element: values for element, values in dc.items() if values}


def record_dublin_core(record: Any) -> dict[str, list[str]]:
    """Dublin Core of a catalogue Record (its stored MARC with current holdings)."""
    from academy.library.services.marc import record_to_marc

    return marc_to_dublin_core(record_to_marc(record))
