"""The certificate order of a group with confirmed results, signed; the listener downloads
the certificate and the verification page confirms it (TR-28, TR-29)."""

import io

import pytest
from pypdf import PdfReader

from academy.core.testing import browser_relogin
from academy.documents.models import Certificate
from academy.documents.testing import SIGNED_ON, build_group
from academy.signatures.testing import sign_order_in_browser

pytestmark = pytest.mark.browser


@pytest.mark.clause("TR-28")
@pytest.mark.clause("TR-29")
def test_certificate_from_signed_order_to_download_and_verification(
    transactional_db, page, login, methodologist, rector, ncalayer_for
):
    group, _exam, enrolments = build_group(
        [88, 40], names=[("Әбдірахманова", "Гүлнәр"), ("Омаров", "Ерлан")]
    )
    passed, failed = enrolments

    # The methodologist drafts the certificate order for the listener who passed…
    browser_relogin(page, login, methodologist)
    page.goto(f"/en/training/groups/{group.pk}/")
    page.click("text=Draft the certificate order")
    page.check(f"input[name=enrolments][value='{passed.pk}']")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    order_url = page.url

    # …and the rector signs it: the certificate is issued in the same step.
    browser_relogin(page, login, rector)
    ncalayer_for(rector)  # the rector signs in NCALayer (test keys)
    sign_order_in_browser(page, order_url, "31-с", SIGNED_ON.isoformat())
    assert page.locator(".alert-success").count() == 1
    certificate = Certificate.objects.get()
    assert certificate.listener == passed.listener
    assert not Certificate.objects.filter(listener=failed.listener).exists()

    # The listener sees and downloads their certificate.
    browser_relogin(page, login, passed.listener)
    page.goto("/en/documents/my/")
    assert page.locator("td", has_text=certificate.number).count() == 1
    with page.expect_download() as download_info:
        page.click("[data-testid=certificate-download]")
    assert download_info.value.suggested_filename == f"{certificate.number}.pdf"
    with open(download_info.value.path(), "rb") as handle:
        content = handle.read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Әбдірахманова Гүлнәр" in text and certificate.number in text

    # Anyone with the code (the QR code's link) can check it without logging in.
    page.context.clear_cookies()
    page.goto(certificate.verification_path())
    result = page.locator("[data-testid=verify-result]")
    assert "is genuine" in result.inner_text()
    assert page.locator("dd", has_text="Әбдірахманова Гүлнәр").count() == 1
    page.goto(f"/en/documents/verify/{certificate.number}/?code=WRONG")
    assert "No certificate" in page.locator("[data-testid=verify-result]").inner_text()
