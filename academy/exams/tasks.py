import logging
from typing import Any

from celery import shared_task

from .models import Exam
from .services.attempts import attempt_score, attempts_submit_expired, exam_attempts_draw

logger = logging.getLogger(__name__)


@shared_task(name="exams.submit_expired_attempts")
def submit_expired_attempts() -> int:
    """Submit attempts whose deadline has passed (TR-21); run every minute by Celery beat."""
    return attempts_submit_expired()


@shared_task(bind=True, name="exams.draw_attempts")
def draw_attempts(self: Any, exam_id: int) -> int:
    """Draw every participant's attempt of an opened computer test, with progress.

    Progress goes to the task's state (PROGRESS, done of total) and the log.
    """
    exam = Exam.objects.get(pk=exam_id)

    def progress(done: int, total: int) -> None:
        logger.info("exam %s: %s of %s attempts drawn", exam_id, done, total)
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return exam_attempts_draw(exam=exam, progress=progress)


@shared_task(name="exams.score_attempt")
def score_attempt(attempt_pk: int) -> bool:
    """Score an attempt submitted at the deadline (EXAM_SCORE_IN_BACKGROUND)."""
    return attempt_score(attempt_pk=attempt_pk)
