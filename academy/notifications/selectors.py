"""Reads of notifications: only ever the user's own."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from . import kinds
from .models import Notification, Preference


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, in_app=True)


def own_notification(user: Any, pk: int) -> Notification | None:
    return Notification.objects.filter(recipient=user, pk=pk).first()


@dataclass
class Choice:
    kind: kinds.Kind
    in_app: bool
    email: bool


def preference(user: Any, code: str) -> tuple[bool, bool]:
    """(in the system, by e-mail) for one kind; both on until the user turns one off."""
    saved = Preference.objects.filter(user=user, kind=code).first()
    return (saved.in_app, saved.email) if saved else (True, True)


def preferences_of(users: list[Any], code: str) -> dict[int, tuple[bool, bool]]:
    """The saved choices of many users for one kind, in one query (missing: both on)."""
    return {
        p.user_id: (p.in_app, p.email)
        for p in Preference.objects.filter(user__in=[u.pk for u in users], kind=code)
    }


def wants_email(user: Any, code: str) -> bool:
    return preference(user, code)[1]


def preferences_for(user: Any) -> list[Choice]:
    saved = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in kinds.all_kinds():
        item = saved.get(kind.code)
        rows.append(Choice(kind, item.in_app if item else True, item.email if item else True))
    return rows
