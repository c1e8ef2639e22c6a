"""Pages of the website: the public sees published items only; editors' pages are guarded."""

import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from academy.portal.models import NewsItem, Page, Section, Status
from academy.portal.testing import make_event, make_news, make_page

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#00afca").save(buffer, "PNG")
    return buffer.getvalue()


def _news_data(**overrides):
    data = {f"title_{c}": f"Title {c}" for c in ("kk", "ru", "en")}
    data |= {f"body_{c}": f"Body {c}" for c in ("kk", "ru", "en")}
    data |= {"urgent_reason": ""}
    return data | overrides


# ---- The public (IS-14) ----


@pytest.mark.clause("IS-14")
def test_anonymous_visitors_see_the_front_page_with_news_events_and_sections(client, editor):
    make_news(editor, stem="Published")
    make_news(editor, stem="Secret draft", publish=False)
    make_event(editor, stem="Forum")
    response = client.get(url("portal:front"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Published [en]" in text and "Secret draft" not in text
    assert "Forum [en]" in text
    for label in Section.labels:
        with translation.override("en"):
            assert str(label) in text


@pytest.mark.clause("IS-19")
def test_every_public_page_shows_the_state_symbols_and_the_logo(client):
    text = client.get(url("portal:news_list")).content.decode()
    for image in ("portal/flag.svg", "portal/emblem.svg", "portal/logo.svg"):
        assert image in text
    assert "State Flag of the Republic of Kazakhstan" in text


@pytest.mark.clause("IS-21")
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_published_item_is_shown_in_the_language_of_the_address(client, editor, lang):
    news = make_news(editor, stem="Item")
    response = client.get(url("portal:news_detail", news.pk, lang=lang))
    assert f"Item [{lang}]" in response.content.decode()
    assert f"Item body [{lang}]" in response.content.decode()


def test_a_draft_is_not_found_by_the_public(client, editor, listener, client_as):
    news = make_news(editor, publish=False)
    page = make_page(editor, slug="draft-page", publish=False)
    for visitor in (client, client_as(listener)):
        assert visitor.get(url("portal:news_detail", news.pk)).status_code == 404
        assert visitor.get(url("portal:page", page.section, page.slug)).status_code == 404


def test_an_editor_previews_a_draft(client_as, editor):
    news = make_news(editor, publish=False)
    response = client_as(editor).get(url("portal:news_detail", news.pk))
    assert response.status_code == 200
    assert "Draft: the public does not see this item yet." in response.content.decode()


def test_a_section_with_one_page_opens_it_and_an_unknown_one_is_404(client, editor):
    page = make_page(editor, slug="admission", section=Section.ADMISSION)
    response = client.get(url("portal:section", Section.ADMISSION))
    assert response.status_code == 302 and response["Location"] == page.get_absolute_url()
    assert client.get(url("portal:section", "casino")).status_code == 404
    assert client.get(url("portal:section", Section.ALUMNI)).status_code == 200


def test_page_text_is_rendered_safely(client, editor, partner):
    page = make_page(editor, slug="cooperation", section=Section.COOPERATION, publish=False)
    Page.objects.filter(pk=page.pk).update(
        body_en="<script>alert(1)</script>\n\n[Supreme Court](https://sud.gov.kz)"
    )
    from academy.portal import services

    services.page_publish(page=Page.objects.get(pk=page.pk), by=editor)
    text = client.get(url("portal:page", page.section, page.slug)).content.decode()
    assert "<script>alert(1)" not in text and "&lt;script&gt;" in text
    assert '<a href="https://sud.gov.kz">Supreme Court</a>' in text


def test_news_are_paginated(client, editor):
    for number in range(12):
        make_news(editor, stem=f"N{number:02d}")
    first = client.get(url("portal:news_list")).content.decode()
    second = client.get(url("portal:news_list") + "?page=2").content.decode()
    assert "N11 [en]" in first and "N00 [en]" not in first
    assert "N00 [en]" in second and "Page 2 of 2" in second


@pytest.mark.clause("IS-15")
def test_events_are_listed_as_upcoming_and_past(client, editor):
    with time_machine.travel(date(2026, 3, 1)):
        make_event(editor, stem="Seminar", starts_on=date(2026, 3, 2))
        make_event(editor, stem="Congress", starts_on=date(2026, 6, 2))
    with time_machine.travel(date(2026, 4, 1)):
        response = client.get(url("portal:event_list"))
    upcoming, past = response.content.decode().split('data-testid="past-events"')
    assert "Congress [en]" in upcoming and "Seminar [en]" in past


def test_the_project_home_page_shows_the_sites_news_and_events(client, editor):
    make_news(editor, stem="Headline")
    make_event(editor, stem="Conference")
    text = client.get(url("core:home")).content.decode()
    assert "Headline [en]" in text and "Conference [en]" in text
    assert url("portal:front") in text and url("accounts:login") in text


# ---- Editors (IS-17, IS-18) ----

EDITOR_PAGES = [
    ("portal:editor_pages", ()),
    ("portal:editor_news", ()),
    ("portal:editor_events", ()),
    ("portal:editor_partners", ()),
    ("portal:page_create", ()),
    ("portal:news_create", ()),
    ("portal:event_create", ()),
]


@pytest.mark.parametrize(("name", "args"), EDITOR_PAGES)
def test_editors_pages_send_anonymous_visitors_to_log_in(client, name, args):
    response = client.get(url(name, *args))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "args"), EDITOR_PAGES)
