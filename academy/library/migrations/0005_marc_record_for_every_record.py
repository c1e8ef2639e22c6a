"""Every record gets its full MARC record, the source of truth from now on (issue 17).

- A record catalogued by hand (no MARC yet): its MARC record is built from its columns.
- An imported record kept the file's record in `marc`, but an edit changed only the
  columns, and the export used to rewrite fields from them. The columns that differ from
  what the import derived then (the old rules, frozen below) are edits: they are written
  into the stored record; everything else of the record is kept as it came.
- Then the columns are derived again from the record by today's rules (volumes in the
  title, subject subdivisions, unknown language stays unknown …), and every valid
  ISBN/ISSN is indexed.

It uses the pure functions of services/marcdata.py (pymarc in, columns out).
"""

import re

from django.db import migrations


def _clean(value, keep_period=False):
    trailing = r"[\s/:;,=]+$" if keep_period else r"[\s/:;,=.]+$"
    return re.sub(trailing, "", (value or "").strip()).strip()


def _old_columns(marc):
    """What the import of migration 0003's time derived from a record."""

    def first(tag, code):
        for fld in marc.get_fields(tag):
            values = fld.get_subfields(code)
            if values:
                return values[0]
        return ""

    def every(tags, keep_period=False):
        values = (v for fld in marc.get_fields(*tags) for v in fld.get_subfields("a"))
        return [c for c in (_clean(v, keep_period) for v in values) if c]

    title, subtitle = _clean(first("245", "a")), _clean(first("245", "b"))
    pub = (marc.get_fields("264") or marc.get_fields("260") or [None])[0]
    fixed = (marc.get_fields("008") or [None])[0]
    fixed = (fixed.data or "") if fixed is not None else ""
    year = None
    for text in (first("264", "c"), first("260", "c")):
        found = re.search(r"(1[5-9]|20)\d\d", text)
        if found:
            year = int(found.group(0))
            break
    if year is None and len(fixed) >= 11 and fixed[7:11].isdigit():
        year = int(fixed[7:11])
    code = first("041", "a") or (fixed[35:38] if len(fixed) >= 38 else "")
    language = {"kaz": "kk", "rus": "ru", "eng": "en"}.get(
        code.strip().lower(), "other" if code.strip() else "ru"
    )
    return {
        "title": f"{title}: {subtitle}" if subtitle else title,
        "authors": "; ".join(every(("100", "110", "700", "710"), keep_period=True)),
        "publisher": _clean(pub.get_subfields("b")[0]) if pub and pub.get_subfields("b") else "",
        "place": _clean(pub.get_subfields("a")[0]) if pub and pub.get_subfields("a") else "",
        "year": year,
        "language": language,
        "subjects": "; ".join(every(("600", "610", "650", "651", "653"))),
        "abstract": " ".join(every(("520",))),
        "host_title": _clean(first("773", "t")),
        "host_details": _clean(first("773", "g"), keep_period=True),
    }


EDITABLE = ("title", "authors", "publisher", "place", "year", "language", "subjects",
            "abstract", "host_title", "host_details")  # fmt: skip


def _limit(model, name, value):
    """The import cut long values to the column's length; that is not an edit."""
    if isinstance(value, str):
        return value[: model._meta.get_field(name).max_length or len(value)]
    return value


def forward(apps, schema_editor):
    from academy.library.models import dedup_key
    from academy.library.services import marcdata

    Record = apps.get_model("library", "Record")
    RecordNumber = apps.get_model("library", "RecordNumber")
    for record in Record.objects.order_by("pk").iterator(chunk_size=500):
        columns = {name: getattr(record, name) for name in EDITABLE + ("kind", "isbn", "issn")}
        if record.marc:
            marc = marcdata.from_json(record.marc)
            before = _old_columns(marc)
            edited = {
                name: columns[name]
                for name in EDITABLE
                if (columns[name] or "") != (_limit(Record, name, before[name]) or "")
            }
            marcdata.apply_changes(marc, before, edited)
            derived = marcdata.derive(marc, fix=True)
            for name in marcdata.DERIVED_COLUMNS:
                if name in ("isbn", "issn") and not derived.columns[name]:
                    continue  # a number typed by hand that the record lacks stays
                setattr(record, name, derived.columns[name])
        else:
            marc = marcdata.build(columns)
            derived = marcdata.derive(marc, fix=False)
            record.languages = derived.columns["languages"]
        record.marc = marcdata.to_json(marc)
        record.marc_warnings = derived.warnings
        record.dedup_key = dedup_key(record.title, record.authors, record.year)
        record.save(
            update_fields=[*marcdata.DERIVED_COLUMNS, "marc", "marc_warnings", "dedup_key"]
        )
        numbers = {("isbn", n) for n in derived.isbns} | {("issn", n) for n in derived.issns}
        if record.isbn:
            numbers.add(("isbn", record.isbn))
        if record.issn:
            numbers.add(("issn", record.issn))
        RecordNumber.objects.bulk_create(
            [RecordNumber(record_id=record.pk, scheme=s, value=v) for s, v in sorted(numbers)],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("library", "0004_marc_record_source_of_truth")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
