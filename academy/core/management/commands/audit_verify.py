"""`manage.py audit_verify` – check the audit log's hash chain; name the first broken entry."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from academy.core.audit_chain import seal_unsealed, verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and name the first entry that was tampered with."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seal-unsealed",
            action="store_true",
            help="first seal entries that have no seal yet (only right after an upgrade)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("seal_unsealed"):
            count = seal_unsealed(lambda n: self.stdout.write(f"sealed {n} entries…"))
            self.stdout.write(f"sealed {count} entries")
        found = verify_chain(lambda n: self.stdout.write(f"checked {n} entries…"))
        if found is not None:
            raise CommandError(f"audit chain broken at {found}")
        self.stdout.write(self.style.SUCCESS("audit chain intact"))
