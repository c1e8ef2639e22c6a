"""Publishing rules of the website: roles, languages, links, urgent items, quarterly checks."""

from datetime import date, datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from academy.portal import selectors, services
from academy.portal.models import NewsItem, Page, Section, Status
from academy.portal.testing import make_event, make_news, make_page, texts

pytestmark = pytest.mark.django_db


def _events(obj, name):
    return LogEntry.objects.filter(object_pk=str(obj.pk), additional_data__event=name)


# ---- IS-18: the publishing procedure ----


@pytest.mark.clause("IS-18")
def test_a_new_item_is_a_draft_until_published(editor):
    news = make_news(editor, publish=False)
    assert news.status == Status.DRAFT
    assert news.published_at is None and news.published_by is None


@pytest.mark.clause("IS-18")
def test_publishing_records_who_and_when(editor):
    news = make_news(editor, publish=False)
    with time_machine.travel(datetime(2026, 3, 2, 9, 30, tzinfo=timezone.get_current_timezone())):
        news = services.news_publish(news=news, by=editor)
    assert news.status == Status.PUBLISHED
    assert news.published_by == editor
    assert news.published_at.date() == date(2026, 3, 2)
    assert _events(news, "newsitem_published").get().actor == editor


@pytest.mark.clause("IS-18")
def test_an_administrator_may_publish_an_editors_draft(editor, administrator):
    page = make_page(editor, publish=False)
    page = services.page_publish(page=page, by=administrator)
    assert page.published_by == administrator


@pytest.mark.clause("IS-18")
@pytest.mark.parametrize("role", ["listener", "methodologist", "rector"])
def test_other_roles_may_neither_draft_nor_publish(editor, request, role):
    outsider = request.getfixturevalue(role)
    with pytest.raises(ValidationError, match="content editor"):
        services.news_create(title=texts("N"), body=texts("B"), by=outsider)
    draft = make_news(editor, publish=False)
    with pytest.raises(ValidationError, match="content editor"):
        services.news_publish(news=draft, by=outsider)
    assert NewsItem.objects.get(pk=draft.pk).status == Status.DRAFT


@pytest.mark.clause("IS-18")
def test_an_item_is_published_once(editor):
    news = make_news(editor)
    with pytest.raises(ValidationError, match="already published"):
        services.news_publish(news=news, by=editor)


@pytest.mark.clause("IS-18")
def test_the_database_refuses_a_publication_without_its_record(editor):
    page = make_page(editor, publish=False)
    with pytest.raises(IntegrityError):
        Page.objects.filter(pk=page.pk).update(status=Status.PUBLISHED)


# ---- IS-21: Kazakh, Russian and English ----


@pytest.mark.clause("IS-21")
def test_a_draft_may_lack_languages(editor):
    news = services.news_create(
        title=texts("N", skip=("en",)), body=texts("B", skip=("ru", "en")), by=editor
    )
    assert news.title_en == "" and news.status == Status.DRAFT


@pytest.mark.clause("IS-21")
def test_publishing_is_refused_naming_the_missing_languages(editor):
    news = services.news_create(title=texts("N"), body=texts("B", skip=("ru", "en")), by=editor)
    with pytest.raises(ValidationError) as error:
        services.news_publish(news=news, by=editor)
    message = error.value.messages[0]
    assert "Русский" in message and "English" in message and "Қазақша" not in message
    assert NewsItem.objects.get(pk=news.pk).status == Status.DRAFT


@pytest.mark.clause("IS-21")
def test_a_page_and_an_event_also_need_every_language(editor):
    page = make_page(editor, publish=False, skip=("kk",))
    with pytest.raises(ValidationError, match="Қазақша"):
        services.page_publish(page=page, by=editor)
    event = make_event(editor, publish=False)
    services.event_update(
        event=event,
        kind=event.kind,
        title=texts("E", skip=("en",)),
        body=texts("D"),
        place={},
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        by=editor,
    )
    with pytest.raises(ValidationError, match="English"):
        services.event_publish(event=event, by=editor)


