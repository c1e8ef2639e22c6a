"""Accessibility: axe-core finds no serious or critical violation on the shared pages."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize(
    "path",
    ["/kk/", "/kk/accounts/login/", "/ru/accounts/register/", "/en/accounts/password-reset/"],
)
def test_public_pages_have_no_serious_accessibility_violations(page, path):
    page.goto(path)
    assert serious_violations(page) == []


def test_the_dashboard_has_no_serious_accessibility_violations(page, login, methodologist):
    login(page, methodologist)
    page.wait_for_url("**/dashboard/")
    assert serious_violations(page) == []


@pytest.mark.parametrize(
    "path", ["/kk/site/", "/ru/site/news/", "/kk/library/", "/en/library/?q=code"]
)
def test_the_website_and_the_catalogue_have_no_serious_accessibility_violations(page, path):
    page.goto(path)
    assert serious_violations(page) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_exam_list_has_no_serious_accessibility_violations(
    transactional_db, page, login, listener, methodologist, width
):
    from academy.exams.testing import open_test_exam

    open_test_exam(listeners=[listener])
    page.set_viewport_size({"width": width, "height": 900})
    for user in (listener, methodologist):
        page.context.clear_cookies()
        login(page, user)
        page.wait_for_url("**/dashboard/")
        page.goto("/kk/exams/")
        assert serious_violations(page) == [], user


@pytest.mark.parametrize("width", [1280, 390])
def test_the_exam_attempt_page_has_no_serious_accessibility_violations(
    transactional_db, page, login, listener, width
):
    """The page a listener answers on: questions, navigator, countdown, review before submit."""
    import re

    from academy.exams.testing import open_test_exam

    open_test_exam(listeners=[listener], count=3)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, listener)
    page.wait_for_url("**/dashboard/")
    page.goto("/kk/exams/")
    page.click("[data-testid=start-exam]")
    page.wait_for_url(re.compile(r"/exams/attempts/\d+/$"))
    assert serious_violations(page) == []
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )
