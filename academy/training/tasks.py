"""Background jobs of the training app (eager when REDIS_URL is unset)."""

from celery import shared_task
from django.utils import translation

from academy.accounts.models import User

from . import notifications


@shared_task(
    name="training.send_notification",
    autoretry_for=(OSError,),  # smtplib errors are OSErrors; the mail server may be back soon
    retry_backoff=60,
    max_retries=5,
)
def send_notification(kind: str, user_pk: int, object_pk: int) -> bool:
    """E-mail one notification, written in the recipient's preferred language."""
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        return False
    with translation.override(user.preferred_language or "kk"):
        return notifications.send(kind, user, object_pk)
