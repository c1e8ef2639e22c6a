"""How long a listener's answers are kept (issue 15, personal data).

The result and the points of an attempt are the Academy's record and stay; what the
listener typed and the browser events of the attempt are personal data kept only for
EXAM_ATTEMPT_RETENTION_DAYS after submission (long enough for every appeal and review).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from academy.exams.models import Attempt, AttemptEvent, AttemptItem


@dataclass(frozen=True)
class AttemptPurge:
    attempts: int
    answers_cleared: int
    events_deleted: int


@transaction.atomic
def attempt_answers_purge(*, now=None) -> AttemptPurge:
    """Clear the answers and delete the events of attempts submitted before the cut-off."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXAM_ATTEMPT_RETENTION_DAYS)
    expired = Attempt.objects.filter(
        status=Attempt.Status.SUBMITTED, submitted_at__lt=cutoff
    ).values("pk")
    answers = AttemptItem.objects.filter(attempt__in=expired, answer__isnull=False).update(
        answer=None
    )
    attempts = Attempt.objects.filter(pk__in=expired).exclude(answer_text="").update(answer_text="")
    events, _detail = AttemptEvent.objects.filter(attempt__in=expired).delete()
    return AttemptPurge(attempts=attempts, answers_cleared=answers, events_deleted=events)
