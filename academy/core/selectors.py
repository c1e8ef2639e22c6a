"""Reads shared by every app."""

from auditlog.models import LogEntry
from django.db.models import QuerySet


def audit_entries(*, model: str = "", actor_query: str = "") -> QuerySet[LogEntry]:
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if model:
        app_label, _, model_name = model.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    if actor_query:
        entries = entries.filter(actor__surname__icontains=actor_query)
    return entries