@pytest.mark.clause("IS-21")
def test_a_published_item_cannot_lose_a_language_when_edited(editor):
    news = make_news(editor)
    with pytest.raises(ValidationError, match="English"):
        services.news_update(news=news, title=texts("N"), body=texts("B", skip=("en",)), by=editor)
    assert NewsItem.objects.get(pk=news.pk).body_en


def test_an_item_needs_a_title_in_some_language(editor):
    with pytest.raises(ValidationError) as error:
        services.news_create(title={}, body=texts("B"), by=editor)
    assert "title_kk" in error.value.message_dict


# ---- IS-20: links to own and partners' resources only ----


@pytest.mark.clause("IS-20")
def test_a_link_to_an_unrelated_site_is_refused_and_named(editor):
    body = texts("See")
    body["ru"] = "Подробнее: [здесь](https://casino.example.com/win)"
    with pytest.raises(ValidationError) as error:
        services.news_create(title=texts("N"), body=body, by=editor)
    assert "https://casino.example.com/win" in error.value.message_dict["body_ru"][0]
    assert not NewsItem.objects.exists()


@pytest.mark.clause("IS-20")
def test_links_to_own_and_partner_sites_are_accepted(editor, partner):
    body = {
        "kk": "https://academy.kz/kk/site/ және https://sud.gov.kz/kaz/news",
        "ru": "[Верховный Суд](https://www.sud.gov.kz) и [страница](/ru/site/news/)",
        "en": "Mail [us](mailto:info@academy.kz) or see https://lms.academy.kz.",
    }
    news = services.news_create(title=texts("N"), body=body, by=editor)
    assert services.news_publish(news=news, by=editor).is_published


@pytest.mark.clause("IS-20")
def test_a_link_is_refused_once_its_partner_is_removed(editor, partner):
    body = texts("B")
    body["en"] = "https://sud.gov.kz"
    page = services.page_create(
        section=Section.COOPERATION, slug="partners", title=texts("P"), body=body, by=editor
    )
    services.partner_delete(partner=partner, by=editor)
    with pytest.raises(ValidationError, match="sud.gov.kz"):
        services.page_publish(page=page, by=editor)


@pytest.mark.clause("IS-20")
def test_the_own_domain_is_a_setting(editor, settings):
    settings.PORTAL_OWN_DOMAINS = ["sot-akademiyasy.kz"]
    body = texts("B")
    body["en"] = "https://academy.kz/"
    with pytest.raises(ValidationError, match="academy.kz"):
        services.news_create(title=texts("N"), body=body, by=editor)
    body["en"] = "https://www.sot-akademiyasy.kz/en/"
    assert services.news_create(title=texts("N"), body=body, by=editor).pk


@pytest.mark.clause("IS-20")
def test_an_events_link_must_lead_to_a_partner(editor, partner):
    event = make_event(editor, publish=False)
    fields = {
        "event": event,
        "kind": event.kind,
        "title": texts("E"),
        "body": texts("D"),
        "place": texts("P"),
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "by": editor,
    }
    with pytest.raises(ValidationError) as error:
        services.event_update(**fields, link="https://unrelated.example.org/")
    assert "link" in error.value.message_dict
    assert services.event_update(**fields, link="https://sud.gov.kz/forum").link


# ---- IS-15: urgent unplanned items ----


@pytest.mark.clause("IS-15")
def test_an_urgent_item_needs_an_initiator_and_a_reason(editor):
    with pytest.raises(ValidationError) as error:
        services.news_create(title=texts("N"), body=texts("B"), urgent=True, by=editor)
    assert set(error.value.message_dict) == {"initiator", "urgent_reason"}


@pytest.mark.clause("IS-15")
def test_the_initiator_of_an_urgent_item_comes_from_management(editor, methodologist):
    with pytest.raises(ValidationError) as error:
        services.news_create(
            title=texts("N"),
            body=texts("B"),
            urgent=True,
            initiator=methodologist,
            urgent_reason="Storm warning",
            by=editor,
        )
    assert "rector" in error.value.message_dict["initiator"][0]


