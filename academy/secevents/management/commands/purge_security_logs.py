"""Delete security events, API call records and old exam answers past their retention settings."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from academy.api.models import ApiCall
from academy.exams.services.retention import attempt_answers_purge
from academy.secevents.models import SecurityEvent


class Command(BaseCommand):
    help = (
        "Delete security events, API call records and exam answers past "
        "SECURITY_EVENT_RETENTION_DAYS / API_CALL_RETENTION_DAYS / EXAM_ATTEMPT_RETENTION_DAYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        events, _detail = SecurityEvent.objects.filter(
            at__lt=now - timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
        ).delete()
        calls, _detail = ApiCall.objects.filter(
            at__lt=now - timedelta(days=settings.API_CALL_RETENTION_DAYS)
        ).delete()
        purge = attempt_answers_purge(now=now)
        self.stdout.write(
            f"security events deleted: {events}; API calls deleted: {calls}; "
            f"exam answers cleared: {purge.answers_cleared} items, {purge.attempts} written "
            f"answers, {purge.events_deleted} attempt events"
        )
