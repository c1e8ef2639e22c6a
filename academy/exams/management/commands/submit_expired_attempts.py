"""`manage.py submit_expired_attempts` – the same sweep as the Celery task, for cron."""

from typing import Any

from django.core.management.base import BaseCommand

from academy.exams.services.attempts import attempts_submit_expired


class Command(BaseCommand):
    help = "Submit every exam attempt whose deadline has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        count = attempts_submit_expired()
        self.stdout.write(f"submitted: {count}")
