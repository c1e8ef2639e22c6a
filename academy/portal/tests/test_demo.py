import io
from datetime import date

import pytest

from academy.accounts.demo import seed_organisations, seed_people
from academy.portal import selectors, services
from academy.portal.demo import seed
from academy.portal.models import Event, NewsItem, Page, Section, Status

pytestmark = pytest.mark.django_db


@pytest.mark.clause("IS-17")
def test_demo_has_a_page_per_section_six_news_four_events_and_one_stale_page():
    seed_people(seed_organisations())
    seed(io.StringIO())
    seed(io.StringIO())  # idempotent
    assert set(Page.objects.values_list("section", flat=True)) == set(Section.values)
    assert NewsItem.objects.filter(status=Status.PUBLISHED).count() == 6
    assert Event.objects.filter(status=Status.PUBLISHED).count() == 4
    assert [page.slug for page in selectors.stale_pages()] == ["paid-courses"]
    urgent = NewsItem.objects.get(urgent=True)
    assert urgent.initiator.email == "rector@academy.kz" and urgent.urgent_reason
    for item in [*Page.objects.all(), *NewsItem.objects.all()]:
        assert services.missing_languages(item) == []
    assert selectors.upcoming_events(date.today()).count() == 3
