"""Completion rules per activity, course progress, the weighted gradebook (a listener sees
only their own row) and the listeners behind the timetable (issue 14)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.core.agenda import agenda_for
from academy.learning import completion, selectors, services
from academy.learning.models import Completion
from academy.learning.testing import add_module, answers

pytestmark = pytest.mark.django_db


def _status(course, listener, kind):
    activity = next(a for a in completion.course_activities([course])[course.pk] if a.kind == kind)
    results = completion.load_results([activity], [listener.pk])
    return completion.activity_status(activity, listener.pk, results)


def _assignment(course, by, **fields):
    defaults = {"title": "Эссе", "instructions": "Жазыңыз.", "due_on": timezone.localdate()}
    return services.assignment_create(course=course, by=by, **(defaults | fields))


@pytest.mark.parametrize(
    ("rule", "after_submit", "after_low_grade", "after_high_grade"),
    [
        (Completion.SUBMITTED, True, True, True),
        (Completion.GRADED, False, True, True),
        (Completion.PASSED, False, False, True),
    ],
)
def test_an_assignment_is_completed_by_its_rule(
    course, lecturer, listener, rule, after_submit, after_low_grade, after_high_grade
):
    assignment = _assignment(course, lecturer, completion=rule, max_points=10, pass_percent=60)
    submission = services.submission_submit(assignment=assignment, text="Жауап", by=listener)
    assert _status(course, listener, "assignment").done is after_submit
    services.submission_grade(submission=submission, points=5, by=lecturer)
    assert _status(course, listener, "assignment").done is after_low_grade
    services.submission_grade(submission=submission, points=6, by=lecturer)
    assert _status(course, listener, "assignment").done is after_high_grade


def test_a_module_is_completed_when_viewed_or_when_its_self_check_passed(
    course, lecturer, listener
):
    viewed = add_module(course, lecturer, title="Оқу", questions=2, completion=Completion.VIEWED)
    passed = add_module(course, lecturer, title="Тест", questions=2)
    for module in (viewed, passed):
        services.module_mark_studied(module=module, by=listener)
    statuses = {
        s.module.title: s.completed for s in selectors.listener_progress(course, listener).modules
    }
    assert statuses == {"Оқу": True, "Тест": False}
    services.self_check_submit(module=passed, answers=answers(passed, 2), by=listener)
    assert selectors.listener_progress(course, listener).completed == 2


def test_a_rule_that_does_not_fit_the_activity_is_refused(course, lecturer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        add_module(course, lecturer, completion=Completion.GRADED)


def test_course_progress_counts_every_kind_of_activity(course, lecturer, listener):
    module = add_module(course, lecturer, completion=Completion.VIEWED)
    assignment = _assignment(course, lecturer)
    progress = selectors.listener_progress(course, listener)
    assert (progress.completed, progress.total) == (0, 2)
    services.module_mark_studied(module=module, by=listener)
    services.submission_submit(assignment=assignment, text="Жауап", by=listener)
    progress = selectors.listener_progress(course, listener)
    assert (progress.completed, progress.total, progress.percent) == (2, 2, 100.0)


def test_the_course_grade_weighs_the_categories(course, lecturer):
    course.quiz_weight, course.assignment_weight = 30, 70
    assert completion.weighted_grade(course, Decimal(100), Decimal(50)) == Decimal("65.0")
    # A category without any grade yet is left out: the other counts whole.
    assert completion.weighted_grade(course, None, Decimal(50)) == Decimal("50.0")
    assert completion.weighted_grade(course, None, None) is None


def test_weights_must_add_up_to_100(course, lecturer, listener):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.course_weights_set(
            course=course, quiz_weight=60, assignment_weight=60, by=lecturer
        )
    with pytest.raises(ValidationError):
        services.course_weights_set(
            course=course, quiz_weight=50, assignment_weight=50, by=listener
        )
    services.course_weights_set(course=course, quiz_weight=40, assignment_weight=60, by=lecturer)
    course.refresh_from_db()
    assert (course.quiz_weight, course.assignment_weight) == (40, 60)


@pytest.fixture
def graded_both(course, lecturer, listener, second_listener):
    assignment = _assignment(course, lecturer, max_points=10)
    for user, points in ((listener, 8), (second_listener, 3)):
        submission = services.submission_submit(assignment=assignment, text="Жауап", by=user)
        services.submission_grade(submission=submission, points=points, by=lecturer)
    return assignment


@pytest.mark.clause("IS-13")
def test_a_listener_sees_only_their_own_row_of_the_gradebook(
    client_as, course, graded_both, listener, second_listener, lecturer
):
    client = client_as(listener)
    page = client.get(reverse("learning:gradebook", args=[course.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert listener.full_name in html and second_listener.full_name not in html
    assert html.count('data-testid="gradebook-row"') == 1
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("learning:gradebook_xlsx", args=[course.pk])).content)
    ).active
    names = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert names == [listener.full_name]
    # The lecturer sees the whole group with the course grade.
    staff = client_as(lecturer).get(reverse("learning:gradebook", args=[course.pk]))
    assert staff.content.decode().count('data-testid="gradebook-row"') == 2


@pytest.mark.clause("IS-13")
def test_another_groups_listener_never_sees_the_gradebook(
    client_as, course, graded_both, other_group_listener
):
    client = client_as(other_group_listener)
    assert client.get(reverse("learning:gradebook", args=[course.pk])).status_code == 403
    assert client.get(reverse("learning:gradebook_xlsx", args=[course.pk])).status_code == 403


def test_the_gradebook_xlsx_has_the_course_grade(
    client_as, course, graded_both, methodologist, listener, second_listener
):
    response = client_as(methodologist).get(reverse("learning:gradebook_xlsx", args=[course.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=4, column=sheet.max_column).value
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows[listener.full_name][-1] == 80.0
    assert rows[second_listener.full_name][-1] == 30.0


@pytest.fixture
def overdue(course, lecturer):
    """An assignment due a week ago and a module released yesterday."""
    today = timezone.localdate()
    _assignment(course, lecturer, title="Кешіккен", due_on=today - timedelta(days=7))
    add_module(course, lecturer, title="Кеше", release_on=today - timedelta(days=1))


def test_a_listener_behind_the_timetable_is_listed_after_the_grace_days(
    course, lecturer, listener, second_listener, overdue, settings
):
    settings.LEARNING_LAG_GRACE_DAYS = 2
    assignment = course.assignments.get()
    services.submission_submit(assignment=assignment, text="Жауап", by=second_listener)
    data = completion.lagging([course])
    assert [(row.listener, [a.title for a in row.overdue]) for row in data.rows] == [
        (listener, ["Кешіккен"])
    ]
    # With no grace at all the module released yesterday is overdue too.
    settings.LEARNING_LAG_GRACE_DAYS = 0
    rows = {row.listener: row for row in completion.lagging([course]).rows}
    assert [a.title for a in rows[listener].overdue] == ["1. Кеше", "Кешіккен"]


def test_the_lagging_page_and_the_dashboard_panel(
    client_as, course, lecturer, listener, overdue, other_lecturer
):
    page = client_as(lecturer).get(reverse("learning:lagging"))
    assert page.status_code == 200 and listener.full_name in page.content.decode()
    assert 'data-testid="progress-chart"' in page.content.decode()
    assert (
        listener.full_name
        not in client_as(other_lecturer).get(reverse("learning:lagging")).content.decode()
    )
    assert client_as(listener).get(reverse("learning:lagging")).status_code == 403
    panels = {p["key"]: p["panel"] for p in agenda_for(lecturer)}
    assert panels["lagging_listeners"].count == 2  # both listeners are behind


def test_the_lagging_listeners_are_read_in_a_fixed_number_of_queries(
    course, lecturer, overdue, other_lecturer, other_group_listener
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from academy.learning.models import OnlineCourse
    from academy.training.models import Group

    def queries(courses):
        with CaptureQueriesContext(connection) as captured:
            completion.lagging(courses)
        return len(captured)

    one = queries([course])
    other = services.online_course_create(
        group=Group.objects.get(enrolments__listener=other_group_listener),
        title="Екінші",
        by=other_lecturer,
    )
    _assignment(other, other_lecturer, due_on=timezone.localdate() - timedelta(days=9))
    courses = list(OnlineCourse.objects.select_related("group__course"))
    assert queries(courses) == one
