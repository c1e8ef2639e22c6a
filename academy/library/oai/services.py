"""Writes of the OAI-PMH provider: a tombstone for every deleted catalogue record."""

from typing import Any

from django.utils import timezone

from .models import DeletedRecord


def record_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_delete of library.Record: keep a persistent tombstone for harvesters."""
    DeletedRecord.objects.update_or_create(
        record_pk=instance.pk,
        defaults={
            "title": (instance.title or "")[:500],
            "kind": instance.kind,
            "language": instance.language,
            "deleted_at": timezone.now(),
        },
    )
