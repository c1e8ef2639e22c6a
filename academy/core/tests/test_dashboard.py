"""The dashboard says what to do next, per role: counts, dates, links."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.core.agenda import agenda_for

pytestmark = pytest.mark.django_db


def _panel(user, key):
    return next(entry["panel"] for entry in agenda_for(user) if entry["key"] == key)


def _panel_html(html: str, key: str) -> str:
    start = html.index(f'data-testid="agenda-{key}"')
    return html[
        start : html.index('<div class="col">', start)
        if '<div class="col">' in html[start:]
        else None
    ]


def test_the_listener_sees_the_next_class_with_its_date_and_course(client):
    from academy.training.testing import EnrolmentFactory, LessonFactory, ProgrammeFactory

    listener = persona(Role.LISTENER)
    enrolment = EnrolmentFactory(listener=listener)
    programme = ProgrammeFactory(group=enrolment.group)
    tomorrow = timezone.localtime() + timedelta(days=1)
    LessonFactory(
        programme=programme,
        topic="Сот этикасы",
        starts_at=tomorrow,
        ends_at=tomorrow + timedelta(hours=2),
    )
    LessonFactory(
        programme=programme,
        topic="Өткен сабақ",
        starts_at=tomorrow - timedelta(days=3),
        ends_at=tomorrow - timedelta(days=3) + timedelta(hours=2),
    )
    client.force_login(listener)
    html = client.get("/kk/dashboard/").content.decode()
    panel = _panel_html(html, "next_classes")
    assert "Сот этикасы" in panel
    assert "Өткен сабақ" not in panel
    assert tomorrow.strftime("%d.%m.%Y") in panel
    assert re.search(r'data-testid="agenda-count">1<', panel)


def test_a_listener_who_is_only_listed_sees_no_classes_yet():
    from academy.training.models import Enrolment
    from academy.training.testing import EnrolmentFactory, LessonFactory, ProgrammeFactory

    listener = persona(Role.LISTENER)
    enrolment = EnrolmentFactory(listener=listener, status=Enrolment.Status.LISTED)
    tomorrow = timezone.now() + timedelta(days=1)
    LessonFactory(
        programme=ProgrammeFactory(group=enrolment.group),
        starts_at=tomorrow,
        ends_at=tomorrow + timedelta(hours=1),
    )
    assert _panel(listener, "next_classes").count == 0


def test_the_listener_sees_an_attempt_in_progress_with_its_deadline():
    from academy.exams.models import Attempt
    from academy.exams.testing import open_test_exam

    listener = persona(Role.LISTENER)
    exam = open_test_exam(listeners=[listener])
    deadline = timezone.now() + timedelta(minutes=40)
    attempt = Attempt.objects.create(
        exam=exam, listener=listener, seed=1, started_at=timezone.now(), deadline=deadline
    )
    panel = _panel(listener, "open_exams")
    assert panel.count == 1
    assert panel.items[0].when == timezone.localtime(deadline)
    assert panel.items[0].url.endswith(f"/exams/attempts/{attempt.pk}/")
    attempt.status = Attempt.Status.SUBMITTED
    attempt.save()
    assert _panel(listener, "open_exams").count == 0


def test_the_reader_sees_books_due_and_the_overdue_one_marked():
    from academy.library.models import Loan
    from academy.library.testing import CopyFactory, ReaderFactory

    user = persona(Role.READER)
    reader = ReaderFactory(user=user)
    today = timezone.localdate()
    for due in (today + timedelta(days=5), today - timedelta(days=2)):
        Loan.objects.create(
            copy=CopyFactory(), reader=reader, issued_at=timezone.now(), due_on=due, issued_by=user
        )
    panel = _panel(user, "books_due")
    assert panel.count == 2
    assert [item.when for item in panel.items] == [
        today - timedelta(days=2),
        today + timedelta(days=5),
    ]
    assert [item.urgent for item in panel.items] == [True, False]


def test_the_librarian_sees_overdue_loans_and_pending_orders_with_counts(client):
    from academy.library.models import AcquisitionOrder, Loan
    from academy.library.testing import CopyFactory, ReaderFactory, SupplierFactory

    librarian = persona(Role.LIBRARIAN)
    reader = ReaderFactory(user=persona(Role.READER))
    today = timezone.localdate()
    for days in range(7):
        Loan.objects.create(
            copy=CopyFactory(),
            reader=reader,
            issued_at=timezone.now(),
            due_on=today - timedelta(days=days + 1),
            issued_by=librarian,
        )
    Loan.objects.create(
        copy=CopyFactory(),
        reader=reader,
        issued_at=timezone.now(),
        due_on=today + timedelta(days=3),
        issued_by=librarian,
    )
    supplier = SupplierFactory()
    AcquisitionOrder.objects.create(
        supplier=supplier,
        ordered_on=today,
        status=AcquisitionOrder.Status.ORDERED,
        created_by=librarian,
    )
    AcquisitionOrder.objects.create(
        supplier=supplier,
        ordered_on=today,
        status=AcquisitionOrder.Status.RECEIVED,
        created_by=librarian,
    )
    overdue = _panel(librarian, "overdue_loans")
    assert overdue.count == 7
    assert len(overdue.items) == 5
    assert _panel(librarian, "pending_orders").count == 1
    client.force_login(librarian)
    html = client.get("/en/dashboard/").content.decode()
    assert "All 7" in _panel_html(html, "overdue_loans")
    assert "/en/library/loans/?overdue=1" in html


def test_the_lecturer_sees_only_todays_classes():
    from academy.training.testing import LessonFactory

    lecturer = persona(Role.LECTURER)
    now = timezone.localtime().replace(hour=12, minute=0)
    LessonFactory(lecturer=lecturer, topic="Бүгін", starts_at=now, ends_at=now + timedelta(hours=2))
    LessonFactory(
        lecturer=lecturer,
        topic="Ертең",
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
    )
    panel = _panel(lecturer, "classes_today")
    assert [item.text for item in panel.items] == ["Бүгін"]


def test_the_secretary_sees_open_appeals_without_a_sitting_first():
    from academy.appeals.models import Appeal, Commission, Exam, Sitting, Stage, StageResult

    chair, secretary = persona(Role.APPEALS_CHAIR), persona(Role.APPEALS_SECRETARY)
    commission = Commission.objects.create(
        title="Комиссия", approved_on=date(2026, 1, 5), chair=chair, secretary=secretary
    )
    exam = Exam.objects.create(title="Біліктілік емтиханы", starts_on=date(2026, 3, 2))
    sitting = Sitting.objects.create(
        commission=commission, starts_at=timezone.now() + timedelta(days=7), place="Астана"
    )

    def appeal(surname, **fields):
        result = StageResult.objects.create(
            exam=exam,
            candidate=persona(Role.CANDIDATE, surname=surname),
            stage=Stage.ESSAY,
            points=Decimal(10),
            threshold=Decimal(12),
            received_on=date(2026, 3, 2),
        )
        return Appeal.objects.create(
            result=result,
            commission=commission,
            filed_at=timezone.now(),
            registered_by=secretary,
            **fields,
        )

    appeal("Кейінгі", sitting=sitting, status=Appeal.Status.SCHEDULED)
    appeal("Бірінші")
    appeal("Шешілмеген", status=Appeal.Status.NOT_CONSIDERED)
    panel = _panel(secretary, "open_appeals")
    assert panel.count == 2
    assert [item.text.split()[0] for item in panel.items] == ["Бірінші", "Кейінгі"]
    assert all(item.urgent for item in panel.items)  # no sitting yet; materials not sent


def test_the_dashboard_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    from academy.library.models import Loan
    from academy.library.testing import CopyFactory, ReaderFactory
    from academy.training.testing import EnrolmentFactory, LessonFactory, ProgrammeFactory

    listener = persona(Role.LISTENER)
    reader = ReaderFactory(user=listener)
    for _ in range(8):
        Loan.objects.create(
            copy=CopyFactory(),
            reader=reader,
            issued_at=timezone.now(),
            due_on=timezone.localdate(),
            issued_by=listener,
        )
        enrolment = EnrolmentFactory(listener=listener)
        soon = timezone.now() + timedelta(days=2)
        LessonFactory(
            programme=ProgrammeFactory(group=enrolment.group),
            starts_at=soon,
            ends_at=soon + timedelta(hours=1),
        )
    client.force_login(listener)
    with django_assert_max_num_queries(30):
        assert client.get("/kk/dashboard/").status_code == 200
