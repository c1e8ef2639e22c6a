"""XLSX export of an online course's monitoring (IS-13 education monitoring), openpyxl."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from academy.core.exports import xlsx_bytes

from .selectors import Monitoring


def monitoring_xlsx(data: Monitoring) -> bytes:
    """One row per listener: completion, each module's best self-check score, last activity."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Monitoring")[:31]
    sheet.append([_("Online course"), str(data.course)])
    sheet.append([_("Group"), str(data.course.group)])
    sheet.append([])
    header = [_("Listener"), _("Modules completed"), _("Completed, %")]
    header += [str(module) for module in data.modules]
    header.append(_("Last activity"))
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in data.listeners:
        last = (
            timezone.localtime(row.last_activity).strftime("%d.%m.%Y %H:%M")
            if row.last_activity
            else ""
        )
        sheet.append(
            [row.listener.full_name, row.completed, row.percent]
            + [item.best_percent if item.best_percent is not None else "" for item in row.modules]
            + [last]
        )
    sheet.column_dimensions["A"].width = 40
    return xlsx_bytes(workbook)
