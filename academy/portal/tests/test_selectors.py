"""What the public sees: published items only, events split into upcoming and past."""

from datetime import date, timedelta

import pytest
import time_machine

from academy.portal import selectors
from academy.portal.models import Section
from academy.portal.testing import make_event, make_news, make_page

pytestmark = pytest.mark.django_db


def test_only_published_news_are_listed_newest_first(editor):
    first = make_news(editor, stem="First")
    make_news(editor, stem="Draft", publish=False)
    second = make_news(editor, stem="Second")
    assert selectors.latest_news() == [second, first]


@pytest.mark.clause("IS-15")
def test_events_are_upcoming_until_their_last_day(editor):
    with time_machine.travel(date(2026, 3, 1)):
        over = make_event(editor, stem="Over", starts_on=date(2026, 3, 5), days=2)
        running = make_event(editor, stem="Running", starts_on=date(2026, 3, 9), days=3)
        later = make_event(editor, stem="Later", starts_on=date(2026, 4, 1))
        make_event(editor, stem="Draft", starts_on=date(2026, 4, 2), publish=False)
    today = date(2026, 3, 10)
    assert list(selectors.upcoming_events(today)) == [running, later]
    assert list(selectors.past_events(today)) == [over]


@pytest.mark.clause("IS-14")
def test_the_menu_has_every_section_with_its_published_pages(editor):
    about = make_page(editor, slug="about", section=Section.ABOUT)
    make_page(editor, slug="draft", section=Section.ABOUT, publish=False)
    menu = selectors.sections_menu()
    assert [entry.value for entry in menu] == list(Section.values)
    assert menu[0].pages == [about]
    assert all(entry.pages == [] for entry in menu[1:])


@pytest.mark.clause("IS-17")
def test_only_published_pages_count_as_stale(editor):
    with time_machine.travel(date(2026, 1, 1)):
        stale = make_page(editor, slug="old")
        make_page(editor, slug="old-draft", publish=False)
    assert list(selectors.stale_pages(date(2026, 1, 1) + timedelta(days=100))) == [stale]


@pytest.mark.clause("IS-15")
def test_management_users_are_the_rector_and_vice_rectors(rector, vice_rector, methodologist):
    assert set(selectors.management_users()) == {rector, vice_rector}
