"""Helpers shared by the appeal services."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import (
    Appeal,
    Notification,
)


def notify(
    *, user: Any, code: str, params: dict[str, Any] | None = None, url: str = ""
) -> Notification:
    """Tell a user in the system (shown in the reader's language, notices.py) and by e-mail
    in the user's preferred language."""
    notification = Notification.objects.create(
        user=user, code=code, params=dict(params or {}), url=url
    )
    if user.email:
        with override(user.preferred_language or "kk"):
            subject, message = _("Appeals commission"), notification.text
        send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=[user.email],
            fail_silently=True,
        )
    return notification


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def require_open(appeal: Appeal) -> None:
    if appeal.is_locked:
        # AP-24: the decision is final.
        raise ValidationError(_("The appeal is closed and can no longer be changed."))


def clean_score(value: Any, allowed: list[str], *, optional: bool = False) -> str:
    """A score of a sheet, normalised ("1.0" → "1", "0,5" → "0.5"), if the sheet allows it."""
    value = "" if value is None else str(value).strip().replace(",", ".")
    if optional and value == "":
        return ""
    try:
        normalised = str(Decimal(value).normalize())
    except InvalidOperation:
        normalised = value
    if normalised not in allowed:
        raise ValidationError(_("%(value)s is not an allowed score.") % {"value": value or "—"})
    return normalised
