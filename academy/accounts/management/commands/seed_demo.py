"""`manage.py seed_demo` – idempotent demo content; apps add theirs through demo modules."""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from academy.accounts.demo import DEMO_PASSWORD, seed_organisations, seed_people

# Each app that has demo content exposes `seed(stdout)`; order matters (training before exams).
APP_SEEDERS = [
    "academy.training.demo.seed",
    "academy.exams.demo.seed",
    "academy.appeals.demo.seed",
    "academy.signatures.demo.seed",
    "academy.documents.demo.seed",
    "academy.surveys.demo.seed",
    "academy.learning.demo.seed",
    "academy.discussions.demo.seed",
    "academy.live.demo.seed",
    "academy.library.demo.seed",
    "academy.library.edocs.demo.seed",
    "academy.portal.demo.seed",
    "academy.website.demo.seed",  # after the portal: it imports the portal's content
]


class Command(BaseCommand):
    help = "Create (or refresh) realistic demo data and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--address",
            default="",
            help="The address the server will answer on (make run passes http://HOST:PORT/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Demo notices (appeal filed, order signed…) are kept in memory, not printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed(options["address"] or demo_address())

    def _seed(self, address: str) -> None:
        courts = seed_organisations()
        people = seed_people(courts)
        for dotted in APP_SEEDERS:
            try:
                seeder = import_string(dotted)
            except ImportError:
                continue  # that app has no demo content yet
            seeder(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(courts)} courts, {len(people)} demo users.")
        )
        self.stdout.write(
            f"Log in at {address} with the IIN or e-mail below and the password {DEMO_PASSWORD}"
        )
        if settings.OTP_REQUIRED_FOR_STAFF:
            self.stdout.write(
                "Staff roles set up two-factor authentication (TOTP) at first login; "
                "to try them without an authenticator app: OTP_REQUIRED_FOR_STAFF=0 make run"
            )
        else:
            self.stdout.write("Two-factor authentication is off (OTP_REQUIRED_FOR_STAFF=0).")
        width = max(len(label) for label, _ in people)
        for label, user in people:
            self.stdout.write(f"  {label:<{width}}  {user.iin}  {user.email:<32} {user.full_name}")


def demo_address() -> str:
    """http://HOST:PORT/ from the environment make run passes on (defaults 127.0.0.1:8000)."""
    host = os.environ.get("HOST") or "127.0.0.1"
    port = os.environ.get("PORT") or "8000"
    return f"http://{host}:{port}/"
