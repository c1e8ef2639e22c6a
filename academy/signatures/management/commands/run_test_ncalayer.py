import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from academy.signatures.ncalayer_mock import NCALayerMock
from academy.signatures.testpki import TEST_LABEL, TestPKI


class Command(BaseCommand):
    help = (
        f"Serve an NCALayer stand-in on ws://127.0.0.1:<port> that signs with the test key of "
        f"one demo user ({TEST_LABEL}). Start the site with "
        "SIGNATURES_NCALAYER_URL=ws://127.0.0.1:<port>."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--iin", required=True)
        parser.add_argument("--port", type=int, default=13580)

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(settings.SIGNATURES_TEST_PKI_DIR)
        if not (directory / "manifest.json").exists():
            raise CommandError("No test PKI: run `manage.py make_test_pki` first.")
        pki = TestPKI.load(directory)
        identity = pki.people.get(options["iin"])
        if identity is None:
            raise CommandError(f"The test PKI has no key for IIN {options['iin']}.")
        with NCALayerMock(identity, pki.chain, port=options["port"]) as layer:
            self.stdout.write(f"NCALayer stand-in ({TEST_LABEL}) on {layer.url}; Ctrl+C stops.")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
