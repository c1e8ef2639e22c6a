"""`manage.py restore ARCHIVE` – check the archive's checksums, then restore database and media."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from academy.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup`: verify every checksum first, then "
        "replace the database and MEDIA_ROOT with the archived ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar file written by `manage.py backup`")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, archive: str, interactive: bool = True, **options: Any) -> None:
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        if interactive:
            answer = input(
                "This replaces the whole database and every media file. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled")
        try:
            backup_restore(path, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"restored from {path}"))
