"""The regulation's rules on Wagtail pages: IS-15, IS-17, IS-20, IS-21."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.accounts.roles import Role
from academy.portal import services as portal_services
from academy.website import selectors, services
from academy.website.models import EventPage, NewsPage, StandardPage
from academy.website.testing import add, events_index, live_versions, make_news, section


@pytest.mark.clause("IS-21")
def test_missing_languages_names_absent_empty_and_untranslated_versions(db):
    news = make_news("Conference", publish=False, skip=("en",))
    assert services.missing_languages(news) == ["en"]
    ru = news.get_translations().get(locale__language_code="ru").specific
    # A copy still identical to the Kazakh text is not a translation.
    ru.title, ru.body = news.title, news.body
    ru.save_revision()
    assert services.missing_languages(news) == ["ru", "en"]
    assert "missing: Русский, English" in services.languages_message(["ru", "en"])


@pytest.mark.clause("IS-21")
def test_publishing_the_page_publishes_its_complete_translations_together(db):
    news = make_news("Forum")
    assert live_versions(news) == {"kk", "ru", "en"}


@pytest.mark.clause("IS-21")
def test_an_incomplete_page_does_not_take_its_translations_live(db):
    news = make_news("Seminar", skip=("en",))
    assert live_versions(news) == {"kk"}


@pytest.mark.clause("IS-20")
@pytest.mark.parametrize(
    "href",
    ["https://evil.example/", "/\\evil.example/", "//evil.example/x", "javascript:alert(1)"],
)
def test_links_outside_the_academy_and_partners_are_refused(db, href):
    news = NewsPage(title="Link", slug="link", body=f'<p><a href="{href}">x</a></p>')
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert "body" in error.value.message_dict
    assert "leads outside" in error.value.message_dict["body"][0]


@pytest.mark.clause("IS-20")
def test_links_to_own_and_partner_sites_pass(db, editor):
    portal_services.partner_create(
        name={"kk": "Сот", "ru": "Суд", "en": "Court"}, url="https://sud.gov.kz", by=editor
    )
    news = NewsPage(
        title="Links",
        slug="links",
        body='<p><a href="https://www.sud.gov.kz/x">a</a> <a href="https://academy.kz/">b</a>'
        ' <a href="/kk/site/about/">c</a></p>',
    )
    services.check_page(news)  # no error


@pytest.mark.clause("IS-20")
def test_an_event_link_outside_partners_is_refused(db):
    today = timezone.localdate()
    event = EventPage(
        title="Forum",
        slug="forum",
        kind=EventPage.Kind.FORUM,
        starts_on=today,
        ends_on=today,
        link="https://evil.example/",
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "link" in error.value.message_dict


@pytest.mark.clause("IS-15")
def test_an_urgent_item_needs_management_initiator_and_reason(db, make_persona):
    news = NewsPage(title="Urgent", slug="urgent", body="<p>x</p>", urgent=True)
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert set(error.value.message_dict) >= {"initiator", "urgent_reason"}

    news.initiator = make_persona(Role.LECTURER)
    news.urgent_reason = "Court decision"
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert "rector or a vice-rector" in error.value.message_dict["initiator"][0]

    news.initiator = make_persona(Role.VICE_RECTOR)
    services.check_page(news)  # recorded: initiator and reason


@pytest.mark.clause("IS-15")
def test_teaching_methodological_meetings_are_an_event_kind_on_the_events_page(client, db):
    start = timezone.localdate() + timedelta(days=5)
    event = EventPage(
        title="Оқу-әдістемелік жиын",
        kind=EventPage.Kind.TEACHING_MEETINGS,
        starts_on=start,
        ends_on=start + timedelta(days=2),
        body="<p>Жиын</p>",
    )
    add(events_index("kk"), event)
    html = client.get("/en/site/events/").content.decode()
    assert "Teaching-methodological meetings" in html
    assert "[en]" in html


@pytest.mark.clause("IS-17")
def test_a_static_page_is_flagged_after_a_quarter_and_confirmed_by_an_editor(db, client_as, editor):
    page = add(section("about"), StandardPage(title="Rules", slug="rules", body="<p>Text</p>"))
    page.refresh_from_db()
    assert page.reviewed_at == timezone.localdate()
    assert page not in selectors.stale_pages()
    later = timezone.now() + timedelta(days=125)
    with time_machine.travel(later):
        assert page.pk in {p.pk for p in selectors.stale_pages()}
        client = client_as(editor)
        home = client.get("/cms/")
        assert "Rules" in home.content.decode()
        response = client.post(f"/cms/website/pages/{page.pk}/checked/")
        assert response.status_code == 302
        assert page.pk not in {p.pk for p in selectors.stale_pages()}


@pytest.mark.clause("IS-17")
def test_the_unit_of_a_page_unchanged_for_four_months_is_reminded_weekly(db, editor, mailoutbox):
    from academy.website import tasks

    editor.email, editor.preferred_language = "lee@example.kz", "en"
    editor.save()
    page = StandardPage(title="Admission rules", slug="admission-rules", body="<p>Text</p>")
    page.owner = editor
    add(section("admission"), page)
    assert tasks.remind_stale_pages() == 0
    with time_machine.travel(timezone.now() + timedelta(days=122)):
        assert page.pk in {p.pk for p in selectors.stale_pages()}
        assert tasks.remind_stale_pages() == 1
    [message] = mailoutbox
    assert message.to == ["lee@example.kz"]
    assert "not checked this quarter" in message.subject
    assert "Admission rules" in message.body
    assert f"/cms/pages/{page.pk}/edit/" in message.body
