"""Reads of the outgoing register: overdue sendings for the responsible people's dashboards."""

from django.db.models import QuerySet
from django.utils import timezone

from academy.training.models import CourseProgramme

from .models import OutgoingDocument
from .services import PROGRAMME_DAYS_BEFORE_START

DONE = (OutgoingDocument.Status.SENT, OutgoingDocument.Status.DELIVERED)


def outgoing_list() -> QuerySet[OutgoingDocument]:
    return OutgoingDocument.objects.select_related("content_type")


def overdue_outgoing() -> QuerySet[OutgoingDocument]:
    """Registered documents not sent by their deadline."""
    return outgoing_list().filter(due_on__lt=timezone.localdate()).exclude(status__in=DONE)


def programmes_not_sent_in_time() -> QuerySet[CourseProgramme]:
    """TR-13: programmes whose course starts within 3 days (or has started) and that were not
    sent – not approved and registered yet, or registered but not sent."""
    from datetime import timedelta

    latest_start = timezone.localdate() + timedelta(days=PROGRAMME_DAYS_BEFORE_START - 1)
    return (
        CourseProgramme.objects.filter(
            group__course__start_date__lte=latest_start,
            group__course__end_date__gte=timezone.localdate(),
            sent_at__isnull=True,
        )
        .exclude(
            pk__in=OutgoingDocument.objects.filter(
                kind=OutgoingDocument.Kind.PROGRAMME, status__in=DONE
            ).values("object_id")
        )
        .select_related("group__course")
        .order_by("group__course__start_date", "pk")
    )
