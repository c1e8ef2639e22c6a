"""Issue 16 "Done when", tried in a real browser as a new user would: a news item drafted in
three languages is submitted, its diff seen, sent back once, approved and published at the
scheduled time (home page, feed, search); a stale page flagged and its unit reminded; an
urgent item without a reason refused; the version for the visually impaired; old addresses."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState

from academy.core.testing import browser_relogin
from academy.website import tasks
from academy.website.models import StandardPage
from academy.website.testing import add, live_versions, make_news, section

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _admin_in_english(transactional_db, editor, administrator):
    # Wagtail's admin speaks the user's language; the buttons are found by their English names.
    for user in (editor, administrator):
        user.preferred_language = "en"
        user.save()


def _context(chromium, live_server, locale="en-GB"):
    context = chromium.new_context(base_url=live_server.url, locale=locale)
    context.set_default_timeout(20000)
    return context, context.new_page()


def _submit(page, news_pk, title):
    page.goto(f"/cms/pages/{news_pk}/edit/")
    page.fill("#id_title", title)
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        # "Submit to Website review" the first time, "Resubmit to <task>" once sent back.
        page.get_by_role("button", name=re.compile(r"^(Submit to Website|Resubmit to) ")).click()


@pytest.mark.clause("IS-18")
@pytest.mark.clause("IS-21")
def test_a_news_item_is_reviewed_sent_back_approved_and_published_on_schedule(
    transactional_db, chromium, live_server, login, editor, administrator
):
    go_live = timezone.now() + timedelta(hours=2)
    news = make_news("Justice forum", user=editor, publish=False, go_live_at=go_live)
    context, page = _context(chromium, live_server)

    # The unit's editor submits the draft (kk, with its ru and en translations).
    browser_relogin(page, login, editor)
    _submit(page, news.pk, "Justice forum 2026")
    assert WorkflowState.objects.for_instance(news).filter(status="in_progress").exists()

    # The authorised person sees what changed …
    browser_relogin(page, login, administrator)
    page.goto(f"/cms/pages/{news.pk}/revisions/compare/earliest...latest/")
    body = page.inner_text("main")
    assert "Justice forum" in body and "2026" in body
    # … and sends it back once, with a comment.
    page.goto("/cms/")
    page.locator("button[data-workflow-action-url*='/reject/']").first.dispatch_event("click")
    page.fill("textarea[name=comment]", "Add the year to the title of every language")
    with page.expect_navigation():
        page.locator(".modal button[type=submit]").first.click()
    state = WorkflowState.objects.for_instance(news).get()
    assert state.status == "needs_changes"
    assert state.current_task_state.comment == "Add the year to the title of every language"

    # The editor corrects and resubmits; the authorised person approves.
    browser_relogin(page, login, editor)
    _submit(page, news.pk, "Justice forum 2026")
    browser_relogin(page, login, administrator)
    page.goto("/cms/")
    approve = "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
    with page.expect_navigation():
        page.locator(approve).first.dispatch_event("click")
    context.close()

    # Approved but scheduled: nobody sees it before its time.
    assert live_versions(news) == set()
    context, page = _context(chromium, live_server, locale="kk-KZ")
    page.goto("/kk/site/")
    assert "Justice forum 2026" not in page.inner_text("main")
    with time_machine.travel(go_live + timedelta(minutes=1), tick=True):
        call_command("publish_scheduled")
    assert live_versions(news) == {"kk", "ru", "en"}

    page.goto("/kk/site/")
    assert "Justice forum 2026" in page.inner_text("main")
    feed = page.request.get("/kk/site/news/rss/")
    assert feed.ok and "Justice forum 2026" in feed.text()
    page.goto("/kk/site/search/?q=Justice")
    assert "Justice forum 2026" in page.inner_text("main")
    page.goto("/en/site/search/?q=Justice")
    assert "Justice forum [en]" in page.inner_text("main")
    context.close()


@pytest.mark.clause("IS-17")
def test_a_page_unchanged_for_four_months_is_flagged_and_its_unit_reminded(
    transactional_db, chromium, live_server, login, editor, mailoutbox
):
    editor.email = "lee@example.kz"
    editor.save()
    page_ = StandardPage(title="Admission rules", slug="admission-rules", body="<p>Text</p>")
    page_.owner = editor
    add(section("admission"), page_)
    with time_machine.travel(timezone.now() + timedelta(days=122), tick=True):
        context, page = _context(chromium, live_server)
        browser_relogin(page, login, editor)
        page.goto("/cms/")
        panel = page.get_by_test_id("stale-pages")
        assert "Admission rules" in panel.inner_text()
        assert tasks.remind_stale_pages() == 1
        context.close()
    [message] = mailoutbox
    assert message.to == ["lee@example.kz"] and "Admission rules" in message.body


@pytest.mark.clause("IS-15")
def test_an_urgent_item_without_a_reason_is_refused(
    transactional_db, chromium, live_server, login, editor
):
    news = make_news("Flood warning", user=editor, publish=False)
    context, page = _context(chromium, live_server)
    browser_relogin(page, login, editor)
    page.goto(f"/cms/pages/{news.pk}/edit/")
    page.check("#id_urgent")
    with page.expect_navigation():
        page.locator("footer button[type=submit]").first.click()
    assert "Give the reason for the urgent publication." in page.inner_text("body")
    news.refresh_from_db()
    assert not news.urgent
    context.close()


def test_the_version_for_the_visually_impaired_is_remembered_without_cookies(
    transactional_db, chromium, live_server
):
    make_news("Open day")
    context, page = _context(chromium, live_server, locale="kk-KZ")
    page.goto("/kk/site/")
    toggle = page.get_by_test_id("low-vision-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.evaluate("document.documentElement.classList.contains('low-vision')")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.goto("/ru/site/news/")
    assert page.evaluate("document.documentElement.classList.contains('low-vision')")
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 24
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    # Remembered in the visitor's browser, not in a cookie (anonymous pages stay cacheable).
    assert page.evaluate("localStorage.getItem('academy.lowVision')") == "1"
    assert not [c for c in context.cookies() if "vision" in c["name"].lower()]
    page.get_by_test_id("low-vision-toggle").click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('low-vision')")
    context.close()


@pytest.mark.parametrize(
    "old", ["/kk/site/news/41/", "/kk/site/news/", "/kk/site/events/", "/kk/site/about/"]
)
def test_old_addresses_still_answer_in_the_browser(transactional_db, chromium, live_server, old):
    news = make_news("Legacy")
    news.legacy_pk = 41
    news.save_revision().publish()
    context, page = _context(chromium, live_server, locale="kk-KZ")
    response = page.goto(old)
    assert response is not None and response.ok, old
    context.close()
