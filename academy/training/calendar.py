"""An iCalendar (RFC 5545) feed of classes, written by hand: the format is small."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from .models import Lesson


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets are folded."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def lessons_to_ics(lessons: Iterable[Lesson], *, name: str) -> str:
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Academy of Justice//academy training//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(str(name))}",
    ]
    for lesson in lessons:
        course = lesson.programme.group.course
        description = lesson.get_class_form_display()
        if lesson.lecturer:
            description = f"{description}\n{lesson.lecturer.full_name}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:lesson-{lesson.pk}@academy",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(lesson.starts_at)}",
            f"DTEND:{_utc(lesson.ends_at)}",
            f"SUMMARY:{_escape(lesson.topic)}",
            f"DESCRIPTION:{_escape(str(course) + chr(10) + str(description))}",
            f"LOCATION:{_escape(str(lesson.get_mode_display()))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
