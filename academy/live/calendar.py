"""The iCalendar (RFC 5545) feed of a user's live sessions, written with `icalendar`."""

from collections.abc import Iterable
from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import LiveSession


def sessions_to_ics(sessions: Iterable[LiveSession], *, name: str) -> bytes:
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//Academy of Justice//academy live sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC)
    for session in sessions:
        page = base + reverse("live:session", args=[session.pk])
        event = Event()
        event.add("uid", f"live-{session.pk}@academy")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(UTC))
        event.add("dtend", session.ends_at.astimezone(UTC))
        event.add("summary", session.title)
        description = str(session.get_kind_display())
        if session.group_id:
            description += f"\n{session.group}"
        event.add("description", f"{description}\n{page}")
        event.add("url", page)
        event.add("location", page)
        event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
