"""Calendar feed links expire after the set age and are revoked by renewal."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from academy.training import services
from academy.training.models import CalendarFeedKey
from academy.training.testing import EnrolmentFactory, LessonFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return "/en" + reverse(name, args=args)[3:]


@pytest.fixture
def enrolled(listener):
    enrolment = EnrolmentFactory(listener=listener)
    LessonFactory(programme=ProgrammeFactory(group=enrolment.group), topic="Сот әдебі")
    return listener


def feed_path(client):
    page = client.get(url("training:my_courses")).content.decode()
    return page.split('href="http://testserver')[1].split('"')[0]


def test_link_is_stable_until_renewed(client_as, enrolled):
    client = client_as(enrolled)
    first = feed_path(client)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert feed_path(client) == first
    assert CalendarFeedKey.objects.get(user=enrolled).version == 1


def test_link_expires_after_a_year(client_as, enrolled):
    client = client_as(enrolled)
    path = feed_path(client)
    with time_machine.travel(timezone.now() + timedelta(days=364)):
        assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        assert client.get(path).status_code == 404


def test_max_age_comes_from_the_setting(client_as, enrolled, settings):
    settings.TRAINING_CALENDAR_LINK_MAX_AGE = 3600
    client = client_as(enrolled)
    path = feed_path(client)
    assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.get(path).status_code == 404


def test_page_shows_the_expiry_date(client_as, enrolled):
    page = client_as(enrolled).get(url("training:my_courses")).content.decode()
    key = CalendarFeedKey.objects.get(user=enrolled)
    expires = timezone.localtime(services.calendar_feed_expires(key)).strftime("%d.%m.%Y")
    assert f"The calendar link works until {expires}" in page


def test_renewing_revokes_the_old_link(client_as, enrolled):
    client = client_as(enrolled)
    old = feed_path(client)
    response = client.post(url("training:calendar_link_renew"), follow=True)
    assert "A new calendar link has been issued" in response.content.decode()
    new = feed_path(client)
    assert new != old
    assert client.get(old).status_code == 404
    feed = client.get(new)
    assert feed.status_code == 200 and "SUMMARY:Сот әдебі" in feed.content.decode()


def test_renewing_gives_a_fresh_year(client_as, enrolled):
    client = client_as(enrolled)
    feed_path(client)
    later = timezone.now() + timedelta(days=300)
    with time_machine.travel(later):
        client = client_as(enrolled)  # the first session has long expired
        client.post(url("training:calendar_link_renew"))
        path = feed_path(client)
    with time_machine.travel(later + timedelta(days=300)):
        assert client.get(path).status_code == 200


def test_renew_is_post_only_and_for_listeners(client_as, enrolled, methodologist):
    assert client_as(enrolled).get(url("training:calendar_link_renew")).status_code == 405
    assert client_as(methodologist).post(url("training:calendar_link_renew")).status_code == 403


def test_old_untimed_links_and_other_users_are_refused(client_as, enrolled):
    client = client_as(enrolled)
    old_style = signing.dumps(enrolled.pk, salt="training.calendar")
    assert client.get(url("training:calendar_feed", old_style)).status_code == 404
    tampered = feed_path(client).replace(".ics", "x.ics")
    assert client.get(tampered).status_code == 404


def test_inactive_user_link_stops_working(client_as, enrolled):
    client = client_as(enrolled)
    path = feed_path(client)
    enrolled.is_active = False
    enrolled.save(update_fields=["is_active"])
    assert client.get(path).status_code == 404
