import re

import pytest

from academy.exams.models import Attempt, AttemptEvent
from academy.exams.testing import correct_token, open_test_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("TR-21")
def test_a_listener_takes_a_short_computer_test_in_the_browser(page, login, listener):
    exam = open_test_exam(listeners=[listener], count=3)
    login(page, listener)
    page.goto("/kk/exams/")
    page.click("[data-testid=start-exam]")
    page.wait_for_url(re.compile(r"/exams/attempts/\d+/$"))
    assert re.match(r"\d+:\d\d", page.inner_text("[data-testid=countdown]"))
    attempt = Attempt.objects.get(exam=exam, listener=listener)
    for item in attempt.items.select_related("version__question"):
        correct = correct_token(item)
        page.check(f"#q{item.position}-{correct}")
        page.wait_for_function(
            "document.querySelector('[data-testid=save-status]').classList.contains('text-success')"
        )
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    # Reload as after a crash: the answers come back from the server.
    page.reload()
    first = attempt.items.order_by("position").first()
    first_correct = correct_token(first)
    assert page.is_checked(f"#q{first.position}-{first_correct}")
    page.click("[data-testid=review-attempt]")  # the review screen confirms first
    page.click("[data-testid=submit-attempt]")
    page.wait_for_selector("[data-testid=submitted]")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.earned_points == 6
    assert (
        attempt.events.filter(kind=AttemptEvent.Kind.TAB_VISIBLE).exists()
        or attempt.events.filter(kind=AttemptEvent.Kind.TAB_HIDDEN).exists()
    )


@pytest.mark.clause("TR-21")
def test_the_page_submits_by_itself_when_the_time_runs_out(page, login, listener):
    from datetime import timedelta

    from django.utils import timezone

    from academy.exams.services.attempts import attempt_start

    exam = open_test_exam(listeners=[listener], count=3)
    attempt = attempt_start(exam=exam, listener=listener)
    login(page, listener)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=3))
    page.goto(f"/kk/exams/attempts/{attempt.pk}/")
    page.wait_for_selector("[data-testid=submitted]", timeout=15000)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.auto_submitted
