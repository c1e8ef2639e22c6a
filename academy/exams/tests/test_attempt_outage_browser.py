"""The attempt page through an outage of the save endpoint, in Chromium (issue 10).

The save answers 503 (route interception): the page keeps the answers in localStorage,
shows how many wait, keeps them over a reload (and shows them again), and when the
server is back sends them in the order they were given, each with its sequence.
"""

import json
import re

import pytest

from academy.exams.models import Attempt
from academy.exams.testing import open_case_exam, open_test_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOWN = json.dumps({"ok": False, "error": "down", "retry": True})


def _start(page, login, listener, exam) -> Attempt:
    login(page, listener)
    page.goto("/kk/exams/")
    page.click("[data-testid=start-exam]")
    page.wait_for_url(re.compile(r"/exams/attempts/\d+/$"))
    return Attempt.objects.get(exam=exam, listener=listener)


def _unsaved(page) -> str:
    return page.inner_text("[data-testid=unsaved-count]")


@pytest.mark.clause("TR-21")
def test_answers_given_during_an_outage_survive_a_reload_and_are_sent_in_order(
    page, login, listener
):
    exam = open_test_exam(listeners=[listener], count=5)
    attempt = _start(page, login, listener, exam)

    def refuse(route):
        route.fulfill(
            status=503, headers={"Retry-After": "1"}, content_type="application/json", body=DOWN
        )

    page.route("**/answer/", refuse)
    page.check("#q2-1")
    page.check("#q1-0")
    page.check("#q1-2")  # item 1 again: only this newest answer of it waits
    page.wait_for_function(
        "document.querySelector('[data-testid=unsaved-count]').textContent === '2'"
    )
    assert page.is_visible("#unsaved")

    page.reload()  # as after a crash, the server still down
    assert _unsaved(page) == "2"
    assert page.is_checked("#q1-2") and page.is_checked("#q2-1")  # shown again
    # The navigator counts them as answered.
    assert page.get_attribute("[data-testid=navigator] a[data-position='1']", "data-state") == (
        "answered"
    )
    assert "2" in page.inner_text("[data-testid=answered-count]")

    sent = []
    page.on(
        "request",
        lambda request: (
            sent.append(json.loads(request.post_data))
            if request.url.endswith("/answer/") and request.method == "POST"
            else None
        ),
    )
    page.unroute("**/answer/")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the connection is back
    page.wait_for_function(
        "document.querySelector('[data-testid=unsaved-count]').textContent === '0'"
    )
    assert page.is_hidden("#unsaved")
    assert [(s["position"], s["seq"]) for s in sent] == [(2, 1), (1, 2)]  # in the order given
    items = {i.position: i for i in attempt.items.all()}
    assert (items[1].answer, items[1].seq) == (items[1].order[2], 2)
    assert (items[2].answer, items[2].seq) == (items[2].order[1], 1)
    # Nothing is left in the browser's storage.
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.includes(':pending:')).length") == 0
    )


@pytest.mark.clause("TR-21")
def test_the_review_screen_lists_unanswered_and_flagged_questions_before_submitting(
    page, login, listener
):
    exam = open_test_exam(listeners=[listener], count=5)
    attempt = _start(page, login, listener, exam)
    page.check("#q1-0")
    page.check("#flag3")
    assert page.get_attribute("[data-testid=navigator] a[data-position='3']", "data-state") == (
        "flagged"
    )
    page.click("[data-testid=review-attempt]")
    summary = page.inner_text("[data-testid=review-summary]")
    assert "1" in summary and "5" in summary
    lists = page.inner_text("#review-lists")
    assert "2, 3, 4, 5" in lists and ": 3" in lists
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS  # nothing submitted yet
    page.click("#review-back")
    assert page.is_hidden("[data-testid=review]")
    page.click("[data-testid=review-attempt]")
    page.click("[data-testid=submit-attempt]")
    page.wait_for_selector("[data-testid=submitted]")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED


@pytest.mark.clause("TR-22")
def test_submitting_an_empty_written_case_warns(page, login, listener):
    exam, _members = open_case_exam(listeners=[listener])
    _start(page, login, listener, exam)
    empty = page.get_attribute("#exam-attempt", "data-msg-empty-case")
    page.click("[data-testid=review-attempt]")
    assert page.is_visible("[data-testid=review-warning]")
    assert empty in page.inner_text("[data-testid=review-warning]")
    page.click("#review-back")
    page.fill("#case-answer", "Шешім")
    page.click("[data-testid=review-attempt]")
    assert empty not in page.inner_text("[data-testid=review-warning]")
