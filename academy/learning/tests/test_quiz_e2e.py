"""In Chromium: a listener takes a practice quiz from the question bank – an answer checked
at once shows its verdict and stays, the attempt is submitted and its score counted."""

import pytest

from academy.core.tests.test_accessibility import serious_violations
from academy.exams.models import Attempt
from academy.exams.testing import correct_token, make_bank
from academy.learning import quizzes
from academy.learning.models import CourseQuiz

pytestmark = pytest.mark.browser


@pytest.mark.clause("IS-13")
def test_a_listener_takes_a_practice_quiz(
    transactional_db, page, login, lecturer, listener, course
):
    quiz = quizzes.quiz_create(
        course=course,
        title="Judicial ethics: practice",
        draws=[quizzes.CategoryDraw(make_bank(4, path="Ethics"), 2)],
        mode=CourseQuiz.Mode.PRACTICE,
        attempts_allowed=None,
        by=lecturer,
    )
    login(page, listener, language="en")
    page.wait_for_url("**/dashboard/**")
    page.goto(f"/en/learning/courses/{course.pk}/")
    with page.expect_navigation():
        page.click(f"[data-testid=quizzes] a[href$='/learning/quizzes/{quiz.pk}/']")
    with page.expect_navigation():
        page.click("[data-testid=quiz-start]")
    attempt = Attempt.objects.get(exam=quiz.exam, listener=listener)
    assert serious_violations(page) == []

    # The first answer, checked at once: the verdict shows and the answer is locked.
    first = attempt.items.get(position=1)
    page.check(f"#q1-{correct_token(first)}")
    with page.expect_navigation():
        page.click("[data-testid=check-1]")
    assert "Correct." in page.inner_text("#q1 [data-testid=verdict]")
    assert page.locator("#q1 input").first.is_disabled()
    assert page.locator("[data-testid=check-2]").count() == 1

    # The second answered and the attempt submitted: the score is shown and counted.
    second = attempt.items.get(position=2)
    page.check(f"#q2-{correct_token(second)}")
    with page.expect_navigation():
        page.click("[data-testid=quiz-submit]")
    assert "100.0%" in page.inner_text("[data-testid=quiz-result]")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.earned_points == 2
    page.goto(f"/en/learning/quizzes/{quiz.pk}/")
    assert "counted" in page.inner_text("[data-testid=my-attempts]")
