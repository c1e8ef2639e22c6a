"""A librarian imports MARC21, a visitor finds the book, the librarian lends it, the reader sees it (IS-12)."""

import pytest

from academy.core.testing import browser_relogin, submit_and_wait
from academy.core.tests.test_accessibility import serious_violations
from academy.library.models import Loan

from .conftest import DATA

pytestmark = pytest.mark.browser


@pytest.mark.clause("IS-12")
def test_import_search_lend_and_my_loans(transactional_db, page, login, librarian, reader_user):
    # The librarian imports the sample file from the dashboard tile; record 4 is damaged.
    browser_relogin(page, login, librarian)
    page.goto("/en/dashboard/")
    page.click("main a[href$='/library/manage/']")
    page.click("a[href$='/library/import/']")
    page.set_input_files("#id_file", str(DATA / "sample.mrc"))
    submit_and_wait(page, "[data-testid=import-form]")
    summary = page.inner_text("[data-testid=import-summary]")
    # Record 5's invalid ISBN is kept in 020 $z with a warning; the record is imported.
    assert "imported: 4" in summary and "rejected: 1" in summary
    assert "Record 4:" in page.inner_text("[data-testid=import-rejected]")
    assert "Record 5:" in page.inner_text("[data-testid=import-warnings]")
    assert serious_violations(page) == []

    # …and adds a copy of one imported book.
    page.click("[data-testid=import-imported] a:has-text('Судебная этика')")
    page.fill("#id_barcode", "E2E-0001")
    page.fill("#id_location", "Абонемент")
    submit_and_wait(page, "[data-testid=copy-form]")
    assert "E2E-0001" in page.inner_text("[data-testid=copies]")

    # A visitor, not logged in, finds it in the OPAC.
    page.context.clear_cookies()
    page.goto("/en/library/")
    page.fill("#id_q", "этика")
    submit_and_wait(page, "[data-testid=search-form]")
    assert "1 record found" in page.inner_text("[data-testid=result-count]")
    page.click("[data-testid=results] a:has-text('Судебная этика')")
    assert "1 copy available" in page.inner_text("[data-testid=availability]")
    assert page.locator("[data-testid=copy-form]").count() == 0
    assert serious_violations(page) == []

    # The librarian lends it to the reader (by IIN: the first loan opens the reader card).
    browser_relogin(page, login, librarian)
    page.goto("/en/library/")
    page.fill("#id_q", "этика")
    submit_and_wait(page, "[data-testid=search-form]")
    page.click("[data-testid=results] a:has-text('Судебная этика')")
    page.click("[data-testid=copies] a:has-text('Lend')")
    assert page.input_value("#id_barcode") == "E2E-0001"
    page.fill("#id_reader", reader_user.iin)
    submit_and_wait(page, "[data-testid=loan-form]")
    assert "The copy is lent." in page.inner_text("main")
    loan = Loan.objects.get()
    assert loan.due_on.strftime("%d.%m.%Y") in page.inner_text("[data-testid=loans]")

    # The reader sees it on "my loans".
    browser_relogin(page, login, reader_user)
    page.goto("/en/dashboard/")
    page.click("main a[href$='/library/my/']")
    assert "Судебная этика" in page.inner_text("[data-testid=my-loans]")
    assert loan.reader.card_number in page.inner_text("main")
    assert serious_violations(page) == []
