"""IS-12, IS-4.8: the librarian signs the act of the acquisition register (when turned on)."""

import base64
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.library.models import RegisterEntry
from academy.library.testing import CopyFactory
from academy.signatures.library_act import library_act_sign, render_library_act
from academy.signatures.models import LibraryRegisterAct, SignedDocument
from academy.signatures.testing import OTHER_IIN
from academy.signatures.testpki import issue_person, sign_detached

FROM, TO = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


@pytest.fixture
def librarian(db):
    return persona(Role.LIBRARIAN, surname="Сидорова", first_name="Ольга")


@pytest.fixture
def register(db):
    for day, price in ((10, "1500.00"), (20, "2300.50")):
        RegisterEntry.objects.create(
            kind=RegisterEntry.Kind.RECEIPT,
            copy=CopyFactory(),
            source="budget",
            price=Decimal(price),
            entered_on=dt.date(2026, 2, day),
        )


@pytest.fixture(autouse=True)
def _turned_on(settings):
    settings.SIGNATURES_LIBRARY_ACT = True


def cms_of(pki, user, content):
    key = issue_person(pki, iin=user.iin, surname=user.surname, given=user.first_name)
    return sign_detached(key, content, pki.chain)


@pytest.mark.clause("IS-12")
def test_the_librarian_signs_the_act_through_the_page(librarian, register, pki, client_as):
    client = client_as(librarian)
    url = reverse("signatures:library_act_sign")
    period = {"date_from": FROM.isoformat(), "date_to": TO.isoformat()}
    page = client.get(url, period)
    pdf = base64.b64decode(page.context["document_b64"])
    assert pdf == render_library_act(date_from=FROM, date_to=TO)
    cms = base64.b64encode(cms_of(pki, librarian, pdf)).decode()
    response = client.post(url, {**period, "cms": cms})
    assert response.status_code == 302
    act = LibraryRegisterAct.objects.get()
    assert act.received_copies == 2 and act.signed_by == librarian
    document = SignedDocument.objects.get(kind=SignedDocument.Kind.LIBRARY_ACT)
    assert bytes(document.content) == pdf and document.subject == act
    assert 'data-testid="act-signed"' in client.get(url, period).content.decode()


@pytest.mark.clause("IS-4.8")
def test_a_signature_over_another_period_is_refused_and_no_act_exists(librarian, register, pki):
    other = render_library_act(date_from=FROM, date_to=dt.date(2026, 2, 15))
    with pytest.raises(ValidationError):
        library_act_sign(
            date_from=FROM, date_to=TO, cms_bytes=cms_of(pki, librarian, other), by=librarian
        )
    assert not LibraryRegisterAct.objects.exists() and not SignedDocument.objects.exists()


@pytest.mark.clause("IS-4.8")
def test_another_persons_certificate_is_refused(librarian, register, pki):
    content = render_library_act(date_from=FROM, date_to=TO)
    with pytest.raises(ValidationError):
        library_act_sign(
            date_from=FROM,
            date_to=TO,
            cms_bytes=sign_detached(pki.people[OTHER_IIN], content, pki.chain),
            by=librarian,
        )
    assert not LibraryRegisterAct.objects.exists()


@pytest.mark.clause("IS-12")
def test_a_period_is_signed_once(librarian, register, pki):
    content = render_library_act(date_from=FROM, date_to=TO)
    cms = cms_of(pki, librarian, content)
    library_act_sign(date_from=FROM, date_to=TO, cms_bytes=cms, by=librarian)
    with pytest.raises(ValidationError):
        library_act_sign(date_from=FROM, date_to=TO, cms_bytes=cms, by=librarian)
    assert LibraryRegisterAct.objects.count() == 1


@pytest.mark.clause("IS-12")
def test_only_a_librarian_signs_and_only_when_turned_on(librarian, register, client_as, settings):
    url = reverse("signatures:library_act_sign")
    register_url = reverse("library:register")
    assert client_as(persona(Role.READER)).get(url).status_code == 403
    assert "library/register-act/sign/" in client_as(librarian).get(register_url).content.decode()
    settings.SIGNATURES_LIBRARY_ACT = False
    assert client_as(librarian).get(url).status_code == 404
    assert "register-act" not in client_as(librarian).get(register_url).content.decode()
    with pytest.raises(ValidationError):
        library_act_sign(date_from=FROM, date_to=TO, cms_bytes=b"x", by=librarian)
