"""MARC21 import benchmark (IS-12 cataloguing, issue 17).

Writes a file of N varied records (academy/library/marcgen.py; or takes --file, e.g. a
Library of Congress "BooksAll" file, of which the first N records are used) and imports
it with `manage.py import_marc`'s service into its own PostgreSQL database (dropped and
created each run; its name must contain "bench"). Prints:

- records/s of the import, beside pymarc's bare parse of the same file (MARCReader, no
  database) and their ratio;
- the peak memory of the process (resource.getrusage), the import streaming the file;
- the import run twice on the same file: the second one finds every record a duplicate.

    .venv/bin/python bench/marc_import.py                       # 20 000 generated records
    .venv/bin/python bench/marc_import.py --records 50000
    .venv/bin/python bench/marc_import.py --file BooksAll.2016.part01.utf8 --records 20000
    .venv/bin/python bench/marc_import.py --format rusmarc     # RUSMARC in cp1251
    .venv/bin/python bench/marc_import.py --authorities 1000   # headings linked on import
    BENCH_DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/marc_import.py

Not a test: it changes only its own database.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_bench_library_import"


def write_file(path: Path, records: int, source: str | None, marc_format: str = "marc21") -> int:
    """The records to import, written record by record (never all in memory)."""
    with path.open("wb") as out:
        if source:
            count = 0
            with open(source, "rb") as stream:
                while count < records:
                    head = stream.read(5)
                    if len(head) < 5:
                        break
                    out.write(head + stream.read(int(head) - 5))
                    count += 1
            return count
        from academy.library.marcgen import encode_iso2709, make_records, make_rusmarc_records

        if marc_format == "rusmarc":  # as they arrive: unflagged cp1251
            for record in make_rusmarc_records(records):
                out.write(encode_iso2709(record, "cp1251"))
            return records
        for record in make_records(records):
            out.write(record.as_marc())
        return records


def bare_parse(path: Path, encoding: str = "") -> float:
    import pymarc

    started = time.perf_counter()
    options = {"file_encoding": encoding} if encoding else {"force_utf8": True}
    with path.open("rb") as stream:
        count = sum(1 for _ in pymarc.MARCReader(stream, to_unicode=True, **options))
    return count / (time.perf_counter() - started)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--file", help="an ISO 2709 file to take the records from")
    parser.add_argument(
        "--format",
        choices=["marc21", "rusmarc"],
        default="marc21",
        help="generated records: MARC21, or RUSMARC in cp1251 (mapped to MARC21 on import)",
    )
    parser.add_argument(
        "--authorities",
        type=int,
        default=0,
        help="authority records in the catalogue before the import (headings are linked)",
    )
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from academy.library.models import Record
    from academy.library.services import records_import

    call_command("migrate", verbosity=0)
    if args.authorities:
        from academy.library.marcgen import NAMES, WORDS
        from academy.library.models import Authority
        from academy.library.services.authorities import heading_key, save_keys

        headings = {(Authority.Kind.PERSONAL, name) for name in NAMES}
        words = [w.capitalize() for ws in WORDS.values() for w in ws]
        for index in range(args.authorities - len(headings)):
            headings.add((Authority.Kind.TOPIC, f"{words[index % len(words)]} {index}"))
        Authority.objects.bulk_create(
            Authority(kind=kind, heading=text, key=heading_key(text)) for kind, text in headings
        )
        save_keys(Authority.objects.all())
        print(f"authority records: {Authority.objects.count()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.mrc"
        count = write_file(path, args.records, args.file, args.format)
        size = path.stat().st_size
        print(f"{count} records, {size / 1e6:.1f} MB, database {connection.vendor}")
        baseline = bare_parse(path, "cp1251" if args.format == "rusmarc" else "")
        print(f"pymarc bare parse:      {baseline:9.0f} records/s")
        before = peak_mb()
        for run in ("first import", "re-import"):
            started = time.perf_counter()
            with path.open("rb") as stream:
                report = records_import(source=stream, by=None, progress=lambda *_: None)
            seconds = time.perf_counter() - started
            rate = report.total / seconds
            print(
                f"{run + ':':<23} {rate:9.0f} records/s  ratio {rate / baseline:.2f}  "
                f"({seconds:.1f} s; imported {report.imported_count}, duplicates "
                f"{len(report.duplicates)}, rejected {len(report.rejected)}, "
                f"warnings {len(report.warnings)})"
            )
        from academy.library.models import RecordClass, RecordHeading

        print(
            f"records in the catalogue: {Record.objects.count()} "
            f"(class numbers {RecordClass.objects.count()}, "
            f"linked headings {RecordHeading.objects.count()})"
        )
        print(f"peak memory: {peak_mb():.0f} MB (before the imports: {before:.0f} MB)")


if __name__ == "__main__":
    main()
