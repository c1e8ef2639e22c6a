"""The seal on the references (Appendix 3, 4) and the exam statement (TR-26, TR-29, TR-30)."""

import pytest
from django.urls import reverse

from academy.documents.testing import build_group
from academy.signatures.models import Signature, SignedDocument
from academy.signatures.pades import LEVEL_LT, verify_pdf
from academy.signatures.statements import statement_sign, statement_to_sign
from academy.signatures.testpki import issue_person, sign_detached


def sealed_ok(pdf: bytes) -> None:
    check = verify_pdf(pdf, fetch=False)
    assert check.ok, check.message
    assert check.bin == "000140000123" and check.level == LEVEL_LT


@pytest.mark.clause("TR-29")
def test_the_results_reference_downloads_sealed_and_the_same_every_time(methodologist, client_as):
    group, _exam, _enrolments = build_group([80, 40])
    client = client_as(methodologist)
    url = reverse("documents:results_reference_file", args=[group.pk, "pdf"])
    first = client.get(url)
    sealed_ok(first.content)
    assert client.get(url).content == first.content
    kept = SignedDocument.objects.get(kind=SignedDocument.Kind.REFERENCE)
    assert kept.signatures.get().role == Signature.Role.SEAL and kept.subject == group


@pytest.mark.clause("TR-29")
def test_an_unconfirmed_reference_is_a_draft_without_a_seal(methodologist, client_as):
    group, _exam, _enrolments = build_group([80, 40], confirmed=False)
    response = client_as(methodologist).get(
        reverse("documents:results_reference_file", args=[group.pk, "pdf"])
    )
    assert response.content.startswith(b"%PDF") and b"/Sig" not in response.content
    assert not SignedDocument.objects.exists()


@pytest.mark.clause("TR-30")
def test_the_summary_reference_downloads_sealed(methodologist, client_as):
    group, _exam, _enrolments = build_group([80, 75])
    response = client_as(methodologist).get(
        reverse("documents:summary_reference_file", args=[group.course.pk, "pdf"])
    )
    sealed_ok(response.content)
    assert SignedDocument.objects.get().subject == group.course


@pytest.mark.clause("TR-26")
def test_the_confirmed_statement_downloads_sealed_beside_the_members_signatures(
    methodologist, client_as, pki
):
    _group, exam, _enrolments = build_group([80, 40])
    member = exam.commission.first().user
    response = client_as(methodologist).get(reverse("exams:statement_pdf", args=[exam.pk]))
    sealed_ok(response.content)
    # The members still sign the statement itself, the bytes the seal was put on.
    content = statement_to_sign(exam)
    assert response.content.startswith(content)
    key = issue_person(pki, iin=member.iin, surname=member.surname, given=member.first_name)
    signed = statement_sign(exam=exam, cms_bytes=sign_detached(key, content, pki.chain), by=member)
    assert signed.form == SignedDocument.Form.CMS
    assert SignedDocument.objects.filter(kind=SignedDocument.Kind.STATEMENT).count() == 2


@pytest.mark.clause("IS-4.8")
def test_with_the_tsa_down_and_no_fallback_the_reference_is_not_issued(
    methodologist, client_as, ocsp, settings
):
    group, _exam, _enrolments = build_group([80, 40])
    ocsp.tsa_up = False
    settings.SIGNATURE_TSA_FALLBACK_BB = False
    response = client_as(methodologist).get(
        reverse("documents:results_reference_file", args=[group.pk, "pdf"]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("documents:results_reference", args=[group.pk])
    assert 'class="alert alert-danger' in response.content.decode() or response.context["messages"]
    assert not SignedDocument.objects.exists()


@pytest.mark.clause("IS-4.8")
def test_with_the_tsa_down_and_the_fallback_the_seal_says_it_has_no_timestamp(
    methodologist, client_as, ocsp, settings
):
    group, _exam, _enrolments = build_group([80, 40])
    ocsp.tsa_up = False
    settings.SIGNATURE_TSA_FALLBACK_BB = True
    response = client_as(methodologist).get(
        reverse("documents:results_reference_file", args=[group.pk, "pdf"])
    )
    check = verify_pdf(response.content, fetch=False)
    assert check.ok and not check.timestamped
    seal = SignedDocument.objects.get().signatures.get()
    assert seal.reason  # "sealed without a timestamp: …", shown on the document's page
