"""AP-5, AP-23: the minutes are signed by the commission's chair and its secretary."""

import base64

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.appeals import services as appeal_services
from academy.appeals.tests.conftest import *  # noqa: F403 - the appeals fixtures
from academy.appeals.tests.conftest import at, questions
from academy.signatures.minutes import minutes_sign, minutes_to_sign
from academy.signatures.models import SignedDocument
from academy.signatures.testpki import issue_person, sign_detached


@pytest.fixture
def sitting(test_result, candidate, chair, secretary, commission, travel):
    travel(2026, 3, 26, 10)
    appeal = appeal_services.appeal_file(
        result=test_result, questions=questions(*range(1, 11)), by=candidate
    )
    travel(2026, 3, 31, 9)
    sitting = appeal_services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 8, 10),
        place="Астана",
        appeals=[appeal],
        by=chair,
    )
    appeal_services.sitting_send_materials(sitting=sitting, by=secretary)
    return appeal_services.sitting_minutes_generate(sitting=sitting, by=secretary)


def cms_by(pki, user, content):
    key = issue_person(pki, iin=user.iin, surname=user.surname, given=user.first_name)
    return sign_detached(key, content, pki.chain)


@pytest.mark.clause("AP-5")
@pytest.mark.clause("AP-23")
def test_chair_and_secretary_sign_the_same_minutes(sitting, chair, secretary, pki):
    content = minutes_to_sign(sitting)
    minutes_sign(sitting=sitting, cms_bytes=cms_by(pki, secretary, content), by=secretary)
    minutes_sign(sitting=sitting, cms_bytes=cms_by(pki, chair, content), by=chair)
    document = SignedDocument.objects.get()
    assert {s.signer for s in document.signatures.all()} == {chair, secretary}
    assert bytes(document.content) == content


@pytest.mark.clause("AP-5")
def test_a_member_does_not_sign_the_minutes(sitting, members, pki):
    content = minutes_to_sign(sitting)
    with pytest.raises(ValidationError):
        minutes_sign(sitting=sitting, cms_bytes=cms_by(pki, members[0], content), by=members[0])
    assert not SignedDocument.objects.exists()


@pytest.mark.clause("AP-5")
def test_the_secretary_signs_through_the_page(sitting, secretary, members, pki, client_as):
    url = reverse("signatures:minutes_sign", args=[sitting.pk])
    assert client_as(members[0]).get(url).status_code == 403
    client = client_as(secretary)
    pdf = base64.b64decode(client.get(url).context["document_b64"])
    cms = base64.b64encode(cms_by(pki, secretary, pdf)).decode()
    assert client.post(url, {"cms": cms})["Location"] == url
    assert SignedDocument.objects.get().signatures.get().signer == secretary
