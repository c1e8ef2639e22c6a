"""XLSX exports (openpyxl), written through academy.core.exports."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from academy.core.exports import xlsx_bytes

from .selectors import TrainingDue


def training_due_xlsx(rows: list[TrainingDue]) -> bytes:
    """TR-4: who is due or overdue for training, by region and court."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Training due")[:31]
    sheet.append(
        [
            _("Region"),
            _("Court"),
            _("Full name"),
            _("IIN"),
            _("Category"),
            _("Last training"),
            _("Due by"),
            _("Status"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        court = row.user.court
        sheet.append(
            [
                str(court.region) if court and court.region else "",
                str(court) if court else "",
                row.user.full_name,
                row.user.iin,
                str(row.user.get_category_display()),
                row.last_training,
                row.due_date,
                str(_("Overdue")) if row.overdue else str(_("Due")),
            ]
        )
    for column, width in zip("ABCDEFGH", (24, 40, 36, 14, 14, 14, 14, 12), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx_bytes(workbook)
