from celery import shared_task

from .services.attempts import attempts_submit_expired


@shared_task(name="exams.submit_expired_attempts")
def submit_expired_attempts() -> int:
    """Submit attempts whose deadline has passed (TR-21); run every minute by Celery beat."""
    return attempts_submit_expired()
