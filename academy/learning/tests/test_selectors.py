"""Reads: progress percentages, best scores and monitoring figures (IS-13)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from academy.learning import selectors, services
from academy.learning.testing import add_module, answers


@pytest.fixture
def modules(course, lecturer):
    """Four modules: two with a two-question self-check, one text only, one not yet released."""
    return [
        add_module(course, lecturer, title="Бірінші", questions=2),
        add_module(course, lecturer, title="Екінші", questions=2),
        add_module(course, lecturer, title="Үшінші"),
        add_module(
            course, lecturer, title="Кейін", release_on=timezone.localdate() + timedelta(days=5)
        ),
    ]


@pytest.mark.clause("IS-13")
def test_progress_counts_released_modules_studied_and_passed(course, modules, listener):
    first, second, third, _later = modules
    services.module_mark_studied(module=first, by=listener)
    services.self_check_submit(module=first, answers=answers(first, 1), by=listener)  # 50%
    services.module_mark_studied(module=second, by=listener)
    services.self_check_submit(module=second, answers=answers(second, 0), by=listener)  # 0%
    services.module_mark_studied(module=third, by=listener)
    progress = selectors.listener_progress(course, listener)
    assert progress.total == 3  # the future module is not counted yet
    assert progress.completed == 2  # first (passed at 50%) and third (no self-check)
    assert progress.percent == 66.7
    assert [item.best_percent for item in progress.modules] == [50, 0, None]


@pytest.mark.clause("IS-13")
def test_a_passed_self_check_without_studying_does_not_complete_the_module(
    course, modules, listener
):
    first = modules[0]
    services.self_check_submit(module=first, answers=answers(first, 2), by=listener)
    progress = selectors.listener_progress(course, listener)
    assert progress.modules[0].best_percent == 100
    assert progress.completed == 0


@pytest.mark.clause("IS-13")
def test_monitoring_shows_every_listener_and_each_module_share(
    course, modules, listener, second_listener
):
    first, second, third, _later = modules
    for module in (first, second, third):
        services.module_mark_studied(module=module, by=listener)
    services.self_check_submit(module=first, answers=answers(first, 2), by=listener)
    services.self_check_submit(module=first, answers=answers(first, 0), by=listener)  # retry
    services.self_check_submit(module=second, answers=answers(second, 2), by=listener)
    services.module_mark_studied(module=third, by=second_listener)

    data = selectors.course_monitoring(course)
    assert [m.title for m in data.modules] == ["Бірінші", "Екінші", "Үшінші"]
    rows = {row.listener.pk: row for row in data.listeners}
    assert rows[listener.pk].percent == 100.0
    assert [item.best_percent for item in rows[listener.pk].modules] == [100, 100, None]
    assert rows[second_listener.pk].percent == 33.3
    assert rows[second_listener.pk].last_activity is not None
    assert [item.percent for item in data.per_module] == [50.0, 50.0, 100.0]


def test_a_listener_without_activity_has_zero_progress(course, modules, second_listener):
    data = selectors.course_monitoring(course)
    row = next(r for r in data.listeners if r.listener == second_listener)
    assert (row.completed, row.percent, row.last_activity) == (0, 0.0, None)


@pytest.mark.clause("IS-13")
def test_a_listener_sees_only_released_modules_and_staff_all(
    course, modules, listener, lecturer, methodologist
):
    assert len(selectors.modules_for(listener, course)) == 3
    assert len(selectors.modules_for(lecturer, course)) == 4
    assert len(selectors.modules_for(methodologist, course)) == 4


def test_listener_courses_are_only_their_groups(course, listener, other_group_listener):
    assert [c for c, _p in selectors.listener_courses(listener)] == [course]
    assert selectors.listener_courses(other_group_listener) == []


def test_a_lecturer_monitors_only_the_groups_they_teach(course, lecturer, other_lecturer):
    assert list(selectors.monitored_courses(lecturer)) == [course]
    assert list(selectors.monitored_courses(other_lecturer)) == []
