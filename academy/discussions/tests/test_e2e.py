"""In Chromium: a listener asks the lecturer a question, the lecturer answers, the listener
sees the notification in the bell and opens the answer; another listener cannot read it."""

import pytest

from academy.core.testing import browser_relogin, submit_and_wait
from academy.core.tests.test_accessibility import serious_violations
from academy.discussions.models import Topic

pytestmark = pytest.mark.browser


@pytest.mark.clause("TR-8")
def test_listener_asks_lecturer_answers_listener_is_notified(
    transactional_db, page, login, lecturer, listener, second_listener, course
):
    # The listener asks from the course page.
    browser_relogin(page, login, listener)
    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click("[data-testid=course-discussion]")
    assert serious_violations(page) == []  # the forum page
    page.click("[data-testid=ask-question]")
    assert serious_violations(page) == []  # the question form
    page.fill("#id_title", "Appeal deadlines")
    page.fill("#id_body", "How many days does a party have to appeal?")
    submit_and_wait(page, "[data-testid=topic-form]")
    assert "sent to the group's lecturers" in page.inner_text("main")
    question = Topic.objects.get(course=course, kind=Topic.Kind.QUESTION)

    # The lecturer sees it in the bell and answers.
    browser_relogin(page, login, lecturer)
    assert page.inner_text("[data-testid=notification-count]").startswith("1")
    page.click("[data-testid=notification-bell]")
    assert serious_violations(page) == []
    page.click("[data-testid=notifications] a")
    page.wait_for_url(f"**/discussions/topics/{question.pk}/")
    assert "How many days" in page.inner_text("[data-testid=posts]")
    page.fill("#id_body", "Fifteen <strong>working</strong> days.<script>window.pwned=1</script>")
    submit_and_wait(page, "[data-testid=reply-form]")
    assert page.evaluate("window.pwned") is None

    # The listener is notified and reads the answer.
    browser_relogin(page, login, listener)
    assert page.inner_text("[data-testid=notification-count]").startswith("1")
    page.click("[data-testid=notification-bell]")
    # Written in the listener's saved language (Kazakh), whatever language the lecturer used.
    assert "«Appeal deadlines» сұрағыңызға жауап берді" in page.inner_text(
        "[data-testid=notifications]"
    )
    page.click("[data-testid=notifications] a")
    assert "Fifteen working days." in page.inner_text("[data-testid=posts]")
    assert serious_violations(page) == []
    assert page.locator("[data-testid=notification-count]").count() == 0

    # Another listener of the same group cannot open it.
    browser_relogin(page, login, second_listener)
    response = page.goto(f"/en/discussions/topics/{question.pk}/")
    assert response.status == 404
