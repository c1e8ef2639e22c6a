"""`manage.py backup [--output FILE]` – database and media store in one checked archive."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from academy.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc, or SQLite's backup API) and MEDIA_ROOT into one "
        "tar archive with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            help="archive to write (default: var/backups/academy-<date-time>.tar)",
        )

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        if output:
            path = Path(output)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"academy-{stamp}.tar"
        try:
            manifest = backup_create(path, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{path}: {len(manifest['files'])} files, checksums in the manifest")
        )
