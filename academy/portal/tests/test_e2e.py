"""A content editor drafts a news item in three languages and publishes it; visitors read it."""

import pytest

from academy.core.tests.test_accessibility import serious_violations
from academy.portal.models import NewsItem, Status
from academy.portal.testing import make_event, make_news, make_page

pytestmark = pytest.mark.browser

TITLES = {
    "kk": "Академияда халықаралық конференция өтті",
    "ru": "В Академии прошла международная конференция",
    "en": "An international conference took place at the Academy",
}
BODIES = {
    "kk": "Конференцияға 12 елдің судьялары қатысты.",
    "ru": "В конференции приняли участие судьи из 12 стран.",
    "en": "Judges from 12 countries took part in the conference.",
}


def _submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.clause("IS-18")
@pytest.mark.clause("IS-21")
def test_editor_publishes_a_news_item_in_three_languages_and_visitors_read_it(
    transactional_db, page, login, editor
):
    login(page, editor, language="en")
    page.wait_for_url("**/dashboard/")
    page.goto("/en/site/legacy/editor/news/")
    page.click("main a[href$='/site/legacy/editor/news/new/']")

    # A draft with the English text still missing.
    for code in ("kk", "ru", "en"):
        page.fill(f"#id_title_{code}", TITLES[code])
    page.fill("#id_body_kk", BODIES["kk"])
    page.fill("#id_body_ru", BODIES["ru"])
    _submit(page, "[data-testid=edit-form] button[type=submit]")
    news = NewsItem.objects.get()
    assert news.status == Status.DRAFT

    # The summary before publishing names the missing language and offers no publishing.
    page.click("[data-testid=publish-link]")
    summary = page.inner_text("[data-testid=publish-summary]")
    assert "missing: English" in summary
    assert page.locator("[data-testid=publish-form] button[type=submit]").count() == 0
    assert NewsItem.objects.get().status == Status.DRAFT
    _submit(page, "[data-testid=publish-form] a")  # back to the editor

    # The editor completes the English text, saves and publishes.
    page.fill("#id_body_en", BODIES["en"])
    _submit(page, "[data-testid=edit-form] button[type=submit]")
    page.click("[data-testid=publish-link]")
    page.wait_for_selector("[data-testid=publish-summary]")
    _submit(page, "[data-testid=publish-form] button[type=submit]")
    assert "Published." in page.inner_text("main")
    news.refresh_from_db()
    assert news.status == Status.PUBLISHED and news.published_by == editor

    # An anonymous visitor reads it on the site in Kazakh and in English.
    page.context.clear_cookies()
    page.goto("/kk/site/legacy/")
    page.click(f"text={TITLES['kk']}")
    page.wait_for_url(f"**/kk/site/legacy/news/{news.pk}/")
    assert BODIES["kk"] in page.inner_text("[data-testid=news-body]")
    page.goto("/en/site/legacy/")
    assert TITLES["en"] in page.inner_text("main")
    page.goto(f"/en/site/legacy/news/{news.pk}/")
    assert BODIES["en"] in page.inner_text("[data-testid=news-body]")
    assert page.locator("[data-testid=state-symbols] img").count() == 2


@pytest.mark.clause("IS-19")
@pytest.mark.parametrize(
    "path",
    [
        "/kk/site/legacy/",
        "/en/site/legacy/news/",
        "/ru/site/legacy/events/",
        "/kk/site/",
        "/en/site/news/",
        "/ru/site/events/",
    ],
)
def test_the_public_website_has_no_serious_accessibility_violations(
    transactional_db, page, editor, path
):
    make_page(editor, slug="about-academy")
    make_news(editor, stem="Жаңалық")
    make_event(editor, stem="Форум")
    page.goto(path)
    assert serious_violations(page) == []


@pytest.mark.clause("IS-17")
def test_the_editors_page_flags_a_stale_page_accessibly(transactional_db, page, login, editor):
    from datetime import timedelta

    from django.utils import timezone

    from academy.portal.models import Page

    stale = make_page(editor, slug="old-page")
    Page.objects.filter(pk=stale.pk).update(reviewed_at=timezone.localdate() - timedelta(days=120))
    make_page(editor, slug="fresh-page")
    login(page, editor, language="en")
    page.wait_for_url("**/dashboard/")
    page.goto("/en/dashboard/")
    assert "1 stale page needs checking" in page.inner_text("main")
    page.goto("/en/site/legacy/editor/")
    assert page.locator("[data-testid=page-row-old-page] [data-testid=stale]").count() == 1
    assert page.locator("[data-testid=page-row-fresh-page] [data-testid=stale]").count() == 0
    assert serious_violations(page) == []
    page.goto("/en/site/legacy/editor/news/new/")
    assert serious_violations(page) == []
