"""`manage.py import_authorities PATH`: MARC21 authority records; the catalogue is relinked."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from academy.library.services.authorities import authorities_import
from academy.library.services.marc import ENCODINGS, MarcFileError


class Command(BaseCommand):
    help = "Import MARC21 authority records (names, subjects) and link the catalogue's headings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--encoding", choices=ENCODINGS, default="auto")

    def handle(self, *args: Any, path: str, encoding: str, **options: Any) -> None:
        try:
            with Path(path).open("rb") as stream:
                report = authorities_import(source=stream, by=None, encoding=encoding)
        except (OSError, MarcFileError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        self.stdout.write(
            f"created: {report['created']}, updated: {report['updated']}, "
            f"headings linked: {report['linked']}, rejected: {len(report['rejected'])}"
        )
        for line in report["rejected"]:
            self.stdout.write(f"  record {line}")
