"""Rector's orders take effect only with a valid signature over their PDF (TR-15, TR-28)."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from academy.documents.models import Certificate
from academy.documents.testing import SIGNED_ON, build_group, passed
from academy.signatures import testpki
from academy.signatures.models import Signature, SignedDocument
from academy.signatures.orders import order_sign_with_signature, render_order_pdf
from academy.signatures.testing import CANDIDATE_IIN, RECTOR_IIN
from academy.training import services as training_services
from academy.training.models import Enrolment, Order
from academy.training.testing import (
    CourseFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    fill_group,
)


@pytest.fixture
def certificate_order(methodologist):
    group, _exam, _enrolments = build_group([80, 75, 40])
    return training_services.order_create_certificate(
        group=group, enrolments=passed(group), by=methodologist
    )


def cms_for(identity, pki, order, rector, number="12-с", date=SIGNED_ON):
    pdf = render_order_pdf(order=order, number=number, date=date, rector=rector)
    return base64.b64encode(testpki.sign_detached(identity, pdf, pki.chain))


def assert_nothing_changed(order):
    order.refresh_from_db()
    assert order.status == Order.Status.DRAFT and order.number == ""
    assert not SignedDocument.objects.exists() and not Signature.objects.exists()
    assert not Certificate.objects.exists()


@pytest.mark.clause("TR-28")
def test_a_valid_signature_signs_the_order_and_certificates_are_issued(
    certificate_order, signing_rector, pki
):
    cms = cms_for(pki.people[RECTOR_IIN], pki, certificate_order, signing_rector)
    document = order_sign_with_signature(
        order=certificate_order, number="12-с", date=SIGNED_ON, cms_bytes=cms, by=signing_rector
    )
    certificate_order.refresh_from_db()
    assert certificate_order.is_signed and certificate_order.number == "12-с"
    # order_signed still runs: documents issued the certificates (TR-28).
    assert Certificate.objects.filter(order=certificate_order).count() == 2
    signature = document.signatures.get()
    assert signature.iin == RECTOR_IIN and signature.signer == signing_rector
    assert bytes(document.content).startswith(b"%PDF")
    assert document.subject == certificate_order


@pytest.mark.clause("TR-28")
def test_the_order_pdf_is_the_same_bytes_when_rendered_again(certificate_order, signing_rector):
    first = render_order_pdf(
        order=certificate_order, number="1", date=SIGNED_ON, rector=signing_rector
    )
    again = render_order_pdf(
        order=certificate_order, number="1", date=SIGNED_ON, rector=signing_rector
    )
    assert first == again


@pytest.mark.clause("TR-28")
def test_a_signature_over_another_number_changes_nothing(certificate_order, signing_rector, pki):
    cms = cms_for(pki.people[RECTOR_IIN], pki, certificate_order, signing_rector, number="99-с")
    with pytest.raises(ValidationError) as error:
        order_sign_with_signature(
            order=certificate_order, number="12-с", date=SIGNED_ON, cms_bytes=cms, by=signing_rector
        )
    assert error.value.code == "tampered"
    assert_nothing_changed(certificate_order)


@pytest.mark.clause("TR-28")
def test_another_persons_certificate_changes_nothing(certificate_order, signing_rector, pki):
    cms = cms_for(pki.people[CANDIDATE_IIN], pki, certificate_order, signing_rector)
    with pytest.raises(ValidationError) as error:
        order_sign_with_signature(
            order=certificate_order, number="12-с", date=SIGNED_ON, cms_bytes=cms, by=signing_rector
        )
    assert error.value.code == "wrong_signer"
    assert_nothing_changed(certificate_order)


@pytest.mark.clause("TR-28")
@pytest.mark.parametrize("who", ["expired", "revoked", "self_signed"])
def test_a_bad_certificate_changes_nothing(certificate_order, signing_rector, pki, who):
    cms = cms_for(getattr(pki, who), pki, certificate_order, signing_rector)
    with pytest.raises(ValidationError) as error:
        order_sign_with_signature(
            order=certificate_order, number="12-с", date=SIGNED_ON, cms_bytes=cms, by=signing_rector
        )
    assert error.value.code in {"expired", "revoked", "untrusted"}
    assert_nothing_changed(certificate_order)


@pytest.mark.clause("TR-28")
def test_a_truncated_cms_changes_nothing(certificate_order, signing_rector, pki):
    cms = base64.b64decode(cms_for(pki.people[RECTOR_IIN], pki, certificate_order, signing_rector))
    with pytest.raises(ValidationError) as error:
        order_sign_with_signature(
            order=certificate_order,
            number="12-с",
            date=SIGNED_ON,
            cms_bytes=cms[: len(cms) // 2],
            by=signing_rector,
        )
    assert error.value.code == "malformed"
    assert_nothing_changed(certificate_order)


@pytest.mark.clause("TR-28")
def test_ocsp_down_changes_nothing(certificate_order, signing_rector, pki, ocsp):
    cms = cms_for(pki.people[RECTOR_IIN], pki, certificate_order, signing_rector)
    ocsp.up = False
    with pytest.raises(ValidationError) as error:
        order_sign_with_signature(
            order=certificate_order, number="12-с", date=SIGNED_ON, cms_bytes=cms, by=signing_rector
        )
    assert error.value.code == "revocation_unknown"
    assert_nothing_changed(certificate_order)


@pytest.mark.clause("TR-28")
def test_a_failing_effect_leaves_nothing_half_signed(
    certificate_order, signing_rector, pki, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError("refused by training")

    monkeypatch.setattr(training_services, "order_sign", refuse)
    cms = cms_for(pki.people[RECTOR_IIN], pki, certificate_order, signing_rector)
    with pytest.raises(ValidationError):
        order_sign_with_signature(
            order=certificate_order, number="12-с", date=SIGNED_ON, cms_bytes=cms, by=signing_rector
        )
    assert_nothing_changed(certificate_order)


@pytest.mark.clause("TR-15")
def test_only_the_rector_signs(certificate_order, vice_rector, pki):
    with pytest.raises(ValidationError) as error:
        order_sign_with_signature(
            order=certificate_order, number="1", date=SIGNED_ON, cms_bytes=b"x", by=vice_rector
        )
    assert error.value.code == "role"


@pytest.mark.clause("IS-4.8")
def test_a_signed_record_cannot_be_changed_or_deleted(certificate_order, signing_rector, pki):
    cms = cms_for(pki.people[RECTOR_IIN], pki, certificate_order, signing_rector)
    document = order_sign_with_signature(
        order=certificate_order, number="12-с", date=SIGNED_ON, cms_bytes=cms, by=signing_rector
    )
    signature = document.signatures.get()
    signature.signer_name = "Someone else"
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        document.delete()


@pytest.mark.clause("TR-15")
def test_rector_signs_an_admission_order_through_the_pages(
    client_as, methodologist, signing_rector, pki
):
    with time_machine.travel(timezone.now(), tick=False):
        today = timezone.localdate()
        course = CourseFactory(
            start_date=today + timedelta(days=10), end_date=today + timedelta(days=19)
        )
        programme = ProgrammeFactory(group=GroupFactory(course=course), exam_date=course.end_date)
        for _ in range(5):
            LessonFactory(programme=programme)
        training_services.programme_approve(programme=programme, by=signing_rector)
        training_services.programme_send(programme=programme, by=signing_rector)
        group = programme.group
        fill_group(group, 20)
        training_services.group_confirm(group=group, by=methodologist)
        order = training_services.order_create_admission(group=group, by=methodologist)
        client = client_as(signing_rector)
        sign_url = reverse("signatures:order_sign", args=[order.pk])
        page = client.get(sign_url, {"number": "15-ө", "date": today.isoformat()})
        assert page.status_code == 200
        pdf = base64.b64decode(page.context["document_b64"])
        draft = client.get(
            reverse("signatures:order_draft_pdf", args=[order.pk]),
            {"number": "15-ө", "date": today.isoformat()},
        )
        assert draft.content == pdf  # what the rector reads is what they sign
        # A signature over another document is refused on the page, nothing changes.
        bad = base64.b64encode(testpki.sign_detached(pki.people[RECTOR_IIN], b"x", pki.chain))
        response = client.post(
            sign_url, {"number": "15-ө", "date": today.isoformat(), "cms": bad.decode()}
        )
        assert response.status_code == 200
        assert "does not match" in response.content.decode() or response.context["form"].errors
        assert group.enrolments.filter(status=Enrolment.Status.ADMITTED).count() == 0
        good = base64.b64encode(testpki.sign_detached(pki.people[RECTOR_IIN], pdf, pki.chain))
        response = client.post(
            sign_url, {"number": "15-ө", "date": today.isoformat(), "cms": good.decode()}
        )
        assert response["Location"] == order.get_absolute_url()
        assert group.enrolments.filter(status=Enrolment.Status.ADMITTED).count() == 20
        document = SignedDocument.objects.get()
        detail = client.get(order.get_absolute_url()).content.decode()
        assert document.get_absolute_url() in detail
        signature = document.signatures.get()
        cms_file = client.get(
            reverse("signatures:document_file", args=[document.pk, f"{signature.pk}.cms"])
        )
        assert cms_file.content == bytes(signature.cms)


def test_others_cannot_open_a_signed_document(
    client_as, listener, certificate_order, signing_rector, pki
):
    cms = cms_for(pki.people[RECTOR_IIN], pki, certificate_order, signing_rector)
    document = order_sign_with_signature(
        order=certificate_order, number="12-с", date=SIGNED_ON, cms_bytes=cms, by=signing_rector
    )
    assert client_as(listener).get(document.get_absolute_url()).status_code == 403
    assert client_as(signing_rector).get(document.get_absolute_url()).status_code == 200
