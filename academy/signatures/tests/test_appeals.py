"""AP-10: an appeal is filed by the candidate's signature over its application."""

import base64

import pytest
from django.urls import reverse

from academy.appeals.models import Appeal
from academy.appeals.tests.conftest import *  # noqa: F403 - the appeals fixtures
from academy.signatures.models import SignedDocument
from academy.signatures.testpki import issue_person, sign_detached

FORM_1 = {
    "q-TOTAL_FORMS": "5",
    "q-INITIAL_FORMS": "0",
    "q-0-number": "3",
    "q-0-grounds": "Екі жауап дұрыс",
    "q-0-legal_reference": "АПК 5-бап",
    "reasons": "",
    "file_anyway": "1",  # one question where more are needed (AP-15.1): filed knowingly
}


def signing_page(client, url):
    response = client.post(url, FORM_1)
    assert response.status_code == 200 and not Appeal.objects.exists()
    return base64.b64decode(response.context["document_b64"])


@pytest.mark.clause("AP-10")
def test_the_candidate_files_by_signing(client_as, candidate, test_result, travel, pki):
    travel(2026, 3, 26, 10)
    url = reverse("appeals:appeal_file", args=[test_result.pk])
    client = client_as(candidate)
    pdf = signing_page(client, url)
    key = issue_person(pki, iin=candidate.iin, surname=candidate.surname, given="")
    cms = base64.b64encode(sign_detached(key, pdf, pki.chain)).decode()
    response = client.post(url, {**FORM_1, "cms": cms})
    appeal = Appeal.objects.get()
    assert response["Location"] == appeal.get_absolute_url()
    document = SignedDocument.objects.get(kind=SignedDocument.Kind.APPEAL)
    assert document.subject == appeal and bytes(document.content) == pdf
    assert document.signatures.get().iin == candidate.iin


@pytest.mark.clause("AP-10")
def test_someone_elses_signature_files_nothing(client_as, candidate, test_result, travel, pki):
    from academy.signatures.testing import RECTOR_IIN

    travel(2026, 3, 26, 10)
    url = reverse("appeals:appeal_file", args=[test_result.pk])
    client = client_as(candidate)
    pdf = signing_page(client, url)
    cms = base64.b64encode(sign_detached(pki.people[RECTOR_IIN], pdf, pki.chain)).decode()
    response = client.post(url, {**FORM_1, "cms": cms})
    assert response.status_code == 200
    assert "IIN" in response.context["error"] or "ЖСН" in response.context["error"]
    assert not Appeal.objects.exists() and not SignedDocument.objects.exists()


@pytest.mark.clause("AP-10")
def test_a_signature_over_changed_reasons_files_nothing(
    client_as, candidate, test_result, travel, pki
):
    travel(2026, 3, 26, 10)
    url = reverse("appeals:appeal_file", args=[test_result.pk])
    client = client_as(candidate)
    pdf = signing_page(client, url)
    key = issue_person(pki, iin=candidate.iin, surname=candidate.surname, given="")
    cms = base64.b64encode(sign_detached(key, pdf, pki.chain)).decode()
    changed = {**FORM_1, "q-0-number": "4", "cms": cms}
    assert client.post(url, changed).status_code == 200
    assert not Appeal.objects.exists() and not SignedDocument.objects.exists()
