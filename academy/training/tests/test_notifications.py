"""E-mails on admission, withdrawal, expulsion (TR-15, TR-18), sample questions (TR-20)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from academy.training import services, tasks
from academy.training.models import Enrolment, Lesson
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    at,
    fill_group,
    listener_factory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen_today():
    with (
        translation.override("en"),
        time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 2, 10, 0)), tick=False),
    ):
        yield


@pytest.fixture
def group(methodologist, rector):
    course = CourseFactory(
        start_date=TODAY + timedelta(days=10), end_date=TODAY + timedelta(days=19)
    )
    programme = ProgrammeFactory(group=GroupFactory(course=course), exam_date=course.end_date)
    for _ in range(5):
        LessonFactory(programme=programme)
    services.programme_approve(programme=programme, by=rector)
    services.programme_send(programme=programme, by=rector)
    fill_group(programme.group, 20)
    services.group_confirm(group=programme.group, by=methodologist)
    return programme.group


def sign(order, rector, number, capture):
    with capture(execute=True) as callbacks:
        services.order_sign(order=order, number=number, date=TODAY, by=rector)
    return callbacks


@pytest.mark.clause("TR-15")
def test_signed_admission_order_emails_each_listener(
    group, methodologist, rector, django_capture_on_commit_callbacks
):
    order = services.order_create_admission(group=group, by=methodologist)
    assert mail.outbox == []
    callbacks = sign(order, rector, "45-ө", django_capture_on_commit_callbacks)
    assert len(callbacks) == 20 and len(mail.outbox) == 20
    emails = {m.to[0] for m in mail.outbox}
    assert emails == {e.listener.email for e in group.enrolments.all()}
    message = mail.outbox[0]
    assert "45-ө" in message.body and "02.03.2026" in message.body
    assert group.name in message.body


def test_nothing_is_sent_if_the_transaction_rolls_back(
    group, methodologist, rector, django_capture_on_commit_callbacks
):
    order = services.order_create_admission(group=group, by=methodologist)
    with django_capture_on_commit_callbacks() as callbacks:
        services.order_sign(order=order, number="45-ө", date=TODAY, by=rector)
    # Queued for commit only: nothing leaves before it.
    assert len(callbacks) == 20 and mail.outbox == []


def test_mail_is_written_in_the_recipients_language(
    group, methodologist, rector, django_capture_on_commit_callbacks
):
    russian = group.enrolments.first().listener
    russian.preferred_language = "ru"
    russian.save(update_fields=["preferred_language"])
    sign(
        services.order_create_admission(group=group, by=methodologist),
        rector,
        "45-ө",
        django_capture_on_commit_callbacks,
    )
    to_russian = next(m for m in mail.outbox if m.to == [russian.email])
    other = next(m for m in mail.outbox if m.to != [russian.email])
    assert "зачислены" in to_russian.body
    assert "қабылдандыңыз" in other.body
    with translation.override("ru"):
        assert str(group.course) in to_russian.subject


def test_listener_without_email_is_skipped(
    group, methodologist, rector, django_capture_on_commit_callbacks
):
    group.enrolments.first().listener.__class__.objects.filter(enrolments__group=group).update(
        email=""
    )
    sign(
        services.order_create_admission(group=group, by=methodologist),
        rector,
        "45-ө",
        django_capture_on_commit_callbacks,
    )
    assert mail.outbox == []


@pytest.fixture
def running(group, methodologist, rector, django_capture_on_commit_callbacks):
    sign(
        services.order_create_admission(group=group, by=methodologist),
        rector,
        "1-ө",
        django_capture_on_commit_callbacks,
    )
    mail.outbox.clear()
    return group


@pytest.mark.clause("TR-15")
def test_withdrawal_emails_the_listener(
    running, methodologist, rector, django_capture_on_commit_callbacks
):
    enrolment = running.enrolments.first()
    order = services.order_create_withdrawal(
        enrolment=enrolment,
        reason="Денсаулығына байланысты",
        proposer="regional_chair",
        proposer_name="Облыстық сот төрағасы",
        court_administration_consent=True,
        by=methodologist,
    )
    sign(order, rector, "2-ө", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[enrolment.listener.email]]
    with translation.override("kk"):
        assert "шығарылдыңыз" in mail.outbox[0].body


@pytest.mark.clause("TR-15")
def test_replacement_emails_both_listeners(
    running, methodologist, rector, django_capture_on_commit_callbacks
):
    enrolment = running.enrolments.first()
    newcomer = listener_factory(preferred_language="ru")
    order = services.order_create_replacement(
        enrolment=enrolment,
        replacement=newcomer,
        reason="Іссапар",
        proposer="head_of_administrator",
        proposer_name="Басшы",
        court_administration_consent=True,
        by=methodologist,
    )
    sign(order, rector, "3-ө", django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [enrolment.listener.email, newcomer.email]
    )
    welcome = next(m for m in mail.outbox if m.to == [newcomer.email])
    assert "зачислены" in welcome.body


def _past_lessons(group, count):
    Lesson.objects.filter(programme=group.programme).delete()
    return [
        Lesson.objects.create(
            programme=group.programme,
            topic=f"T{i}",
            hours=2,
            class_form="lecture",
            starts_at=at(TODAY - timedelta(days=count - i)),
            ends_at=at(TODAY - timedelta(days=count - i), 11),
        )
        for i in range(count)
    ]


@pytest.mark.clause("TR-18")
@override_settings(TRAINING_UNEXCUSED_ABSENCE_THRESHOLD=1)
def test_proposal_emails_vice_rector_and_expulsion_emails_listener(
    running, methodologist, rector, vice_rector, make_persona, django_capture_on_commit_callbacks
):
    enrolment = running.enrolments.first()
    lessons = _past_lessons(running, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_mark(
            lesson=lessons[0], enrolment=enrolment, mark="unexcused", by=methodologist
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_mark(
            lesson=lessons[1], enrolment=enrolment, mark="unexcused", by=methodologist
        )
    assert [m.to for m in mail.outbox] == [[vice_rector.email]]
    assert enrolment.listener.full_name in mail.outbox[0].body
    assert "/training/expulsion-proposals/" in mail.outbox[0].body
    mail.outbox.clear()

    proposal = enrolment.expulsion_proposals.get()
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_create_expulsion(proposal=proposal, by=vice_rector)
    assert mail.outbox == []  # a draft changes nothing
    sign(order, rector, "9-ө", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[enrolment.listener.email]]
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.EXPELLED


@pytest.mark.clause("TR-20")
def test_published_questions_reach_admitted_listeners_only(
    methodologist, django_capture_on_commit_callbacks
):
    course = CourseFactory(start_date=TODAY, end_date=TODAY + timedelta(days=9))
    group = GroupFactory(course=course)
    admitted = EnrolmentFactory(group=group)
    EnrolmentFactory(group=group, status=Enrolment.Status.WITHDRAWN)
    programme = ProgrammeFactory(group=group, exam_date=TODAY + timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_publish_questions(
            programme=programme, questions="1. Сот актісінің құрылымы", by=methodologist
        )
    assert [m.to for m in mail.outbox] == [[admitted.listener.email]]
    assert "1. Сот актісінің құрылымы" in mail.outbox[0].body
    assert "11.03.2026" in mail.outbox[0].body


def test_task_for_a_deleted_object_sends_nothing(listener):
    assert tasks.send_notification("admitted", listener.pk, 999999) is False
    assert mail.outbox == []


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_mail_server_failure_does_not_break_the_signed_order(
    group, methodologist, rector, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    order = services.order_create_admission(group=group, by=methodologist)
    sign(order, rector, "45-ө", django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.is_signed
    assert group.enrolments.filter(status=Enrolment.Status.ADMITTED).count() == 20
