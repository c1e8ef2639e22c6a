"""openpyxl export of the overdue list."""

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Loan


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
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