@pytest.mark.parametrize("role", ["listener", "methodologist", "rector"])
def test_editors_pages_refuse_other_roles(client_as, request, name, args, role):
    response = client_as(request.getfixturevalue(role)).get(url(name, *args))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "args"), EDITOR_PAGES)
@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_editors_pages_open_for_editors_and_administrators(client_as, request, name, args, role):
    assert client_as(request.getfixturevalue(role)).get(url(name, *args)).status_code == 200


def test_other_roles_cannot_publish_through_the_page(client_as, editor, listener):
    news = make_news(editor, publish=False)
    assert client_as(listener).post(url("portal:news_publish", news.pk)).status_code == 403
    assert NewsItem.objects.get(pk=news.pk).status == Status.DRAFT


@pytest.mark.clause("IS-17")
def test_the_editors_list_and_the_dashboard_flag_stale_pages(client_as, editor):
    with time_machine.travel(date(2026, 1, 1)):
        make_page(editor, slug="old")
    with time_machine.travel(date(2026, 3, 1)):
        make_page(editor, slug="fresh")
    with time_machine.travel(date(2026, 4, 20)):
        client = client_as(editor)
        text = client.get(url("portal:editor_pages")).content.decode()
        dashboard = client.get(url("core:dashboard")).content.decode()
    old_row = text.split('data-testid="page-row-old"')[1].split("</tr>")[0]
    fresh_row = text.split('data-testid="page-row-fresh"')[1].split("</tr>")[0]
    assert 'data-testid="stale"' in old_row and 'data-testid="stale"' not in fresh_row
    assert "1 page was not checked for more than a quarter." in text
    assert "1 stale page needs checking" in dashboard


@pytest.mark.clause("IS-17")
def test_an_editor_confirms_a_stale_page(client_as, editor):
    with time_machine.travel(date(2026, 1, 1)):
        page = make_page(editor, slug="old")
    with time_machine.travel(date(2026, 5, 1)):
        response = client_as(editor).post(url("portal:page_reviewed", page.pk))
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).reviewed_at == date(2026, 5, 1)


@pytest.mark.clause("IS-18")
def test_an_editor_drafts_and_publishes_a_news_item_with_an_image(client_as, editor):
    client = client_as(editor)
    image = SimpleUploadedFile("photo.png", _png(), content_type="image/png")
    response = client.post(url("portal:news_create"), _news_data(image=image))
    news = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == url("portal:news_edit", news.pk)
    assert news.status == Status.DRAFT and news.image.name.endswith(".png")
    response = client.post(url("portal:news_publish", news.pk), follow=True)
    assert "Published." in response.content.decode()
    assert NewsItem.objects.get().status == Status.PUBLISHED


@pytest.mark.clause("IS-21")
def test_publishing_a_news_item_with_a_missing_language_shows_why(client_as, editor):
    news = make_news(editor, publish=False, skip=("ru",))
    response = client_as(editor).post(url("portal:news_publish", news.pk), follow=True)
    assert "missing: Русский" in response.content.decode()
    assert NewsItem.objects.get().status == Status.DRAFT


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.png", b"MZ\x90\x00 this is a program, not a picture"),
        ("photo.exe", None),
        ("photo.jpg", None),  # a PNG under a JPEG name
    ],
)
def test_an_upload_that_is_not_a_proper_image_is_refused(client_as, editor, name, content):
    upload = SimpleUploadedFile(name, content or _png(), content_type="image/png")
    response = client_as(editor).post(url("portal:news_create"), _news_data(image=upload))
    assert response.status_code == 200
    assert not NewsItem.objects.exists()
    errors = response.context["form"].errors["image"]
    assert errors


def test_a_too_large_image_is_refused(client_as, editor, settings):
    settings.PORTAL_IMAGE_MAX_SIZE = 100
    upload = SimpleUploadedFile("photo.png", _png() + b"\0" * 200, content_type="image/png")
    response = client_as(editor).post(url("portal:news_create"), _news_data(image=upload))
    assert "larger than" in str(response.context["form"].errors["image"])


