"""TR-26: each member of the exam commission signs the same confirmed statement."""

import base64

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.documents.testing import build_group
from academy.signatures.models import SignedDocument
from academy.signatures.statements import statement_sign, statement_to_sign
from academy.signatures.testpki import issue_person, sign_detached


@pytest.fixture
def exam(db):
    _group, exam, _enrolments = build_group([80, 40])
    return exam


def key_of(pki, user):
    return issue_person(pki, iin=user.iin, surname=user.surname, given=user.first_name)


@pytest.mark.clause("TR-26")
def test_every_member_signs_the_same_kept_statement(exam, pki):
    members = [m.user for m in exam.commission.all()]
    first = statement_to_sign(exam)
    document = statement_sign(
        exam=exam, cms_bytes=sign_detached(key_of(pki, members[0]), first, pki.chain), by=members[0]
    )
    kept = bytes(document.content)
    assert kept == first
    statement_sign(
        exam=exam, cms_bytes=sign_detached(key_of(pki, members[1]), kept, pki.chain), by=members[1]
    )
    assert SignedDocument.objects.get().signatures.count() == 2
    with pytest.raises(ValidationError):  # once each
        statement_sign(
            exam=exam,
            cms_bytes=sign_detached(key_of(pki, members[1]), kept, pki.chain),
            by=members[1],
        )


@pytest.mark.clause("TR-26")
def test_a_signature_over_another_version_is_refused(exam, pki):
    members = [m.user for m in exam.commission.all()]
    first = statement_to_sign(exam)
    statement_sign(
        exam=exam, cms_bytes=sign_detached(key_of(pki, members[0]), first, pki.chain), by=members[0]
    )
    other = first + b"%"
    with pytest.raises(ValidationError):
        statement_sign(
            exam=exam,
            cms_bytes=sign_detached(key_of(pki, members[1]), other, pki.chain),
            by=members[1],
        )
    assert SignedDocument.objects.get().signatures.count() == 1


@pytest.mark.clause("TR-26")
def test_only_commission_members_sign(exam, pki, rector, client_as):
    with pytest.raises(ValidationError):
        statement_sign(exam=exam, cms_bytes=b"x", by=rector)
    assert (
        client_as(rector).get(reverse("signatures:statement_sign", args=[exam.pk])).status_code
        == 403
    )


@pytest.mark.clause("TR-26")
def test_a_member_signs_through_the_page(exam, pki, client_as):
    member = exam.commission.first().user
    client = client_as(member)
    url = reverse("signatures:statement_sign", args=[exam.pk])
    page = client.get(url)
    pdf = base64.b64decode(page.context["document_b64"])
    cms = base64.b64encode(sign_detached(key_of(pki, member), pdf, pki.chain)).decode()
    assert client.post(url, {"cms": cms})["Location"] == url
    assert SignedDocument.objects.get().signatures.get().signer == member
