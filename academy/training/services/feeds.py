"""Signed links to a listener's iCalendar feed: they expire and can be renewed (revoked)."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from academy.accounts.models import User
from academy.core.audit import audit_event

from ..models import CalendarFeedKey

CALENDAR_SALT = "training.calendar.v2"
CALENDAR_LINK_MAX_AGE_DEFAULT = 365 * 24 * 60 * 60  # a year, in seconds


def calendar_link_max_age() -> timedelta:
    """How long a feed link works (setting TRAINING_CALENDAR_LINK_MAX_AGE, seconds; a year)."""
    seconds = getattr(settings, "TRAINING_CALENDAR_LINK_MAX_AGE", CALENDAR_LINK_MAX_AGE_DEFAULT)
    return timedelta(seconds=int(seconds))


class _IssuedSigner(signing.TimestampSigner):
    """Signs with the key's issue time, so the link stays the same until it is renewed."""

    def __init__(self, *, issued_at: datetime, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._issued_at = issued_at

    def timestamp(self) -> str:
        return signing.b62_encode(int(self._issued_at.timestamp()))


def calendar_feed_key(user: User) -> CalendarFeedKey:
    key, _created = CalendarFeedKey.objects.get_or_create(
        user=user, defaults={"issued_at": timezone.now()}
    )
    return key


def calendar_feed_token(key: CalendarFeedKey) -> str:
    signer = _IssuedSigner(issued_at=key.issued_at, salt=CALENDAR_SALT)
    return signer.sign_object({"u": key.user_id, "v": key.version})


def calendar_feed_expires(key: CalendarFeedKey) -> datetime:
    return key.issued_at + calendar_link_max_age()


@transaction.atomic
def calendar_feed_renew(*, user: User, by: Any) -> CalendarFeedKey:
    """Issue a new link; the old one stops working at once."""
    key = calendar_feed_key(user)
    key = CalendarFeedKey.objects.select_for_update().get(pk=key.pk)
    key.version += 1
    key.issued_at = timezone.now()
    key.save(update_fields=["version", "issued_at"])
    audit_event(actor=by, obj=key, event="calendar_link_renewed", details={"version": key.version})
    return key


def calendar_feed_user(token: str) -> User | None:
    """The listener a link belongs to, or None if it is forged, expired or revoked."""
    try:
        data = signing.TimestampSigner(salt=CALENDAR_SALT).unsign_object(
            token, max_age=calendar_link_max_age()
        )
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(data, dict):
        return None
    key = (
        CalendarFeedKey.objects.select_related("user")
        .filter(user_id=data.get("u"), version=data.get("v"), user__is_active=True)
        .first()
    )
    return key.user if key else None
