"""A methodologist opens the final survey, two listeners answer, the results show (TR-31)."""

import pytest

from academy.core.testing import browser_relogin
from academy.core.tests.test_accessibility import serious_violations
from academy.surveys.models import Respondent, Response, Survey
from academy.surveys.testing import group_listeners

pytestmark = pytest.mark.browser


def _submit(page, form_selector="main form[method=post]"):
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")


def _fill_answers(page, lecturers, scores, rating, remarks=""):
    for name, value in zip(("satisfaction", "knowledge_use", "effectiveness"), scores, strict=True):
        page.check(f"input[name={name}][value='{value}']")
    page.fill("#id_remarks", remarks)
    for lecturer in lecturers:
        page.check(f"input[name=lecturer_{lecturer.pk}][value='{rating}']")


@pytest.mark.clause("TR-31")
def test_survey_opened_answered_twice_refused_and_results_charted(
    transactional_db, page, login, methodologist, group, lecturer, second_lecturer
):
    first, second, *_ = group_listeners(group)
    lecturers = [lecturer, second_lecturer]

    # The methodologist opens the survey from the list of groups without one.
    browser_relogin(page, login, methodologist)
    page.goto("/en/surveys/")
    page.click(f"a[href$='/surveys/groups/{group.pk}/open/']")
    assert lecturer.full_name in page.inner_text("main")
    _submit(page)
    survey = Survey.objects.get(group=group)
    assert "0 of 4 listeners answered" in page.inner_text("[data-testid=response-rate]")

    # The first listener finds it through the dashboard tile and answers.
    browser_relogin(page, login, first)
    page.goto("/en/dashboard/")
    page.click("main a[href$='/surveys/my/']")
    page.click(f"a[href$='/surveys/{survey.pk}/answer/']")
    assert serious_violations(page) == []
    _fill_answers(page, lecturers, (5, 4, 4), 5, remarks="Көбірек практикалық сабақ керек")
    _submit(page, "[data-testid=survey-form]")
    assert "your answers have been recorded anonymously" in page.inner_text("main")
    assert "answered" in page.inner_text("main")

    # The second listener has the form open twice; the second sending is refused.
    browser_relogin(page, login, second)
    page.goto(f"/en/surveys/{survey.pk}/answer/")
    other_tab = page.context.new_page()
    other_tab.goto(f"/en/surveys/{survey.pk}/answer/")
    _fill_answers(page, lecturers, (4, 3, 2), 3)
    _submit(page, "[data-testid=survey-form]")
    _fill_answers(other_tab, lecturers, (1, 1, 1), 1)
    _submit(other_tab, "[data-testid=survey-form]")
    assert "You have already answered this survey." in other_tab.inner_text("main .alert-danger")
    other_tab.close()
    page.goto(f"/en/surveys/{survey.pk}/answer/")
    assert "You have already answered this survey" in page.inner_text("main")
    assert Respondent.objects.filter(survey=survey).count() == 2
    assert Response.objects.filter(survey=survey).count() == 2

    # The methodologist sees the results, the figures and the charts.
    browser_relogin(page, login, methodologist)
    page.goto(f"/en/surveys/{survey.pk}/")
    assert "2 of 4 listeners answered (50.0%)" in page.inner_text("[data-testid=response-rate]")
    assert "4.50" in page.inner_text("[data-testid=question-table]")  # satisfaction (5 + 4) / 2
    assert "4.00" in page.inner_text("[data-testid=lecturer-table]")  # each lecturer (5 + 3) / 2
    chart = page.locator("[data-testid=lecturer-chart] svg.chart")
    assert chart.is_visible()
    assert lecturer.short_name in chart.inner_html()
    assert "Көбірек практикалық сабақ керек" in page.inner_text("[data-testid=remarks]")
    assert first.surname not in page.inner_text("main")
    assert serious_violations(page) == []
