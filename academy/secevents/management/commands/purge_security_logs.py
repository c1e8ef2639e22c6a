"""Delete security events and API call records older than their retention settings."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from academy.api.models import ApiCall
from academy.secevents.models import SecurityEvent


class Command(BaseCommand):
    help = "Delete security events and API call records past SECURITY_EVENT_RETENTION_DAYS / API_CALL_RETENTION_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        events, _detail = SecurityEvent.objects.filter(
            at__lt=now - timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
        ).delete()
        calls, _detail = ApiCall.objects.filter(
            at__lt=now - timedelta(days=settings.API_CALL_RETENTION_DAYS)
        ).delete()
        self.stdout.write(f"security events deleted: {events}; API calls deleted: {calls}")
