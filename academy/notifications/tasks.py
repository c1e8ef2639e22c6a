"""E-mails of notifications, each written in the recipient's saved language."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Notification


def email_message(notification: Notification) -> tuple[str, str]:
    """Subject and body in the active language."""
    user = notification.recipient
    body = _("Dear %(name)s,") % {"name": user.full_name} + "\n\n" + notification.text
    target = notification.target_url
    if target:
        body += "\n\n" + str(getattr(settings, "SITE_URL", "")).rstrip("/") + target
    body += "\n\n" + _("You can choose which notifications you receive in your profile.")
    return notification.subject, body


@shared_task(
    name="notifications.send_email",
    autoretry_for=(OSError,),  # smtplib errors are OSErrors; the mail server may be back soon
    retry_backoff=60,
    max_retries=5,
)
def send_email(notification_pk: int) -> bool:
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_pk, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not notification.recipient.email:
        return False
    user = notification.recipient
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject, body = email_message(notification)
    send_mail(subject, body, None, [user.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
