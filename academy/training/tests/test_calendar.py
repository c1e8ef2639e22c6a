"""The iCalendar feed follows RFC 5545: CRLF lines, folding at 75 octets, escaping."""

import pytest

from academy.training.calendar import lessons_to_ics
from academy.training.testing import LessonFactory


@pytest.mark.django_db
@pytest.mark.clause("TR-8")
def test_long_lines_are_folded_and_text_escaped():
    lesson = LessonFactory(topic="Сот актілерін жазу әдістемесі; дәлелдемелер, бағалау " * 3)
    text = lessons_to_ics([lesson], name="Сот төрелігі академиясы")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Сот актілерін жазу әдістемесі\\; дәлелдемелер\\, бағалау" in unfolded
    assert f"UID:lesson-{lesson.pk}@academy" in unfolded
