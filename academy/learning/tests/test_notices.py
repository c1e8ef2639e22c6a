"""Issue 14, notifications: "new module released" and "assignment due tomorrow", in-app and
by e-mail in the reader's language, each told once, each user choosing the channels."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from academy.learning import notifications, services
from academy.learning.testing import add_module
from academy.notifications import kinds
from academy.notifications.models import Notification


def _told(kind: str, user) -> int:
    return Notification.objects.filter(kind=kind, recipient=user).count()


@pytest.mark.clause("IS-13")
def test_a_module_released_now_is_told_to_the_listeners_once(
    course, lecturer, listener, second_listener, other_group_listener
):
    module = add_module(course, lecturer, title="Сот әдебі")
    assert _told(kinds.MODULE_RELEASED, listener) == 1
    assert _told(kinds.MODULE_RELEASED, second_listener) == 1
    assert _told(kinds.MODULE_RELEASED, other_group_listener) == 0
    services.module_set_hidden(module=module, hidden=True, by=lecturer)
    services.module_set_hidden(module=module, hidden=False, by=lecturer)
    assert _told(kinds.MODULE_RELEASED, listener) == 1  # shown again: nobody told twice


@pytest.mark.clause("IS-13")
def test_a_module_released_later_is_told_on_its_release_morning(course, lecturer, listener):
    today = timezone.localdate()
    module = add_module(course, lecturer, title="Кейін", release_on=today + timedelta(days=3))
    hidden = add_module(course, lecturer, title="Жасырын", release_on=today + timedelta(days=3))
    services.module_set_hidden(module=hidden, hidden=True, by=lecturer)
    assert _told(kinds.MODULE_RELEASED, listener) == 0
    notifications.send_daily_notices(today + timedelta(days=2))
    assert _told(kinds.MODULE_RELEASED, listener) == 0
    notifications.send_daily_notices(today + timedelta(days=3))
    notifications.send_daily_notices(today + timedelta(days=3))  # a second beat
    notice = Notification.objects.get(kind=kinds.MODULE_RELEASED, recipient=listener)
    assert notice.link_args == [module.pk]


@pytest.mark.clause("IS-13")
def test_an_assignment_due_tomorrow_is_told_to_those_who_have_not_submitted(
    course, lecturer, listener, second_listener, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    assignment = services.assignment_create(
        course=course,
        title="Шешім жобасы",
        instructions="Жазыңыз.",
        due_on=today + timedelta(days=1),
        by=lecturer,
    )
    services.submission_submit(assignment=assignment, text="Жауап", by=second_listener)
    listener.preferred_language = "ru"
    listener.email = "listener@example.kz"
    listener.save(update_fields=["preferred_language", "email"])
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_daily_notices(today) == 1
    assert _told(kinds.ASSIGNMENT_DUE, listener) == 1
    assert _told(kinds.ASSIGNMENT_DUE, second_listener) == 0  # already submitted
    assert [message.to for message in mail.outbox] == [["listener@example.kz"]]
    assert "Шешім жобасы" in mail.outbox[0].subject
    assert mail.outbox[0].subject == "Срок завтра: Шешім жобасы"  # in the reader's language
    assert notifications.send_daily_notices(today) == 0  # told once


def test_the_daily_notices_run_on_the_beat(settings):
    from academy.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["learning-daily-notices"]
    assert entry["task"] == "learning.send_daily_notices"
    app.loader.import_default_modules()
    assert "learning.send_daily_notices" in app.tasks
