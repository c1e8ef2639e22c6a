"""A librarian orders, receives (the copies are available in the OPAC) and sees the register (IS-12)."""

import pytest

from academy.core.tests.test_accessibility import serious_violations
from academy.library.models import Copy
from academy.library.testing import SupplierFactory

pytestmark = pytest.mark.browser


def _submit(page, form_selector):
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")


@pytest.mark.clause("IS-12")
def test_order_receive_opac_and_register(transactional_db, page, login, librarian):
    supplier = SupplierFactory(name="Жеті жарғы ЖШС")
    page.context.clear_cookies()
    login(page, librarian, language="en")
    page.wait_for_url("**/dashboard/**")

    # A draft order with a new title, then placed.
    page.goto("/en/library/manage/")
    page.click("nav a[href$='/library/acquisition/orders/']")
    page.select_option("#id_supplier", str(supplier.pk))
    _submit(page, "[data-testid=order-form]")
    page.fill("#id_new_title", "Судебная риторика")
    page.fill("#id_quantity", "3")
    page.fill("#id_unit_price", "2500")
    page.select_option("#id_source", "gift")
    _submit(page, "[data-testid=line-form]")
    assert "Судебная риторика" in page.inner_text("[data-testid=order-lines]")
    assert serious_violations(page) == []
    _submit(page, "[data-testid=place-form]")
    assert "Ordered" in page.inner_text("[data-testid=order-status]")

    # Two of the three copies arrive.
    page.fill("[data-testid=receive-form-1] input[name=quantity]", "2")
    page.fill("[data-testid=receive-form-1] input[name=location]", "Абонемент")
    _submit(page, "[data-testid=receive-form-1]")
    assert "2 copies received" in page.inner_text("main")
    assert "Received partly" in page.inner_text("[data-testid=order-status]")
    assert Copy.objects.filter(status=Copy.Status.AVAILABLE).count() == 2

    # A visitor finds them in the OPAC, available.
    page.context.clear_cookies()
    page.goto("/en/library/")
    page.fill("#id_q", "риторика")
    _submit(page, "[data-testid=search-form]")
    page.click("[data-testid=results] a:has-text('Судебная риторика')")
    assert "2 copies available" in page.inner_text("[data-testid=availability]")

    # The librarian sees them in the register, gift, 5,000 tenge.
    login(page, librarian, language="en")
    page.wait_for_url("**/dashboard/**")
    page.goto("/en/library/acquisition/register/")
    totals = page.inner_text("[data-testid=register-totals]")
    assert "Gift\t2\t5000" in totals.replace(".00", "")
    assert page.locator("[data-testid=register] tbody tr").count() == 2
    assert page.locator("[data-testid=register-chart] svg").count() == 1
    assert serious_violations(page) == []
