"""Gradebook per group (issue 14): listener × activity, XLSX export, staff of the group only."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.learning import selectors, services
from academy.learning.testing import add_module, answers


@pytest.fixture
def graded(course, lecturer, listener, second_listener):
    module = add_module(course, lecturer, title="A", questions=2)
    add_module(course, lecturer, title="No quiz")
    assignment = services.assignment_create(
        course=course,
        title="Эссе",
        instructions="Жазыңыз.",
        due_on=timezone.localdate() + timedelta(days=3),
        max_points=10,
        by=lecturer,
    )
    services.self_check_submit(module=module, answers=answers(module, 1), by=listener)
    services.self_check_submit(module=module, answers=answers(module, 2), by=listener)
    submission = services.submission_submit(assignment=assignment, text="Жауап", by=listener)
    services.submission_grade(submission=submission, points=7, by=lecturer)
    services.submission_submit(assignment=assignment, text="Жауап 2", by=second_listener)
    return module, assignment


@pytest.mark.clause("IS-13")
def test_the_gradebook_has_each_listeners_best_score_and_points(
    course, graded, listener, second_listener
):
    module, assignment = graded
    book = selectors.gradebook(course)
    assert book.quizzes == [module] and book.assignments == [assignment]
    rows = {row.listener: row for row in book.rows}
    assert rows[listener].quiz_scores == [100]
    assert rows[listener].points_total == 7
    assert rows[second_listener].quiz_scores == [None]
    assert rows[second_listener].assignment_points[0].points is None
    assert rows[second_listener].points_total == 0


@pytest.mark.clause("IS-13")
def test_the_gradebook_page_and_xlsx_for_the_groups_staff_and_own_row_for_a_listener(
    client_as, course, graded, lecturer, methodologist, listener, second_listener, other_lecturer
):
    client = client_as(other_lecturer)
    assert client.get(reverse("learning:gradebook", args=[course.pk])).status_code == 403
    assert client.get(reverse("learning:gradebook_xlsx", args=[course.pk])).status_code == 403
    own = client_as(listener).get(reverse("learning:gradebook", args=[course.pk])).content.decode()
    assert listener.full_name in own and second_listener.full_name not in own
    page = client_as(lecturer).get(reverse("learning:gradebook", args=[course.pk]))
    assert page.status_code == 200 and "Эссе" in page.content.decode()
    response = client_as(methodologist).get(reverse("learning:gradebook_xlsx", args=[course.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    by_name = {row[0]: row[1:] for row in rows}
    # Self-check %, assignment points, points in total, quizzes %, assignments %, course grade.
    assert by_name[listener.full_name] == (100, 7, 7, None, 70.0, 70.0)
