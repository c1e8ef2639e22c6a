"""The rector signs an order in Chromium through the real ncalayer-js-client (TR-15)."""

import pytest

from academy.documents.models import Certificate
from academy.documents.testing import SIGNED_ON, build_group
from academy.documents.testing import passed as passed_of
from academy.signatures.models import SignedDocument
from academy.training import services as training_services

pytestmark = pytest.mark.browser


@pytest.mark.clause("TR-28")
def test_rector_signs_in_the_browser_through_ncalayer(
    transactional_db, page, login, methodologist, signing_rector, ncalayer_for
):
    group, _exam, _enrolments = build_group([88, 40])
    order = training_services.order_create_certificate(
        group=group, enrolments=passed_of(group), by=methodologist
    )
    layer = ncalayer_for(signing_rector)
    login(page, signing_rector, language="en")
    page.wait_for_url("**/dashboard/**")
    page.goto(order.get_absolute_url().replace("/kk/", "/en/"))
    with page.expect_navigation():
        page.click("text=Sign with a digital signature")
    assert "Test keys – not legally valid" in page.inner_text("main")
    page.fill("#id_number", "31-с")
    page.fill("#id_date", SIGNED_ON.isoformat())
    with page.expect_navigation():
        page.click("main form[method=get] button[type=submit]")
    with page.expect_navigation():
        page.click("#sign-button")
    assert page.locator(".alert-success").count() == 1
    order.refresh_from_db()
    assert order.is_signed and order.number == "31-с"
    assert Certificate.objects.filter(order=order).count() == 1
    assert [r["module"] for r in layer.requests][-1] == "kz.gov.pki.knca.basics"
    order_document = SignedDocument.objects.get(kind=SignedDocument.Kind.ORDER)
    assert order_document.signatures.get().iin == signing_rector.iin
    # …and once the order is committed, the issued certificate is sealed (TR-28).
    assert SignedDocument.objects.filter(kind=SignedDocument.Kind.CERTIFICATE).count() == 1


@pytest.mark.clause("IS-12")
def test_librarian_signs_the_register_act_in_the_browser(
    transactional_db, page, login, ncalayer_for, settings
):
    import datetime as dt
    from decimal import Decimal

    from academy.accounts.roles import Role
    from academy.accounts.testing import persona
    from academy.library.models import RegisterEntry
    from academy.library.testing import CopyFactory
    from academy.signatures.models import LibraryRegisterAct

    settings.SIGNATURES_LIBRARY_ACT = True
    librarian = persona(Role.LIBRARIAN, surname="Сидорова", first_name="Ольга")
    RegisterEntry.objects.create(
        kind=RegisterEntry.Kind.RECEIPT,
        copy=CopyFactory(),
        source="budget",
        price=Decimal("1500.00"),
        entered_on=dt.date(2026, 2, 10),
    )
    ncalayer_for(librarian)
    login(page, librarian, language="en")
    page.wait_for_url("**/dashboard/**")
    page.goto("/en/library/acquisition/register/?date_from=2026-01-01&date_to=2026-03-31")
    with page.expect_navigation():
        page.click("text=Sign the act (digital signature)")
    with page.expect_navigation():
        page.click("#sign-button")
    assert page.locator(".alert-success").count() >= 1
    act = LibraryRegisterAct.objects.get()
    assert (act.date_from, act.date_to) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert act.received_copies == 1 and act.signed_by == librarian