@pytest.mark.clause("IS-15")
def test_an_urgent_item_records_initiator_and_reason_when_published(editor, vice_rector):
    news = services.news_create(
        title=texts("Classes online"),
        body=texts("B"),
        urgent=True,
        initiator=vice_rector,
        urgent_reason="  Storm warning for Astana  ",
        by=editor,
    )
    news = services.news_publish(news=news, by=editor)
    assert (news.initiator, news.urgent_reason) == (vice_rector, "Storm warning for Astana")
    entry = _events(news, "news_urgent_published").get()
    assert entry.additional_data["initiator"] == vice_rector.pk
    assert entry.additional_data["reason"] == "Storm warning for Astana"


@pytest.mark.clause("IS-15")
def test_the_database_refuses_an_urgent_item_without_its_record(editor):
    news = make_news(editor, publish=False)
    with pytest.raises(IntegrityError):
        NewsItem.objects.filter(pk=news.pk).update(urgent=True)


@pytest.mark.clause("IS-15")
def test_an_item_that_is_no_longer_urgent_drops_initiator_and_reason(editor, rector):
    news = services.news_create(
        title=texts("N"),
        body=texts("B"),
        urgent=True,
        initiator=rector,
        urgent_reason="R",
        by=editor,
    )
    news = services.news_update(news=news, title=texts("N"), body=texts("B"), by=editor)
    assert (news.urgent, news.initiator, news.urgent_reason) == (False, None, "")


# ---- IS-17: quarterly checks of static pages ----


@pytest.mark.clause("IS-17")
def test_a_page_becomes_stale_after_a_quarter_without_a_check(editor):
    with time_machine.travel(date(2026, 1, 15)):
        page = make_page(editor)
    with time_machine.travel(date(2026, 4, 15)):
        assert not page.is_stale()
        assert selectors.stale_page_count() == 0
    with time_machine.travel(date(2026, 4, 16)):
        assert page.is_stale()
        assert list(selectors.stale_pages()) == [page]


@pytest.mark.clause("IS-17")
def test_confirming_a_page_starts_the_quarter_again(editor, administrator):
    with time_machine.travel(date(2026, 1, 10)):
        page = make_page(editor)
    with time_machine.travel(date(2026, 5, 1)):
        assert page.is_stale()
        page = services.page_mark_reviewed(page=page, by=administrator)
        assert (page.reviewed_at, page.reviewed_by) == (date(2026, 5, 1), administrator)
        assert not page.is_stale()
        assert _events(page, "page_reviewed").get().additional_data == {
            "event": "page_reviewed",
            "previously_checked": "2026-01-10",
        }


@pytest.mark.clause("IS-17")
def test_editing_a_page_counts_as_checking_it(editor):
    with time_machine.travel(date(2026, 1, 10)):
        page = make_page(editor)
    with time_machine.travel(date(2026, 6, 1)):
        page = services.page_update(
            page=page,
            section=page.section,
            slug=page.slug,
            title=texts("New title"),
            body=texts("New text"),
            by=editor,
        )
        assert page.reviewed_at == date(2026, 6, 1) and not page.is_stale()


@pytest.mark.clause("IS-17")
def test_a_quarter_ends_on_the_last_day_of_a_shorter_month():
    from academy.portal.models import months_before

    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2026, 2, 15), 3) == date(2025, 11, 15)


def test_slugs_are_unique(editor):
    make_page(editor, slug="contacts", section=Section.CONTACTS)
    with pytest.raises(ValidationError) as error:
        make_page(editor, slug="contacts", section=Section.CONTACTS, publish=False)
    assert "slug" in error.value.message_dict


def test_an_event_cannot_end_before_it_starts(editor):
    with pytest.raises(ValidationError):
        services.event_create(
            kind="forum",
            title=texts("F"),
            body=texts("D"),
            place={},
            starts_on=date(2026, 5, 2),
            ends_on=date(2026, 5, 1),
            by=editor,
        )
