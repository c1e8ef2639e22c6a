"""The circulation desk in a browser: scan the card, lend, renew and return (IS-12, issue 17)."""

import pytest

from academy.core.tests.test_accessibility import serious_violations
from academy.library.models import Loan
from academy.library.testing import CopyFactory, ReaderFactory, RecordFactory

pytestmark = pytest.mark.browser


@pytest.mark.clause("IS-12")
def test_scan_card_lend_renew_and_return_on_one_screen(
    transactional_db, page, login, librarian, reader_user
):
    reader = ReaderFactory(user=reader_user, card_number="AJ-000042")
    copy = CopyFactory(record=RecordFactory(title="Судебная этика"), barcode="DESK-0001")
    login(page, librarian, language="en")
    page.wait_for_url("**/dashboard/**")
    page.goto("/en/library/desk/")

    page.fill("#desk-card", reader.card_number)
    page.press("#desk-card", "Enter")  # a scanner ends with Enter
    page.wait_for_selector("[data-testid=desk-reader]")
    assert "Мұхтарова" in page.inner_text("[data-testid=desk-reader]")

    # The lend box has the focus after the card: the barcode is scanned straight in.
    page.keyboard.type(copy.barcode)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=desk-loans] :text('DESK-0001')")
    assert "is lent until" in page.inner_text("main [aria-live=polite]")
    assert Loan.objects.get().reader == reader

    page.click("[data-testid=desk-loans] button:has-text('Renew')")
    page.wait_for_selector("main [aria-live=polite] :text('renewed until')")
    assert "(renewed)" in page.inner_text("[data-testid=desk-loans]")
    assert serious_violations(page) == []

    page.fill("#desk-return", copy.barcode)
    page.press("#desk-return", "Enter")
    page.wait_for_selector("main [aria-live=polite] :text('is returned')")
    assert "No loans." in page.inner_text("[data-testid=desk-loans]")
    assert Loan.objects.get().returned_at is not None
