"""openpyxl exports: the overdue list, the acquisition register."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from academy.core.exports import xlsx_bytes

from .models import Loan, RegisterEntry
from .selectors import AcquisitionRegister


def overdue_xlsx(loans: Iterable[Loan]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Overdue loans")[:31]
    sheet.append(
        [_("Card number"), _("Reader"), _("Barcode"), _("Title"), _("Due date"), _("Days overdue")]
    )
    today = timezone.localdate()
    for loan in loans:
        sheet.append(
            [
                loan.reader.card_number,
                loan.reader.user.full_name,
                loan.copy.barcode,
                loan.copy.record.title,
                loan.due_on,
                (today - loan.due_on).days,
            ]
        )
    return xlsx_bytes(book)


def register_xlsx(register: AcquisitionRegister) -> bytes:
    """The inventory book of a period: one row per copy, then the totals by source."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Acquisition register")[:31]
    sheet.append(
        [
            _("No."), _("Date"), _("Entry"), _("Barcode"), _("Title"), _("Supplier"),
            _("Fund source"), _("Price, tenge"), _("Reason"),
        ]
    )  # fmt: skip
    for number, entry in enumerate(register.entries, start=1):
        supplier = entry.line.order.supplier.name if entry.line_id else ""
        sheet.append(
            [
                number,
                entry.entered_on,
                entry.get_kind_display(),
                entry.copy.barcode,
                entry.copy.record.title,
                supplier,
                entry.get_source_display(),
                entry.price,
                entry.get_reason_display() if entry.kind == RegisterEntry.Kind.WRITE_OFF else "",
            ]
        )
    totals = book.create_sheet(_("Totals")[:31])
    totals.append([_("Fund source"), _("Copies received"), _("Sum, tenge")])
    for total in register.receipts_by_source:
        totals.append([total.label, total.copies, total.amount])
    totals.append([_("Total received"), register.received_copies, register.received_amount])
    totals.append([_("Written off"), register.written_off_copies, register.written_off_amount])
    return xlsx_bytes(book)
