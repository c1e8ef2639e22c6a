"""The outgoing register and the TR-13 sending deadline on the methodologist's dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.outgoing import selectors
from academy.outgoing.models import OutgoingDocument
from academy.outgoing.services import outgoing_record_delivery, outgoing_register_programme
from academy.training.testing import CourseFactory, GroupFactory, ProgrammeFactory


def _programme(start_in_days: int, **fields):
    start = timezone.localdate() + timedelta(days=start_in_days)
    course = CourseFactory(start_date=start, end_date=start + timedelta(days=9))
    return ProgrammeFactory(group=GroupFactory(course=course), **fields)


@pytest.mark.clause("TR-13")
def test_an_approved_programme_is_registered_for_the_council_and_the_supreme_court(
    django_capture_on_commit_callbacks, methodologist
):
    programme = _programme(10)
    with django_capture_on_commit_callbacks(execute=True):
        programme.status = "approved"
        programme.approved_by = methodologist
        programme.save()
    entries = OutgoingDocument.objects.filter(object_id=programme.pk).order_by("recipient")
    assert [e.recipient for e in entries] == ["Supreme Court", "Supreme Judicial Council"]
    assert {e.due_on for e in entries} == {programme.group.course.start_date - timedelta(days=3)}
    assert all(e.status == "pending" and e.number for e in entries)


@pytest.mark.clause("TR-13")
def test_a_programme_not_sent_3_days_before_the_start_shows_on_the_methodologists_dashboard(
    client_as, methodologist
):
    late = _programme(2)  # the deadline (start − 3 days) was yesterday
    on_time = _programme(3)  # due today: not overdue yet
    page = client_as(methodologist).get(reverse("core:dashboard"))
    alerts = page.context["alerts"]
    assert len(alerts) == 1
    assert str(late.group) in alerts[0]["text"]
    assert "TR-13" in alerts[0]["text"]
    assert str(on_time.group) not in page.content.decode()


@pytest.mark.clause("TR-13")
def test_a_sent_programme_leaves_the_dashboard(client_as, methodologist):
    late = _programme(1)
    for entry in outgoing_register_programme(programme=late, by=methodologist):
        outgoing_record_delivery(entry=entry, status="sent", by=methodologist)
    assert list(selectors.programmes_not_sent_in_time()) == []
    assert client_as(methodologist).get(reverse("core:dashboard")).context["alerts"] == []


def test_the_dashboard_alert_is_for_the_responsible_people_only(client_as, listener):
    _programme(1)
    assert client_as(listener).get(reverse("core:dashboard")).context["alerts"] == []


def test_a_delivered_document_cannot_go_back(methodologist):
    from django.core.exceptions import ValidationError

    entry = outgoing_register_programme(programme=_programme(10), by=methodologist)[0]
    outgoing_record_delivery(entry=entry, status="delivered", by=methodologist)
    with pytest.raises(ValidationError) as error:
        outgoing_record_delivery(entry=entry, status="failed", by=methodologist)
    assert entry.number in " ".join(error.value.messages)


def test_the_register_page_records_a_delivery(client_as, methodologist, listener):
    entry = outgoing_register_programme(programme=_programme(10), by=methodologist)[0]
    client = client_as(methodologist)
    page = client.get(reverse("outgoing:register"))
    assert entry.number in page.content.decode()
    client.post(
        reverse("outgoing:record_delivery", args=[entry.pk]),
        {"status": "delivered", "note": "Receipt 77"},
    )
    entry.refresh_from_db()
    assert (entry.status, entry.delivery_note) == ("delivered", "Receipt 77")
    assert entry.delivered_at is not None
    assert client_as(listener).get(reverse("outgoing:register")).status_code == 403


def test_a_system_registers_a_delivery_through_the_api(make_key, key_client, methodologist):
    entry = outgoing_register_programme(programme=_programme(10), by=methodologist)[0]
    _key, raw = make_key(methodologist, ["outgoing:read", "outgoing:write"])
    response = key_client(raw).post(
        f"/api/v1/outgoing/{entry.pk}/delivery/",
        {"status": "delivered", "note": "API receipt"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "delivered"
    again = key_client(raw).post(
        f"/api/v1/outgoing/{entry.pk}/delivery/",
        {"status": "failed"},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again["Content-Type"] == "application/problem+json"
    assert entry.number in again.json()["detail"]


@pytest.mark.clause("TR-29")
def test_confirmed_results_register_the_reference_for_the_rules_recipients(
    django_capture_on_commit_callbacks, db
):
    from academy.documents.testing import build_group

    with django_capture_on_commit_callbacks(execute=True):
        _group, exam, _enrolments = build_group([80, 60])
    entries = OutgoingDocument.objects.filter(kind="results_reference", object_id=exam.pk)
    assert sorted(e.recipient for e in entries) == [
        "Apparatus of the Supreme Judicial Council of the Republic of Kazakhstan",
        "Supreme Court of the Republic of Kazakhstan",
    ]


@pytest.mark.clause("TR-18")
def test_a_signed_expulsion_order_is_registered_for_hr_and_the_chair(
    django_capture_on_commit_callbacks, methodologist, rector
):
    from academy.training.models import Order

    group = GroupFactory()
    with django_capture_on_commit_callbacks(execute=True):
        order = Order.objects.create(kind="expulsion", group=group, created_by=methodologist)
    assert not OutgoingDocument.objects.filter(object_id=order.pk, kind="expulsion_notice").exists()
    with django_capture_on_commit_callbacks(execute=True):
        order.status = "signed"
        order.number = "7-о"
        order.date = timezone.localdate()
        order.signed_at = timezone.now()
        order.signed_by = rector
        order.save()
    entries = OutgoingDocument.objects.filter(object_id=order.pk, kind="expulsion_notice")
    assert sorted(e.recipient for e in entries) == [
        "Chair of the regional court",
        "Court Administration HR service",
    ]


@pytest.mark.clause("AP-23")
def test_a_decided_appeal_is_registered_for_the_council(
    django_capture_on_commit_callbacks, make_persona
):
    from datetime import date
    from decimal import Decimal

    from academy.accounts.roles import Role
    from academy.appeals.models import Appeal, Commission, Exam, Stage, StageResult

    chair = make_persona(Role.APPEALS_CHAIR)
    commission = Commission.objects.create(
        title="Commission",
        approved_on=date(2026, 2, 20),
        chair=chair,
        secretary=make_persona(Role.APPEALS_SECRETARY),
    )
    exam = Exam.objects.create(title="Exam", starts_on=date(2026, 3, 2))
    result = StageResult.objects.create(
        exam=exam,
        candidate=make_persona(Role.CANDIDATE),
        stage=Stage.TEST,
        points=Decimal(60),
        threshold=Decimal(70),
        received_on=date(2026, 3, 20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        appeal = Appeal.objects.create(
            result=result, commission=commission, filed_at=timezone.now(), registered_by=chair
        )
    assert not OutgoingDocument.objects.filter(kind="appeal_decision").exists()
    with django_capture_on_commit_callbacks(execute=True):
        appeal.status = Appeal.Status.DECIDED
        appeal.decision = Appeal.Decision.REJECT
        appeal.decided_at = timezone.now()
        appeal.save()
    entry = OutgoingDocument.objects.get(kind="appeal_decision", object_id=appeal.pk)
    assert (entry.recipient, entry.channel) == ("Supreme Judicial Council", "api")
