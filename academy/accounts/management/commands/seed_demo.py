"""`manage.py seed_demo` – idempotent demo content; apps add theirs through demo modules."""

from typing import Any

from django.core.management.base import BaseCommand
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
    "academy.library.demo.seed",
    "academy.portal.demo.seed",
]


class Command(BaseCommand):
    help = "Create (or refresh) realistic demo data and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        # Demo notices (appeal filed, order signed…) are kept in memory, not printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed()

    def _seed(self) -> None:
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
            f"Log in at http://127.0.0.1:8000/ with the IIN or e-mail below and the password {DEMO_PASSWORD}"
        )
        self.stdout.write("Staff roles set up two-factor authentication (TOTP) at first login.")
        width = max(len(label) for label, _ in people)
        for label, user in people:
            self.stdout.write(f"  {label:<{width}}  {user.iin}  {user.email:<32} {user.full_name}")