@pytest.mark.clause("IS-15")
def test_the_urgent_item_form_shows_the_missing_initiator(client_as, editor):
    response = client_as(editor).post(url("portal:news_create"), _news_data(urgent="on"))
    form = response.context["form"]
    assert "initiator" in form.errors and "urgent_reason" in form.errors
    assert not NewsItem.objects.exists()


@pytest.mark.clause("IS-15")
def test_an_urgent_item_is_drafted_on_the_rectors_instruction(client_as, editor, rector):
    data = _news_data(urgent="on", initiator=rector.pk, urgent_reason="Storm warning")
    client_as(editor).post(url("portal:news_create"), data)
    news = NewsItem.objects.get()
    assert (news.urgent, news.initiator, news.urgent_reason) == (True, rector, "Storm warning")


@pytest.mark.clause("IS-20")
def test_a_foreign_link_is_shown_on_its_field(client_as, editor):
    data = _news_data(body_kk="https://unrelated.example.com/page")
    response = client_as(editor).post(url("portal:news_create"), data)
    assert "https://unrelated.example.com/page" in str(response.context["form"].errors["body_kk"])


def test_an_editor_creates_a_page_and_an_event(client_as, editor):
    client = client_as(editor)
    data = {"section": Section.CONTACTS, "slug": "contacts", "order": 0}
    data |= {f"title_{c}": "Contacts" for c in ("kk", "ru", "en")}
    data |= {f"body_{c}": "Astana" for c in ("kk", "ru", "en")}
    assert client.post(url("portal:page_create"), data).status_code == 302
    page = Page.objects.get()
    assert client.post(url("portal:page_publish", page.pk)).status_code == 302
    assert Page.objects.get().is_published
    data = {"kind": "forum", "starts_on": "2030-05-01", "ends_on": "2030-05-02", "link": ""}
    data |= {f"{f}_{c}": "Forum" for f in ("title", "body", "place") for c in ("kk", "ru", "en")}
    assert client.post(url("portal:event_create"), data).status_code == 302


@pytest.mark.clause("IS-20")
def test_an_editor_adds_and_removes_a_partner(client_as, editor):
    from academy.portal.models import Partner

    client = client_as(editor)
    data = {"name_kk": "Әділет", "name_ru": "", "name_en": "Adilet", "url": "https://adilet.zan.kz"}
    assert client.post(url("portal:editor_partners"), data).status_code == 302
    partner = Partner.objects.get()
    assert client.post(url("portal:partner_delete", partner.pk)).status_code == 302
    assert not Partner.objects.exists()


def test_the_edit_form_keeps_the_texts(client_as, editor):
    news = make_news(editor)
    text = client_as(editor).get(url("portal:news_edit", news.pk)).content.decode()
    assert "News body [ru]" in text and "Published on" in text


@pytest.mark.clause("IS-15")
@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("kk", "Оқу-әдістемелік жиындар"),
        ("ru", "Учебно-методические сборы"),
        ("en", "Teaching-methodological meetings"),
    ],
)
def test_teaching_methodological_meetings_are_published_as_events(client, editor, lang, label):
    from academy.portal import services
    from academy.portal.models import Event
    from academy.portal.testing import texts

    event = services.event_create(
        kind=Event.Kind.TEACHING_MEETINGS,
        title=texts("Meeting"),
        body=texts("Programme"),
        place=texts("Astana"),
        starts_on=date(2030, 5, 4),
        ends_on=date(2030, 5, 5),
        by=editor,
    )
    services.event_publish(event=event, by=editor)
    page = client.get(url("portal:event_list", lang=lang)).content.decode()
    assert label in page


@pytest.mark.clause("IS-21")
@pytest.mark.clause("IS-18")
def test_publishing_shows_a_summary_before_the_public_sees_it(client_as, editor):
    news = make_news(editor, publish=False)
    client = client_as(editor)
    edit = client.get(url("portal:news_edit", news.pk)).content.decode()
    publish_url = url("portal:news_publish", news.pk)
    assert f'href="{publish_url}"' in edit  # a link to the summary, not a one-click form
    page = client.get(publish_url).content.decode()
    assert 'data-testid="publish-summary"' in page and "English" in page
    assert NewsItem.objects.get(pk=news.pk).status == Status.DRAFT
    client.post(publish_url)
    assert NewsItem.objects.get(pk=news.pk).status == Status.PUBLISHED


@pytest.mark.clause("IS-21")
def test_the_publish_summary_names_the_missing_languages(client_as, editor):
    from academy.portal import services
    from academy.portal.testing import texts

    event = make_event(editor, publish=False)
    services.event_update(
        event=event,
        kind=event.kind,
        title=texts("E", skip=("ru",)),
        body=texts("D"),
        place={},
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        by=editor,
    )
    page = client_as(editor).get(url("portal:event_publish", event.pk)).content.decode()
    assert "Cannot be published yet; missing" in page and "Русский" in page
