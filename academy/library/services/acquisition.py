"""Writes of acquisition (IS-12): suppliers, orders, receipt of copies, write-off."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from ..models import (
    AcquisitionOrder,
    Copy,
    FundSource,
    LibrarySettings,
    Loan,
    OrderLine,
    Record,
    RegisterEntry,
    Supplier,
    dedup_key,
)
from . import marcdata
from .cataloguing import require_librarian

BARCODE_PREFIX = "AJA"


@transaction.atomic
def supplier_create(*, name: str, bin: str, contact: str = "", by: Any) -> Supplier:
    """A supplier with a valid BIN (or a sole trader's IIN), once per BIN; audited."""
    require_librarian(by)
    bin = bin.strip()
    if Supplier.objects.filter(bin=bin).exists():
        raise ValidationError(
            {"bin": ValidationError(_("A supplier with this BIN exists already."), code="unique")}
        )
    supplier = Supplier(name=name.strip(), bin=bin, contact=contact.strip())
    supplier.full_clean()
    supplier.save()
    audit_event(actor=by, obj=supplier, event="library_supplier_created", details={"bin": bin})
    return supplier


@transaction.atomic
def order_create(
    *, supplier: Supplier, ordered_on: date | None = None, note: str = "", by: Any
) -> AcquisitionOrder:
    """A draft order to a supplier; lines are added while it is a draft."""
    require_librarian(by)
    order = AcquisitionOrder(
        supplier=supplier,
        ordered_on=ordered_on or timezone.localdate(),
        note=note.strip(),
        created_by=by,
    )
    order.full_clean()
    order.save()
    audit_event(
        actor=by, obj=order, event="library_order_created", details={"supplier": supplier.pk}
    )
    return order


@transaction.atomic
def order_line_add(
    *,
    order: AcquisitionOrder,
    record: Record | None = None,
    new_title: str = "",
    new_authors: str = "",
    quantity: int,
    unit_price: Decimal,
    source: str = FundSource.BUDGET,
    by: Any,
) -> OrderLine:
    """A line of a draft order: a catalogue record or a new title, how many, at what price."""
    require_librarian(by)
    order = AcquisitionOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != AcquisitionOrder.Status.DRAFT:
        raise ValidationError(_("Lines are added only to a draft order."), code="not_draft")
    new_title = "" if record is not None else new_title.strip()
    if record is None and not new_title:
        raise ValidationError(
            _("Choose a catalogue record or type the title of a new one."), code="no_title"
        )
    line = OrderLine(
        order=order,
        record=record,
        new_title=new_title,
        new_authors="" if record is not None else new_authors.strip(),
        quantity=quantity,
        unit_price=unit_price,
        source=source,
    )
    line.full_clean()
    line.save()
    audit_event(
        actor=by,
        obj=order,
        event="library_order_line_added",
        details={"line": line.pk, "title": line.title, "quantity": quantity},
    )
    return line


@transaction.atomic
def order_place(*, order: AcquisitionOrder, by: Any) -> AcquisitionOrder:
    """Draft → ordered: the order is sent to the supplier and its lines are fixed."""
    require_librarian(by)
    order = AcquisitionOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != AcquisitionOrder.Status.DRAFT:
        raise ValidationError(_("Only a draft order can be placed."), code="not_draft")
    if not order.lines.exists():
        raise ValidationError(_("An order needs at least one line."), code="empty")
    order.status = AcquisitionOrder.Status.ORDERED
    order.save(update_fields=["status"])
    audit_event(actor=by, obj=order, event="library_order_placed")
    return order


def _new_barcode(copy: Copy) -> str:
    """Unique: built from the copy's own key; a clash with a hand-typed barcode gets a suffix."""
    base = f"{BARCODE_PREFIX}{copy.pk:07d}"
    candidate, n = base, 1
    while Copy.objects.filter(barcode=candidate).exclude(pk=copy.pk).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _record_for(line: OrderLine, by: Any) -> Record:
    if line.record_id:
        return line.record  # type: ignore[return-value]
    # The title may have been catalogued since the order (by hand or by a MARC import).
    record = Record.objects.filter(
        dedup_key=dedup_key(line.new_title, line.new_authors, None)
    ).first()
    if record is None:
        record = Record(title=line.new_title, authors=line.new_authors, created_by=by)
        record.full_clean(exclude=["marc", "search_vector"])
        # Its MARC record, the source of truth, built from what the order knows.
        record.marc = marcdata.to_json(
            marcdata.build({"kind": record.kind, "title": record.title, "authors": record.authors})
        )
        record.save()
        audit_event(
            actor=by, obj=record, event="library_record_created", details={"order_line": line.pk}
        )
    line.record = record
    line.save(update_fields=["record"])
    return record


@transaction.atomic
def order_line_receive(
    *,
    line: OrderLine,
    quantity: int,
    location: str = "",
    received_on: date | None = None,
    by: Any,
) -> list[Copy]:
    """IS-12 acquisition: copies of an order line arrive.

    1. The order must have been placed; at least one copy, never more than still expected.
    2. A new title is catalogued (a short record, to be completed by the cataloguer).
    3. One copy per item, with a generated unique barcode, at the location given
       (reading-room-only locations make reference copies).
    4. Each copy is entered in the acquisition register with the line's source and price.
    5. The line's received quantity and the order's status are updated; all audited.
    """
    require_librarian(by)
    # The order first, then the line: the same lock order as adding a line.
    order = AcquisitionOrder.objects.select_for_update().get(pk=line.order_id)
    line = OrderLine.objects.select_for_update().get(pk=line.pk)
    if order.status not in (
        AcquisitionOrder.Status.ORDERED,
        AcquisitionOrder.Status.PARTLY_RECEIVED,
    ):
        raise ValidationError(
            _("Copies are received only for a placed order, not a %(status)s one.")
            % {"status": order.get_status_display().lower()},
            code="not_ordered",
        )
    if quantity < 1:
        raise ValidationError(_("Receive at least one copy."), code="quantity")
    if quantity > line.remaining:
        # IS-12 acquisition: never more than ordered.
        raise ValidationError(
            _(
                "Only %(remaining)s of %(ordered)s copies of “%(title)s” are still expected; "
                "%(quantity)s cannot be received."
            )
            % {
                "remaining": line.remaining,
                "ordered": line.quantity,
                "title": line.title,
                "quantity": quantity,
            },
            code="over_quantity",
        )
    record = _record_for(line, by)
    received_on = received_on or timezone.localdate()
    reference = LibrarySettings.current().is_reading_room(location)
    copies = []
    for _n in range(quantity):
        copy = Copy(
            record=record,
            barcode=f"tmp-{uuid4().hex[:24]}",
            location=location.strip(),
            status=Copy.Status.REFERENCE if reference else Copy.Status.AVAILABLE,
        )
        copy.save()
        copy.barcode = _new_barcode(copy)
        copy.save(update_fields=["barcode"])
        RegisterEntry.objects.create(
            kind=RegisterEntry.Kind.RECEIPT,
            copy=copy,
            line=line,
            source=line.source,
            price=line.unit_price,
            entered_on=received_on,
            entered_by=by,
        )
        copies.append(copy)
    line.received_quantity += quantity
    line.save(update_fields=["received_quantity"])
    lines = list(order.lines.all())
    order.status = (
        AcquisitionOrder.Status.RECEIVED
        if all(each.remaining == 0 for each in lines)
        else AcquisitionOrder.Status.PARTLY_RECEIVED
    )
    order.save(update_fields=["status"])
    audit_event(
        actor=by,
        obj=order,
        event="library_order_received",
        details={
            "line": line.pk,
            "quantity": quantity,
            "barcodes": [copy.barcode for copy in copies],
            "status": order.status,
        },
    )
    return copies


@transaction.atomic
def copy_write_off(
    *, copy: Copy, reason: str, written_off_on: date | None = None, by: Any
) -> RegisterEntry:
    """IS-12 acquisition: a copy leaves the fund (lost, worn out, outdated).

    A copy on loan is refused: it must be returned (or its loss settled) first. The copy
    is withdrawn, and the write-off is entered in the register at its receipt price.
    """
    require_librarian(by)
    copy = Copy.objects.select_for_update().get(pk=copy.pk)
    if reason not in RegisterEntry.Reason.values:
        raise ValidationError(
            {"reason": ValidationError(_("Choose the reason of the write-off."), code="reason")}
        )
    if (
        copy.status == Copy.Status.ON_LOAN
        or Loan.objects.filter(copy=copy, returned_at__isnull=True).exists()
    ):
        raise ValidationError(
            _("Copy %(barcode)s is on loan and cannot be written off; it must be returned first.")
            % {"barcode": copy.barcode},
            code="on_loan",
        )
    if (
        copy.status == Copy.Status.WITHDRAWN
        or RegisterEntry.objects.filter(copy=copy, kind=RegisterEntry.Kind.WRITE_OFF).exists()
    ):
        raise ValidationError(
            _("Copy %(barcode)s is written off already.") % {"barcode": copy.barcode},
            code="withdrawn",
        )
    receipt = RegisterEntry.objects.filter(copy=copy, kind=RegisterEntry.Kind.RECEIPT).first()
    entry = RegisterEntry.objects.create(
        kind=RegisterEntry.Kind.WRITE_OFF,
        copy=copy,
        line=receipt.line if receipt else None,
        source=receipt.source if receipt else FundSource.BUDGET,
        price=receipt.price if receipt else Decimal("0"),
        entered_on=written_off_on or timezone.localdate(),
        reason=reason,
        entered_by=by,
    )
    copy.status = Copy.Status.WITHDRAWN
    copy.save(update_fields=["status"])
    audit_event(
        actor=by,
        obj=copy,
        event="library_copy_written_off",
        details={"barcode": copy.barcode, "reason": reason},
    )
    return entry
