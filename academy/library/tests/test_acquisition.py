"""Acquisition (IS-12): suppliers, orders, receipt of copies, the register, write-off."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from academy.core.iin import make_iin
from academy.library.bin import make_bin, validate_bin
from academy.library.models import AcquisitionOrder, Copy, OrderLine, RegisterEntry
from academy.library.selectors import acquisition_register
from academy.library.services import (
    copy_write_off,
    library_settings_update,
    loan_issue,
    order_create,
    order_line_add,
    order_line_receive,
    order_place,
    supplier_create,
)
from academy.library.testing import CopyFactory, RecordFactory, SupplierFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


def _events(name):
    return LogEntry.objects.filter(additional_data__event=name)


def _placed_order(librarian, *lines):
    order = order_create(supplier=SupplierFactory(), ordered_on=date(2026, 2, 2), by=librarian)
    made = [order_line_add(order=order, by=librarian, **fields) for fields in lines]
    order_place(order=order, by=librarian)
    return order, made


# ---------------------------------------------------------------- BIN ----


def test_a_valid_bin_and_a_sole_traders_iin_are_accepted():
    validate_bin(make_bin(2015, 3, 123))
    validate_bin(make_bin(2020, 12, 1))
    validate_bin(make_iin(date(1985, 5, 20), "F", 42))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12345", "exactly 12 digits"),
        ("15034O000123", "exactly 12 digits"),
        ("151340012345", "registration month"),
    ],
)
def test_a_malformed_bin_is_refused(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_bin(value)


def test_a_bin_with_a_wrong_check_digit_is_refused():
    good = make_bin(2015, 3, 123)
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    with pytest.raises(ValidationError, match="check digit"):
        validate_bin(bad)


def test_a_supplier_needs_a_valid_unique_bin_and_is_audited(librarian):
    number = make_bin(2018, 6, 55)
    supplier = supplier_create(name="Жеті жарғы ЖШС", bin=number, by=librarian)
    assert supplier.bin == number
    assert _events("library_supplier_created").count() == 1
    with pytest.raises(ValidationError, match="exists already"):
        supplier_create(name="Again", bin=number, by=librarian)
    with pytest.raises(ValidationError, match="check digit"):
        supplier_create(name="Bad", bin=number[:11] + str((int(number[11]) + 1) % 10), by=librarian)


def test_only_a_librarian_creates_suppliers_and_orders(reader_user):
    with pytest.raises(ValidationError, match="Only a librarian"):
        supplier_create(name="X", bin=make_bin(2018, 6, 5), by=reader_user)
    with pytest.raises(ValidationError, match="Only a librarian"):
        order_create(supplier=SupplierFactory(), by=reader_user)


# ---------------------------------------------------------------- orders and receipt ----


def test_an_order_goes_from_draft_to_ordered_and_needs_a_line(librarian):
    order = order_create(supplier=SupplierFactory(), by=librarian)
    assert order.status == AcquisitionOrder.Status.DRAFT
    with pytest.raises(ValidationError, match="at least one line"):
        order_place(order=order, by=librarian)
    order_line_add(
        order=order, new_title="Новая книга", quantity=2, unit_price=Decimal("1000"), by=librarian
    )
    order_place(order=order, by=librarian)
    order.refresh_from_db()
    assert order.status == AcquisitionOrder.Status.ORDERED
    with pytest.raises(ValidationError, match="only to a draft"):
        order_line_add(
            order=order, new_title="Ещё", quantity=1, unit_price=Decimal("1"), by=librarian
        )


def test_a_line_needs_a_record_or_a_title(librarian):
    order = order_create(supplier=SupplierFactory(), by=librarian)
    with pytest.raises(ValidationError, match="catalogue record or type the title"):
        order_line_add(order=order, quantity=1, unit_price=Decimal("1"), by=librarian)


def test_a_draft_order_is_not_received(librarian):
    order = order_create(supplier=SupplierFactory(), by=librarian)
    line = order_line_add(
        order=order, new_title="Т", quantity=1, unit_price=Decimal("1"), by=librarian
    )
    with pytest.raises(ValidationError, match="only for a placed order"):
        order_line_receive(line=line, quantity=1, by=librarian)


def test_receipt_creates_copies_with_unique_barcodes_and_register_entries(librarian):
    record = RecordFactory(title="Комментарий к ГПК")
    CopyFactory(record=record, barcode="AJA0000001")  # a hand-typed barcode in the way
    order, (line,) = _placed_order(
        librarian, {"record": record, "quantity": 3, "unit_price": Decimal("4500.50")}
    )

    copies = order_line_receive(line=line, quantity=2, location="Абонемент", by=librarian)

    barcodes = [copy.barcode for copy in copies]
    assert len(set(barcodes)) == 2 and "AJA0000001" not in barcodes
    assert all(copy.status == Copy.Status.AVAILABLE and copy.record == record for copy in copies)
    line.refresh_from_db()
    order.refresh_from_db()
    assert line.received_quantity == 2
    assert order.status == AcquisitionOrder.Status.PARTLY_RECEIVED
    entries = RegisterEntry.objects.filter(kind=RegisterEntry.Kind.RECEIPT)
    assert entries.count() == 2 and {e.price for e in entries} == {Decimal("4500.50")}
    assert _events("library_order_received").get().additional_data["barcodes"] == barcodes

    order_line_receive(line=line, quantity=1, by=librarian)
    order.refresh_from_db()
    assert order.status == AcquisitionOrder.Status.RECEIVED


def test_receipt_over_the_ordered_quantity_is_refused(librarian):
    order, (line,) = _placed_order(
        librarian, {"new_title": "Судебная риторика", "quantity": 3, "unit_price": Decimal("100")}
    )
    order_line_receive(line=line, quantity=2, by=librarian)

    with pytest.raises(ValidationError, match="Only 1 of 3 copies .* still expected; 2 cannot"):
        order_line_receive(line=line, quantity=2, by=librarian)

    line.refresh_from_db()
    assert line.received_quantity == 2
    assert Copy.objects.count() == 2


def test_the_database_refuses_more_received_than_ordered(librarian):
    from django.db import IntegrityError, transaction

    _order, (line,) = _placed_order(
        librarian, {"new_title": "Т", "quantity": 1, "unit_price": Decimal("1")}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderLine.objects.filter(pk=line.pk).update(received_quantity=2)


def test_a_new_title_is_catalogued_on_receipt(librarian):
    _order, (line,) = _placed_order(
        librarian,
        {"new_title": "Медиация: практикум", "new_authors": "Котов, А. К.", "quantity": 1,
         "unit_price": Decimal("2000")},
    )  # fmt: skip
    (copy,) = order_line_receive(line=line, quantity=1, by=librarian)
    line.refresh_from_db()
    assert line.record == copy.record and copy.record.title == "Медиация: практикум"
    assert copy.record.authors == "Котов, А. К."


def test_copies_received_into_a_reading_room_location_are_reference_copies(librarian):
    library_settings_update(
        loan_limit=5, loan_days=14, reading_room_locations="Читальный зал", by=librarian
    )
    _order, (line,) = _placed_order(
        librarian, {"new_title": "Т", "quantity": 1, "unit_price": Decimal("1")}
    )
    (copy,) = order_line_receive(line=line, quantity=1, location="читальный зал", by=librarian)
    assert copy.status == Copy.Status.REFERENCE


# ---------------------------------------------------------------- write-off ----


def test_a_copy_on_loan_cannot_be_written_off(librarian, reader):
    copy = CopyFactory()
    loan_issue(copy=copy, reader=reader, by=librarian)
    with pytest.raises(ValidationError, match="on loan and cannot be written off"):
        copy_write_off(copy=copy, reason=RegisterEntry.Reason.LOST, by=librarian)
    copy.refresh_from_db()
    assert copy.status == Copy.Status.ON_LOAN
    assert not RegisterEntry.objects.exists()


def test_a_write_off_withdraws_the_copy_and_is_in_the_register(librarian):
    _order, (line,) = _placed_order(
        librarian, {"new_title": "Т", "quantity": 1, "unit_price": Decimal("750"),
                    "source": "gift"},
    )  # fmt: skip
    (copy,) = order_line_receive(line=line, quantity=1, by=librarian)

    entry = copy_write_off(copy=copy, reason=RegisterEntry.Reason.WORN_OUT, by=librarian)

    copy.refresh_from_db()
    assert copy.status == Copy.Status.WITHDRAWN
    assert (entry.kind, entry.price, entry.source) == ("write_off", Decimal("750"), "gift")
    assert _events("library_copy_written_off").get().additional_data["reason"] == "worn_out"
    with pytest.raises(ValidationError, match="written off already"):
        copy_write_off(copy=copy, reason=RegisterEntry.Reason.LOST, by=librarian)


def test_a_write_off_needs_a_known_reason(librarian):
    with pytest.raises(ValidationError, match="reason"):
        copy_write_off(copy=CopyFactory(), reason="stolen", by=librarian)


# ---------------------------------------------------------------- register ----


def test_register_totals_are_exact_by_source_and_period(librarian):
    _order, (budget, gift, exchange) = _placed_order(
        librarian,
        {"new_title": "A", "quantity": 3, "unit_price": Decimal("1234.56"), "source": "budget"},
        {"new_title": "B", "quantity": 2, "unit_price": Decimal("0"), "source": "gift"},
        {"new_title": "C", "quantity": 1, "unit_price": Decimal("99.99"), "source": "exchange"},
    )
    order_line_receive(line=budget, quantity=2, received_on=date(2026, 1, 31), by=librarian)
    order_line_receive(line=budget, quantity=1, received_on=date(2026, 3, 1), by=librarian)
    order_line_receive(line=gift, quantity=2, received_on=date(2026, 2, 10), by=librarian)
    order_line_receive(line=exchange, quantity=1, received_on=date(2026, 2, 28), by=librarian)
    copy = RegisterEntry.objects.filter(line=budget).first().copy
    copy_write_off(copy=copy, reason="outdated", written_off_on=date(2026, 2, 15), by=librarian)

    book = acquisition_register(date_from=date(2026, 1, 1), date_to=date(2026, 2, 28))

    totals = {t.source: (t.copies, t.amount) for t in book.receipts_by_source}
    assert totals == {
        "budget": (2, Decimal("2469.12")),
        "gift": (2, Decimal("0")),
        "exchange": (1, Decimal("99.99")),
    }
    assert (book.received_copies, book.received_amount) == (5, Decimal("2569.11"))
    assert (book.written_off_copies, book.written_off_amount) == (1, Decimal("1234.56"))
    assert book.per_month == [("01.2026", 2), ("02.2026", 3)]
    assert len(book.entries) == 6
