"""Read the text of documents still waiting (e.g. queued while the broker was down)."""

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from academy.library.edocs.models import Document, ExtractionStatus
from academy.library.edocs.services import documents_extract


class Command(BaseCommand):
    help = "Extract the text of electronic documents that wait (or, with --all, of every one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="re-read every document")

    def handle(self, *args: Any, **options: Any) -> None:
        documents = Document.objects.all()
        if not options["all"]:
            documents = documents.filter(status=ExtractionStatus.PENDING)
        pks = list(documents.order_by("pk").values_list("pk", flat=True))
        with tqdm(total=len(pks), unit="doc", disable=not pks) as bar:
            done = documents_extract(pks, lambda n: bar.update(1))
        self.stdout.write(f"{done} documents read")
