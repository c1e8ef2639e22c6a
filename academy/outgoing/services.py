"""Writes of the outgoing register: registering a document and recording its delivery."""

from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event
from academy.training.models import CourseProgramme

from .models import OutgoingDocument

PROGRAMME_DAYS_BEFORE_START = 3  # TR-13
PROGRAMME_RECIPIENTS = ("Supreme Judicial Council", "Supreme Court")


def programme_send_deadline(programme: CourseProgramme) -> date:
    """TR-13: sent no later than 3 calendar days before the course starts."""
    return programme.group.course.start_date - timedelta(days=PROGRAMME_DAYS_BEFORE_START)


def _next_number(on: date) -> str:
    count = OutgoingDocument.objects.filter(registered_on__year=on.year).count() + 1
    number = f"{on.year}/{count:05d}"
    while OutgoingDocument.objects.filter(number=number).exists():
        count += 1
        number = f"{on.year}/{count:05d}"
    return number


@transaction.atomic
def outgoing_register(
    *,
    kind: str,
    document: models.Model,
    recipient: str,
    due_on: date | None,
    channel: str = OutgoingDocument.Channel.EMAIL,
    by: Any = None,
) -> OutgoingDocument:
    """Register a document to send (once per document and recipient)."""
    content_type = ContentType.objects.get_for_model(document)
    existing = OutgoingDocument.objects.filter(
        kind=kind, content_type=content_type, object_id=document.pk, recipient=recipient
    ).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    entry = OutgoingDocument(
        number=_next_number(today),
        registered_on=today,
        kind=kind,
        recipient=recipient,
        channel=channel,
        due_on=due_on,
        content_type=content_type,
        object_id=document.pk,
        registered_by=by if getattr(by, "pk", None) else None,
    )
    entry.full_clean()
    entry.save()
    audit_event(actor=by, obj=entry, event="outgoing_registered")
    return entry


def outgoing_register_programme(
    *, programme: CourseProgramme, by: Any = None
) -> list[OutgoingDocument]:
    """TR-13: the approved programme goes to the Council and the Supreme Court."""
    return [
        outgoing_register(
            kind=OutgoingDocument.Kind.PROGRAMME,
            document=programme,
            recipient=recipient,
            due_on=programme_send_deadline(programme),
            by=by,
        )
        for recipient in PROGRAMME_RECIPIENTS
    ]


ALLOWED_STEPS = {
    OutgoingDocument.Status.PENDING: {
        OutgoingDocument.Status.SENT,
        OutgoingDocument.Status.DELIVERED,
        OutgoingDocument.Status.FAILED,
    },
    OutgoingDocument.Status.SENT: {
        OutgoingDocument.Status.DELIVERED,
        OutgoingDocument.Status.FAILED,
    },
    OutgoingDocument.Status.FAILED: {
        OutgoingDocument.Status.SENT,
        OutgoingDocument.Status.DELIVERED,
    },
    OutgoingDocument.Status.DELIVERED: set(),
}


@transaction.atomic
def outgoing_record_delivery(
    *, entry: OutgoingDocument, status: str, at: Any = None, note: str = "", by: Any
) -> OutgoingDocument:
    """Record that a document was sent, delivered or failed to arrive."""
    entry = OutgoingDocument.objects.select_for_update().get(pk=entry.pk)
    if status not in ALLOWED_STEPS.get(entry.status, set()):
        raise ValidationError(
            {
                "status": _("Document %(number)s is “%(current)s” and cannot become “%(new)s”.")
                % {
                    "number": entry.number,
                    "current": entry.get_status_display(),
                    "new": OutgoingDocument.Status(status).label
                    if status in OutgoingDocument.Status.values
                    else status,
                }
            },
            code="status",
        )
    moment = at or timezone.now()
    if moment > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"at": _("The moment cannot be in the future.")}, code="future")
    entry.status = status
    if status in (OutgoingDocument.Status.SENT, OutgoingDocument.Status.DELIVERED):
        entry.sent_at = entry.sent_at or moment
    if status == OutgoingDocument.Status.DELIVERED:
        entry.delivered_at = moment
    entry.delivery_note = note[:255]
    entry.full_clean()
    entry.save()
    audit_event(
        actor=by, obj=entry, event="outgoing_delivery", details={"status": status, "note": note}
    )
    return entry
