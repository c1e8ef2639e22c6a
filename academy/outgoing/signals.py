"""Documents the rules send are registered when they come into being.

TR-13 an approved programme, TR-18 a signed expulsion order, TR-29 confirmed exam results
(the reference on results), AP-23 a decided appeal.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation

from academy.appeals.models import Appeal
from academy.exams.models import Exam
from academy.training.models import CourseProgramme, Order

from .models import OutgoingDocument

COUNCIL = "Supreme Judicial Council"
EXPULSION_RECIPIENTS = ("Court Administration HR service", "Chair of the regional court")


@receiver(post_save, sender=CourseProgramme)
def _programme_approved(sender: Any, instance: CourseProgramme, **kwargs: Any) -> None:
    if instance.status != CourseProgramme.Status.APPROVED:
        return
    from .services import outgoing_register_programme

    transaction.on_commit(
        lambda: outgoing_register_programme(programme=instance, by=instance.approved_by)
    )


def _register_later(**kwargs: Any) -> None:
    from .services import outgoing_register

    transaction.on_commit(lambda: outgoing_register(**kwargs))


@receiver(post_save, sender=Exam)
def _exam_confirmed(sender: Any, instance: Exam, **kwargs: Any) -> None:
    """TR-29: the reference on the group's results goes to the rule's recipients."""
    if instance.status != Exam.Status.CONFIRMED or instance.group_id is None:
        return
    from academy.documents.selectors import recipients

    with translation.override("en"):  # the register keeps one spelling of each recipient
        names = [str(name) for name in recipients(for_judges=instance.group.is_for_judges)]
    for name in names:
        _register_later(
            kind=OutgoingDocument.Kind.RESULTS_REFERENCE,
            document=instance,
            recipient=name,
            due_on=None,
        )


@receiver(post_save, sender=Appeal)
def _appeal_decided(sender: Any, instance: Appeal, **kwargs: Any) -> None:
    """AP-23: the appeals commission's decision goes to the Council."""
    if instance.status != Appeal.Status.DECIDED:
        return
    _register_later(
        kind=OutgoingDocument.Kind.APPEAL_DECISION,
        document=instance,
        recipient=COUNCIL,
        due_on=None,
        channel=OutgoingDocument.Channel.API,
    )


@receiver(post_save, sender=Order)
def _expulsion_signed(sender: Any, instance: Order, **kwargs: Any) -> None:
    """TR-18: the expulsion order goes to the Court Administration HR service and the chair."""
    if instance.kind != Order.Kind.EXPULSION or instance.status != Order.Status.SIGNED:
        return
    for name in EXPULSION_RECIPIENTS:
        _register_later(
            kind=OutgoingDocument.Kind.EXPULSION_NOTICE,
            document=instance,
            recipient=name,
            due_on=None,
        )
