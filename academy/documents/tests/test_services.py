"""Certificates are issued when the certificate order is signed (TR-28), never below 50 (TR-29)."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from academy.documents import services
from academy.documents.models import Certificate
from academy.documents.testing import SIGNED_ON, build_group, passed, sign_certificate_order
from academy.exams.models import Result
from academy.training import services as training_services
from academy.training.models import Enrolment, Order


@pytest.mark.clause("TR-28")
def test_signing_the_certificate_order_issues_one_certificate_per_listener(methodologist, rector):
    group, exam, enrolments = build_group([95, 72, 50, 30])
    order = sign_certificate_order(group, enrolments[:3], methodologist, rector)
    certificates = list(Certificate.objects.filter(order=order).order_by("serial"))
    assert [c.listener for c in certificates] == [e.listener for e in enrolments[:3]]
    assert {c.result.exam for c in certificates} == {exam}
    first = certificates[0]
    assert first.group == group and first.issued_on == SIGNED_ON
    assert first.hours == 40  # 5 classes × 8 hours
    assert first.points == 95 and first.language == "kk"
    assert len(first.verification_code) == services.CODE_LENGTH
    assert LogEntry.objects.filter(additional_data__event="certificate_issued").count() == 3
    assert group.enrolments.filter(status=Enrolment.Status.COMPLETED).count() == 3


@pytest.mark.clause("TR-28")
def test_numbers_are_unique_and_sequential_per_year(methodologist, rector):
    group, _exam, enrolments = build_group([80, 81, 82])
    sign_certificate_order(group, enrolments[:2], methodologist, rector, number="1-с")
    other, _exam2, others = build_group([90, 91])
    sign_certificate_order(other, others, methodologist, rector, number="2-с")
    numbers = list(Certificate.objects.order_by("pk").values_list("number", flat=True))
    assert numbers == [
        "ЖСА-2026-000001",
        "ЖСА-2026-000002",
        "ЖСА-2026-000003",
        "ЖСА-2026-000004",
    ]
    assert len({c.verification_code for c in Certificate.objects.all()}) == 4
    next_year, _exam3, late = build_group([60])
    sign_certificate_order(
        next_year, late, methodologist, rector, number="1-с", on=date(2027, 1, 5)
    )
    assert Certificate.objects.get(group=next_year).number == "ЖСА-2027-000001"


@pytest.mark.clause("TR-29")
def test_signing_is_refused_when_a_listener_has_fewer_than_50_points(methodologist, rector):
    group, _exam, enrolments = build_group([75, 49])
    order = training_services.order_create_certificate(
        group=group, enrolments=enrolments, by=methodologist
    )
    with pytest.raises(ValidationError, match="49 points; no certificate is issued below 50"):
        training_services.order_sign(order=order, number="5-с", date=SIGNED_ON, by=rector)
    order.refresh_from_db()
    assert order.status == Order.Status.DRAFT
    assert Certificate.objects.count() == 0
    assert group.enrolments.filter(status=Enrolment.Status.COMPLETED).count() == 0


@pytest.mark.clause("TR-29")
def test_signing_is_refused_while_the_results_are_unconfirmed(methodologist, rector):
    group, _exam, enrolments = build_group([88, 91], confirmed=False)
    order = training_services.order_create_certificate(
        group=group, enrolments=enrolments, by=methodologist
    )
    with pytest.raises(ValidationError, match="not confirmed yet"):
        training_services.order_sign(order=order, number="6-с", date=SIGNED_ON, by=rector)
    assert Certificate.objects.count() == 0


@pytest.mark.clause("TR-29")
def test_signing_is_refused_for_a_listener_without_a_result(methodologist, rector):
    group, _exam, enrolments = build_group([88, None])
    order = training_services.order_create_certificate(
        group=group, enrolments=enrolments, by=methodologist
    )
    with pytest.raises(ValidationError, match="no exam result"):
        training_services.order_sign(order=order, number="7-с", date=SIGNED_ON, by=rector)
    assert Certificate.objects.count() == 0


@pytest.mark.clause("TR-29")
def test_the_service_refuses_a_result_below_50_even_under_a_signed_order(methodologist, rector):
    group, exam, enrolments = build_group([70, 40])
    order = sign_certificate_order(group, enrolments[:1], methodologist, rector)
    failed = Result.objects.get(exam=exam, points=40)
    # Even if the listener were on the order, the result decides.
    order.items.create(enrolment=enrolments[1])
    with pytest.raises(ValidationError, match="below 50"):
        services.certificate_issue(result=failed, order=order, by=rector)
    assert Certificate.objects.count() == 1


@pytest.mark.clause("TR-29")
def test_the_database_refuses_a_certificate_below_50_points(methodologist, rector):
    group, _exam, enrolments = build_group([70])
    sign_certificate_order(group, enrolments, methodologist, rector)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(group=group).update(points=49)


def test_a_draft_order_issues_nothing(methodologist, rector):
    group, exam, enrolments = build_group([70])
    order = training_services.order_create_certificate(
        group=group, enrolments=enrolments, by=methodologist
    )
    with pytest.raises(ValidationError, match="signed certificate order"):
        services.certificate_issue(result=exam.results.get(), order=order, by=rector)


def test_other_orders_issue_no_certificates(methodologist, rector):
    group, _exam, _enrolments = build_group([70])
    withdrawal = Order.objects.create(kind=Order.Kind.WITHDRAWAL, group=group, created_by=rector)
    services.on_order_signed(sender=Order, order=withdrawal, by=rector)
    assert Certificate.objects.count() == 0
    assert passed(group)
