"""Acquisition pages (IS-12): the librarian only; the register and its spreadsheet."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.accounts.roles import Role
from academy.library.bin import make_bin
from academy.library.models import AcquisitionOrder, Copy, OrderLine, RegisterEntry, Supplier
from academy.library.services import (
    loan_issue,
    order_create,
    order_line_add,
    order_line_receive,
    order_place,
)
from academy.library.testing import CopyFactory, RecordFactory, SupplierFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]

PAGES = [
    ("library:suppliers", []),
    ("library:orders", []),
    ("library:register", []),
    ("library:register_xlsx", []),
    ("library:write_off", []),
]


@pytest.fixture
def order(librarian):
    order = order_create(supplier=SupplierFactory(), by=librarian)
    order_line_add(
        order=order, new_title="Судебная риторика", quantity=2, unit_price=Decimal("1500"),
        by=librarian,
    )  # fmt: skip
    return order


def test_acquisition_pages_are_for_the_librarian_only(
    client, client_as, librarian, reader_user, make_persona, order
):
    line = order.lines.get()
    pages = [*PAGES, ("library:order_detail", [order.pk])]
    for persona in (reader_user, make_persona(Role.LECTURER), make_persona(Role.ADMINISTRATOR)):
        for name, args in pages:
            assert client_as(persona).get(reverse(name, args=args)).status_code == 403, name
        for name, args in [
            ("library:order_place", [order.pk]),
            ("library:line_receive", [line.pk]),
        ]:
            assert client_as(persona).post(reverse(name, args=args)).status_code == 403
    for name, args in pages:
        assert client_as(librarian).get(reverse(name, args=args)).status_code == 200, name
        assert client.get(reverse(name, args=args)).status_code == 302  # to the login page
    order.refresh_from_db()
    assert order.status == AcquisitionOrder.Status.DRAFT


def test_a_supplier_with_a_bad_bin_is_refused_on_the_page(client_as, librarian):
    good = make_bin(2019, 4, 77)
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    response = client_as(librarian).post(reverse("library:suppliers"), {"name": "X", "bin": bad})
    assert response.status_code == 200
    assert "The BIN check digit is wrong." in response.context["form"].errors["bin"]
    response = client_as(librarian).post(reverse("library:suppliers"), {"name": "X", "bin": good})
    assert response.status_code == 302 and Supplier.objects.get().bin == good


def test_the_librarian_orders_and_receives_through_the_pages(client_as, librarian):
    client = client_as(librarian)
    supplier = SupplierFactory()
    record = RecordFactory(title="Гражданский процесс")
    response = client.post(reverse("library:orders"), {"supplier": supplier.pk})
    order = AcquisitionOrder.objects.get()
    assert response["Location"] == order.get_absolute_url()
    client.post(
        order.get_absolute_url(),
        {"record": record.pk, "quantity": 2, "unit_price": "3000", "source": "budget"},
    )
    client.post(reverse("library:order_place", args=[order.pk]))
    line = OrderLine.objects.get()

    over = client.post(
        reverse("library:line_receive", args=[line.pk]), {"quantity": 3}, follow=True
    )
    assert "Only 2 of 2 copies" in over.content.decode()
    done = client.post(
        reverse("library:line_receive", args=[line.pk]),
        {"quantity": 2, "location": "Абонемент"},
        follow=True,
    )
    assert "2 copies received" in done.content.decode()
    assert record.copies.filter(status=Copy.Status.AVAILABLE).count() == 2
    order.refresh_from_db()
    assert order.status == AcquisitionOrder.Status.RECEIVED


def test_writing_off_a_loaned_copy_on_the_page_is_refused(client_as, librarian, reader):
    copy = CopyFactory()
    loan_issue(copy=copy, reader=reader, by=librarian)
    response = client_as(librarian).post(
        reverse("library:write_off"), {"barcode": copy.barcode, "reason": "lost"}
    )
    assert response.status_code == 200
    assert "cannot be written off" in response.content.decode()
    assert not RegisterEntry.objects.exists()


def test_the_register_page_and_xlsx_show_the_same_figures(client_as, librarian, order):
    order_place(order=order, by=librarian)
    line = order.lines.get()
    today = timezone.localdate()
    copies = order_line_receive(line=line, quantity=2, by=librarian)
    client = client_as(librarian)
    client.post(reverse("library:write_off"), {"barcode": copies[0].barcode, "reason": "worn_out"})
    period = {"date_from": date(today.year, 1, 1).isoformat(), "date_to": today.isoformat()}

    page = client.get(reverse("library:register"), period)
    book = page.context["register"]
    assert (book.received_copies, book.received_amount) == (2, Decimal("3000"))
    assert book.written_off_copies == 1
    assert 'data-testid="register-chart"' in page.content.decode()

    response = client.get(reverse("library:register_xlsx"), period)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Date", "Entry", "Barcode")
    assert [row[3] for row in rows[1:]] == [copies[0].barcode, copies[1].barcode, copies[0].barcode]
    assert rows[3][2] == "Write-off" and rows[3][8] == "Worn out"
    totals = {row[0]: row[1:] for row in workbook["Totals"].iter_rows(values_only=True)}
    assert totals["Budget"] == (2, 3000)
    assert totals["Total received"] == (2, 3000)
    assert totals["Written off"] == (1, 1500)
