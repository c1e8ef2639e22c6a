from typing import Any

from django.core.management.base import BaseCommand

from academy.signatures.demo import make_demo_pki
from academy.signatures.testpki import TEST_LABEL


class Command(BaseCommand):
    help = (
        f"Make the demo's test PKI ({TEST_LABEL}): root, intermediate, a personal certificate "
        "per demo user (IIN in serialNumber), a revoked, an expired and a self-signed one, and "
        "the Academy's organisation key for the seal."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="replace an existing test PKI")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = make_demo_pki(force=options["force"], stdout=self.stdout)
        if directory is None:
            self.stdout.write("The test PKI exists already; --force makes a new one.")
