"""In Chromium: a lecturer edits a module with a script in its text; the listener's browser
never runs it, and the lecturer sees the kept versions (issue 14, IS-10)."""

import pytest

from academy.core.testing import browser_relogin
from academy.learning.models import Module
from academy.learning.testing import add_module

pytestmark = pytest.mark.browser

PAYLOAD = (
    "<p>Судья <strong>тәуелсіз</strong>.</p>"
    "<script>window.__xss = 1; alert('xss')</script>"
    '<img src="x" onerror="window.__xss = 2">'
    '<p onmouseover="window.__xss = 3">Екінші абзац.</p>'
    '<a href="javascript:window.__xss=4">сілтеме</a>'
)


@pytest.mark.clause("IS-10")
@pytest.mark.clause("IS-13")
def test_a_script_in_an_edited_module_never_runs(
    transactional_db, page, login, lecturer, listener, course
):
    module = add_module(course, lecturer, title="Сот әдебі", text="Ескі мәтін.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    browser_relogin(page, login, lecturer)
    page.goto(f"/en/learning/modules/{module.pk}/edit/")
    page.fill("#id_text", PAYLOAD)
    with page.expect_navigation():
        page.click("[data-testid=module-edit-form] button[type=submit]")
    assert "Version 2" in page.inner_text("[data-testid=revisions]")
    assert "<script" not in Module.objects.get(pk=module.pk).text

    browser_relogin(page, login, listener)
    page.goto(f"/en/learning/modules/{module.pk}/")
    material = page.locator("[data-testid=material-text]")
    assert "тәуелсіз" in material.inner_text()
    material.locator("p", has_text="Екінші абзац.").hover()
    assert material.locator("script, img, [onmouseover]").count() == 0
    assert material.locator("a").count() == 0 or "javascript" not in (
        material.locator("a").first.get_attribute("href") or ""
    )
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
