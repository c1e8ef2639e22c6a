"""`manage.py import_marc PATH`: MARC21 (ISO 2709 or MARC-XML) into the catalogue (IS-12)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from academy.library.services import MarcFileError, records_import
from academy.library.services.marc import ENCODINGS
from academy.library.services.unimarc import FORMATS


class Command(BaseCommand):
    help = "Import MARC21 records; damaged, invalid and duplicate records are listed, the rest imported."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--encoding",
            choices=ENCODINGS,
            default="auto",
            help="Encoding of records whose leader/09 is blank (default: detected).",
        )

        parser.add_argument(
            "--format",
            dest="marc_format",
            choices=FORMATS,
            default="auto",
            help="MARC21, UNIMARC or RUSMARC (default: told per record).",
        )

    def handle(
        self, *args: Any, path: str, encoding: str, marc_format: str = "auto", **options: Any
    ) -> None:
        file = Path(path)
        try:
            size = file.stat().st_size
            stream = file.open("rb")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        # The file is read once, as a stream: the bar counts its bytes.
        with (
            stream,
            tqdm(total=size, unit="B", unit_scale=True, file=self.stderr, disable=None) as bar,
        ):

            def progress(position: int, records: int) -> None:
                bar.update(position - bar.n)
                bar.set_postfix(records=records, refresh=False)

            try:
                report = records_import(
                    source=stream,
                    by=None,
                    encoding=encoding,
                    progress=progress,
                    marc_format=marc_format,
                )
            except MarcFileError as exc:
                raise CommandError(f"cannot read {path}: {exc}") from exc
        self.stdout.write(
            f"imported: {report.imported_count}, duplicates skipped: {len(report.duplicates)}, "
            f"rejected: {len(report.rejected)}, with warnings: {len(report.warnings)}"
        )
        for line in report.duplicates:
            self.stdout.write(f"  record {line.number}: duplicate – {line.reason}")
        for line in report.rejected:
            self.stdout.write(f"  record {line.number}: rejected – {line.reason}")
        for line in report.warnings:
            self.stdout.write(f"  record {line.number}: warning – {line.reason}")
