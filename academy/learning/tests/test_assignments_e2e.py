"""In Chromium: the lecturer edits a module and gives an assignment, the listener submits a
file, the lecturer grades it, the listener reads the feedback and the gradebook shows it."""

import pytest

from academy.core.testing import browser_relogin, sample_upload, submit_and_wait
from academy.core.tests.test_accessibility import serious_violations
from academy.learning.models import Assignment, Submission
from academy.learning.testing import add_module

pytestmark = pytest.mark.browser


@pytest.mark.clause("IS-13")
def test_lecturer_edits_listener_submits_lecturer_grades(
    transactional_db, page, login, lecturer, listener, course, tmp_path
):
    module = add_module(course, lecturer, title="Judicial ethics", text="Old text.")

    # The lecturer edits the module and gives an assignment counted in working days.
    browser_relogin(page, login, lecturer)
    page.goto(f"/en/learning/modules/{module.pk}/edit/")
    assert serious_violations(page) == []
    page.fill("#id_text", "<p>A judge is <strong>impartial</strong>.</p>")
    submit_and_wait(page, "[data-testid=module-edit-form]")
    assert "impartial" in page.inner_text("[data-testid=material-text]")
    assert serious_violations(page) == []  # the module page with its versions
    page.goto(f"/en/learning/courses/{course.pk}/")
    assert serious_violations(page) == []  # the course page with the authoring buttons
    page.goto(f"/en/learning/courses/{course.pk}/assignments/add/")
    page.fill("#id_title", "Draft a decision")
    page.fill("#id_instructions", "Write a reasoned decision.")
    page.fill("#id_working_days", "3")
    page.fill("#id_max_points", "20")
    submit_and_wait(page, "[data-testid=assignment-form]")
    assignment = Assignment.objects.get(course=course)

    # The listener finds it on the course page and submits a PDF.
    browser_relogin(page, login, listener)
    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"[data-testid=assignments] a[href$='/learning/assignments/{assignment.pk}/']")
    assert "Write a reasoned decision." in page.inner_text("[data-testid=instructions]")
    assert serious_violations(page) == []
    upload = tmp_path / "decision.pdf"
    upload.write_bytes(sample_upload("decision.pdf").read())
    page.set_input_files("[data-testid=submission-form] #id_file", str(upload))
    submit_and_wait(page, "[data-testid=submission-form]")
    assert "Your answer has been submitted." in page.inner_text("main")
    submission = Submission.objects.get(assignment=assignment, listener=listener)

    # The lecturer grades it with feedback.
    browser_relogin(page, login, lecturer)
    page.goto(f"/en/learning/assignments/{assignment.pk}/")
    page.click(f"[data-testid=submissions] a[href$='/learning/submissions/{submission.pk}/']")
    assert serious_violations(page) == []
    page.fill("#id_points", "17")
    page.fill("#id_feedback", "Well reasoned.")
    submit_and_wait(page, "[data-testid=grade-form]")
    page.goto(f"/en/learning/courses/{course.pk}/gradebook/")
    assert "17" in page.inner_text("[data-testid=gradebook]")
    assert serious_violations(page) == []

    # The listener reads the grade and cannot resubmit.
    browser_relogin(page, login, listener)
    page.goto(f"/en/learning/assignments/{assignment.pk}/")
    assert "17 of 20 points" in page.inner_text("[data-testid=grade]")
    assert "Well reasoned." in page.inner_text("[data-testid=feedback]")
    assert page.locator("[data-testid=submission-form]").count() == 0
