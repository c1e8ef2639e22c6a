"""Audit log for decisions that are more than a field change.

Field changes of registered models (users, roles, grades, orders, decisions) are
recorded automatically by django-auditlog; this helper adds an entry for a named
event (an order signed, a registration rejected) to the same log, so that one page
shows everything.
"""

from typing import Any

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models


def audit_event(
    *, actor: Any, obj: models.Model, event: str, details: dict[str, Any] | None = None
) -> LogEntry:
    """Record that `actor` did `event` to `obj`; `details` are kept as JSON."""
    pk = obj.pk
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_pk=str(pk),
        object_id=pk if isinstance(pk, int) else None,
        object_repr=str(obj)[:500],
        action=LogEntry.Action.UPDATE,
        changes={},
        changes_text="",
        actor=actor if getattr(actor, "pk", None) else None,
        cid=get_cid(),
        additional_data={"event": event, **(details or {})},
    )
