"""A lecturer authors a module with a self-check, a listener passes it, the methodologist
sees the progress on the monitoring page (IS-13)."""

import pytest

from academy.core.testing import browser_relogin, submit_and_wait
from academy.core.tests.test_accessibility import serious_violations
from academy.learning.models import Module, Progress

pytestmark = pytest.mark.browser


@pytest.mark.clause("IS-13")
def test_module_authored_studied_self_checked_and_monitored(
    transactional_db, page, login, lecturer, listener, methodologist, course
):
    # The lecturer adds a module with a text material and one self-check question.
    browser_relogin(page, login, lecturer)
    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"a[href$='/learning/courses/{course.pk}/modules/add/']")
    page.fill("#id_title", "Judicial ethics")
    page.fill("#id_text", "A judge is impartial.\n\nA judge is independent.")
    submit_and_wait(page, "[data-testid=module-form]")
    module = Module.objects.get(course=course)
    page.fill("[data-testid=question-form] #id_text", "Is a judge impartial?")
    page.fill("#id_option_1", "No")
    page.fill("#id_option_2", "Yes")
    page.select_option("#id_correct", "2")
    submit_and_wait(page, "[data-testid=question-form]")
    assert "Is a judge impartial?" in page.inner_text("[data-testid=questions]")

    # The listener finds it through the dashboard tile, studies it and passes the self-check.
    browser_relogin(page, login, listener)
    assert page.locator("main a[href$='/learning/']").count() == 1  # the "My online courses" tile
    page.goto("/en/learning/")
    assert "0 of 1 activities completed" in page.inner_text("[data-testid=my-courses]")
    page.click(f"a[href$='/learning/courses/{course.pk}/']")
    page.click(f"a[href$='/learning/modules/{module.pk}/']")
    assert "A judge is independent." in page.inner_text("[data-testid=material]")
    assert serious_violations(page) == []
    submit_and_wait(page, "[data-testid=material] form")
    assert "You have studied this material." in page.inner_text("main")
    page.check("[data-testid=self-check-form] input[value='2']")
    submit_and_wait(page, "[data-testid=self-check-form]")
    assert "1 of 1 correct (100%)" in page.inner_text("main")
    assert "module completed" in page.inner_text("[data-testid=best-score]")
    assert Progress.objects.get(listener=listener).best_percent == 100

    # The methodologist sees the listener's progress on the monitoring page.
    browser_relogin(page, login, methodologist)
    assert page.locator("main a[href$='/learning/monitoring/']").count() == 1  # "Monitoring"
    page.goto("/en/learning/monitoring/")
    page.click(f"a[href$='/learning/courses/{course.pk}/monitoring/']")
    table = page.inner_text("[data-testid=monitoring-table]")
    assert listener.full_name in table
    assert "1/1 (100.0%)" in table
    assert page.locator("[data-testid=monitoring-chart] svg.chart").is_visible()
    assert serious_violations(page) == []
