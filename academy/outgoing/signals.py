"""An approved programme is registered for sending at once (TR-13)."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from academy.training.models import CourseProgramme


@receiver(post_save, sender=CourseProgramme)
def _programme_approved(sender: Any, instance: CourseProgramme, **kwargs: Any) -> None:
    if instance.status != CourseProgramme.Status.APPROVED:
        return
    from .services import outgoing_register_programme

    transaction.on_commit(
        lambda: outgoing_register_programme(programme=instance, by=instance.approved_by)
    )
