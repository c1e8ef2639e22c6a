"""Reads: the security officer's search over recent events."""

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import SecurityEvent


def security_events_search(
    *, kind: str = "", text: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[SecurityEvent]:
    events = SecurityEvent.objects.select_related("user")
    if kind:
        events = events.filter(kind=kind)
    if text:
        events = events.filter(
            Q(username__icontains=text) | Q(ip_address__startswith=text) | Q(path__icontains=text)
        )
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        events = events.filter(at__lte=datetime.combine(until, time.max, tzinfo=zone))
    return events
