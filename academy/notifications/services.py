"""Writes of notifications: create them, queue their e-mails, mark them read (issue 14).

Other apps call `notify` inside their transaction; the e-mail is queued only once the
transaction commits, and the Celery task writes it in the recipient's saved language.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import kinds, selectors
from .models import Notification, Preference


def _queue_email(notification_pk: int) -> None:
    from academy.core.broker import enqueue

    from .tasks import send_email

    enqueue(send_email, notification_pk)


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    params: Mapping[str, Any] | None = None,
    link: tuple[str, Sequence[Any]] | None = None,
    email: bool = True,
) -> list[Notification]:
    """Tell each recipient once, in the system and by e-mail, as each of them chose.

    Steps: 1. skip inactive users and duplicates; 2. read the recipient's choice for the
    kind; 3. store the notification (hidden from the bell if they chose e-mail only);
    4. after commit, queue the e-mail if they want it and have an address.
    """
    if kinds.get(kind) is None:
        raise ValidationError(_("Unknown kind of notification."), code="kind")
    values = {key: str(value) for key, value in (params or {}).items()}
    link_name, link_args = (link[0], list(link[1])) if link else ("", [])
    users = []
    seen: set[int] = set()
    for user in recipients:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    chosen = selectors.preferences_of(users, kind)
    made = []
    for user in users:
        in_app, by_email = chosen.get(user.pk, (True, True))
        send = email and by_email and bool(user.email)
        if not (in_app or send):
            continue
        notification = Notification.objects.create(
            recipient=user,
            kind=kind,
            params=values,
            link_name=link_name,
            link_args=link_args,
            in_app=in_app,
        )
        made.append(notification)
        if send:
            # robust: a mail or broker failure is logged, never undoes what was saved.
            transaction.on_commit(lambda pk=notification.pk: _queue_email(pk), robust=True)
    return made


def notification_mark_read(*, notification: Notification, by: Any) -> Notification:
    if notification.recipient_id != getattr(by, "pk", None):
        raise ValidationError(_("This is not your notification."), code="owner")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user: Any, choices: Mapping[str, tuple[bool, bool]]) -> None:
    """Save the user's channels per kind; unknown kinds are refused."""
    for code, (in_app, email) in choices.items():
        if kinds.get(code) is None:
            raise ValidationError(_("Unknown kind of notification."), code="kind")
        Preference.objects.update_or_create(
            user=user, kind=code, defaults={"in_app": in_app, "email": email}
        )
