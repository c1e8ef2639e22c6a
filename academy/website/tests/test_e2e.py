"""In the browser: a unit's editor submits a news item, the authorised person approves it,
and visitors read it in Kazakh, Russian and English (003 ¶8, IS-18, IS-21)."""

import pytest
from wagtail.models import WorkflowState

from academy.website.testing import live_versions, make_news

pytestmark = pytest.mark.browser


@pytest.mark.clause("IS-18")
@pytest.mark.clause("IS-21")
def test_editor_submits_reviewer_approves_and_it_appears_in_three_languages(
    transactional_db, chromium, live_server, login, editor, administrator
):
    news = make_news("Justice forum", user=editor, publish=False)

    def context_page():
        context = chromium.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(20000)
        return context, context.new_page()

    # The editor opens the draft in /cms/ and submits it for review.
    context, page = context_page()
    login(page, editor, language="en")
    page.wait_for_url("**/dashboard/")
    page.goto(f"/cms/pages/{news.pk}/edit/")
    page.fill("#id_title", "Justice forum 2026")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to Website review").click()
    assert live_versions(news) == set()
    assert WorkflowState.objects.for_instance(news).filter(status="in_progress").exists()
    context.close()

    # The authorised person approves it from "Awaiting your review" on the admin's home.
    context, page = context_page()
    login(page, administrator, language="en")
    page.wait_for_url("**/dashboard/")
    page.goto("/cms/")
    approve = "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
    with page.expect_navigation():
        page.locator(approve).first.dispatch_event("click")  # in the task's actions menu
    context.close()

    assert live_versions(news) == {"kk", "ru", "en"}
    context, page = context_page()
    news.refresh_from_db()
    page.goto(news.url)
    assert page.inner_text("h1") == "Justice forum 2026"
    for code in ("ru", "en"):
        page.click(f"[data-testid=page-languages] a[hreflang={code}]")
        assert f"[{code}]" in page.inner_text("h1")
    context.close()
