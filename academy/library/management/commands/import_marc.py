"""`manage.py import_marc PATH`: MARC21 (ISO 2709 or MARC-XML) into the catalogue (IS-12)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from academy.library.services import MarcFileError, parse_marc, records_import


class Command(BaseCommand):
    help = "Import MARC21 records; damaged, invalid and duplicate records are listed, the rest imported."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            source = Path(path).read_bytes()
            total = len(parse_marc(source))
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        except MarcFileError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        with tqdm(total=total, unit="rec", file=self.stderr, disable=None) as bar:
            report = records_import(source=source, by=None, progress=bar.update)
        self.stdout.write(
            f"imported: {len(report.imported)}, duplicates skipped: {len(report.duplicates)}, "
            f"rejected: {len(report.rejected)}"
        )
        for line in report.duplicates:
            self.stdout.write(f"  record {line.number}: duplicate – {line.reason}")
        for line in report.rejected:
            self.stdout.write(f"  record {line.number}: rejected – {line.reason}")
