"""`manage.py render_certificates --group N --out DIR` – one PDF per certificate of a group."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from academy.documents.pdf import render_certificate
from academy.documents.selectors import certificates_of_group
from academy.training.models import Group


class Command(BaseCommand):
    help = "Write the PDF of every certificate of a group into a directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", type=int, required=True, help="the group's id")
        parser.add_argument("--out", required=True, help="directory to write the PDFs to")
        parser.add_argument("--language", choices=["kk", "ru", "en"], help="default: the group's")

    def handle(
        self, *args: Any, group: int, out: str, language: str | None = None, **options: Any
    ) -> None:
        found = Group.objects.filter(pk=group).first()
        if found is None:
            raise CommandError(f"No group with id {group}.")
        certificates = list(certificates_of_group(found))
        target = Path(out)
        target.mkdir(parents=True, exist_ok=True)
        for certificate in tqdm(certificates, desc="certificates", unit="pdf", file=sys.stderr):
            (target / f"{certificate.number}.pdf").write_bytes(
                render_certificate(certificate, language=language)
            )
        self.stdout.write(f"{len(certificates)} certificates written to {target}")
